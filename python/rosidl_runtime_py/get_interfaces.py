"""List interface packages and their interfaces, and find definition files.

ROS 2 reads these from the ament index; rclx knows them from its installed interface
packages and the run-time search roots (RCLX_INTERFACE_PATH, AMENT_PREFIX_PATH).
"""

import os
from typing import Dict, Iterable, List, Optional

from rclx.interfaces import _catalog
from rclx.interfaces._names import EXTENSIONS, SUBFOLDERS


def get_interface_packages() -> Dict[str, str]:
    """
    Get all packages that provide interfaces.

    :return: A dictionary of package names to the directory of each package.
    """
    return _catalog.packages()


def get_interfaces(package_names: Iterable[str] = ()) -> Dict[str, List[str]]:
    """
    Get the interfaces of one or more packages.

    :param package_names: The package names; all interface packages when empty.
    :return: A dictionary of package names to sorted interface names ('msg/String').
    :raises LookupError: If a package is not found.
    """
    return _interfaces(package_names, SUBFOLDERS)


def get_message_interfaces(package_names: Iterable[str] = ()) -> Dict[str, List[str]]:
    """Like get_interfaces(), keeping only messages ('msg/...')."""
    return _interfaces(package_names, ('msg',))


def get_service_interfaces(package_names: Iterable[str] = ()) -> Dict[str, List[str]]:
    """Like get_interfaces(), keeping only services ('srv/...')."""
    return _interfaces(package_names, ('srv',))


def get_action_interfaces(package_names: Iterable[str] = ()) -> Dict[str, List[str]]:
    """Like get_interfaces(), keeping only actions ('action/...')."""
    return _interfaces(package_names, ('action',))


def get_interface_path(interface_name: str) -> str:
    """
    Get the path to an interface definition file.

    :param interface_name: The interface, 'pkg/msg/Type' (an extension such as '.msg' may
        follow the type name).
    :return: The path to the definition file.
    :raises LookupError: If the package or the interface is not found.
    """
    parts = interface_name.split('/')
    if len(parts) != 3 or parts[1] not in SUBFOLDERS:
        raise LookupError(f"Invalid interface name '{interface_name}'")
    package, subfolder, name = parts
    ext = EXTENSIONS[subfolder]
    if name.endswith(ext):
        name = name[:-len(ext)]
    directory = _catalog.directory(package, subfolder)
    if directory is None:
        raise LookupError(f"Unknown package '{package}'")
    path = os.path.join(directory, name + ext)
    if not os.path.isfile(path):
        raise LookupError(f"Could not find the interface '{interface_name}'")
    return path


def _interfaces(package_names: Iterable[str], subfolders: Iterable[str]
                ) -> Dict[str, List[str]]:
    names = list(package_names) or list(_catalog.packages())
    result: Dict[str, List[str]] = {}
    for package in names:
        found: Optional[List[str]] = None
        for subfolder in SUBFOLDERS:
            directory = _catalog.directory(package, subfolder)
            if directory is None:
                continue
            found = found or []
            if subfolder in subfolders:
                ext = EXTENSIONS[subfolder]
                found += sorted(f'{subfolder}/{e[:-len(ext)]}' for e in os.listdir(directory)
                                if e.endswith(ext))
        if found is None:
            raise LookupError(f"Unknown package '{package}'")
        if found:
            result[package] = found
    return result
