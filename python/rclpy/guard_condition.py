"""rclpy.guard_condition.GuardCondition: a condition triggered by hand to wake an executor."""

from typing import Any, Callable, Optional

from rclpy.callback_groups import CallbackGroup
from rclx import _core

__all__ = ['GuardCondition']


class GuardCondition:
    """Wakes the executor and runs its callback there when :meth:`trigger` is called."""

    def __init__(self, callback: Optional[Callable], callback_group: Optional[CallbackGroup],
                 context: Any = None) -> None:
        from rclpy.utilities import get_default_context
        self._context = context or get_default_context()
        self.__handle = _core.GuardCondition(self._context._require_ok())
        self.callback = callback
        self.callback_group = callback_group
        self._key = 0
        self._destroyed = False

    @property
    def handle(self) -> Any:
        """The native guard condition."""
        return self.__handle

    def trigger(self) -> None:
        """Trigger the condition (thread-safe)."""
        self.__handle.trigger()

    def destroy(self) -> None:
        """Destroy the guard condition."""
        if not self._destroyed:
            self._destroyed = True
            self.__handle.destroy()

    def __enter__(self) -> 'GuardCondition':
        return self

    def __exit__(self, *exc: object) -> None:
        self.destroy()
