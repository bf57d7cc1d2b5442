"""rclpy.waitable: the Waitable protocol and NumberOfEntities, as rclpy's.

rclx's executor waits in C++ on the entities it knows (subscriptions, timers, guard conditions,
services, clients, QoS event handlers, actions); a Waitable subclass that fills an rclpy
``_rclpy.WaitSet`` itself cannot be waited on, and Node.add_waitable says so.
"""

from typing import Any, Generic, List, TypeVar

__all__ = ['NumberOfEntities', 'Waitable']

T = TypeVar('T')


class NumberOfEntities:
    """How many of each kind of wait set entity a waitable uses."""

    __slots__ = ['num_subscriptions', 'num_guard_conditions', 'num_timers', 'num_clients',
                 'num_services', 'num_events']

    def __init__(self, num_subs: int = 0, num_gcs: int = 0, num_timers: int = 0,
                 num_clients: int = 0, num_services: int = 0, num_events: int = 0) -> None:
        self.num_subscriptions = num_subs
        self.num_guard_conditions = num_gcs
        self.num_timers = num_timers
        self.num_clients = num_clients
        self.num_services = num_services
        self.num_events = num_events

    def __add__(self, other: 'NumberOfEntities') -> 'NumberOfEntities':
        result = self.__class__()
        for attr in self.__slots__:
            setattr(result, attr, getattr(self, attr) + getattr(other, attr))
        return result

    def __iadd__(self, other: 'NumberOfEntities') -> 'NumberOfEntities':
        for attr in self.__slots__:
            setattr(self, attr, getattr(self, attr) + getattr(other, attr))
        return self

    def __eq__(self, other: object) -> bool:
        return isinstance(other, NumberOfEntities) and all(
            getattr(self, a) == getattr(other, a) for a in self.__slots__)

    def __repr__(self) -> str:
        return '<{}({}, {}, {}, {}, {}, {})>'.format(
            self.__class__.__name__, *(getattr(self, a) for a in self.__slots__))


class Waitable(Generic[T]):
    """Something an executor waits on and then executes: rclpy's protocol (see the module note)."""

    def __init__(self, callback_group: Any) -> None:
        """Join ``callback_group``."""
        self.callback_group = callback_group
        self.callback_group.add_entity(self)
        self._executor_event = False
        self._futures: List[Any] = []

    def __enter__(self) -> None:
        """Mark the entities as in use (nothing to do in rclx)."""

    def __exit__(self, *exc: object) -> None:
        """Mark the entities as no longer in use (nothing to do in rclx)."""

    def add_future(self, future: Any) -> None:
        """Keep a future whose callbacks this waitable runs."""
        self._futures.append(future)

    def remove_future(self, future: Any) -> None:
        """Forget a future added with :meth:`add_future`."""
        self._futures.remove(future)

    def is_ready(self, wait_set: Any) -> bool:
        """Return True if the waitable's entities are ready in the wait set."""
        raise NotImplementedError('Must be implemented by subclass')

    def take_data(self) -> T:
        """Take the data that made the waitable ready."""
        raise NotImplementedError('Must be implemented by subclass')

    async def execute(self, taken_data: T) -> None:
        """Execute with the data :meth:`take_data` returned."""
        raise NotImplementedError('Must be implemented by subclass')

    def get_num_entities(self) -> NumberOfEntities:
        """Return how many entities of each kind the waitable uses."""
        raise NotImplementedError('Must be implemented by subclass')

    def add_to_wait_set(self, wait_set: Any) -> None:
        """Add the waitable's entities to a wait set."""
        raise NotImplementedError('Must be implemented by subclass')

    def destroy(self) -> None:
        """Destroy the waitable's entities."""
