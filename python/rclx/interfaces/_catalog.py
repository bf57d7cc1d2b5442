"""Which interface packages exist and where their definition files are.

Installed packages are found on sys.path (a package directory with msg/, srv/ or action/
holding an __init__.py), run-time ones through the import hook's search roots.
"""

import importlib
import os
import sys
from typing import Dict, Optional

from rclx.interfaces import _finder, _lazy
from rclx.interfaces._names import SUBFOLDERS


def _installed_packages() -> Dict[str, str]:
    found: Dict[str, str] = {}
    for entry in sys.path:
        entry = entry or os.getcwd()
        try:
            names = os.listdir(entry)
        except OSError:
            continue
        for name in names:
            if name in found or not name.isidentifier():
                continue
            pkg_dir = os.path.join(entry, name)
            if any(os.path.isfile(os.path.join(pkg_dir, s, '__init__.py')) and
                   _lazy_init(os.path.join(pkg_dir, s, '__init__.py')) for s in SUBFOLDERS):
                found[name] = pkg_dir
    return found


def _lazy_init(path: str) -> bool:
    """Whether an interface module's __init__.py is rclx's lazy loader."""
    try:
        with open(path, encoding='utf-8') as f:
            return 'lazy_module' in f.read(4096)
    except OSError:
        return False


def packages() -> Dict[str, str]:
    """Return every interface package name mapped to its directory, installed ones first."""
    found = _installed_packages()
    for name in _finder.find_packages():
        if name not in found:
            directory = next((_finder.find_directory(name, s) for s in SUBFOLDERS
                              if _finder.find_directory(name, s)), None)
            if directory is not None:
                found[name] = os.path.dirname(directory)
    return dict(sorted(found.items()))


def directory(package: str, subfolder: str) -> Optional[str]:
    """Return the directory of the definition files of ``package.subfolder``, or None."""
    module_name = f'{package}.{subfolder}'
    try:
        importlib.import_module(module_name)
    except ModuleNotFoundError as e:
        if e.name in (package, module_name):
            return None
        raise
    return _lazy.directories.get(module_name)
