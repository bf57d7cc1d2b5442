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
    """Ctrl-C shuts down every context, then Python's own handler raises KeyboardInterrupt in the main thread."""
    SIGTERM = 2
    """SIGTERM shuts down every context, so spins end with ExternalShutdownException."""
    ALL = 3
    """SIGINT and SIGTERM."""


_lock = threading.Lock()
_options = SignalHandlerOptions.NO  # guarded by _lock, as are the _previous_* handlers
_previous_sigterm: Any = None
_previous_sigint: Any = None


def _shutdown_contexts() -> None:
    """Shut down every initialized context (the handler must not depend on which ones exist).

    Runs in a helper thread that the handler waits for (up to 1 s): a handler runs in the main thread
    between two bytecodes, possibly inside a lock the shutdown needs, which must not deadlock it.
    """
    from rclpy.context import _all_contexts
    contexts = [context for context in list(_all_contexts) if context.ok()]
    if not contexts:
        return
    for context in contexts:
        context._shutdown_by_signal = True

    def shut_down() -> None:
        for context in contexts:
            try:
                context.try_shutdown()
            except Exception:  # noqa: B902 (keep shutting down the others)
                pass

    worker = threading.Thread(target=shut_down, name='rclpy-signal-shutdown', daemon=True)
    worker.start()
    worker.join(timeout=1.0)


def _on_sigterm(signum: int, frame: Any) -> None:
    _shutdown_contexts()
    previous = _previous_sigterm
    if callable(previous):
        previous(signum, frame)


def _on_sigint(signum: int, frame: Any) -> None:
    _shutdown_contexts()
    previous = _previous_sigint
    if callable(previous):
        previous(signum, frame)  # Python's default_int_handler: KeyboardInterrupt


def install_signal_handlers(options: SignalHandlerOptions = SignalHandlerOptions.ALL) -> None:
    """
    Install rclpy's signal handlers (once; later calls keep the first options).

    With SIGINT (or ALL), Ctrl-C shuts down every context (so rclpy.ok() turns False and spins in
    other threads end with ExternalShutdownException) and then calls the handler that was installed
    before: Python's, which raises KeyboardInterrupt in the main thread (a spinning executor notices
    it within 100 ms). A SIGINT that is ignored (SIG_IGN, as for background jobs of a
    non-interactive shell) stays ignored, as with rclpy. With SIGTERM (or ALL), SIGTERM shuts down
    every context and then calls the previous handler, if it was a Python callable.
    Handlers can only be installed from the main thread; elsewhere this does nothing.

    :param options: which signals to handle.
    """
    global _options, _previous_sigterm, _previous_sigint
    options = SignalHandlerOptions(options)
    with _lock:
        if _options != SignalHandlerOptions.NO or threading.current_thread() is not threading.main_thread():
            return
        if options in (SignalHandlerOptions.SIGTERM, SignalHandlerOptions.ALL):
            _previous_sigterm = signal.signal(signal.SIGTERM, _on_sigterm)
        if options in (SignalHandlerOptions.SIGINT, SignalHandlerOptions.ALL) and \
                signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:
            _previous_sigint = signal.signal(signal.SIGINT, _on_sigint)
        _options = options


def get_current_signal_handlers_options() -> SignalHandlerOptions:
    """Return the options the installed signal handlers were installed with."""
    with _lock:
        return _options


def uninstall_signal_handlers() -> None:
    """Restore the signal handlers that were installed before :func:`install_signal_handlers`."""
    global _options, _previous_sigterm, _previous_sigint
    with _lock:
        if threading.current_thread() is threading.main_thread():
            for signum, previous, ours in ((signal.SIGTERM, _previous_sigterm, _on_sigterm),
                                           (signal.SIGINT, _previous_sigint, _on_sigint)):
                if previous is not None and signal.getsignal(signum) is ours:
                    signal.signal(signum, previous)
        _previous_sigterm = None
        _previous_sigint = None
        _options = SignalHandlerOptions.NO
