"""Look up interface classes from their full names: 'std_msgs/msg/String', 'pkg/srv/Type'."""

from typing import Any, Optional

from rosidl_parser.definition import NamespacedType
from rosidl_runtime_py.import_message import import_message_from_namespaced_type


def get_namespaced_type(identifier: str) -> NamespacedType:
    """Return the NamespacedType of an interface name such as 'std_msgs/msg/String'."""
    return _get_namespaced_type(identifier)


def get_message_namespaced_type(identifier: str) -> NamespacedType:
    """Return the NamespacedType of a message name ('pkg/msg/Type' or 'pkg/Type')."""
    return _get_namespaced_type(identifier, 'msg')


def get_service_namespaced_type(identifier: str) -> NamespacedType:
    """Return the NamespacedType of a service name ('pkg/srv/Type' or 'pkg/Type')."""
    return _get_namespaced_type(identifier, 'srv')


def get_action_namespaced_type(identifier: str) -> NamespacedType:
    """Return the NamespacedType of an action name ('pkg/action/Type' or 'pkg/Type')."""
    return _get_namespaced_type(identifier, 'action')


def is_message(interface: Any) -> bool:
    """Return True if ``interface`` is a message class."""
    return hasattr(interface, 'SLOT_TYPES')


def is_service(interface: Any) -> bool:
    """Return True if ``interface`` is a service class."""
    return hasattr(interface, 'Request') and hasattr(interface, 'Response')


def is_action(interface: Any) -> bool:
    """Return True if ``interface`` is an action class."""
    return (hasattr(interface, 'Goal') and hasattr(interface, 'Result') and
            hasattr(interface, 'Feedback'))


def get_interface(identifier: str) -> Any:
    """Return the class of 'pkg/msg/Type', 'pkg/srv/Type' or 'pkg/action/Type'.

    A two-part name 'pkg/Type' means a message.

    :raises ValueError: if the name is malformed.
    :raises ModuleNotFoundError: if no such package (or msg/srv/action module) exists.
    :raises AttributeError: if the package has no such interface.
    """
    return import_message_from_namespaced_type(_get_namespaced_type(identifier, 'msg'))


def get_message(identifier: str) -> Any:
    """Return the message class of 'pkg/msg/Type' (or 'pkg/Type').

    :raises ValueError: if the name is malformed or does not name a message.
    :raises ModuleNotFoundError: if no such package exists.
    :raises AttributeError: if the package has no such message.
    """
    interface = import_message_from_namespaced_type(get_message_namespaced_type(identifier))
    if not is_message(interface):
        raise ValueError(f"Expected the full name of a message, got '{identifier}'")
    return interface


def get_service(identifier: str) -> Any:
    """Return the service class of 'pkg/srv/Type' (or 'pkg/Type'); errors as get_message."""
    interface = import_message_from_namespaced_type(get_service_namespaced_type(identifier))
    if not is_service(interface):
        raise ValueError(f"Expected the full name of a service, got '{identifier}'")
    return interface


def get_action(identifier: str) -> Any:
    """Return the action class of 'pkg/action/Type' (or 'pkg/Type'); errors as get_message."""
    interface = import_message_from_namespaced_type(get_action_namespaced_type(identifier))
    if not is_action(interface):
        raise ValueError(f"Expected the full name of an action, got '{identifier}'")
    return interface


def _get_namespaced_type(identifier: str, default_subfolder: Optional[str] = None
                         ) -> NamespacedType:
    parts = identifier.split('/')
    if len(parts) == 2 and default_subfolder is not None:
        parts.insert(1, default_subfolder)
    if len(parts) != 3 or not all(p.isidentifier() for p in parts):
        raise ValueError(
            f"Invalid interface name '{identifier}': expected 'package/msg/Type', "
            "'package/srv/Type' or 'package/action/Type'")
    if parts[1] not in ('msg', 'srv', 'action'):
        raise ValueError(f"Invalid interface name '{identifier}': the middle part must be "
                         "'msg', 'srv' or 'action'")
    return NamespacedType(parts[:-1], parts[-1])
