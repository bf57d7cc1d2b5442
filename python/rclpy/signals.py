"""rclpy.signals: which signals shut down ROS contexts (rclpy's SignalHandlerOptions)."""

from enum import IntEnum
import signal
import threading
from typing import Any, Optional

__all__ = ['SignalHandlerOptions', 'install_signal_handlers', 'get_current_signal_handlers_options',
           'uninstall_signal_handlers']


class SignalHandlerOptions(IntEnum):
    """Signal handlers that rclpy.init() installs."""

    NO = 0
    """No signal handler."""
    SIGINT = 1
    """Ctrl-C: KeyboardInterrupt is raised in the thread that spins (Python's own handler)."""
    SIGTERM = 2
    """SIGTERM shuts down every context, so spins end with ExternalShutdownException."""
    ALL = 3
    """SIGINT and SIGTERM."""


_lock = threading.Lock()
_options = SignalHandlerOptions.NO  # guarded by _lock, as is _previous_sigterm
_previous_sigterm: Any = None


def _shutdown_contexts() -> None:
    """Shut down every initialized context (the handler must not depend on which ones exist)."""
    from rclpy.context import _all_contexts
    for context in list(_all_contexts):
        if not context.ok():
            continue
        context._shutdown_by_signal = True
        try:
            context.try_shutdown()
        except Exception:  # noqa: B902 (keep shutting down the others)
            pass


def _on_sigterm(signum: int, frame: Any) -> None:
    _shutdown_contexts()
    previous = _previous_sigterm
    if callable(previous):
        previous(signum, frame)


def install_signal_handlers(options: SignalHandlerOptions = SignalHandlerOptions.ALL) -> None:
    """
    Install rclpy's signal handlers (once; later calls keep the first options).

    SIGINT keeps Python's handler: it raises KeyboardInterrupt in the main thread, and a spinning
    executor notices it within 100 ms. With SIGTERM (or ALL), SIGTERM shuts down every context
    and then calls the handler that was installed before, if it was a Python callable.
    Handlers can only be installed from the main thread; elsewhere this does nothing.

    :param options: which signals to handle.
    """
    global _options, _previous_sigterm
    options = SignalHandlerOptions(options)
    with _lock:
        if _options != SignalHandlerOptions.NO or threading.current_thread() is not threading.main_thread():
            return
        if options in (SignalHandlerOptions.SIGTERM, SignalHandlerOptions.ALL):
            _previous_sigterm = signal.signal(signal.SIGTERM, _on_sigterm)
        _options = options


def get_current_signal_handlers_options() -> SignalHandlerOptions:
    """Return the options the installed signal handlers were installed with."""
    with _lock:
        return _options


def uninstall_signal_handlers() -> None:
    """Restore the signal handlers that were installed before :func:`install_signal_handlers`."""
    global _options, _previous_sigterm
    with _lock:
        if _options in (SignalHandlerOptions.SIGTERM, SignalHandlerOptions.ALL) and \
                threading.current_thread() is threading.main_thread():
            previous: Optional[Any] = _previous_sigterm
            signal.signal(signal.SIGTERM, signal.SIG_DFL if previous is None else previous)
        _previous_sigterm = None
        _options = SignalHandlerOptions.NO
