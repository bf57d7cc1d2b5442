"""Future and Task: results of work an executor runs, and coroutines it steps through."""

import inspect
import sys
import threading
from typing import (Any, Callable, Coroutine, Dict, Generator, Generic, List, Optional,
                    Sequence, TYPE_CHECKING, TypeVar, Union)
import warnings
import weakref

if TYPE_CHECKING:
    from rclpy.executors import Executor


T = TypeVar('T')

# The task whose coroutine this thread is stepping, so that an awaited future can resume it.
_stepping = threading.local()


def _no_executor() -> None:
    """Stand in for the weak reference of a future that has no executor."""
    return None


class Future(Generic[T]):
    """Represent the outcome of a task in the future."""

    def __init__(self, *, executor: Optional['Executor'] = None) -> None:
        """
        Create a future that is not done.

        :param executor: executor that runs this future's done callbacks; ``None`` to run
            them directly in the thread that completes the future.
        """
        # The fields below are written under _lock.
        self._lock = threading.Lock()
        self._done = False  # a result or an exception was set
        self._cancelled = False
        self._result: Optional[T] = None
        self._exception: Optional[BaseException] = None
        self._exception_fetched = False
        self._callbacks: List[Callable[['Future[T]'], None]] = []
        # Called directly (never through an executor) by the thread that completes or cancels.
        self._wakers: List[Callable[[], None]] = []
        # Weak, so a future does not keep its executor alive.
        self._executor: Callable[[], Optional['Executor']] = _no_executor
        self._set_executor(executor)

    def __del__(self) -> None:
        # An exception nobody looked at would otherwise vanish silently.
        if self._exception is not None and not self._exception_fetched:
            print('The following exception was never retrieved: ' + str(self._exception),
                  file=sys.stderr)

    def __await__(self) -> Generator[None, None, Optional[T]]:
        # Give control back to the task running the awaiting coroutine until this is done (or
        # cancelled: then the result is None); that task is resumed when this future completes.
        while not self._done and not self._cancelled:
            task = getattr(_stepping, 'task', None)
            if task is not None:
                task._parked = True
                self._add_waker(task._resume)
            elif 'asyncio' in sys.modules:
                # Awaited by an asyncio task (not an executor's): wait on an asyncio future.
                from rclx.asyncio import _running_loop, wrap
                loop = _running_loop()
                if loop is not None:
                    return (yield from wrap(self, loop=loop).__await__())
            yield
        return self.result()

    def _add_waker(self, waker: Callable[[], None]) -> None:
        """Call ``waker()`` once this future is done or cancelled (now, if it already is)."""
        with self._lock:
            if not self._done and not self._cancelled:
                self._wakers.append(waker)
                return
        waker()

    def cancel(self) -> None:
        """
        Request cancellation of the running task if it is not done already.

        Done callbacks are then run (or scheduled) as if the future had completed.
        """
        with self._lock:
            if not self._done:
                self._cancelled = True
        self._schedule_or_invoke_done_callbacks()

    def cancelled(self) -> bool:
        """
        Indicate if the task has been cancelled.

        :return: ``True`` if the task was cancelled.
        """
        return self._cancelled

    def done(self) -> bool:
        """
        Indicate if the task has finished executing.

        :return: ``True`` if the task finished or raised while it was executing.
        """
        return self._done

    def result(self) -> Optional[T]:
        """
        Get the result of a done task.

        :raises: the exception set by the task, if there was one.
        :return: the result set by the task, or ``None`` if no result was set.
        """
        exception = self.exception()
        if exception is not None:
            raise exception
        return self._result

    def exception(self) -> Optional[BaseException]:
        """
        Get the exception raised by a done task.

        :return: the exception raised by the task, or ``None``.
        """
        self._exception_fetched = True
        return self._exception

    def set_result(self, result: T) -> None:
        """
        Set the result returned by a task and run the done callbacks.

        :param result: the output of a long running task.
        """
        with self._lock:
            self._result = result
            self._done = True
            self._cancelled = False
        self._schedule_or_invoke_done_callbacks()

    def set_exception(self, exception: BaseException) -> None:
        """
        Set the exception raised by a task and run the done callbacks.

        :param exception: the exception raised by a long running task.
        """
        with self._lock:
            self._exception = exception
            self._exception_fetched = False
            self._done = True
            self._cancelled = False
        self._schedule_or_invoke_done_callbacks()

    def _schedule_or_invoke_done_callbacks(self) -> None:
        """
        Hand the done callbacks to the executor if there is one, else call them now.

        Must be called without holding ``self._lock``.
        """
        with self._lock:
            executor = self._executor()
            callbacks = self._callbacks
            self._callbacks = []
            wakers = self._wakers
            self._wakers = []
        for waker in wakers:
            waker()

        if executor is not None:
            for callback in callbacks:
                executor.create_task(callback, self)
            return
        for callback in callbacks:
            try:
                callback(self)
            except Exception as e:
                # Keep going: the remaining callbacks must still run.
                warnings.warn(f'Unhandled exception in done callback: {e}')

    def _set_executor(self, executor: Optional['Executor']) -> None:
        """Set the executor that runs this future's done callbacks (``None`` for none)."""
        with self._lock:
            self._executor = _no_executor if executor is None else weakref.ref(executor)

    def add_done_callback(self, callback: Callable[['Future[T]'], None]) -> None:
        """
        Add a callback to be executed when the task is done.

        Callbacks should not raise exceptions.  If the future is already done, the callback
        is scheduled on the executor, or, without an executor, called immediately by this
        method, which then raises whatever the callback raises.

        :param callback: called with this future as its only argument.
        """
        call_now = False
        with self._lock:
            if self._done:
                executor = self._executor()
                if executor is not None:
                    executor.create_task(callback, self)
                else:
                    call_now = True
            else:
                self._callbacks.append(callback)
        if call_now:
            callback(self)


