"""ROS 2 interface classes built at run time from .msg, .srv and .action files.

The import hook (installed at interpreter start by rclx's .pth file, and by importing this
package) makes ``from my_pkg.msg import Foo`` work for a ``my_pkg/`` folder on sys.path (e.g.
next to the script) and for packages in RCLX_INTERFACE_PATH, AMENT_PREFIX_PATH
(``share/<pkg>/msg``) or directories given to :func:`add_search_path`. Installed packages use
:func:`lazy_module`. The classes behave like rosidl_generator_py's: same fields, checks, repr
and equality. This module stays cheap to import: the class builder loads on first use.
"""

import os

from rclx.interfaces import _finder
from rclx.interfaces._finder import InterfaceCycleError, InterfaceNotFoundError

__all__ = [
    'ActionTypeSupport', 'InterfaceCycleError', 'InterfaceNotFoundError', 'ServiceTypeSupport',
    'add_search_path', 'get_action_class', 'get_interface_class', 'get_message_class',
    'get_service_class', 'lazy_module', 'list_packages', 'load_action_definition',
    'load_message_definition', 'load_service_definition',
]

_finder.install()

_LAZY_NAMES = {'ActionTypeSupport': '_compose', 'ServiceTypeSupport': '_compose',
               'lazy_module': '_lazy'}


def __getattr__(name: str):
    module = _LAZY_NAMES.get(name)
    if module is None:
        raise AttributeError(f"module 'rclx.interfaces' has no attribute '{name}'")
    import importlib
    value = getattr(importlib.import_module(f'rclx.interfaces.{module}'), name)
    globals()[name] = value
    return value


def add_search_path(path: str) -> None:
    """Search ``path`` for interface packages (``path/<pkg>/msg/*.msg`` ...) before others.

    :param path: a directory containing one directory per interface package.
    """
    path = os.path.abspath(path)
    if path not in _finder.extra_roots:
        _finder.extra_roots.insert(0, path)
    import importlib
    importlib.invalidate_caches()


def _split(identifier: str, default_subfolder: str = '') -> tuple:
    parts = identifier.split('/')
    if len(parts) == 2 and default_subfolder:
        parts.insert(1, default_subfolder)
    if len(parts) != 3 or not all(parts):
        example = f"'pkg/{default_subfolder or 'msg'}/Type'"
        raise ValueError(f"invalid interface name '{identifier}', expected {example}")
    return tuple(parts)


def get_interface_class(identifier: str) -> type:
    """Return the class of 'pkg/msg/Type', 'pkg/srv/Type' or 'pkg/action/Type'.

    :raises ValueError: if the identifier is malformed.
    :raises InterfaceNotFoundError: if no package provides the interface.
    """
    package, subfolder, name = _split(identifier)
    if subfolder not in ('msg', 'srv', 'action'):
        raise ValueError(f"invalid interface name '{identifier}': the middle part must be "
                         "'msg', 'srv' or 'action'")
    from rclx.interfaces import _registry
    return _registry.resolve_interface(package, subfolder, name, f"'{identifier}'")


def get_message_class(identifier: str) -> type:
    """Return the message class of 'pkg/msg/Type' (or 'pkg/Type')."""
    cls = get_interface_class('/'.join(_split(identifier, 'msg')))
    if not hasattr(cls, 'SLOT_TYPES'):
        raise ValueError(f"'{identifier}' is not a message")
    return cls


def get_service_class(identifier: str) -> type:
    """Return the service class of 'pkg/srv/Type' (or 'pkg/Type')."""
    cls = get_interface_class('/'.join(_split(identifier, 'srv')))
    if not (hasattr(cls, 'Request') and hasattr(cls, 'Response')):
        raise ValueError(f"'{identifier}' is not a service")
    return cls


def get_action_class(identifier: str) -> type:
    """Return the action class of 'pkg/action/Type' (or 'pkg/Type')."""
    cls = get_interface_class('/'.join(_split(identifier, 'action')))
    if not hasattr(cls, 'Impl'):
        raise ValueError(f"'{identifier}' is not an action")
    return cls


def load_message_definition(text: str, package: str, name: str) -> type:
    """Build the class of a message from its .msg text (once per package/name).

    The class is cached as ``package/msg/name``, so other definitions can nest it.
    """
    from rclx.interfaces import _registry
    return _registry.load_from_text(package, 'msg', name, text)


def load_service_definition(text: str, package: str, name: str) -> type:
    """Build the class of a service from its .srv text (once per package/name)."""
    from rclx.interfaces import _registry
    return _registry.load_from_text(package, 'srv', name, text)


def load_action_definition(text: str, package: str, name: str) -> type:
    """Build the class of an action from its .action text (once per package/name)."""
    from rclx.interfaces import _registry
    return _registry.load_from_text(package, 'action', name, text)


def list_packages() -> list:
    """Return the names of the interface packages found in the search roots (not installed)."""
    return _finder.find_packages()
