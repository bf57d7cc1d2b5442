"""rclpy.validate_topic_name: check a (possibly relative, unexpanded) topic or service name."""

from typing import Literal, Optional, Tuple

from rclpy.exceptions import InvalidServiceNameException, InvalidTopicNameException
from rclx import _core

__all__ = ['TOPIC_SEPARATOR_STRING', 'validate_topic_name']

TOPIC_SEPARATOR_STRING = '/'


def validate_topic_name(name: str, *, is_service: bool = False) -> Literal[True]:
    """
    Validate a topic or service name, raising an exception if it is invalid.

    The name may be relative and may hold ``~`` and ``{substitutions}``; it is not expanded.

    :param name: topic or service name to validate.
    :param is_service: raise InvalidServiceNameException instead of InvalidTopicNameException.
    :returns: True when the name is valid.
    :raises InvalidTopicNameException: when the name is invalid (InvalidServiceNameException
        with ``is_service``).
    """
    return _check(name, _core.validate_topic_name(name), is_service)


def _check(name: str, result: Optional[Tuple[str, int]], is_service: bool) -> Literal[True]:
    """True for a core validator's None; its (message, index) raised as rclpy's exception."""
    if result is None:
        return True
    error_msg, invalid_index = result
    if is_service:
        raise InvalidServiceNameException(name, error_msg, invalid_index)
    raise InvalidTopicNameException(name, error_msg, invalid_index)
