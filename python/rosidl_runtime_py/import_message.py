"""Import an interface class from a rosidl_parser NamespacedType."""

import importlib
from typing import Any

from rosidl_parser.definition import NamespacedType


def import_message_from_namespaced_type(message_type: NamespacedType) -> Any:
    """Return the class named by ``message_type`` (namespaces ['pkg', 'msg'], name 'Type').

    :raises ModuleNotFoundError: if the package or its msg/srv/action module does not exist.
    :raises AttributeError: if the module has no such type.
    """
    module = importlib.import_module('.'.join(message_type.namespaces))
    return getattr(module, message_type.name)
