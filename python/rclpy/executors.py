"""rclpy.executors: run the callbacks of nodes. Waiting and taking happen in C++ without the GIL."""

from collections import deque
from functools import partial
import inspect
import os
import threading
import time
from typing import Any, Callable, Deque, Dict, List, Optional, Set, Tuple, TYPE_CHECKING
import weakref

from rclpy.callback_groups import ReentrantCallbackGroup
from rclpy.context import Context
from rclpy.task import Future, Task
from rclpy.utilities import get_default_context
from rclx import _core

if TYPE_CHECKING:
    from rclpy.node import Node

__all__ = ['Executor', 'SingleThreadedExecutor', 'MultiThreadedExecutor', 'ExternalShutdownException',
           'ShutdownException', 'TimeoutException', 'ConditionReachedException']

# Work kinds reported by the native engine (see bindings/dispatcher.cpp).
_SUBSCRIPTION, _TIMER, _GUARD, _WAITABLE, _SUBSCRIPTION_WITH_INFO, _MALFORMED = 0, 1, 2, 3, 4, -1

class _Current(threading.local):
    executor: Optional['Executor'] = None  # the executor whose pool thread this is


_current = _Current()
_get_ident = threading.get_ident


class ExternalShutdownException(Exception):
    """The context was shut down while an executor was spinning."""


class ShutdownException(Exception):
    """The executor was shut down."""


class TimeoutException(Exception):
    """Spinning did not finish in time."""


class ConditionReachedException(Exception):
    """Spinning stopped because its condition was reached."""


def _exclusive_id(entity: Any) -> int:
    """The engine's exclusion id for an entity: its group's identity, or 0 if it may overlap."""
    from rclpy.client import Client
    group = getattr(entity, 'callback_group', None)
    # A client's work only completes futures (their callbacks run as tasks), so it never needs to
    # wait for its group: a callback awaiting (or, with threads, blocking on) a reply in the same
    # group then cannot deadlock.
    if group is None or isinstance(group, ReentrantCallbackGroup) or isinstance(entity, Client):
        return 0
    return id(group)


class _Registrar:
    """The engine as a waitable's ``_register_with`` sees it, with the waitable's exclusion id added."""

    def __init__(self, engine: _core.Dispatcher, exclusive: int) -> None:
        self._engine = engine
        self._exclusive = exclusive

    def add_waitable(self, key: int, group: int, waitable: Any, exclusive: Optional[int] = None) -> None:
        self._engine.add_waitable(key, group, waitable, self._exclusive if exclusive is None else exclusive)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._engine, name)


def _warn_if_blocking_call_deadlocks(client: Any) -> None:
    """
    Warn when a blocking ``Client.call()`` runs inside a callback of a single-threaded executor
    that also spins the client's node: the reply can only be taken after the callback returns.

    Meant to be called by Client.call() before it blocks; the call then waits (and times out) as usual.
    """
    node = getattr(client, '_node', None)
    executor = None if node is None else node.executor
    if not isinstance(executor, SingleThreadedExecutor) or executor._busy_thread != _get_ident():
        return
    node.get_logger().warning(
        "Client.call() for service '{}' was made from a callback of the SingleThreadedExecutor "
        'that spins this node: the response cannot be processed until the callback returns, '
        'so the call deadlocks (until its timeout). Use call_async() and await it, or a '
        'MultiThreadedExecutor with the client in another callback group.'.format(client.srv_name))


