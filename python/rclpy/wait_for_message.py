"""rclpy.wait_for_message: block until one message arrives on a topic (no executor needed)."""

import time
from typing import Any, Optional, Tuple, Type, TypeVar, Union

from rclpy.node import Node
from rclpy.qos import QoSProfile
from rclx import _core

__all__ = ['wait_for_message']

MsgType = TypeVar('MsgType')

# Keys of the two entities in the private engine, and the kinds it hands out (see
# bindings/dispatcher.cpp): a message, a message with its info, a guard condition, a bad sample.
_SUBSCRIPTION_KEY, _WAKE_KEY = 1, 2
_MESSAGE, _GUARD, _MESSAGE_WITH_INFO, _BAD_SAMPLE = 0, 2, 4, -1


def wait_for_message(
    msg_type: Type[MsgType],
    node: Node,
    topic: str,
    *,
    qos_profile: Union[QoSProfile, int] = 1,
    time_to_wait: Union[int, float, None] = -1,
) -> Tuple[bool, Optional[MsgType]]:
    """
    Wait for the next incoming message.

    A subscription is created on ``node`` for the wait and destroyed afterwards; the node
    does not need to be spun.

    :param msg_type: message type.
    :param node: node to create the subscription on.
    :param topic: topic name to wait for a message on.
    :param qos_profile: QoS profile (or history depth) of the subscription.
    :param time_to_wait: seconds to wait; negative (or None) waits until a message comes.
    :returns: (True, msg) if a message was received, (False, None) if none came in time or the
        context was shut down meanwhile.
    """
    context = node.context
    sub = node.create_subscription(msg_type, topic, lambda _: None, qos_profile=qos_profile)
    wake = _core.GuardCondition(context._require_ok())
    # A private engine (one sample per take) waits on just this subscription and the wake-up
    # guard, without the GIL, whatever executor the node may belong to.
    engine = _core.Dispatcher(context._require_ok(), 1)

    def on_shutdown() -> None:
        wake.trigger()

    context.on_shutdown(on_shutdown)
    try:
        engine.add_subscription(_SUBSCRIPTION_KEY, 0, sub.handle)
        engine.add_guard_condition(_WAKE_KEY, 0, wake)
        forever = time_to_wait is None or time_to_wait < 0
        deadline = 0.0 if forever else time.monotonic() + float(time_to_wait)
        while True:
            remaining = -1.0 if forever else max(0.0, deadline - time.monotonic())
            item: Any = engine.next(remaining)
            if item is not None:
                kind, _, payload = item
                if kind == _MESSAGE:
                    return True, payload
                if kind == _MESSAGE_WITH_INFO:
                    return True, payload[0]
                if kind == _GUARD:
                    return False, None
                # _BAD_SAMPLE: a sample that does not decode is skipped, as take would drop it
            elif not context.ok():
                return False, None  # the engine hands out nothing once the context is shut down
            if not forever and time.monotonic() >= deadline:
                return False, None
    finally:
        context._remove_on_shutdown(on_shutdown)
        engine.remove(_SUBSCRIPTION_KEY)
        engine.remove(_WAKE_KEY)
        node.destroy_subscription(sub)
        wake.destroy()
