"""Callback groups: which of a node's callbacks an executor may run at the same time."""

from threading import Lock
from typing import Any, Literal, Optional, Set, TYPE_CHECKING, Union
import weakref

if TYPE_CHECKING:
    from rclpy.client import Client
    from rclpy.guard_condition import GuardCondition
    from rclpy.service import Service
    from rclpy.subscription import Subscription
    from rclpy.timer import Timer
    from rclpy.waitable import Waitable
    Entity = Union[Subscription, Timer, Client, Service, GuardCondition, Waitable]


class CallbackGroup:
    """
    The base class for a callback group.

    A callback group controls when callbacks are allowed to be executed.

    This class should not be instantiated.
    Instead, classes should extend it and implement :meth:`can_execute`,
    :meth:`beginning_execution`, and :meth:`ending_execution`.
    """

    def __init__(self) -> None:
        super().__init__()
        # Weak references, so a group never keeps a destroyed entity alive.
        self.entities: Set['weakref.ReferenceType[Entity]'] = set()
        self._entities_lock = Lock()  # guards self.entities

    def add_entity(self, entity: 'Entity') -> None:
        """
        Add an entity to the callback group.

        :param entity: a subscription, timer, client, service, guard condition or waitable.
        """
        with self._entities_lock:
            self.entities.add(weakref.ref(entity))

    def has_entity(self, entity: 'Entity') -> bool:
        """
        Determine if an entity has been added to this group.

        :param entity: a subscription, timer, client, service, guard condition or waitable.
        :return: ``True`` if the entity is in this group.
        """
        with self._entities_lock:
            return weakref.ref(entity) in self.entities

    def can_execute(self, entity: 'Entity') -> bool:
        """
        Determine if an entity can be executed.

        :param entity: a subscription, timer, client, service, guard condition or waitable.
        :return: ``True`` if the entity can be executed, ``False`` otherwise.
        """
        raise NotImplementedError()

    def beginning_execution(self, entity: 'Entity') -> bool:
        """
        Get permission from the group to begin executing an entity's callback.

        If this returns ``True`` then :meth:`ending_execution` must be called after the
        callback has been executed.

        :param entity: a subscription, timer, client, service, guard condition or waitable.
        :return: ``True`` if the callback can be executed, ``False`` otherwise.
        """
        raise NotImplementedError()

    def ending_execution(self, entity: 'Entity') -> None:
        """
        Notify the group that a callback has finished executing.

        :param entity: a subscription, timer, client, service, guard condition or waitable.
        """
        raise NotImplementedError()


class ReentrantCallbackGroup(CallbackGroup):
    """Allow callbacks to be executed in parallel without restriction."""

    def can_execute(self, entity: 'Entity') -> Literal[True]:
        """Return ``True``: any callback may run at any time."""
        return True

    def beginning_execution(self, entity: 'Entity') -> Literal[True]:
        """Return ``True``: any callback may start at any time."""
        return True

    def ending_execution(self, entity: 'Entity') -> None:
        """Do nothing: there is no state to release."""


class MutuallyExclusiveCallbackGroup(CallbackGroup):
    """Allow only one callback to be executing at a time."""

    def __init__(self) -> None:
        super().__init__()
        self._active_entity: Optional[Any] = None  # guarded by self._lock
        self._lock = Lock()

    def can_execute(self, entity: 'Entity') -> bool:
        """
        Determine if an entity of this group can be executed now.

        :param entity: an entity added to this group.
        :return: ``True`` if no callback of this group is executing.
        """
        assert self.has_entity(entity)
        with self._lock:
            return self._active_entity is None

    def beginning_execution(self, entity: 'Entity') -> bool:
        """
        Claim the group for an entity's callback if no other callback is executing.

        :param entity: an entity added to this group.
        :return: ``True`` if the callback may run; then call :meth:`ending_execution` after it.
        """
        assert self.has_entity(entity)
        with self._lock:
            if self._active_entity is None:
                self._active_entity = entity
                return True
        return False

    def ending_execution(self, entity: 'Entity') -> None:
        """
        Release the group after an entity's callback has finished.

        :param entity: the entity passed to the matching :meth:`beginning_execution`.
        """
        with self._lock:
            assert self._active_entity == entity
            self._active_entity = None
