"""The cache of interface classes: loads definition files once, dependencies first.

Every class is keyed by (package, subfolder, type name). Loading a file parses it with the
core, resolves nested types (through the registry, else by importing ``<pkg>.msg``,
``<pkg>.srv``, ``<pkg>.action``), builds the classes and registers each message with the core.
One re-entrant lock serializes loading; a stack of files being loaded detects cycles.
"""

import importlib
import os
import sys
import threading
import types
from typing import Any, Dict, List, Optional, Tuple

from rclx import _core
from rclx.interfaces import _compose, _description
from rclx.interfaces._finder import InterfaceCycleError, InterfaceNotFoundError
from rclx.interfaces._msggen import build_message_class
from rclx.interfaces._names import EXTENSIONS, SUBFOLDERS, snake_case, split_derived

Key = Tuple[str, str, str]


_lock = threading.RLock()
_classes: Dict[Key, type] = {}   # guarded by _lock for writes; reads are atomic dict lookups
_loading: List[Key] = []         # files being loaded, outermost first; guarded by _lock


def names_in(directory: str, subfolder: str) -> List[str]:
    """Return the type names defined by the files of one subfolder directory, sorted."""
    ext = EXTENSIONS[subfolder]
    try:
        entries = os.listdir(directory)
    except OSError:
        return []
    return sorted(e[:-len(ext)] for e in entries
                  if e.endswith(ext) and os.path.isfile(os.path.join(directory, e)))


def load_from_directory(package: str, subfolder: str, name: str,
                        directory: str) -> Optional[type]:
    """Return class ``name`` of ``package.subfolder`` defined by a file in ``directory``.

    ``name`` may also be a type derived from a file ('AddTwoInts_Request' from
    AddTwoInts.srv). Returns None when no file defines it.
    """
    cls = _classes.get((package, subfolder, name))
    if cls is not None:
        return cls
    ext = EXTENSIONS[subfolder]
    file_name = name
    if not os.path.isfile(os.path.join(directory, name + ext)):
        derived = split_derived(subfolder, name)
        if derived is None or not os.path.isfile(os.path.join(directory, derived[0] + ext)):
            return None
        file_name = derived[0]
    path = os.path.join(directory, file_name + ext)
    with _lock:
        if (package, subfolder, file_name) not in _classes:
            with open(path, encoding='utf-8') as f:
                text = f.read()
            _load_text(package, subfolder, file_name, text, path)
    return _classes.get((package, subfolder, name)) or _built_on_demand(package, subfolder, name)


def _built_on_demand(package: str, subfolder: str, name: str) -> Optional[type]:
    """A service's '<Name>_Event' class, which the service builds on first use; else None."""
    if not name.endswith('_Event'):
        return None
    owner = _classes.get((package, subfolder, name[:-len('_Event')]))
    return getattr(owner, 'Event', None) if owner is not None else None


def load_from_text(package: str, subfolder: str, name: str, text: str,
                   file: str = '<string>') -> type:
    """Build (once) and return the class of a definition given as text."""
    with _lock:
        cls = _classes.get((package, subfolder, name))
        if cls is None:
            _load_text(package, subfolder, name, text, file)
            cls = _classes[(package, subfolder, name)]
    return cls


def module_for(package: str, subfolder: str, file_name: str) -> types.ModuleType:
    """Return (creating it) the module that holds the classes of one definition file."""
    module_name = f'{package}.{subfolder}._{snake_case(file_name)}'
    module = sys.modules.get(module_name)
    if module is None:
        module = types.ModuleType(module_name, f'Interface {package}/{subfolder}/{file_name}.')
        sys.modules[module_name] = module
        parent = sys.modules.get(f'{package}.{subfolder}')
        if parent is not None:
            setattr(parent, module_name.rpartition('.')[2], module)
    return module


