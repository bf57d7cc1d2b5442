"""rclpy.type_support: check that a class is a ROS message or service type with its type support loaded."""

from typing import Any

from rclpy.exceptions import NoTypeSupportImportedException
from rclx import _core

__all__ = ['check_for_type_support', 'check_is_valid_msg_type', 'check_is_valid_srv_type']


def check_for_type_support(msg_or_srv_type: Any) -> None:
    """
    Check that a message, service or action type has its type support, importing it if needed.

    :param msg_or_srv_type: the type (class) to check.
    :raises AttributeError: if it is not a ROS 2 interface type.
    :raises NoTypeSupportImportedException: if its type support cannot be imported.
    """
    try:
        ts = msg_or_srv_type.__class__._TYPE_SUPPORT
    except AttributeError as e:
        e.args = (
            e.args[0] + ' This might be a ROS 1 message type but it should be a ROS 2 message type.'
            ' Make sure to source your ROS 2 workspace after your ROS 1 workspace.',
            *e.args[1:])
        raise
    if ts is None:
        msg_or_srv_type.__class__.__import_type_support__()
    if msg_or_srv_type.__class__._TYPE_SUPPORT is None:
        raise NoTypeSupportImportedException()


def check_is_valid_msg_type(msg_type: Any) -> None:
    """
    Check that a type is a message type (not a service or action).

    :param msg_type: the type (class) to check.
    :raises RuntimeError: if it is not a message type.
    """
    check_for_type_support(msg_type)
    if not isinstance(msg_type.__class__._TYPE_SUPPORT, _core.MessageTypeSupport):
        raise RuntimeError(
            f'The message type provided is not valid ({msg_type}), this might be a service or action')


def check_is_valid_srv_type(srv_type: Any) -> None:
    """
    Check that a type is a service type (not a message or action).

    :param srv_type: the type (class) to check.
    :raises RuntimeError: if it is not a service type.
    """
    check_for_type_support(srv_type)
    if getattr(srv_type, 'Request', None) is None or getattr(srv_type, 'Response', None) is None:
        raise RuntimeError(
            f'The service type provided is not valid ({srv_type}), this might be a message or action')
