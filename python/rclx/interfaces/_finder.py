"""Import hook that makes interface packages importable without a build step.

rclx's .pth file installs it at interpreter start, so ``from my_pkg.msg import Foo`` works in
any import order (before ``import rclpy`` too). An interface package is a directory ``my_pkg/``
holding ``msg/*.msg``, ``srv/*.srv`` or ``action/*.action`` (package.xml optional). Where:

1. on sys.path, e.g. next to the script: Python would import such a directory (no __init__.py)
   as an empty namespace package; the hook makes it an interface package instead;
2. directories given to add_search_path(), each entry of RCLX_INTERFACE_PATH, then
   ``share/`` of each AMENT_PREFIX_PATH prefix (the ROS install layout).

Real Python packages (with __init__.py: rclx's shipped packages, generated code) always win.
The finder sits just before Python's PathFinder and asks it first, so other imports resolve as
before. This module runs at every interpreter start: it imports only the standard library's
import machinery; the loaders import the class builder when an interface module is created.
Environment variables are read at each lookup.
"""

import importlib.machinery
import os
import sys

from rclx.interfaces._names import EXTENSIONS, SUBFOLDERS

_PathFinder = importlib.machinery.PathFinder

extra_roots: list = []  # from add_search_path(); searched before the environment's roots


class InterfaceCycleError(ImportError):
    """Interface definitions that contain each other, directly or through other types."""


class InterfaceNotFoundError(ImportError):
    """A referenced interface type that no package provides."""


def _roots() -> list:
    """Directories that contain '<pkg>/<subfolder>/' interface directories."""
    roots = list(extra_roots)
    roots += [p for p in os.environ.get('RCLX_INTERFACE_PATH', '').split(os.pathsep) if p]
    roots += [os.path.join(p, 'share')
              for p in os.environ.get('AMENT_PREFIX_PATH', '').split(os.pathsep) if p]
    return roots


def has_definitions(directory: str, subfolder: str) -> bool:
    """Whether ``directory`` holds at least one definition file of ``subfolder``'s kind."""
    ext = EXTENSIONS[subfolder]
    try:
        with os.scandir(directory) as entries:
            return any(e.name.endswith(ext) for e in entries)
    except OSError:
        return False


def _is_interface_package(directory: str) -> bool:
    return any(has_definitions(os.path.join(directory, s), s) for s in SUBFOLDERS)


def find_directory(package: str, subfolder: str, locations=()) -> 'str | None':
    """Return the directory holding the ``subfolder`` files of ``package``, or None.

    :param locations: the package's own directories (its ``__path__``), searched first.
    """
    if not package.isidentifier():
        return None
    for location in locations:
        candidate = os.path.join(location, subfolder)
        if has_definitions(candidate, subfolder):
            return candidate
    for root in _roots():
        candidate = os.path.join(root, package, subfolder)
        if os.path.isdir(candidate):
            return candidate
    return None


def searched_places(package: str, subfolder: str, locations=()) -> list:
    """The directories find_directory() tries for ``package/subfolder``, for error messages."""
    places = [os.path.join(location, subfolder) for location in locations]
    return places + [os.path.join(root, package, subfolder) for root in _roots()]


def find_packages() -> list:
    """Return the names of the packages found in the search roots (not sys.path), sorted."""
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
    return sorted(found)


def _is_namespace(spec) -> bool:
    return (spec.origin is None and spec.submodule_search_locations is not None and
            (spec.loader is None or type(spec.loader).__name__ == 'NamespaceLoader'))


class _PackageLoader:
    """Creates the top-level module of an interface package (no Python code of its own)."""

    def create_module(self, spec):
        return None

    def exec_module(self, module) -> None:
        module.__doc__ = f'ROS 2 interface package {module.__name__} (found at run time).'


class _InterfaceModuleLoader:
    """Creates '<pkg>.msg' / '.srv' / '.action' as a lazy interface module."""

    def __init__(self, directory: str) -> None:
        self.directory = directory

    def create_module(self, spec):
        return None

    def exec_module(self, module) -> None:
        from rclx.interfaces import _lazy
        module.__doc__ = ('ROS 2 interfaces of this package, loaded from the definition files '
                          f'in {self.directory}.')
        module.__getattr__, module.__dir__ = _lazy.lazy_module(module.__name__, self.directory)


class _TypeModuleLoader:
    """Returns the module '<pkg>.msg._<type>' that loading the type created."""

    def __init__(self, module) -> None:
        self.module = module

    def create_module(self, spec):
        return self.module

    def exec_module(self, module) -> None:
        pass


def _package_spec(name: str, locations: list):
    spec = importlib.machinery.ModuleSpec(name, _PackageLoader(), is_package=True)
    spec.submodule_search_locations = locations
    return spec


class InterfaceFinder:
    """Finds interface packages and modules (see the module docstring); a sys.meta_path finder."""

    def find_spec(self, fullname: str, path=None, target=None):
        if path is None:
            return self._find_package(fullname)
        package, _, last = fullname.rpartition('.')
        if last in SUBFOLDERS and '.' not in package:
            return self._find_interface_module(fullname, package, last, path)
        if last.startswith('_') and package.rpartition('.')[2] in SUBFOLDERS:
            lazy = sys.modules.get('rclx.interfaces._lazy')
            module = lazy.type_module(package, last) if lazy is not None else None
            if module is not None:
                return importlib.machinery.ModuleSpec(fullname, _TypeModuleLoader(module))
        return None

    def _find_package(self, name: str):
        spec = _PathFinder.find_spec(name)
        if spec is not None and not _is_namespace(spec):
            return spec
        locations = list(spec.submodule_search_locations) if spec is not None else []
        if any(_is_interface_package(location) for location in locations) or any(
                find_directory(name, s) for s in SUBFOLDERS):
            return _package_spec(name, locations)
        return spec

    def _find_interface_module(self, fullname: str, package: str, subfolder: str, path):
        spec = _PathFinder.find_spec(fullname, path)
        if spec is not None and not _is_namespace(spec):
            return spec
        locations = list(path)
        directory = find_directory(package, subfolder, locations)
        if directory is not None:
            spec = importlib.machinery.ModuleSpec(
                fullname, _InterfaceModuleLoader(directory), is_package=True)
            spec.submodule_search_locations = []
            return spec
        parent = sys.modules.get(package)
        if isinstance(getattr(getattr(parent, '__spec__', None), 'loader', None), _PackageLoader):
            places = ', '.join(searched_places(package, subfolder, locations)) or 'nowhere'
            raise ModuleNotFoundError(
                f"No module named '{fullname}': the interface package '{package}' has no "
                f"'{subfolder}' directory with {EXTENSIONS[subfolder]} files (looked in: "
                f'{places})', name=fullname)
        return spec


_finder = InterfaceFinder()


def install() -> None:
    """Put the finder into sys.meta_path, just before Python's PathFinder (once)."""
    if any(isinstance(f, InterfaceFinder) for f in sys.meta_path):
        return
    index = next((i for i, f in enumerate(sys.meta_path) if f is _PathFinder),
                 len(sys.meta_path))
    sys.meta_path.insert(index, _finder)
