"""rclpy.signals: which signals shut down ROS contexts (rclpy's SignalHandlerOptions)."""

from enum import IntEnum
import signal
import threading
import time
from typing import Any, Dict, Tuple

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

    def __str__(self) -> str:
        return f'{type(self).__name__}.{self.name}'


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

    try:
        threading.Thread(target=shut_down, name='rclpy-signal-shutdown').start()
    except RuntimeError:  # no new threads (the interpreter is exiting): shut down here
        shut_down()


def _handled(options: SignalHandlerOptions) -> Tuple[int, ...]:
    """The signal numbers that `options` handles."""
    return {SignalHandlerOptions.NO: (), SignalHandlerOptions.SIGINT: (signal.SIGINT,),
            SignalHandlerOptions.SIGTERM: (signal.SIGTERM,),
            SignalHandlerOptions.ALL: (signal.SIGINT, signal.SIGTERM)}[options]


def _on_signal(signum: int, frame: Any) -> None:
    if signum in _handled(_options):  # else uninstalled from another thread: only pass it on
        _shutdown_contexts()
    previous = _previous.get(signum)
    if callable(previous):
        previous(signum, frame)  # for SIGINT, Python's default_int_handler: KeyboardInterrupt


def install_signal_handlers(options: SignalHandlerOptions = SignalHandlerOptions.ALL) -> None:
    """
    Install rclpy's signal handlers (a later call replaces the options).

    With SIGINT (or ALL), Ctrl-C shuts down every context (so rclpy.ok() turns False and spins
    end, after the callback that runs) and then calls the handler that was installed before:
    Python's, which raises KeyboardInterrupt in the main thread. A SIGINT that was ignored
    (SIG_IGN, as for background jobs of a non-interactive shell) is handled too, as rclpy does:
    it shuts the contexts down, with no KeyboardInterrupt. With SIGTERM (or ALL), SIGTERM shuts
    down every context, so spins end, and then calls the previous handler if it was a Python
    callable. Python lets only the main thread install handlers: elsewhere this does nothing.

    :param options: which signals to handle.
    """
    global _options
    options = SignalHandlerOptions(options)
    with _lock:
        if threading.current_thread() is not threading.main_thread():
            return
        for signum in (signal.SIGINT, signal.SIGTERM):
            ours = signal.getsignal(signum) is _on_signal
            if signum in _handled(options) and not ours:
                _previous[signum] = signal.signal(signum, _on_signal)
            elif signum not in _handled(options) and ours:
                _restore(signum)
        _options = options


def _restore(signum: int) -> None:
    """Put back the handler `signum` had before ours (main thread only; caller holds _lock)."""
    previous = _previous.pop(signum, None)
    # None: the handler before was not installed from Python and cannot be put back; the default is
    # closer to it than ours, which would now swallow the signal.
    signal.signal(signum, signal.SIG_DFL if previous is None else previous)


def get_current_signal_handlers_options() -> SignalHandlerOptions:
    """Return the options the installed signal handlers were installed with."""
    with _lock:
        return _options


def uninstall_signal_handlers() -> None:
    """
    Restore the signal handlers that were installed before :func:`install_signal_handlers`.

    From a thread other than the main one (where Python cannot change handlers), signals are
    no longer handled by rclpy: they only reach the handlers that were there before.
    """
    global _options
    with _lock:
        if threading.current_thread() is threading.main_thread():
            for signum in list(_previous):
                if signal.getsignal(signum) is _on_signal:
                    _restore(signum)
                else:  # replaced by the program since: leave the program's handler
                    _previous.pop(signum, None)
        _options = SignalHandlerOptions.NO
