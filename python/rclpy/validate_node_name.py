"""rclpy.validate_node_name: check a node name."""

from typing import Literal

from rclpy.exceptions import InvalidNodeNameException
from rclx import _core

__all__ = ['validate_node_name']


def validate_node_name(node_name: str) -> Literal[True]:
    """
    Validate a node name, raising an exception if it is invalid.

    :param node_name: node name to validate.
    :returns: True when the node name is valid.
    :raises InvalidNodeNameException: when the node name is invalid.
    """
    result = _core.validate_node_name(node_name)
    if result is None:
        return True
    error_msg, invalid_index = result
    raise InvalidNodeNameException(node_name, error_msg, invalid_index)
