"""Opt-in zero-copy receive: large numeric arrays as numpy views over the received bytes.

rclpy copies every array of a received message into an ``array.array`` (sequences) or a numpy array
(fixed arrays). For big payloads (images, point clouds) rclx can skip that copy: numeric arrays of
4 KiB or more become **read-only** ``numpy.ndarray`` views over the received sample, which they keep
alive. Everything else about the message is unchanged. Use it where the callback only reads the data,
or copies what it keeps (``msg.data.copy()``)::

    from rclx import zero_copy
    from sensor_msgs.msg import PointCloud2

    def on_cloud(msg):
        points = msg.data            # numpy.ndarray view, no copy of the 1 MB payload
        ...

    zero_copy.create_subscription(node, PointCloud2, 'cloud', on_cloud, 10)
    msg = zero_copy.deserialize_message(cdr_bytes, PointCloud2)   # views over cdr_bytes

Messages received this way compare equal to normally received ones and can be re-published.
"""

from typing import Any, Callable, Optional, Type, TypeVar, Union

from rclx import _core

__all__ = ['deserialize_message', 'create_subscription']

MsgType = TypeVar('MsgType')


def deserialize_message(serialized_message: Union[bytes, bytearray, memoryview], message_type: Type[MsgType]) -> MsgType:
    """Build a message from CDR bytes; numeric arrays of 4 KiB or more are read-only views over them.

    :param serialized_message: the CDR bytes (any object with a contiguous buffer); it is kept alive by the views.
    :param message_type: the message class.
    :raises ValueError: on malformed data.
    """
    return _core.deserialize_view(serialized_message, message_type)


def create_subscription(node: Any, msg_type: Type[MsgType], topic: str, callback: Callable[[MsgType], Any],
                        qos_profile: Any, *, callback_group: Optional[Any] = None) -> Any:
    """Create a subscription like ``node.create_subscription`` whose messages hold zero-copy views.

    :return: the rclpy Subscription.
    """
    subscription = node.create_subscription(msg_type, topic, callback, qos_profile, callback_group=callback_group)
    subscription.handle.zero_copy = True
    return subscription
