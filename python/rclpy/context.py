"""The context: what rclpy.init() creates and rclpy.shutdown() ends (one DDS participant)."""

import threading
from types import TracebackType
from typing import Any, Callable, List, Optional, Sequence, Type
import weakref

from rclpy.exceptions import NotInitializedException, RCLError
from rclx import _core

__all__ = ['Context']

# Every context, so a signal handler can shut them all down.
_all_contexts: 'weakref.WeakSet[Context]' = weakref.WeakSet()


class Context:
    """
    Encapsulates the lifecycle of init and shutdown.

    Nodes, executors and entities created within a context share its DDS participant.
    The context stops being ``ok()`` after :meth:`shutdown`.
    """

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._handle: Optional[_core.Context] = None
        self._ros_args: Optional[_core.RosArgs] = None
        # The --params-file and -p overrides of init's arguments, read once there (for the nodes).
        self._global_parameter_table: Optional[Any] = None
        self._on_shutdown: List[Callable[[], None]] = []
        self._executors: 'weakref.WeakSet' = weakref.WeakSet()
        # Set when a signal handler (SIGTERM) shut the context down: the program's own shutdown()
        # afterwards is then not an error (real rclpy raises there, a bug users hit).
        self._shutdown_by_signal = False
        _all_contexts.add(self)

    @property
    def handle(self) -> Optional[_core.Context]:
        """The native context (None before init)."""
        return self._handle

    def init(self, args: Optional[Sequence[str]] = None, *, initialize_logging: bool = True,
             domain_id: Optional[int] = None) -> None:
        """
        Initialize the context.

        :param args: command line arguments (``sys.argv`` when None); ``--ros-args`` sections are used.
        :param initialize_logging: accepted for rclpy compatibility.
        :param domain_id: ROS domain id; the ROS_DOMAIN_ID environment variable (or 0) when None.
        :raises RuntimeError: if the context is already initialized.
        :raises RCLError: if a ``--params-file`` or ``-p`` value cannot be read.
        """
        import sys
        with self._lock:
            if self._handle is not None and self._handle.ok():
                raise RuntimeError('Context.init() must only be called once')
            argv = list(sys.argv if args is None else args)
            ros_args = _core.parse_ros_args(argv)
            if domain_id is not None and domain_id < 0:
                raise ValueError(f'domain_id must be >= 0, got {domain_id}')
            from rclpy.impl.parameter_files import parameter_table_from_arguments
            parameter_table = parameter_table_from_arguments(argv, ros_args)  # RCLError if bad
            self._handle = _core.Context.create(-1 if domain_id is None else domain_id,
                                                ros_args.enclave or '/')
            self._ros_args = ros_args
            self._global_parameter_table = parameter_table
            self._shutdown_by_signal = False
        if initialize_logging:
            from rclpy import logging as _logging
            apply = getattr(_logging, "_apply_ros_args", None)
            if apply is not None:
                apply(ros_args)

    def ok(self) -> bool:
        """Return True while the context is initialized and not shut down."""
        handle = self._handle
        return handle is not None and handle.ok()

    def _require_ok(self) -> _core.Context:
        handle = self._handle
        if handle is None or not handle.ok():
            raise NotInitializedException('the context is not initialized or has been shut down')
        return handle

    def shutdown(self) -> None:
        """
        Shut down the context: wake every executor, run on-shutdown callbacks, delete DDS entities.

        :raises RCLError: if the context was not initialized or is already shut down.
        """
        with self._lock:
            if self._shutdown_by_signal and self._handle is not None and not self._handle.ok():
                return
            if self._handle is None or not self._handle.ok():
                raise RCLError('failed to shutdown: rcl_shutdown already called on the given context')
            self._shutdown_locked()

    def try_shutdown(self) -> None:
        """Shut down the context if it is still ok; do nothing otherwise."""
        with self._lock:
            if self._handle is not None and self._handle.ok():
                self._shutdown_locked()

    def _shutdown_locked(self) -> None:
        for executor in list(self._executors):
            executor._context_shutting_down()
        callbacks, self._on_shutdown = self._on_shutdown, []
        for callback in callbacks:
            callback()
        assert self._handle is not None
        self._handle.shutdown()

    def on_shutdown(self, callback: Callable[[], None]) -> None:
        """Add a callback to run when the context is shut down."""
        if not callable(callback):
            raise TypeError('callback should be a callable, got {}'.format(type(callback)))
        with self._lock:
            if not self.ok():
                callback()
            else:
                self._on_shutdown.append(callback)

    def _remove_on_shutdown(self, callback: Callable[[], None]) -> None:
        with self._lock:
            if callback in self._on_shutdown:
                self._on_shutdown.remove(callback)

    def _register_executor(self, executor: object) -> None:
        self._executors.add(executor)

    def get_domain_id(self) -> int:
        """Return the ROS domain id of the context."""
        return self._require_ok().domain_id

    @property
    def _global_remap_rules(self) -> list:
        """Remap rules from the command line given to init()."""
        return [] if self._ros_args is None else list(self._ros_args.remap_rules)

    def __enter__(self) -> 'Context':
        if not self.ok():
            self.init()
        return self

    def __exit__(self, exc_type: Optional[Type[BaseException]], exc_val: Optional[BaseException],
                 exc_tb: Optional[TracebackType]) -> None:
        self.try_shutdown()

