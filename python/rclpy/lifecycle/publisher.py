"""rclpy.lifecycle.publisher.LifecyclePublisher: a publisher that sends only while its node is active."""

from typing import Any, Union

from rclpy.publisher import MsgType, Publisher

from .managed_entity import SimpleManagedEntity

__all__ = ['LifecyclePublisher']


class LifecyclePublisher(SimpleManagedEntity, Publisher):
    """Managed publisher entity: publish() does nothing unless the publisher is activated."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        SimpleManagedEntity.__init__(self)
        Publisher.__init__(self, *args, **kwargs)

    @SimpleManagedEntity.when_enabled
    def publish(self, msg: Union[MsgType, bytes]) -> None:
        """
        Publish a message if the lifecycle publisher is activated.

        See rclpy.publisher.Publisher.publish() for more details.
        """
        Publisher.publish(self, msg)