class Task(Future[T]):
    """
    Execute a function or coroutine.

    A normal function runs to completion in one call; a coroutine advances to its next
    ``await`` of an unfinished future on each call.  On completion the done callbacks are run
    or scheduled.

    This class should only be instantiated by :class:`rclpy.executors.Executor`.
    """

    def __init__(self,
                 handler: Union[Callable[..., T], Coroutine[Any, Any, T]],
                 args: Optional[Sequence[Any]] = None,
                 kwargs: Optional[Dict[str, Any]] = None,
                 executor: Optional['Executor'] = None) -> None:
        """
        Create a task.

        :param handler: a function, a coroutine function, or a coroutine object.
        :param args: positional arguments for ``handler``.
        :param kwargs: keyword arguments for ``handler``.
        :param executor: executor that runs the done callbacks.
        """
        super().__init__(executor=executor)
        self._handler: Any = handler
        self._args: Optional[Sequence[Any]] = [] if args is None else args
        self._kwargs: Optional[Dict[str, Any]] = {} if kwargs is None else kwargs
        if inspect.iscoroutinefunction(handler):
            # Create the coroutine now; each call to the task then steps it.
            self._handler = handler(*self._args, **self._kwargs)
            self._args = None
            self._kwargs = None
        self._executing = False  # True while a call to this task is in progress
        # Held while the task runs, so two threads cannot run it at once.
        self._task_lock = threading.Lock()
        self._again = False  # a resume arrived while running: run once more afterwards
        self._parked = False  # the last step awaited a future that will resume this task

    def __call__(self) -> None:
        """
        Run or resume the task.

        A function is called once; a coroutine is resumed until its next suspension.  The
        return value becomes the task's result and an exception its exception.  A call while
        the task is done or already running does nothing.
        """
        if self._done:
            return
        if self._executing or not self._task_lock.acquire(blocking=False):
            self._again = True
            if self._task_lock.acquire(blocking=False):
                # The other run ended in between and may have missed the flag.
                self._task_lock.release()
                self._resume()
            return
        try:
            if self._done:
                return
            if self._cancelled:
                if inspect.iscoroutine(self._handler):
                    self._handler.close()
                self._complete_task()
                return
            self._executing = True
            self._again = False
            if inspect.iscoroutine(self._handler):
                self._step_coroutine()
            else:
                try:
                    result = self._handler(*self._args, **self._kwargs)
                except Exception as e:
                    self.set_exception(e)
                else:
                    self.set_result(result)
                self._complete_task()
        finally:
            self._executing = False
            self._task_lock.release()
        # After the release: a resume racing with the end of this run sets the flag first or
        # finds the lock free and resumes by itself (a duplicate resume only costs one step).
        if self._again and not self._done:
            self._again = False
            self._resume()

    def _resume(self) -> None:
        """Ask the executor to run this task again (a future it awaits completed)."""
        executor = self._executor()
        if executor is not None and not self._done:
            executor._schedule_task(self)

    def _step_coroutine(self) -> None:
        coroutine = self._handler
        outer = getattr(_stepping, 'task', None)
        _stepping.task = self
        self._parked = False
        try:
            coroutine.send(None)
            if not self._parked:
                # It awaited something that will not resume it (a bare yield): poll.
                self._again = True
        except StopIteration as e:
            coroutine.close()
            self.set_result(e.value)
            self._complete_task()
        except Exception as e:
            self.set_exception(e)
            self._complete_task()
        finally:
            _stepping.task = outer

    def _complete_task(self) -> None:
        """Drop the handler and its arguments once the task has finished."""
        self._handler = None
        self._args = None
        self._kwargs = None

    def executing(self) -> bool:
        """
        Check if the task is currently being executed.

        :return: ``True`` if the task is currently executing.
        """
        return self._executing