def _load_text(package: str, subfolder: str, file_name: str, text: str, path: str) -> None:
    key = (package, subfolder, file_name)
    if key in _loading:
        chain = _loading[_loading.index(key):] + [key]
        raise InterfaceCycleError(
            'cyclic dependency between interface definitions: ' +
            ' -> '.join('/'.join(k) for k in chain))
    _loading.append(key)
    try:
        _description.record_source(package, subfolder, file_name, text)
        module = module_for(package, subfolder, file_name)
        if subfolder == 'msg':
            spec = _core.parse_message(text, package, file_name, path, 'msg')
            add_message(spec, module)
        elif subfolder == 'srv':
            spec = _core.parse_service(text, package, file_name, path)
            _compose.build_service(spec, module)
        else:
            spec = _core.parse_action(text, package, file_name, path)
            _compose.build_action(spec, module)
    finally:
        _loading.pop()


def add_class(package: str, subfolder: str, name: str, cls: type) -> None:
    """Record a built class (a message, service or action class) in the cache."""
    _classes[(package, subfolder, name)] = cls
    module = sys.modules.get(cls.__module__)
    if module is not None:
        setattr(module, name, cls)
        setattr(module, type(cls).__name__, type(cls))


def add_message(spec: Any, module: types.ModuleType) -> type:
    """Build the class of one MessageSpec, register it with the core and cache it.

    A class that already exists (a retry after a failed load) is returned unchanged, so a
    type keeps one identity.
    """
    existing = _classes.get((spec.package, spec.subfolder, spec.name))
    if existing is not None:
        return existing
    nested: List[Optional[type]] = []
    owner = f'{spec.package}/{spec.subfolder}/{spec.name}'
    for field in spec.fields:
        if field.type.kind == 'message':
            nested.append(resolve(field.type.package, field.type.name,
                                  f"field '{field.name}' of '{owner}'"))
        else:
            nested.append(None)
    cls = build_message_class(spec, nested, module.__name__)
    type(cls)._TYPE_SUPPORT = _core.register_message_type(spec, cls, nested)
    _description.record_message(cls, spec, nested)
    add_class(spec.package, spec.subfolder, spec.name, cls)
    return cls


def resolve(package: str, name: str, used_by: str) -> type:
    """Return the message class ``package/name`` for a nested field: msg first, then srv, action.

    :raises InterfaceNotFoundError: if no loaded or loadable package defines it.
    """
    for subfolder in SUBFOLDERS:
        cls = _classes.get((package, subfolder, name))
        if cls is not None:
            return cls
    for subfolder in SUBFOLDERS:
        try:
            module = importlib.import_module(f'{package}.{subfolder}')
        except ModuleNotFoundError as e:
            if e.name in (package, f'{package}.{subfolder}'):
                continue
            raise
        cls = getattr(module, name, None)
        if isinstance(cls, type) and hasattr(cls, 'SLOT_TYPES'):
            return cls
    raise InterfaceNotFoundError(
        f"cannot find the message type '{package}/{name}' used by {used_by}: no package "
        f"'{package}' provides it (searched installed packages, RCLX_INTERFACE_PATH, "
        'AMENT_PREFIX_PATH)', name=package)


def resolve_interface(package: str, subfolder: str, name: str, used_by: str) -> type:
    """Return the class ``package/subfolder/name`` (a message, service or action class).

    :raises InterfaceNotFoundError: if no loaded or loadable package defines it.
    """
    cls = _classes.get((package, subfolder, name)) or _built_on_demand(package, subfolder, name)
    if cls is not None:
        return cls
    try:
        module = importlib.import_module(f'{package}.{subfolder}')
    except ModuleNotFoundError as e:
        if e.name not in (package, f'{package}.{subfolder}'):
            raise
        module = None
    cls = getattr(module, name, None) if module is not None else None
    if not isinstance(cls, type):
        raise InterfaceNotFoundError(
            f"cannot find the interface '{package}/{subfolder}/{name}' needed by {used_by}",
            name=package)
    return cls
