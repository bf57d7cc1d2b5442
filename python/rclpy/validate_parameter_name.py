"""rclpy.validate_parameter_name: check a parameter name (as rclpy, only that it is not empty)."""

from typing import Literal

from rclpy.exceptions import InvalidParameterException

__all__ = ['validate_parameter_name']


def validate_parameter_name(name: str) -> Literal[True]:
    """
    Validate a parameter name, raising an exception if it is invalid.

    As in rclpy, the only rule is that the name is not empty; it is not expanded.

    :param name: parameter name to validate.
    :returns: True when the name is valid.
    :raises InvalidParameterException: when the name is empty.
    """
    if not name:
        raise InvalidParameterException(name)
    return True