class Executor:
    """
    The base class of executors: holds nodes, waits for their entities and runs callbacks.

    The native engine waits with the GIL released, takes ready samples in batches and hands out
    one callback's input at a time (timers first, then round-robin); only callbacks run in Python.
    The engine also keeps the callbacks of a mutually exclusive callback group from overlapping:
    it hands out no work of a group until the group's running callback reported back.

    Tasks (:meth:`create_task`, coroutine callbacks) run in the executor; a coroutine awaiting a
    future is resumed when that future completes, which wakes the executor.
    """

    def __init__(self, *, context: Optional[Context] = None) -> None:
        self._context = get_default_context() if context is None else context
        self._nodes: List['Node'] = []
        self._entities: Dict[int, Any] = {}
        self._exclusive: Dict[int, int] = {}  # entity key -> exclusion id (0: none)
        self._synced: Dict[int, Tuple[int, Set[int]]] = {}  # node key -> (generation, entity keys)
        self._engine: Optional[_core.Dispatcher] = None
        self._lock = threading.RLock()
        # Tasks ready to be stepped, in order; _tasks_lock guards both.
        self._ready: Deque[Task] = deque()
        self._ready_set: Set[Task] = set()
        self._tasks_lock = threading.Lock()
        self._is_shutdown = False
        self._context_down = False  # set when the context starts shutting down
        # The thread running one of this executor's callbacks in spin_once (None between them).
        self._busy_thread: Optional[int] = None
        self._idle_wake = threading.Event()  # ends a wait while there is no engine yet
        # The node the last rclpy.spin_once(node) added for its one call and left in place, so that
        # the next such call on it need not add it again (see _spin_once_node). It counts as removed:
        # every other use of the executor removes it first (_settle). Guarded by _lock.
        self._lingering: Optional['Node'] = None
        self._self_ref = weakref.ref(self)
        self._context._register_executor(self)

    # Whether the engine keeps every piece of work in flight until done() (callbacks run in
    # other threads), or only work held for a suspended coroutine (callbacks run in spin_once).
    _track_in_flight = False

    @property
    def context(self) -> Context:
        """The context the executor waits in."""
        return self._context

    # -- nodes and entities ---------------------------------------------------------------------

    def _get_engine(self) -> _core.Dispatcher:
        if self._engine is None:
            self._engine = _core.Dispatcher(self._context._require_ok(), 32, self._track_in_flight)
        return self._engine

    def add_node(self, node: 'Node') -> bool:
        """
        Add a node whose callbacks should be managed by this executor.

        :param node: the node to add.
        :return: ``True`` if the node was added, ``False`` if it was already in this executor.
        """
        with self._lock:
            if self._lingering is node:
                self._lingering = None  # left in place by rclpy.spin_once: now added for good
                self._sync_node(node)  # with the entities it made meanwhile (not announced here)
                return True
            self._settle_locked()
            if node in self._nodes:
                return False
            ref = node._executor_ref
            current = ref() if ref is not None else None
            if current is not None and current is not self:
                current.remove_node(node)
            self._nodes.append(node)
            node._executor_ref = self._self_ref
            self._sync_node(node)
            self._get_engine().set_group_enabled(node._key, True)
        if not self._idle_wake.is_set():
            self._idle_wake.set()  # a wait that started without any node waits for this one now
        return True

    def remove_node(self, node: 'Node') -> None:
        """
        Stop managing this node's callbacks (samples already taken are kept for later).

        :param node: the node to remove.
        """
        with self._lock:
            if self._lingering is node:
                self._lingering = None
            else:
                self._settle_locked()
            self._remove_node_locked(node)

    def _remove_node_locked(self, node: 'Node') -> None:
        if node not in self._nodes:
            return
        self._nodes.remove(node)
        if node._executor_ref is self._self_ref:
            node._executor_ref = None
        if self._engine is not None:
            self._engine.set_group_enabled(node._key, False)
            if node._destroyed:
                self._forget_node(node)

    def _forget_destroyed_node(self, node: 'Node') -> None:
        """Node.destroy_node: removes the node if it is here and drops what is kept of its entities."""
        with self._lock:
            self.remove_node(node)
            self._forget_node(node)

    def _settle_locked(self) -> None:
        """Removes the node a previous rclpy.spin_once(node) left in place, if any."""
        node, self._lingering = self._lingering, None
        if node is not None:
            self._remove_node_locked(node)

    def _settle(self) -> None:
        if self._lingering is not None:
            with self._lock:
                self._settle_locked()

    def _spin_once_node(self, node: 'Node', timeout_sec: Optional[float]) -> None:
        """
        rclpy.spin_once(node, executor=self): spin once with `node` added for the call only.

        A node that was not in this executor is added and, afterwards, left in place but counted
        as removed (`_lingering`), so that calling this again for the same node, as a loop of
        rclpy.spin_once(node) does, costs no add and remove (~0.4 us of ~2 us per message).
        """
        lock = self._lock
        with lock:
            if self._lingering is node:
                self._lingering = None
                added_here = True
                self._sync_node(node)  # entities made or destroyed meanwhile (free if none)
            else:
                added_here = self.add_node(node)
        try:
            self.spin_once(timeout_sec)
        finally:
            if added_here:
                with lock:
                    if self._lingering is None and node._executor_ref is self._self_ref and \
                            not node._destroyed and not self._is_shutdown:
                        self._lingering = node
                    else:
                        self._remove_node_locked(node)

    def get_nodes(self) -> List['Node']:
        """Return the nodes that have been added to this executor."""
        with self._lock:
            return [node for node in self._nodes if node is not self._lingering]

    def _sync_node(self, node: 'Node') -> None:
        """Makes the engine hold exactly the node's current entities (free when nothing changed)."""
        synced = self._synced.get(node._key)
        if synced is not None and synced[0] == node._generation:
            return
        node._executors_seen.add(self)
        entities = list(node._entities())
        keys = {e._key for e in entities}
        engine = self._get_engine()
        old = synced[1] if synced is not None else set()
        for key in old - keys:
            engine.remove(key)
            self._entities.pop(key, None)
            self._exclusive.pop(key, None)
        for entity in entities:
            if entity._key not in old:
                self._register(engine, node, entity)
        self._synced[node._key] = (node._generation, keys)

    def _forget_node(self, node: 'Node') -> None:
        synced = self._synced.pop(node._key, None)
        if synced is not None:
            for key in synced[1]:
                self._entities.pop(key, None)
                self._exclusive.pop(key, None)
        if self._engine is not None:
            self._engine.remove_group(node._key)

    def _register(self, engine: _core.Dispatcher, node: 'Node', entity: Any) -> None:
        from rclpy.guard_condition import GuardCondition
        from rclpy.subscription import Subscription
        from rclpy.timer import Timer
        exclusive = _exclusive_id(entity)
        if isinstance(entity, Subscription):
            engine.add_subscription(entity._key, node._key, entity.handle, exclusive)
        elif isinstance(entity, Timer):
            engine.add_timer(entity._key, node._key, entity.handle, exclusive)
        elif isinstance(entity, GuardCondition):
            engine.add_guard_condition(entity._key, node._key, entity.handle, exclusive)
        else:
            register = getattr(entity, '_register_with', None)
            if register is None:
                return
            register(_Registrar(engine, exclusive), node._key)
        self._exclusive[entity._key] = exclusive
        self._entities[entity._key] = entity

    def _entity_added(self, node: 'Node', entity: Any) -> None:
        with self._lock:
            if node in self._nodes:
                self._sync_node(node)
                self.wake()

    def _entity_removed(self, node: 'Node', entity: Any) -> None:
        with self._lock:
            key = entity._key
            self._entities.pop(key, None)
            self._exclusive.pop(key, None)
            if self._engine is not None:
                self._engine.remove(key)
            synced = self._synced.get(node._key)
            if synced is not None:
                synced[1].discard(key)

    # -- tasks ----------------------------------------------------------------------------------

    def create_task(self, callback: Callable[..., Any], *args: Any, **kwargs: Any) -> Task:
        """
        Add a callback or coroutine to be executed during :meth:`spin` and return a Task for it.

        Arguments to this function are passed to the callback.

        :param callback: a function or coroutine function to run in this executor.
        :return: a task that completes with the callback's result.
        """
        task = Task(callback, args, kwargs, executor=self)
        self._schedule_task(task)
        return task

    def _schedule_task(self, task: Task) -> None:
        """Queues a task to be stepped (a new task, or one whose awaited future completed)."""
        with self._tasks_lock:
            if task in self._ready_set:
                return
            self._ready.append(task)
            self._ready_set.add(task)
        self.wake()

    def _pop_ready_task(self) -> Optional[Task]:
        with self._tasks_lock:
            if not self._ready:
                return None
            task = self._ready.popleft()
            self._ready_set.discard(task)
            return task

    def _run_task(self, task: Task) -> None:
        """Steps a task once; raises its exception if that ended it with one."""
        task()
        if task.done():
            exception = task.exception()
            if exception is not None:
                raise exception

    # -- waiting and running --------------------------------------------------------------------

    def wake(self) -> None:
        """Wake the executor if it is waiting, so it looks again for work and its conditions."""
        engine = self._engine
        if engine is not None:
            engine.wake()
        else:
            self._idle_wake.set()

    def _context_shutting_down(self) -> None:
        """Called by the context as it shuts down: every spin of this executor ends."""
        self._context_down = True
        self.wake()

    def _next_work(self, timeout_sec: Optional[float]) -> Optional[tuple]:
        """Waits for one piece of work (or the timeout); raises if the context or executor shut down."""
        if self._is_shutdown:
            raise ShutdownException()
        if self._context_down or not self._context.ok():
            raise ExternalShutdownException()
        engine = self._engine
        if engine is None:
            with self._lock:
                if self._nodes:
                    engine = self._get_engine()
                else:
                    self._idle_wake.clear()
            if engine is None:
                # No node yet: only wake() (a task, a node added, shutdown) ends the wait.
                if timeout_sec is None or timeout_sec < 0:
                    timeout_sec = None
                if timeout_sec != 0 and not self._ready:
                    self._idle_wake.wait(timeout_sec)
                return None
        item = engine.next(-1.0 if timeout_sec is None else timeout_sec)
        if item is None:
            if self._context_down or not self._context.ok():
                raise ExternalShutdownException()
            if self._is_shutdown:
                raise ShutdownException()
        return item

    def _execute(self, item: tuple) -> bool:
        """
        Runs the callback for one piece of work.

        :return: True if a coroutine callback continues as a task and reports the end of the
            work to the engine itself; False if the caller does (when it tracks work in flight).
        """
        kind, key, payload = item
        entity = self._entities.get(key)
        if entity is None:
            return False
        if kind == _SUBSCRIPTION:
            result = entity.callback(payload)
        elif kind == _TIMER:
            result = entity._run(payload)
        elif kind == _GUARD:
            result = entity.callback() if entity.callback is not None else None
        elif kind == _WAITABLE:
            result = entity._execute_ready()
        elif kind == _SUBSCRIPTION_WITH_INFO:
            result = entity.callback(*payload)  # (message, message info)
        else:
            from rclpy.logging import get_logger
            (getattr(entity, '_logger', None) or get_logger('rclpy.executors')).warning(
                "dropped a malformed message on '{}': {}".format(getattr(entity, 'topic_name', '?'), payload))
            return False
        if result is not None and inspect.iscoroutine(result):
            return self._start_coroutine(result, key)
        return False

    def _start_coroutine(self, coroutine: Any, key: int) -> bool:
        """Runs a coroutine callback as a task; a mutually exclusive group stays busy until it ends."""
        task: Task = Task(coroutine, executor=self)
        task()
        if not task.done():
            engine = self._engine
            if engine is None or not self._exclusive.get(key, 0):
                return False
            if not self._track_in_flight:
                engine.hold(key)
            task._add_waker(partial(engine.done, key))
            return True
        exception = task.exception()
        if exception is not None:
            raise exception
        return False

    def spin_once(self, timeout_sec: Optional[float] = None) -> None:
        """
        Wait for one callback (or task) to be ready and run it.

        :param timeout_sec: seconds to wait (None or negative: forever; 0: don't wait).
        :raises ExternalShutdownException: if the context was shut down.
        """
        try:
            if self._lingering is not None:
                self._settle()
            # The first round of _spin_once_impl, inlined: rclpy.spin_once(node) in a loop is the hot
            # path of small-message streams, and the loop's set-up costs ~15 % of it (measured).
            if self._ready and self._run_ready_task():
                return
            start = time.monotonic()
            item = self._next_work(timeout_sec)
            if item is not None:
                self._busy_thread = _get_ident()
                try:
                    self._execute(item)
                finally:
                    self._busy_thread = None
                return
            # Woken (or timed out) with nothing handed out: keep waiting as rclpy does, unless
            # a task became ready or the time is up.
            if timeout_sec is not None and timeout_sec >= 0:
                timeout_sec = max(0.0, timeout_sec - (time.monotonic() - start))
                if timeout_sec == 0:
                    return
            self._spin_once_impl(timeout_sec, None)
        except ShutdownException:
            pass

    def _spin_once_impl(self, timeout_sec: Optional[float], condition: Optional[Callable[[], bool]]) -> None:
        """Runs one callback or task, waiting up to timeout_sec; returns early once `condition()` holds."""
        end = None if timeout_sec is None or timeout_sec < 0 else time.monotonic() + timeout_sec
        first = True
        while True:
            if self._ready and self._run_ready_task():
                return
            if condition is not None and condition():
                return
            remaining = None
            if end is not None:
                remaining = max(0.0, end - time.monotonic())
                if remaining == 0 and not first:
                    return
            first = False
            item = self._next_work(remaining)
            if item is not None:
                self._busy_thread = _get_ident()
                try:
                    self._execute(item)
                finally:
                    self._busy_thread = None
                return

    def _run_ready_task(self) -> bool:
        task = self._pop_ready_task()
        if task is None:
            return False
        self._busy_thread = _get_ident()
        try:
            self._run_task(task)
        finally:
            self._busy_thread = None
        return True

    def wait_for_ready_callbacks(self, timeout_sec: Optional[float] = None,
                                 nodes: Optional[List['Node']] = None,
                                 condition: Optional[Callable[[], bool]] = None) -> Tuple[Task, Any, Any]:
        """
        Wait for one ready callback and return it without running it, as rclpy's does.

        For executors that run callbacks their own way: ``handler, entity, node =
        executor.wait_for_ready_callbacks(); handler()`` runs the callback (``handler.result()``
        raises what it raised). A task made with :meth:`create_task` comes back as
        ``(task, None, None)``.

        :param timeout_sec: seconds to wait (None or negative: forever; 0: don't wait).
        :param nodes: accepted for rclpy compatibility; every node of this executor is waited on.
        :param condition: return early (ConditionReachedException) once this is true.
        :raises TimeoutException: if nothing became ready in time.
        :raises ConditionReachedException: if ``condition()`` became true.
        :raises ShutdownException: if the executor was shut down.
        :raises ExternalShutdownException: if the context was shut down.
        """
        end = None if timeout_sec is None or timeout_sec < 0 else time.monotonic() + timeout_sec
        self._settle()
        while True:
            task = self._pop_ready_task()
            if task is not None:
                return task, None, None
            if condition is not None and condition():
                raise ConditionReachedException()
            remaining = None if end is None else max(0.0, end - time.monotonic())
            item = self._next_work(remaining)
            if item is not None:
                entity = self._entities.get(item[1])
                node = next((n for n in list(self._nodes) if entity in n._entities()), None)
                return Task(partial(self._run_handed_out, item), executor=self), entity, node
            if remaining == 0:
                raise TimeoutException()

    def _run_handed_out(self, item: tuple) -> Any:
        """A handler of wait_for_ready_callbacks: runs the work as spin_once would."""
        self._busy_thread = _get_ident()
        deferred = False
        try:
            deferred = self._execute(item)
        finally:
            self._busy_thread = None
            if self._track_in_flight and not deferred and self._engine is not None:
                self._engine.done(item[1])

    def spin(self) -> None:
        """Execute callbacks until the context or the executor is shut down."""
        while self._context.ok() and not self._is_shutdown:
            self.spin_once()

    def spin_until_future_complete(self, future: Future, timeout_sec: Optional[float] = None) -> None:
        """
        Execute callbacks until a given future is done or a timeout occurs.

        :param future: the future to wait for (a Task is run by this executor if it is not yet).
        :param timeout_sec: seconds to wait; None or negative waits forever.
        """
        if future.done():
            return
        self._settle()
        future._add_waker(self.wake)
        end = None if timeout_sec is None or timeout_sec < 0 else time.monotonic() + timeout_sec
        while self._context.ok() and not future.done() and not self._is_shutdown:
            remaining = None
            if end is not None:
                remaining = end - time.monotonic()
                if remaining <= 0:
                    return
            self.spin_once_until_future_complete(future, remaining)

    def spin_once_until_future_complete(self, future: Future, timeout_sec: Optional[float] = None) -> None:
        """
        Wait for and run one callback, returning early when the future completes.

        :param future: the future to watch.
        :param timeout_sec: seconds to wait; None or negative waits forever.
        """
        if future.done():
            return
        self._settle()
        future._add_waker(self.wake)
        try:
            self._spin_once_impl(timeout_sec, future.done)
        except ShutdownException:
            pass

    def shutdown(self, timeout_sec: Optional[float] = None) -> bool:
        """
        Stop executing callbacks and remove all nodes.

        Spins of this executor in any thread end. Callbacks that are running are waited for.

        :param timeout_sec: seconds to wait for running callbacks (None or negative: forever;
            0: don't wait).
        :return: ``True`` if every running callback finished in time.
        """
        self._is_shutdown = True
        self.wake()
        end = None if timeout_sec is None or timeout_sec < 0 else time.monotonic() + timeout_sec
        finished = True
        while self._callbacks_running():
            if end is not None and time.monotonic() >= end:
                finished = False
                break
            time.sleep(0.001)
        with self._lock:
            for node in list(self._nodes):
                self.remove_node(node)
            self._engine = None
        return finished

    def _callbacks_running(self) -> bool:
        """True while a callback runs in another thread (one cannot wait for its own callback)."""
        busy = self._busy_thread
        return busy is not None and busy != _get_ident()

    def __enter__(self) -> 'Executor':
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()


