"""Tests for rclpy.task: Future results, done callbacks with and without an executor, Task."""

import gc
import threading

import pytest

from rclpy.task import Future, Task


class FakeExecutor:
    """Records the tasks a future asks it to create, like Executor.create_task."""

    def __init__(self):
        self.created = []

    def create_task(self, callback, *args, **kwargs):
        self.created.append((callback, args, kwargs))


# --- Future -----------------------------------------------------------------------------

def test_new_future_is_pending():
    f = Future()
    assert not f.done() and not f.cancelled()
    assert f.result() is None and f.exception() is None


def test_set_result():
    f = Future()
    f.set_result('ok')
    assert f.done() and f.result() == 'ok' and f.exception() is None


def test_set_exception_is_raised_by_result():
    f = Future()
    error = ValueError('bad')
    f.set_exception(error)
    assert f.done()
    with pytest.raises(ValueError, match='bad'):
        f.result()
    assert f.exception() is error


def test_unretrieved_exception_is_reported(capsys):
    f = Future()
    f.set_exception(RuntimeError('lost'))
    del f
    gc.collect()
    assert 'The following exception was never retrieved: lost' in capsys.readouterr().err


def test_retrieved_exception_is_not_reported(capsys):
    f = Future()
    f.set_exception(RuntimeError('seen'))
    f.exception()
    del f
    gc.collect()
    assert capsys.readouterr().err == ''


def test_cancel():
    f = Future()
    called = []
    f.add_done_callback(called.append)
    f.cancel()
    assert f.cancelled() and not f.done()
    assert called == [f]  # done callbacks run on cancel
    f.set_result(1)  # a later result clears the cancellation
    assert f.done() and not f.cancelled()


def test_cancel_after_done_is_ignored():
    f = Future()
    f.set_result(1)
    f.cancel()
    assert not f.cancelled() and f.result() == 1


def test_done_callbacks_without_executor_run_immediately():
    f = Future()
    calls = []
    f.add_done_callback(lambda fut: calls.append(('a', fut.result())))
    f.add_done_callback(lambda fut: calls.append(('b', fut.result())))
    assert calls == []
    f.set_result(5)
    assert calls == [('a', 5), ('b', 5)]
    f.add_done_callback(lambda fut: calls.append(('late', fut.result())))
    assert calls[-1] == ('late', 5)


def test_raising_done_callback_warns_and_others_still_run():
    f = Future()
    calls = []

    def bad(_):
        raise RuntimeError('oops')

    f.add_done_callback(bad)
    f.add_done_callback(calls.append)
    with pytest.warns(UserWarning, match='Unhandled exception in done callback: oops'):
        f.set_result(None)
    assert calls == [f]


def test_late_callback_exception_propagates_without_executor():
    f = Future()
    f.set_result(None)

    def bad(_):
        raise RuntimeError('now')

    with pytest.raises(RuntimeError, match='now'):
        f.add_done_callback(bad)


def test_done_callbacks_go_through_executor():
    executor = FakeExecutor()
    f = Future(executor=executor)
    callback = object()
    f.add_done_callback(callback)  # type: ignore[arg-type]
    assert executor.created == []
    f.set_result(1)
    assert executor.created == [(callback, (f,), {})]
    f.add_done_callback(callback)  # type: ignore[arg-type]
    assert len(executor.created) == 2


def test_executor_is_held_weakly():
    executor = FakeExecutor()
    f = Future()
    f._set_executor(executor)
    del executor
    gc.collect()
    calls = []
    f.add_done_callback(calls.append)
    f.set_result(1)
    assert calls == [f]  # executor gone: called directly


def test_await_inside_coroutine():
    f = Future()

    async def waiter():
        return (await f) * 2

    coroutine = waiter()
    assert coroutine.send(None) is None  # suspended: the future is not done
    assert coroutine.send(None) is None
    f.set_result(21)
    with pytest.raises(StopIteration) as stop:
        coroutine.send(None)
    assert stop.value.value == 42


# --- Task -------------------------------------------------------------------------------

def test_task_runs_function_once():
    calls = []

    def work(a, b=0):
        calls.append((a, b))
        return a + b

    task = Task(work, args=(1,), kwargs={'b': 2})
    assert not task.done() and not task.executing()
    task()
    assert task.done() and task.result() == 3
    task()
    assert calls == [(1, 2)]
    assert task._handler is None


def test_task_stores_exception():
    def fail():
        raise KeyError('k')

    task = Task(fail)
    task()
    assert task.done()
    assert isinstance(task.exception(), KeyError)


def test_task_steps_coroutine_function():
    gate = Future()
    steps = []

    async def work(x):
        steps.append('start')
        value = await gate
        steps.append('resumed')
        return x + value

    task = Task(work, args=(1,))
    task()
    assert steps == ['start'] and not task.done()
    task()
    assert not task.done()
    gate.set_result(10)
    task()
    assert steps == ['start', 'resumed'] and task.done() and task.result() == 11


def test_task_accepts_coroutine_object_and_awaits_other_task():
    inner = Task(lambda: 5)

    async def outer():
        return await inner

    task = Task(outer())
    task()
    assert not task.done()
    inner()
    task()
    assert task.result() == 5


def test_coroutine_exception_is_stored():
    async def fail():
        raise ValueError('inside')

    task = Task(fail)
    task()
    with pytest.raises(ValueError, match='inside'):
        task.result()


def test_task_done_callbacks_via_executor():
    executor = FakeExecutor()
    task = Task(lambda: 'r', executor=executor)
    task.add_done_callback(print)
    task()
    assert executor.created == [(print, (task,), {})]


def test_task_executing_flag_and_no_reentry():
    started, release = threading.Event(), threading.Event()
    runs = []

    def work():
        runs.append(1)
        started.set()
        release.wait(5)
        return 'done'

    task = Task(work)
    worker = threading.Thread(target=task)
    worker.start()
    assert started.wait(5)
    assert task.executing()
    task()  # already running in another thread: returns at once
    release.set()
    worker.join(5)
    assert runs == [1] and task.result() == 'done' and not task.executing()
