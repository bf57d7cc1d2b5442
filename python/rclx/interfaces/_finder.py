"""Import hook that makes interface packages importable without a build step.

``import my_pkg.msg`` works when a search root holds ``my_pkg/msg/*.msg``. Roots, in order:
directories given to add_search_path(), each entry of RCLX_INTERFACE_PATH, ``share/`` of each
AMENT_PREFIX_PATH prefix (the ROS install layout), and /usr/share/test_interface_files for
the package test_msgs. The finder sits at the end of sys.meta_path, so installed packages
(real modules on sys.path) always win. Environment variables are read at each lookup.
"""

import importlib.abc
import importlib.machinery
import os
import sys
from typing import List, Optional

from rclx.interfaces import _lazy
from rclx.interfaces._names import SUBFOLDERS

TEST_MSGS_DIR = '/usr/share/test_interface_files'

extra_roots: List[str] = []  # from add_search_path(); searched first


def _roots() -> List[str]:
    """Directories that contain '<pkg>/<subfolder>/' interface directories."""
    roots = list(extra_roots)
    roots += [p for p in os.environ.get('RCLX_INTERFACE_PATH', '').split(os.pathsep) if p]
    roots += [os.path.join(p, 'share')
              for p in os.environ.get('AMENT_PREFIX_PATH', '').split(os.pathsep) if p]
    return roots


def find_directory(package: str, subfolder: str) -> Optional[str]:
    """Return the directory holding the ``subfolder`` files of ``package``, or None."""
    if not package.isidentifier():
        return None
    for root in _roots():
        candidate = os.path.join(root, package, subfolder)
        if os.path.isdir(candidate):
            return candidate
    if package == 'test_msgs':
        candidate = os.path.join(TEST_MSGS_DIR, subfolder)
        if os.path.isdir(candidate):
            return candidate
    return None


def find_packages() -> List[str]:
    """Return the names of all packages the finder can provide, sorted."""
    found = set()
    for root in _roots():
        try:
            entries = os.listdir(root)
        except OSError:
            continue
        for entry in entries:
            if entry.isidentifier() and any(
                    os.path.isdir(os.path.join(root, entry, s)) for s in SUBFOLDERS):
                found.add(entry)
    if any(os.path.isdir(os.path.join(TEST_MSGS_DIR, s)) for s in SUBFOLDERS):
        found.add('test_msgs')
    return sorted(found)


class _PackageLoader(importlib.abc.Loader):
    """Creates an empty package module for an interface package with no Python code."""

    def create_module(self, spec):
        return None

    def exec_module(self, module) -> None:
        module.__doc__ = f'ROS 2 interface package {module.__name__} (found at run time).'


class _InterfaceModuleLoader(importlib.abc.Loader):
    """Creates '<pkg>.msg' / '.srv' / '.action' as a lazy interface module."""

    def __init__(self, directory: str) -> None:
        self.directory = directory

    def create_module(self, spec):
        return None

    def exec_module(self, module) -> None:
        module.__doc__ = ('ROS 2 interfaces of this package, loaded from the definition files '
                          f'in {self.directory}.')
        module.__getattr__, module.__dir__ = _lazy.lazy_module(module.__name__, self.directory)


class _TypeModuleLoader(importlib.abc.Loader):
    """Returns the module '<pkg>.msg._<type>' that loading the type created."""

    def __init__(self, module) -> None:
        self.module = module

    def create_module(self, spec):
        return self.module

    def exec_module(self, module) -> None:
        pass


class InterfaceFinder(importlib.abc.MetaPathFinder):
    """Finds interface packages and modules in the search roots (see module docstring)."""

    def find_spec(self, fullname, path=None, target=None):
        parts = fullname.split('.')
        if len(parts) == 1:
            if any(find_directory(fullname, s) for s in SUBFOLDERS):
                spec = importlib.machinery.ModuleSpec(fullname, _PackageLoader(),
                                                      is_package=True)
                spec.submodule_search_locations = []
                return spec
        elif len(parts) == 2 and parts[1] in SUBFOLDERS:
            directory = find_directory(parts[0], parts[1])
            if directory is not None:
                spec = importlib.machinery.ModuleSpec(
                    fullname, _InterfaceModuleLoader(directory), is_package=True)
                spec.submodule_search_locations = []
                return spec
        elif len(parts) == 3 and parts[1] in SUBFOLDERS and parts[2].startswith('_'):
            module = _lazy.type_module(f'{parts[0]}.{parts[1]}', parts[2])
            if module is not None:
                return importlib.machinery.ModuleSpec(fullname, _TypeModuleLoader(module))
        return None


_finder = InterfaceFinder()


def install() -> None:
    """Append the finder to sys.meta_path once."""
    if not any(isinstance(f, InterfaceFinder) for f in sys.meta_path):
        sys.meta_path.append(_finder)
