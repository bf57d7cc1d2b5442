"""rclpy.executors: run the callbacks of nodes. Waiting and taking happen in C++ without the GIL."""

from concurrent.futures import ThreadPoolExecutor
import inspect
import os
import threading
import time
from typing import Any, Callable, Dict, List, Optional, Set, Tuple, TYPE_CHECKING
import weakref

from rclpy.context import Context
from rclpy.exceptions import InvalidHandle
from rclpy.task import Future, Task
from rclpy.utilities import get_default_context
from rclx import _core

if TYPE_CHECKING:
    from rclpy.node import Node

__all__ = ['Executor', 'SingleThreadedExecutor', 'MultiThreadedExecutor', 'ExternalShutdownException',
           'ShutdownException', 'TimeoutException', 'ConditionReachedException']

# Work kinds reported by the native engine (see bindings/dispatcher.cpp).
_SUBSCRIPTION, _TIMER, _GUARD, _WAITABLE, _MALFORMED = 0, 1, 2, 3, -1
# While coroutine tasks are pending, waits are capped so they are resumed promptly.
_TASK_POLL_S = 0.01


class ExternalShutdownException(Exception):
    """The context was shut down while an executor was spinning."""


class ShutdownException(Exception):
    """The executor was shut down."""


class TimeoutException(Exception):
    """Spinning did not finish in time."""


class ConditionReachedException(Exception):
    """Spinning stopped because its condition was reached."""


