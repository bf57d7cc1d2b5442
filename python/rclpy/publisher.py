"""rclpy.publisher.Publisher: publishes messages on one topic."""

from typing import Any, Generic, List, Optional, Type, TypeVar, Union

from rclpy.callback_groups import CallbackGroup
from rclpy.duration import Duration
from rclpy.event_handler import EventHandler, PublisherEventCallbacks
from rclpy.qos import QoSProfile

__all__ = ['Publisher']

MsgType = TypeVar('MsgType')


class Publisher(Generic[MsgType]):
    """
    A publisher on a ROS topic. Create it with :meth:`rclpy.node.Node.create_publisher`.

    Serialization and the DDS write happen in C++ in one call.
    """

    def __init__(self, publisher_impl: Any, msg_type: Type[MsgType], topic: str, qos_profile: QoSProfile,
                 event_callbacks: Any = None, callback_group: Union[CallbackGroup, None] = None) -> None:
        self.__handle = publisher_impl
        self.msg_type = msg_type
        self.qos_profile = qos_profile
        self.callback_group = callback_group
        self._destroyed = False
        # The default incompatible-QoS warning needs a handler even without callbacks (the node
        # adds the handlers as waitables).
        if event_callbacks is None:
            event_callbacks = PublisherEventCallbacks()
        self.event_handlers: List[EventHandler] = event_callbacks.create_event_handlers(
            callback_group, publisher_impl, topic)

    def publish(self, msg: Union[MsgType, bytes]) -> None:
        """
        Send a message to the topic.

        :param msg: a message of this publisher's type, or its serialized CDR bytes.
        :raises TypeError: if the message is of another type (or a field has the wrong type).
        """
        if isinstance(msg, bytes):
            self.__handle.publish_raw(msg)
            return
        if type(msg) is not self.msg_type and not isinstance(msg, self.msg_type):
            raise TypeError('Expected {}, got {}'.format(self.msg_type, type(msg)))
        self.__handle.publish(msg)

    @property
    def topic_name(self) -> str:
        """The fully qualified topic name (after remapping)."""
        return self.__handle.topic_name

    @property
    def handle(self) -> Any:
        """The native publisher."""
        return self.__handle

    @property
    def logger_name(self) -> str:
        """The name of the logger of the publisher's node."""
        return self.__handle.logger_name

    def get_subscription_count(self) -> int:
        """Return the number of subscriptions matched to this publisher."""
        return self.__handle.subscription_count()

    def assert_liveliness(self) -> None:
        """
        Manually assert that this publisher is alive.

        With MANUAL_BY_TOPIC liveliness, call this at least once per ``liveliness_lease_duration``
        (publishing a message asserts liveliness too).
        """
        self.__handle.assert_liveliness()

    def wait_for_all_acked(self, timeout: Optional[Duration] = None) -> bool:
        """
        Wait until every matched reliable subscription acknowledged all messages published so far.

        :param timeout: how long to wait; negative (the default) waits without limit, 0 only checks.
        :returns: True if everything was acknowledged within the timeout (always True for a
            best-effort publisher, and when no subscription is matched), else False.
        """
        timeout_ns = -1 if timeout is None else timeout.nanoseconds
        return bool(self.__handle.wait_for_all_acked(timeout_ns))

    def destroy(self) -> None:
        """Destroy the DDS writer now (use Node.destroy_publisher)."""
        if not self._destroyed:
            self._destroyed = True
            for handler in self.event_handlers:
                handler.destroy()
            self.__handle.destroy()

    def __enter__(self) -> 'Publisher[MsgType]':
        return self

    def __exit__(self, *exc: object) -> None:
        self.destroy()
