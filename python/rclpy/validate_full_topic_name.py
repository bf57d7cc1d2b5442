"""rclpy.validate_full_topic_name: check a fully qualified, expanded topic or service name."""

from typing import Literal

from rclpy.validate_topic_name import _check
from rclx import _core

__all__ = ['validate_full_topic_name']


def validate_full_topic_name(name: str, *, is_service: bool = False) -> Literal[True]:
    """
    Validate a fully qualified topic or service name, raising an exception if it is invalid.

    The name must be absolute and already expanded (no ``~`` or ``{substitutions}``).

    :param name: topic or service name to validate.
    :param is_service: raise InvalidServiceNameException instead of InvalidTopicNameException.
    :returns: True when the name is valid.
    :raises InvalidTopicNameException: when the name is invalid (InvalidServiceNameException
        with ``is_service``).
    """
    return _check(name, _core.validate_full_topic_name(name), is_service)
