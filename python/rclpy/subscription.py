"""rclpy.subscription.Subscription: receives messages from one topic."""

from typing import Any, Callable, Generic, Type, TypeVar

from rclpy.callback_groups import CallbackGroup
from rclpy.qos import QoSProfile

__all__ = ['Subscription']

MsgType = TypeVar('MsgType')


class Subscription(Generic[MsgType]):
    """
    A subscription to a ROS topic. Create it with :meth:`rclpy.node.Node.create_subscription`.

    Samples are taken and converted to messages in C++; the executor calls :attr:`callback`.
    """

    def __init__(self, subscription_impl: Any, msg_type: Type[MsgType], topic: str,
                 callback: Callable, callback_group: CallbackGroup, qos_profile: QoSProfile,
                 raw: bool, event_callbacks: Any = None) -> None:
        self.__handle = subscription_impl
        self.msg_type = msg_type
        self.callback = callback
        self.callback_group = callback_group
        self.qos_profile = qos_profile
        self.raw = raw
        self.event_handlers: list = []
        self._key = 0
        self._destroyed = False

    @property
    def topic_name(self) -> str:
        """The fully qualified topic name (after remapping)."""
        return self.__handle.topic_name

    @property
    def handle(self) -> Any:
        """The native subscription."""
        return self.__handle

    def get_publisher_count(self) -> int:
        """Return the number of publishers matched to this subscription."""
        return self.__handle.publisher_count()

    def destroy(self) -> None:
        """Destroy the DDS reader now (use Node.destroy_subscription)."""
        if not self._destroyed:
            self._destroyed = True
            self.__handle.destroy()

    def __enter__(self) -> 'Subscription[MsgType]':
        return self

    def __exit__(self, *exc: object) -> None:
        self.destroy()