class Executor:
    """
    The base class of executors: holds nodes, waits for their entities and runs callbacks.

    The native engine waits with the GIL released, takes ready samples in batches and hands out
    one callback's input at a time (timers first, then round-robin); only callbacks run in Python.
    """

    def __init__(self, *, context: Optional[Context] = None) -> None:
        self._context = get_default_context() if context is None else context
        self._nodes: List['Node'] = []
        self._entities: Dict[int, Any] = {}
        self._synced: Dict[int, Tuple[int, Set[int]]] = {}  # node key -> (generation, entity keys)
        self._engine: Optional[_core.Dispatcher] = None
        self._lock = threading.RLock()
        self._tasks: List[Task] = []
        self._tasks_lock = threading.Lock()
        self._is_shutdown = False
        self._self_ref = weakref.ref(self)
        self._context._register_executor(self)

    @property
    def context(self) -> Context:
        """The context the executor waits in."""
        return self._context

    # -- nodes and entities ---------------------------------------------------------------------

    def _get_engine(self) -> _core.Dispatcher:
        if self._engine is None:
            self._engine = _core.Dispatcher(self._context._require_ok())
        return self._engine

    def add_node(self, node: 'Node') -> bool:
        """Add a node whose callbacks this executor runs; False if it was already added."""
        with self._lock:
            if node in self._nodes:
                return False
            current = node.executor
            if current is not None and current is not self:
                current.remove_node(node)
            self._nodes.append(node)
            node._executor_ref = self._self_ref
            self._sync_node(node)
            self._get_engine().set_group_enabled(node._key, True)
        return True

    def remove_node(self, node: 'Node') -> None:
        """Stop running a node's callbacks (samples already taken are kept for later)."""
        with self._lock:
            if node not in self._nodes:
                return
            self._nodes.remove(node)
            if node.executor is self:
                node._executor_ref = None
            if self._engine is not None:
                self._engine.set_group_enabled(node._key, False)
                if node._destroyed:
                    self._forget_node(node)

    def get_nodes(self) -> List['Node']:
        """Return the nodes of this executor."""
        with self._lock:
            return list(self._nodes)

    def _sync_node(self, node: 'Node') -> None:
        """Makes the engine hold exactly the node's current entities (free when nothing changed)."""
        synced = self._synced.get(node._key)
        if synced is not None and synced[0] == node._generation:
            return
        entities = list(node._entities())
        keys = {e._key for e in entities}
        engine = self._get_engine()
        old = synced[1] if synced is not None else set()
        for key in old - keys:
            engine.remove(key)
            self._entities.pop(key, None)
        for entity in entities:
            if entity._key not in old:
                self._register(engine, node, entity)
        self._synced[node._key] = (node._generation, keys)

    def _forget_node(self, node: 'Node') -> None:
        synced = self._synced.pop(node._key, None)
        if synced is not None:
            for key in synced[1]:
                self._entities.pop(key, None)
        if self._engine is not None:
            self._engine.remove_group(node._key)

    def _register(self, engine: _core.Dispatcher, node: 'Node', entity: Any) -> None:
        from rclpy.guard_condition import GuardCondition
        from rclpy.subscription import Subscription
        from rclpy.timer import Timer
        if isinstance(entity, Subscription):
            engine.add_subscription(entity._key, node._key, entity.handle)
        elif isinstance(entity, Timer):
            engine.add_timer(entity._key, node._key, entity.handle)
        elif isinstance(entity, GuardCondition):
            engine.add_guard_condition(entity._key, node._key, entity.handle)
        else:
            register = getattr(entity, '_register_with', None)
            if register is None:
                return
            register(engine, node._key)
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
            if self._engine is not None:
                self._engine.remove(key)
            synced = self._synced.get(node._key)
            if synced is not None:
                synced[1].discard(key)

    # -- tasks ----------------------------------------------------------------------------------

    def create_task(self, callback: Callable[..., Any], *args: Any, **kwargs: Any) -> Task:
        """Add a function or coroutine to run in this executor; returns its Task (a Future)."""
        task = Task(callback, args, kwargs, executor=self)
        with self._tasks_lock:
            self._tasks.append(task)
        self.wake()
        return task

    def _run_pending_tasks(self) -> bool:
        """Steps every pending task once; returns True if any task ran."""
        if not self._tasks:
            return False
        with self._tasks_lock:
            if not self._tasks:
                return False
            tasks = list(self._tasks)
        ran = False
        for task in tasks:
            if task.done() or task.executing():
                continue
            task()
            ran = True
            if task.done():
                with self._tasks_lock:
                    if task in self._tasks:
                        self._tasks.remove(task)
                if task.exception() is not None:
                    raise task.exception()
        return ran

    def _has_pending_tasks(self) -> bool:
        if not self._tasks:
            return False
        with self._tasks_lock:
            return any(not t.done() for t in self._tasks)

    # -- waiting and running --------------------------------------------------------------------

    def wake(self) -> None:
        """Wake the executor if it is waiting."""
        engine = self._engine
        if engine is not None:
            engine.wake()

    def _context_shutting_down(self) -> None:
        self.wake()

    def _next_work(self, timeout_sec: Optional[float]) -> Optional[tuple]:
        """Waits for one piece of work (or the timeout); raises if the context or executor shut down."""
        if self._is_shutdown:
            raise ShutdownException()
        if not self._context.ok():
            raise ExternalShutdownException()
        timeout = -1.0 if timeout_sec is None else max(0.0, float(timeout_sec))
        if self._has_pending_tasks():
            timeout = _TASK_POLL_S if timeout < 0 else min(timeout, _TASK_POLL_S)
        engine = self._engine
        if engine is None and self._nodes:
            engine = self._get_engine()
        if engine is None:
            if timeout != 0:
                time.sleep(timeout if timeout > 0 else 0.1)
            return None
        item = engine.next(timeout)
        if item is None and not self._context.ok():
            raise ExternalShutdownException()
        return item

    def _execute(self, item: tuple) -> Optional[Any]:
        """Runs the callback for one piece of work; returns a Task if it produced one."""
        kind, key, payload = item
        entity = self._entities.get(key)
        if entity is None:
            return None
        if kind == _SUBSCRIPTION:
            result = entity.callback(payload)
        elif kind == _TIMER:
            result = entity._run(payload)
        elif kind == _GUARD:
            result = entity.callback() if entity.callback is not None else None
        elif kind == _WAITABLE:
            result = entity._execute_ready()
        else:
            node_logger = getattr(entity, '_logger', None)
            from rclpy.logging import get_logger
            (node_logger or get_logger('rclpy.executors')).warning(
                "dropped a malformed message on '{}': {}".format(getattr(entity, 'topic_name', '?'), payload))
            return None
        if inspect.iscoroutine(result):
            task = Task(lambda: None, executor=self)
            task._handler = result
            task()
            if not task.done():
                with self._tasks_lock:
                    self._tasks.append(task)
            elif task.exception() is not None:
                raise task.exception()
            return task
        return None

    def spin_once(self, timeout_sec: Optional[float] = None) -> None:
        """
        Wait for one callback to be ready and run it.

        :param timeout_sec: seconds to wait (None or negative: forever; 0: don't wait).
        :raises ExternalShutdownException: if the context was shut down.
        """
        if self._run_pending_tasks():
            return
        item = self._next_work(timeout_sec)
        if item is not None:
            self._execute(item)

    def spin(self) -> None:
        """Run callbacks until the context or the executor is shut down."""
        while self._context.ok() and not self._is_shutdown:
            self.spin_once()

    def spin_until_future_complete(self, future: Future, timeout_sec: Optional[float] = None) -> None:
        """Run callbacks until `future` is done or `timeout_sec` passes."""
        future.add_done_callback(lambda _f: self.wake())
        if timeout_sec is None or timeout_sec < 0:
            while self._context.ok() and not future.done() and not self._is_shutdown:
                self.spin_once()
            return
        end = time.monotonic() + timeout_sec
        while self._context.ok() and not future.done() and not self._is_shutdown:
            remaining = end - time.monotonic()
            if remaining <= 0:
                return
            self.spin_once(remaining)

    def spin_once_until_future_complete(self, future: Future, timeout_sec: Optional[float] = None) -> None:
        """Run at most one callback, returning early if `future` completes."""
        future.add_done_callback(lambda _f: self.wake())
        if not future.done():
            self.spin_once(timeout_sec)

    def shutdown(self, timeout_sec: Optional[float] = None) -> bool:
        """Stop spinning and remove all nodes; returns True."""
        self._is_shutdown = True
        self.wake()
        with self._lock:
            for node in list(self._nodes):
                self.remove_node(node)
            self._engine = None
        return True

    def __enter__(self) -> 'Executor':
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()


