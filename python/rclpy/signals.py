"""rclpy.signals: which signals shut down ROS contexts (rclpy's SignalHandlerOptions)."""

from enum import IntEnum
import signal
import threading
import time
from typing import Any, Dict

__all__ = ['SignalHandlerOptions', 'install_signal_handlers', 'get_current_signal_handlers_options',
           'uninstall_signal_handlers']


class SignalHandlerOptions(IntEnum):
    """Signal handlers that rclpy.init() installs."""

    NO = 0
    """No signal handler."""
    SIGINT = 1
    """Ctrl-C shuts down every context, then Python's own handler raises KeyboardInterrupt in the main thread."""
    SIGTERM = 2
    """SIGTERM shuts down every context, so spins end with ExternalShutdownException."""
    ALL = 3
    """SIGINT and SIGTERM."""


_lock = threading.Lock()
_options = SignalHandlerOptions.NO  # guarded by _lock, as is _previous
_previous: Dict[int, Any] = {}  # signal number -> the handler installed before ours


def _shutdown_contexts() -> None:
    """Shut down every initialized context (the handler must not depend on which ones exist).

    The handler runs in the main thread between two bytecodes, possibly inside a callback or a
    lock: it only marks the contexts shut down (ok() is False at once, so spins end after their
    current callback) and leaves the rest to a thread, which wakes the executors, lets running
    callbacks return, then deletes the DDS entities. The thread is not a daemon: the interpreter
    waits for it at exit, so the native shutdown is never cut off half-way.
    """
    from rclpy.context import _SIGNAL_GRACE_S, _all_contexts
    contexts = [context for context in list(_all_contexts) if context._begin_signal_shutdown()]
    if not contexts:
        return
    end = time.monotonic() + _SIGNAL_GRACE_S

    def shut_down() -> None:
        for context in contexts:
            try:
                context._finish_signal_shutdown(end)
            except Exception:  # noqa: B902 (keep shutting down the others)
                pass

    threading.Thread(target=shut_down, name='rclpy-signal-shutdown').start()


def _on_signal(signum: int, frame: Any) -> None:
    _shutdown_contexts()
    previous = _previous.get(signum)
    if callable(previous):
        previous(signum, frame)  # for SIGINT, Python's default_int_handler: KeyboardInterrupt


def install_signal_handlers(options: SignalHandlerOptions = SignalHandlerOptions.ALL) -> None:
    """
    Install rclpy's signal handlers (once; later calls keep the first options).

    With SIGINT (or ALL), Ctrl-C shuts down every context (so rclpy.ok() turns False and spins
    end, after the callback that runs, with ExternalShutdownException) and then calls the
    handler that was installed before: Python's, which raises KeyboardInterrupt in the main
    thread. A SIGINT that was ignored (SIG_IGN, as for background jobs of a non-interactive
    shell) is handled too, as rclpy does: it shuts the contexts down, with no KeyboardInterrupt.
    With SIGTERM (or ALL), SIGTERM shuts down every context and then calls the previous handler,
    if it was a Python callable. Handlers can only be installed from the main thread; elsewhere
    this does nothing.

    :param options: which signals to handle.
    """
    global _options
    options = SignalHandlerOptions(options)
    with _lock:
        if _options != SignalHandlerOptions.NO or threading.current_thread() is not threading.main_thread():
            return
        if options in (SignalHandlerOptions.SIGTERM, SignalHandlerOptions.ALL):
            _previous[signal.SIGTERM] = signal.signal(signal.SIGTERM, _on_signal)
        if options in (SignalHandlerOptions.SIGINT, SignalHandlerOptions.ALL):
            _previous[signal.SIGINT] = signal.signal(signal.SIGINT, _on_signal)
        _options = options


def get_current_signal_handlers_options() -> SignalHandlerOptions:
    """Return the options the installed signal handlers were installed with."""
    with _lock:
        return _options


def uninstall_signal_handlers() -> None:
    """Restore the signal handlers that were installed before :func:`install_signal_handlers`."""
    global _options
    with _lock:
        if threading.current_thread() is threading.main_thread():
            for signum, previous in _previous.items():
                if previous is not None and signal.getsignal(signum) is _on_signal:
                    signal.signal(signum, previous)
        _previous.clear()
        _options = SignalHandlerOptions.NO
