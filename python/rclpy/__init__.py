"""
rclpy (rclx): the ROS 2 Python client library API over rclx's C++ core.

Typical use::

    import rclpy
    from rclpy.node import Node

    rclpy.init()
    node = Node('my_node')
    rclpy.spin(node)          # run callbacks until Ctrl-C or shutdown
    node.destroy_node()
    rclpy.shutdown()

Nodes talk to ROS 2 nodes that use rmw_cyclonedds_cpp, on the same host or across the network.
"""

import threading
from typing import Dict, List, Optional, Sequence, TYPE_CHECKING

import rclx.interfaces  # noqa: F401  (installs the import hook for interface packages)
from rclpy.context import Context
from rclpy.parameter import Parameter
from rclpy.utilities import get_default_context, get_rmw_implementation_identifier, ok, remove_ros_args
from rclpy.utilities import try_shutdown as _try_shutdown_context
# Loaded now rather than at the first spin, whose latency (a first service call) it would add to.
import rclpy.executors  # noqa: E402,F401,I100

if TYPE_CHECKING:
    from rclpy.executors import Executor
    from rclpy.node import Node
    from rclpy.task import Future

__all__ = ['init', 'shutdown', 'try_shutdown', 'ok', 'spin', 'spin_once', 'spin_until_future_complete',
           'create_node', 'get_global_executor', 'get_default_context', 'get_rmw_implementation_identifier',
           'remove_ros_args', 'Context', 'Parameter']

_global_executor: Optional['Executor'] = None
_executor_lock = threading.Lock()


class _InitGuard:
    """Returned by init() so that ``with rclpy.init():`` shuts down at the end of the block."""

    def __init__(self, context: Context) -> None:
        self._context = context

    def __enter__(self) -> Context:
        return self._context

    def __exit__(self, *exc: object) -> None:
        self._context.try_shutdown()


def init(*, args: Optional[Sequence[str]] = None, context: Optional[Context] = None,
         domain_id: Optional[int] = None, signal_handler_options: Optional[object] = None) -> _InitGuard:
    """
    Initialize ROS communications for a context (default: the global context).

    :param args: command line arguments; ``--ros-args`` sections are applied (``sys.argv`` if None).
    :param context: the context to initialize.
    :param domain_id: the ROS domain id (default: ROS_DOMAIN_ID or 0).
    :param signal_handler_options: which signal handlers to install (rclpy.signals.SignalHandlerOptions);
        None installs ALL for the default context and none for another context, as rclpy. Ctrl-C
        shuts down every context and raises KeyboardInterrupt in the main thread; SIGTERM shuts
        down every context, so spins end (after the running callback: rclpy.spin returns, a
        waiting spin_once raises ExternalShutdownException). A later shutdown() is not an error
        after either.
    """
    from rclpy.signals import SignalHandlerOptions, install_signal_handlers
    default_context = get_default_context()
    context = default_context if context is None else context
    if signal_handler_options is None:
        signal_handler_options = SignalHandlerOptions.ALL if context is default_context else SignalHandlerOptions.NO
    context.init(args, domain_id=domain_id)
    install_signal_handlers(signal_handler_options)
    return _InitGuard(context)


def shutdown(*, context: Optional[Context] = None, uninstall_handlers: Optional[bool] = None) -> None:
    """
    Shut down a context (default: the global one) and the global executor.

    :param context: the context to shut down; the default context if None.
    :param uninstall_handlers: uninstall rclpy's signal handlers; None uninstalls them when the
        default context is shut down, as rclpy.
    """
    global _global_executor
    default_context = get_default_context()
    context = default_context if context is None else context
    with _executor_lock:
        if _global_executor is not None and _global_executor.context is context:
            _global_executor.shutdown()
            _global_executor = None
    try:
        context.shutdown()
    finally:
        if uninstall_handlers or (uninstall_handlers is None and context is default_context):
            from rclpy.signals import uninstall_signal_handlers
            uninstall_signal_handlers()


