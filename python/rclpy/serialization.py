"""rclpy.serialization: messages to and from CDR bytes (in C++, one pass)."""

from typing import Any, Type

from rclx import _core

__all__ = ['serialize_message', 'deserialize_message']


def serialize_message(message: Any) -> bytes:
    """Serialize a message to CDR bytes, byte-identical to rmw_cyclonedds_cpp's."""
    return _core.serialize(message)


def deserialize_message(serialized_message: bytes, message_type: Type[Any]) -> Any:
    """Build a message of `message_type` from CDR bytes; raises ValueError on malformed data."""
    return _core.deserialize(bytes(serialized_message), message_type)
