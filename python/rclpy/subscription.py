"""rclpy.subscription.Subscription: receives messages from one topic."""

from enum import Enum
import inspect
from typing import Any, Callable, Generic, List, Type, TypeVar

from rclpy.callback_groups import CallbackGroup
from rclpy.event_handler import EventHandler, SubscriptionEventCallbacks
from rclpy.qos import QoSProfile

__all__ = ['Subscription']

MsgType = TypeVar('MsgType')


class Subscription(Generic[MsgType]):
    """
    A subscription to a ROS topic. Create it with :meth:`rclpy.node.Node.create_subscription`.

    Samples are taken and converted to messages in C++; the executor calls :attr:`callback`
    with the message, or with the message and its message info (a dict with
    ``source_timestamp`` and ``received_timestamp`` in ns, and ``publication_sequence_number`` and
    ``reception_sequence_number``, None with Cyclone DDS) when the callback takes two arguments.
    """

    class CallbackType(Enum):
        """What the callback is given."""

        MessageOnly = 0
        WithMessageInfo = 1

    def __init__(self, subscription_impl: Any, msg_type: Type[MsgType], topic: str,
                 callback: Callable, callback_group: CallbackGroup, qos_profile: QoSProfile,
                 raw: bool, event_callbacks: Any = None) -> None:
        self.__handle = subscription_impl
        self.msg_type = msg_type
        self.callback = callback  # checks its arity
        self.callback_group = callback_group
        self.qos_profile = qos_profile
        self.raw = raw
        # The default incompatible-QoS warning needs a handler even without callbacks (the node
        # adds the handlers as waitables).
        if event_callbacks is None:
            event_callbacks = SubscriptionEventCallbacks()
        self.event_handlers: List[EventHandler] = event_callbacks.create_event_handlers(
            callback_group, subscription_impl, topic)
        self._key = 0
        self._destroyed = False

    @property
    def callback(self) -> Callable:
        """Called with each message (and its message info, if it takes two arguments)."""
        return self._callback

    @callback.setter
    def callback(self, value: Callable) -> None:
        callback_type = _callback_type(value)
        self._callback = value
        self._callback_type = callback_type
        self.__handle.with_info = callback_type is Subscription.CallbackType.WithMessageInfo

    @property
    def topic_name(self) -> str:
        """The fully qualified topic name (after remapping)."""
        return self.__handle.topic_name

    @property
    def handle(self) -> Any:
        """The native subscription."""
        return self.__handle

    @property
    def logger_name(self) -> str:
        """The name of the logger of the subscription's node."""
        return self.__handle.logger_name

    def get_publisher_count(self) -> int:
        """Return the number of publishers matched to this subscription."""
        return self.__handle.publisher_count()

    def destroy(self) -> None:
        """Destroy the DDS reader now (use Node.destroy_subscription)."""
        if not self._destroyed:
            self._destroyed = True
            for handler in self.event_handlers:
                handler.destroy()
            self.__handle.destroy()

    def __enter__(self) -> 'Subscription[MsgType]':
        return self

    def __exit__(self, *exc: object) -> None:
        self.destroy()


def _callback_type(callback: Callable) -> 'Subscription.CallbackType':
    """Whether a subscription callback takes the message alone or the message and its info."""
    for callback_type, args in ((Subscription.CallbackType.MessageOnly, (None,)),
                                (Subscription.CallbackType.WithMessageInfo, (None, None))):
        try:
            inspect.signature(callback).bind(*args)
            return callback_type
        except TypeError:
            pass
        except ValueError:  # a callable without a signature (some builtins): give it the message
            return Subscription.CallbackType.MessageOnly
    raise RuntimeError('Subscription.__init__(): callback should be either be callable with one '
                       'argument(to get only the message) or two (to get message and message info)')
