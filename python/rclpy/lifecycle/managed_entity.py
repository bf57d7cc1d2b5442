"""rclpy.lifecycle.managed_entity: entities a lifecycle node configures, activates and deactivates with itself."""

from functools import wraps
from typing import Any, Callable, Optional

from ._state_machine import TransitionCallbackReturnType as TransitionCallbackReturn

__all__ = ['ManagedEntity', 'SimpleManagedEntity', 'TransitionCallbackReturn']


class ManagedEntity:
    """Base of the entities a lifecycle node manages: every transition callback succeeds by default."""

    def on_configure(self, state: Any) -> TransitionCallbackReturn:
        """Handle configure transition request."""
        return TransitionCallbackReturn.SUCCESS

    def on_cleanup(self, state: Any) -> TransitionCallbackReturn:
        """Handle cleanup transition request."""
        return TransitionCallbackReturn.SUCCESS

    def on_shutdown(self, state: Any) -> TransitionCallbackReturn:
        """Handle shutdown transition request."""
        return TransitionCallbackReturn.SUCCESS

    def on_activate(self, state: Any) -> TransitionCallbackReturn:
        """Handle activate transition request."""
        return TransitionCallbackReturn.SUCCESS

    def on_deactivate(self, state: Any) -> TransitionCallbackReturn:
        """Handle deactivate transition request."""
        return TransitionCallbackReturn.SUCCESS

    def on_error(self, state: Any) -> TransitionCallbackReturn:
        """Handle error transition request."""
        return TransitionCallbackReturn.SUCCESS


class SimpleManagedEntity(ManagedEntity):
    """A managed entity that only records whether it is activated."""

    def __init__(self) -> None:
        self._enabled = False

    def on_activate(self, state: Any) -> TransitionCallbackReturn:
        """Mark the entity activated."""
        self._enabled = True
        return TransitionCallbackReturn.SUCCESS

    def on_deactivate(self, state: Any) -> TransitionCallbackReturn:
        """Mark the entity deactivated."""
        self._enabled = False
        return TransitionCallbackReturn.SUCCESS

    @property
    def is_activated(self) -> bool:
        """True between a successful activate and the next deactivate."""
        return self._enabled

    @staticmethod
    def when_enabled(wrapped: Optional[Callable] = None, *,
                     when_not_enabled: Optional[Callable[[], Any]] = None) -> Callable:
        """
        Decorate a method so that it runs only while the entity is activated.

        Otherwise the call returns None, after calling `when_not_enabled()` if one is given.
        Usable bare (``@when_enabled``) or with arguments (``@when_enabled(when_not_enabled=f)``).
        """
        def decorate(method: Callable) -> Callable:
            @wraps(method)
            def run_if_enabled(self: 'SimpleManagedEntity', *args: Any, **kwargs: Any) -> None:
                if self._enabled:
                    method(self, *args, **kwargs)
                elif when_not_enabled is not None:
                    when_not_enabled()
            return run_if_enabled
        return decorate if wrapped is None else decorate(wrapped)