def try_shutdown(*, context: Optional[Context] = None, uninstall_handlers: Optional[bool] = None) -> None:
    """Shut down a context if it is still initialized."""
    context = get_default_context() if context is None else context
    if context.ok() or context._signal_down:
        shutdown(context=context, uninstall_handlers=uninstall_handlers)


def create_node(node_name: str, *, context: Optional[Context] = None, cli_args: Optional[List[str]] = None,
                namespace: Optional[str] = None, use_global_arguments: bool = True,
                enable_rosout: bool = True, start_parameter_services: bool = True,
                parameter_overrides: Optional[list] = None, allow_undeclared_parameters: bool = False,
                automatically_declare_parameters_from_overrides: bool = False,
                enable_logger_service: bool = False) -> 'Node':
    """Create a Node (same arguments as :class:`rclpy.node.Node`)."""
    from rclpy.node import Node
    return Node(node_name, context=context, cli_args=cli_args, namespace=namespace,
                use_global_arguments=use_global_arguments, enable_rosout=enable_rosout,
                start_parameter_services=start_parameter_services,
                parameter_overrides=parameter_overrides,
                allow_undeclared_parameters=allow_undeclared_parameters,
                automatically_declare_parameters_from_overrides=automatically_declare_parameters_from_overrides,
                enable_logger_service=enable_logger_service)


def get_global_executor() -> 'Executor':
    """Return the executor used by rclpy.spin() and friends (a SingleThreadedExecutor)."""
    global _global_executor
    executor = _global_executor
    if executor is not None and executor._context.ok():
        return executor  # the common case, without the lock (spin_once calls this every time)
    with _executor_lock:
        if _global_executor is None or not _global_executor.context.ok():
            _global_executor = rclpy.executors.SingleThreadedExecutor()
        return _global_executor


_plain_executor_classes: Dict[type, bool] = {}


def _adds_nodes_plainly(cls: type) -> bool:
    """Whether rclpy.spin_once may skip add_node/remove_node for this executor class: it is one of
    rclx's executors (or a subclass) that does not override them, so nobody expects those calls."""
    plain = _plain_executor_classes.get(cls)
    if plain is None:
        base = rclpy.executors.Executor
        plain = (issubclass(cls, base) and getattr(cls, 'add_node', None) is base.add_node
                 and getattr(cls, 'remove_node', None) is base.remove_node)
        _plain_executor_classes[cls] = plain
    return plain


def spin_once(node: 'Node', *, executor: Optional['Executor'] = None,
              timeout_sec: Optional[float] = None) -> None:
    """Run at most one callback of `node`, waiting up to `timeout_sec` for one."""
    executor = get_global_executor() if executor is None else executor
    if _adds_nodes_plainly(type(executor)):
        executor._spin_once_node(node, timeout_sec)  # the same, without an add and a remove per call
        return
    try:
        executor.add_node(node)
        executor.spin_once(timeout_sec=timeout_sec)
    finally:
        executor.remove_node(node)


def spin(node: 'Node', executor: Optional['Executor'] = None) -> None:
    """Run the callbacks of `node` until the context is shut down (Ctrl-C raises KeyboardInterrupt)."""
    executor = get_global_executor() if executor is None else executor
    try:
        executor.add_node(node)
        while executor.context.ok():
            executor.spin_once()
    finally:
        executor.remove_node(node)


def spin_until_future_complete(node: 'Node', future: 'Future', executor: Optional['Executor'] = None,
                               timeout_sec: Optional[float] = None) -> None:
    """Run the callbacks of `node` until `future` is done (or `timeout_sec` passes)."""
    executor = get_global_executor() if executor is None else executor
    try:
        executor.add_node(node)
        executor.spin_until_future_complete(future, timeout_sec)
    finally:
        executor.remove_node(node)