class SingleThreadedExecutor(Executor):
    """Runs every callback in the thread that calls spin."""


class MultiThreadedExecutor(Executor):
    """
    Runs callbacks in a pool of threads.

    Callbacks of different callback groups run in parallel; a MutuallyExclusiveCallbackGroup's
    callbacks never overlap; a ReentrantCallbackGroup's may. The spinning thread only waits and
    hands out work; it takes new work only when a pool thread is free, so the rest stays queued
    in order.
    """

    def __init__(self, num_threads: Optional[int] = None, *, context: Optional[Context] = None) -> None:
        """
        Create an executor with a pool of threads.

        :param num_threads: number of worker threads (default: the number of CPUs, at least 2).
        :param context: the context the executor waits in.
        """
        super().__init__(context=context)
        if num_threads is None:
            num_threads = max(os.cpu_count() or 2, 2)
        if num_threads <= 0:
            raise ValueError('num_threads must be a positive integer')
        self._num_threads = num_threads
        # Imported here: concurrent.futures (and the logging it imports) costs milliseconds, which a
        # process that only ever spins single-threaded would pay on its first spin.
        from concurrent.futures import ThreadPoolExecutor
        self._pool = ThreadPoolExecutor(max_workers=num_threads, thread_name_prefix='rclpy-executor')
        self._free = threading.Semaphore(num_threads)  # one per idle pool thread
        self._errors: Deque[BaseException] = deque()  # raised in pool threads, reported by spin_once
        self._pool_running = 0  # jobs executing in pool threads (guarded by _pool_lock)
        self._pool_lock = threading.Lock()

    _track_in_flight = True

    def _job(self, item: Optional[tuple], task: Optional[Task]) -> None:
        """Runs one piece of work (or steps a task) in a pool thread."""
        engine = self._engine
        with self._pool_lock:
            self._pool_running += 1
        _current.executor = self
        deferred = False
        try:
            if item is not None:
                deferred = self._execute(item)
            else:
                self._run_task(task)
        except BaseException as e:  # noqa: B902 (reported to the spinning thread)
            self._errors.append(e)
            self.wake()
        finally:
            if item is not None and not deferred and engine is not None:
                engine.done(item[1])
            _current.executor = None
            with self._pool_lock:
                self._pool_running -= 1
            self._free.release()

    def _callbacks_running(self) -> bool:
        return self._pool_running > (1 if _current.executor is self else 0)

    def _acquire_worker(self, timeout_sec: Optional[float]) -> bool:
        """Waits for an idle pool thread, in slices so that shutdown and signals are seen."""
        end = None if timeout_sec is None or timeout_sec < 0 else time.monotonic() + timeout_sec
        while True:
            if self._is_shutdown:
                raise ShutdownException()
            if self._context_down or not self._context.ok():
                raise ExternalShutdownException()
            wait = 0.05 if end is None else min(0.05, max(0.0, end - time.monotonic()))
            if self._free.acquire(timeout=wait):
                return True
            if end is not None and time.monotonic() >= end:
                return False

    def spin_once(self, timeout_sec: Optional[float] = None) -> None:
        """
        Wait for one callback (or task) to be ready and start it in a pool thread.

        An exception raised by an earlier callback in a pool thread is raised here.

        :param timeout_sec: seconds to wait (None or negative: forever; 0: don't wait).
        :raises ExternalShutdownException: if the context was shut down.
        """
        try:
            self._settle()
            self._spin_once_impl(timeout_sec, None)
        except ShutdownException:
            pass

    def _spin_once_impl(self, timeout_sec: Optional[float], condition: Optional[Callable[[], bool]]) -> None:
        end = None if timeout_sec is None or timeout_sec < 0 else time.monotonic() + timeout_sec
        first = True
        while True:
            if self._errors:
                raise self._errors.popleft()
            if condition is not None and condition():
                return
            remaining = None
            if end is not None:
                remaining = max(0.0, end - time.monotonic())
                if remaining == 0 and not first:
                    return
            first = False
            # A free pool thread first, so work that cannot start yet stays queued in the engine.
            if not self._acquire_worker(remaining):
                return
            try:
                task = self._pop_ready_task()
                if task is not None:
                    self._submit(None, task)
                    return
                if end is not None:
                    remaining = max(0.0, end - time.monotonic())
                item = self._next_work(remaining)
                if item is not None:
                    self._submit(item, None)
                    return
                task = self._pop_ready_task()
                if task is not None:
                    self._submit(None, task)
                    return
            except BaseException:
                self._free.release()
                raise
            self._free.release()

    def _submit(self, item: Optional[tuple], task: Optional[Task]) -> None:
        """Hands work to a pool thread; a shutdown in another thread may have closed the pool."""
        try:
            self._pool.submit(self._job, item, task)
        except RuntimeError:
            if not self._is_shutdown:
                raise
            # Taken after shutdown began: it is not run, as rclpy drops work once shut down.
            raise ShutdownException() from None

    def shutdown(self, timeout_sec: Optional[float] = None, wait_for_threads: bool = True) -> bool:
        """
        Stop executing callbacks, wait for running ones (up to timeout_sec) and stop the threads.

        :param timeout_sec: seconds to wait for running callbacks (None or negative: forever).
        :param wait_for_threads: also wait for the pool's threads to end (not from one of them).
        :return: ``True`` if every running callback finished in time.
        """
        finished = super().shutdown(timeout_sec)
        self._pool.shutdown(wait=wait_for_threads and finished and _current.executor is not self)
        return finished
