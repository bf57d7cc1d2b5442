"""The context: what rclpy.init() creates and rclpy.shutdown() ends (one DDS participant)."""

import os
import sys
import threading
import time
from types import MethodType, TracebackType
from typing import Any, Callable, List, Optional, Sequence, Type
import weakref

from rclpy.exceptions import NotInitializedException, RCLError
from rclx import _core

__all__ = ['Context']

# Every context, so a signal handler can shut them all down.
_all_contexts: 'weakref.WeakSet[Context]' = weakref.WeakSet()

# How long a shutdown asked for by a signal waits for running callbacks before it deletes the
# DDS entities under them (a callback that publishes then fails, as it would in rclpy).
_SIGNAL_GRACE_S = 3.0

# The executor functions that hold a piece of work from the moment the wait hands it out until
# its callback returned: a thread with one of them on its stack may be about to run a callback.
_EXECUTOR_WORK_FUNCTIONS = frozenset(('spin_once', '_spin_once_impl', '_spin_once_node', '_execute',
                                      '_job', '_run_ready_task', '_run_task'))


def _threads_in_executor_work() -> bool:
    """True if a thread other than the caller is inside an executor's spin_once (or a pool job).

    The signal handler often runs right after a wait handed out work and before the executor
    marked itself busy (the main thread runs Python handlers only once the native wait returned),
    so the executors' busy flags alone would let the shutdown delete the entities under the
    callback that is about to run.
    """
    executors_module = sys.modules.get('rclpy.executors')
    filename = getattr(executors_module, '__file__', None)
    if not filename:
        return False
    filename = os.path.normcase(filename)
    me = threading.get_ident()
    for ident, frame in sys._current_frames().items():
        if ident == me:
            continue
        while frame is not None:
            code = frame.f_code
            if code.co_name in _EXECUTOR_WORK_FUNCTIONS and os.path.normcase(code.co_filename) == filename:
                return True
            frame = frame.f_back
    return False


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
        self._on_shutdown: List[Any] = []  # callables, and WeakMethods of bound methods
        self._executors: 'weakref.WeakSet' = weakref.WeakSet()
        # Set when a signal handler (SIGTERM) shut the context down: the program's own shutdown()
        # afterwards is then not an error (real rclpy raises there, a bug users hit).
        self._shutdown_by_signal = False
        # Set by the signal handler: ok() is False from then on, while the native shutdown waits
        # for running callbacks to return (so a timer that publishes does not fail half-way).
        self._signal_down = False
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
            if self._signal_down:
                self.try_shutdown()  # a signal's shutdown still waiting for callbacks: finish it
            if self._handle is not None and self._handle.ok():
                raise RuntimeError('Context.init() must only be called once')
            argv = list(sys.argv if args is None else args)
            for arg in argv:
                if isinstance(arg, str):
                    arg.encode('utf-8')  # UnicodeEncodeError for arguments that are not UTF-8, as rclpy
            ros_args = _core.parse_ros_args(argv)
            if domain_id is not None and domain_id < 0:
                raise RuntimeError(f'Domain id ({domain_id}) should not be lower than zero.')
            from rclpy.impl.parameter_files import parameter_table_from_arguments
            parameter_table = parameter_table_from_arguments(argv, ros_args)  # RCLError if bad
            self._handle = _core.Context.create(-1 if domain_id is None else domain_id,
                                                ros_args.enclave or '/')
            self._ros_args = ros_args
            self._global_parameter_table = parameter_table
            self._shutdown_by_signal = False
            self._signal_down = False
        if initialize_logging:
            from rclpy import logging as _logging
            from rclpy.impl import rosout
            rosout.set_enabled(not ros_args.rosout_logs_disabled)
            apply = getattr(_logging, "_apply_ros_args", None)
            if apply is not None:
                apply(ros_args)

    def ok(self) -> bool:
        """Return True while the context is initialized and not shut down."""
        handle = self._handle
        return handle is not None and not self._signal_down and handle.ok()

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
            if self._handle is not None and self._handle.ok():
                self._shutdown_locked()  # also finishes a shutdown a signal asked for
            elif not self._shutdown_by_signal:
                raise RCLError('failed to shutdown: rcl_shutdown already called on the given context')

    def destroy(self) -> None:
        """
        Release the context's resources: its DDS participant goes now (shut down first if needed).

        Afterwards the context is not ok and may be initialized again.
        """
        with self._lock:
            if self._handle is not None and self._handle.ok():
                self._shutdown_locked()
            self._handle = None

    def try_shutdown(self) -> None:
        """Shut down the context if it is still ok; do nothing otherwise."""
        with self._lock:
            if self._handle is not None and self._handle.ok():
                self._shutdown_locked()

    def _begin_signal_shutdown(self) -> bool:
        """Called by the signal handler (main thread, between two bytecodes): ok() turns False at once.

        Only flags are set here (no lock, no native call, which could deadlock with the code the
        signal interrupted); :meth:`_finish_signal_shutdown` does the rest in another thread.

        :return: True if the context was ok, so it needs the rest of the shutdown.
        """
        if not self.ok():
            return False
        self._shutdown_by_signal = True
        self._signal_down = True
        return True

    def _finish_signal_shutdown(self, end: float) -> None:
        """End every spin, wait (until the monotonic time `end`) for running callbacks, shut down."""
        executors = list(self._executors)
        for executor in executors:
            executor._context_shutting_down()
        running = [executor._callbacks_running for executor in executors
                   if callable(getattr(executor, '_callbacks_running', None))]
        quiet = 0
        while quiet < 2 and time.monotonic() < end:  # quiet twice in a row, 2 ms apart
            busy = _threads_in_executor_work() or any(callbacks_running() for callbacks_running in running)
            quiet = 0 if busy else quiet + 1
            time.sleep(0.002)
        self.try_shutdown()

    def _shutdown_locked(self) -> None:
        for executor in list(self._executors):
            executor._context_shutting_down()
        callbacks, self._on_shutdown = self._on_shutdown, []
        for entry in callbacks:
            callback = entry() if isinstance(entry, weakref.WeakMethod) else entry
            if callback is not None:
                callback()
        assert self._handle is not None
        self._handle.shutdown()

    def on_shutdown(self, callback: Callable[[], None]) -> None:
        """
        Add a callback to run when the context is shut down (at once if it is shut down already).

        A bound method is held weakly, as rclpy does: it does not keep its object alive.
        """
        if not callable(callback):
            raise TypeError('callback should be a callable, got {}'.format(type(callback)))
        with self._lock:
            if self._handle is None or not self._handle.ok():
                callback()
            elif isinstance(callback, MethodType):
                self._on_shutdown.append(weakref.WeakMethod(callback, self._forget_dead_callback))
            else:
                self._on_shutdown.append(callback)

    def _forget_dead_callback(self, entry: 'weakref.WeakMethod') -> None:
        with self._lock:
            if entry in self._on_shutdown:
                self._on_shutdown.remove(entry)

    def _remove_on_shutdown(self, callback: Callable[[], None]) -> None:
        with self._lock:
            for entry in self._on_shutdown:
                if entry == callback or (isinstance(entry, weakref.WeakMethod) and entry() == callback):
                    self._on_shutdown.remove(entry)
                    break

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

