"""rclpy.utilities: the default context and command-line helpers."""

import threading
from typing import List, Optional, Sequence

from rclpy.context import Context
from rclx import _core

__all__ = ['get_default_context', 'ok', 'shutdown', 'try_shutdown', 'remove_ros_args',
           'get_rmw_implementation_identifier', 'timeout_sec_to_nsec', 'get_available_rmw_implementations']

_default_context: Optional[Context] = None
_lock = threading.Lock()


def get_default_context(*, shutting_down: bool = False) -> Context:
    """Return the global default context (created on first use)."""
    global _default_context
    with _lock:
        if _default_context is None:
            _default_context = Context()
        return _default_context


def ok(*, context: Optional[Context] = None) -> bool:
    """Return True if the context (default: the global one) is initialized and not shut down."""
    return (context or get_default_context()).ok()


def shutdown(*, context: Optional[Context] = None) -> None:
    """Shut down the context (default: the global one)."""
    (context or get_default_context()).shutdown()


def try_shutdown(*, context: Optional[Context] = None) -> None:
    """Shut down the context if it is not shut down already."""
    (context or get_default_context()).try_shutdown()


def remove_ros_args(args: Optional[Sequence[str]] = None) -> List[str]:
    """Return the arguments that are not ROS arguments (``sys.argv`` when None)."""
    import sys
    return list(_core.remove_ros_args(list(sys.argv if args is None else args)))


def get_rmw_implementation_identifier() -> str:
    """Return the middleware's name; rclx speaks rmw_cyclonedds_cpp's wire protocol."""
    return 'rmw_cyclonedds_cpp'


def get_available_rmw_implementations() -> set:
    """Return the middlewares available: rclx has exactly one."""
    return {'rmw_cyclonedds_cpp'}


def timeout_sec_to_nsec(timeout_sec: Optional[float]) -> int:
    """Convert seconds to nanoseconds; None or a negative value means wait forever (-1)."""
    if timeout_sec is None or timeout_sec < 0:
        return -1
    return int(float(timeout_sec) * 1e9)