class SingleThreadedExecutor(Executor):
    """Runs every callback in the thread that calls spin."""


class MultiThreadedExecutor(Executor):
    """Runs callbacks in a thread pool, in parallel where their callback groups allow it."""

    def __init__(self, num_threads: Optional[int] = None, *, context: Optional[Context] = None) -> None:
        super().__init__(context=context)
        if num_threads is None:
            num_threads = os.cpu_count() or 2
        if num_threads <= 0:
            raise ValueError('num_threads must be a positive integer')
        self._num_threads = num_threads
        self._pool = ThreadPoolExecutor(max_workers=num_threads)
        self._deferred: List[tuple] = []
        self._running: Set[Any] = set()
        self._done_event = threading.Event()

    def _group_of(self, item: tuple) -> Tuple[Any, Any]:
        entity = self._entities.get(item[1])
        return entity, getattr(entity, 'callback_group', None)

    def _run_in_pool(self, item: tuple, entity: Any, group: Any) -> None:
        def job() -> None:
            try:
                self._execute(item)
            finally:
                if group is not None:
                    group.ending_execution(entity)
                self._done_event.set()
                self.wake()
        self._pool.submit(job)

    def spin_once(self, timeout_sec: Optional[float] = None) -> None:
        """Dispatch one ready callback to the thread pool (waiting up to timeout_sec)."""
        self._run_pending_tasks()
        # Work whose group was busy before is tried first.
        for item in list(self._deferred):
            entity, group = self._group_of(item)
            if entity is None:
                self._deferred.remove(item)
            elif group is None or group.beginning_execution(entity):
                self._deferred.remove(item)
                self._run_in_pool(item, entity, group)
                return
        if self._deferred:
            timeout_sec = 0.01 if timeout_sec is None or timeout_sec < 0 else min(timeout_sec, 0.01)
        item = self._next_work(timeout_sec)
        if item is None:
            return
        entity, group = self._group_of(item)
        if entity is None:
            return
        if group is not None and not group.beginning_execution(entity):
            self._deferred.append(item)
            return
        self._run_in_pool(item, entity, group)

    def shutdown(self, timeout_sec: Optional[float] = None) -> bool:
        """Stop spinning and wait for running callbacks (up to timeout_sec)."""
        super().shutdown(timeout_sec)
        self._pool.shutdown(wait=timeout_sec is None or timeout_sec > 0)
        return True
