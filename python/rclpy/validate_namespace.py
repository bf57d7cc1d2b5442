"""rclpy.validate_namespace: check an absolute node namespace."""

from typing import Literal

from rclpy.exceptions import InvalidNamespaceException
from rclx import _core

__all__ = ['validate_namespace']


def validate_namespace(namespace: str) -> Literal[True]:
    """
    Validate a namespace, raising an exception if it is invalid.

    Unlike the Node constructor, which accepts a relative or empty namespace, this requires an
    absolute, non-empty namespace (``'/'`` is valid).

    :param namespace: namespace to validate.
    :returns: True when the namespace is valid.
    :raises InvalidNamespaceException: when the namespace is invalid.
    """
    result = _core.validate_namespace(namespace)
    if result is None:
        return True
    error_msg, invalid_index = result
    raise InvalidNamespaceException(namespace, error_msg, invalid_index)
