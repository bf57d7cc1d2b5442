"""rclpy.lifecycle: managed (lifecycle) nodes, their managed entities and lifecycle publishers."""

from ._state_machine import TransitionCallbackReturnType as TransitionCallbackReturn
from .managed_entity import ManagedEntity
from .managed_entity import SimpleManagedEntity
from .node import LifecycleNode
from .node import LifecycleNodeMixin
from .node import LifecycleState
from .publisher import LifecyclePublisher

# Short aliases rclpy offers (`from rclpy.lifecycle import Node`); kept out of __all__ so that
# a star import does not shadow rclpy.node.Node.
Node = LifecycleNode
NodeMixin = LifecycleNodeMixin
State = LifecycleState
Publisher = LifecyclePublisher

__all__ = [
    'LifecycleNodeMixin',
    'LifecycleNode',
    'LifecycleState',
    'LifecyclePublisher',
    'ManagedEntity',
    'SimpleManagedEntity',
]
