"""Interface modules (``<pkg>.msg``, ``<pkg>.srv``, ``<pkg>.action``) whose classes load on use.

An installed package's ``msg/__init__.py`` calls :func:`lazy_module`; the import finder does
the same for packages found at run time. Attribute access loads the definition file once.
"""

import sys
from typing import Any, Callable, Dict, List, Tuple

from rclx.interfaces import _registry
from rclx.interfaces._names import EXTENSIONS, SUBFOLDERS, snake_case

# module name ('std_msgs.msg') -> directory of its definition files; written once per module.
directories: Dict[str, str] = {}


def lazy_module(module_name: str, directory: str) -> Tuple[Callable[[str], Any],
                                                           Callable[[], List[str]]]:
    """Return ``(__getattr__, __dir__)`` for an interface module backed by a directory.

    :param module_name: the module's name, '<package>.msg', '<package>.srv' or
        '<package>.action'.
    :param directory: the directory holding the module's .msg / .srv / .action files.
    :returns: the two module-level functions; the module assigns them to ``__getattr__``
        and ``__dir__``.
    """
    package, _, subfolder = module_name.rpartition('.')
    if not package or subfolder not in SUBFOLDERS:
        raise ValueError(f"'{module_name}' is not an interface module name "
                         "('<package>.msg', '<package>.srv' or '<package>.action')")
    directories[module_name] = directory

    def names() -> List[str]:
        return _registry.names_in(directory, subfolder)

    def __getattr__(name: str) -> Any:
        if name == '__all__':
            return names()
        if name.startswith('__'):
            raise AttributeError(f"module '{module_name}' has no attribute '{name}'")
        if name.startswith('_'):
            value: Any = type_module(module_name, name)
        else:
            value = _registry.load_from_directory(package, subfolder, name, directory)
        if value is None:
            raise _missing(module_name, name, directory, subfolder)
        module = sys.modules.get(module_name)
        if module is not None:
            setattr(module, name, value)
        return value

    def __dir__() -> List[str]:
        module = sys.modules.get(module_name)
        own = list(vars(module)) if module is not None else []
        return sorted(set(own) | set(names()))

    return __getattr__, __dir__


def _missing(module_name: str, name: str, directory: str, subfolder: str) -> Exception:
    """The error for a name that no definition file in ``directory`` provides.

    ``from pkg.msg import Name`` turns an AttributeError into "cannot import name ...
    (unknown location)"; there an ImportError saying where rclx looked is raised instead.
    """
    where = f"no file '{name}{EXTENSIONS[subfolder]}' in {directory}"
    if not name.startswith('_') and _in_from_import():
        return ImportError(f"cannot import name '{name}' from '{module_name}': {where}",
                           name=module_name, path=directory)
    return AttributeError(f"module '{module_name}' has no attribute '{name}' ({where})")


def _in_from_import() -> bool:
    """Whether the code that asked for the attribute is a ``from ... import`` statement."""
    try:
        import dis
        frame = sys._getframe(3)  # 0: here, 1: _missing, 2: __getattr__, 3: the importer
        return frame.f_code.co_code[frame.f_lasti] == dis.opmap['IMPORT_FROM']
    except (AttributeError, IndexError, KeyError, ValueError):
        return False


def type_module(module_name: str, attribute: str) -> Any:
    """Return the generated-style submodule '_<snake_name>' of an interface module, or None.

    Pickle imports classes by ``__module__`` ('std_msgs.msg._string'); this loads the type
    whose file name matches, which creates that module.
    """
    directory = directories.get(module_name)
    if directory is None:
        return None
    package, _, subfolder = module_name.rpartition('.')
    for name in _registry.names_in(directory, subfolder):
        if '_' + snake_case(name) == attribute:
            _registry.load_from_directory(package, subfolder, name, directory)
            return sys.modules.get(f'{module_name}.{attribute}')
    return None
