"""rclpy.timer: Timer, TimerInfo and Rate."""

import inspect
import threading
from typing import Any, Callable, Optional

from rclpy.callback_groups import CallbackGroup
from rclpy.clock import Clock
from rclpy.clock_type import ClockType
from rclpy.exceptions import InvalidHandle, ROSInterruptException
from rclpy.time import Time
from rclx import _core

__all__ = ['Timer', 'TimerInfo', 'Rate']


class TimerInfo:
    """When a timer call was expected and when it actually happened (Jazzy's TimerInfo)."""

    def __init__(self, *, expected_call_time: int = 0, actual_call_time: int = 0,
                 clock_type: ClockType = ClockType.SYSTEM_TIME) -> None:
        self._expected_call_time = Time(nanoseconds=expected_call_time, clock_type=clock_type)
        self._actual_call_time = Time(nanoseconds=actual_call_time, clock_type=clock_type)

    @property
    def expected_call_time(self) -> Time:
        """The time the call was scheduled for."""
        return self._expected_call_time

    @property
    def actual_call_time(self) -> Time:
        """The time the call was made."""
        return self._actual_call_time


def _wants_timer_info(callback: Optional[Callable]) -> bool:
    """True if the callback takes one positional argument (rclpy then passes a TimerInfo)."""
    if callback is None:
        return False
    try:
        params = [p for p in inspect.signature(callback).parameters.values()
                  if p.default is p.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    except (TypeError, ValueError):
        return False
    return len(params) == 1


class Timer:
    """A periodic timer; create it with :meth:`rclpy.node.Node.create_timer`."""

    def __init__(self, callback: Optional[Callable], callback_group: Optional[CallbackGroup],
                 timer_period_ns: int, clock: Clock, *, context: Any = None, autostart: bool = True,
                 core_clock: Optional[Any] = None) -> None:
        self._clock = clock
        # The timer runs on the Python clock's own native clock, so a ROS time override set on
        # the clock (simulated time) drives the timer too.  ``core_clock`` is accepted for
        # callers that still pass one; the clock's native clock wins.
        self._core_clock = clock.handle.core
        self.__handle = _core.Timer(self._core_clock, int(timer_period_ns), autostart)
        self.callback = callback
        self.callback_group = callback_group
        self._pass_info = _wants_timer_info(callback)
        self._key = 0
        self._destroyed = False
        self._executor_event = threading.Event()

    @property
    def handle(self) -> Any:
        """The native timer."""
        return self.__handle

    @property
    def clock(self) -> Clock:
        """The clock this timer runs on."""
        return self._clock

    def _check(self) -> Any:
        if self._destroyed:
            raise InvalidHandle('Timer has been destroyed')
        return self.__handle

    @property
    def timer_period_ns(self) -> int:
        """The period in nanoseconds."""
        return self._check().period

    @timer_period_ns.setter
    def timer_period_ns(self, value: int) -> None:
        self._check().period = int(value)

    def is_ready(self) -> bool:
        """Return True if the timer is due."""
        return self._check().is_ready()

    def is_canceled(self) -> bool:
        """Return True if the timer is canceled."""
        return self._check().is_canceled()

    def cancel(self) -> None:
        """Stop the timer; reset() starts it again."""
        self._check().cancel()

    def reset(self) -> None:
        """Restart the period from now (and un-cancel)."""
        self._check().reset()

    def time_since_last_call(self) -> int:
        """Nanoseconds since the last call (or since creation/reset)."""
        return self._check().time_since_last_call()

    def time_until_next_call(self) -> Optional[int]:
        """Nanoseconds until the next call (negative when overdue); None if canceled."""
        if self.is_canceled():
            return None
        return self._check().time_until_next_call()

    def _run(self, times: tuple) -> Any:
        """Call the callback for one expiry (the period was consumed by the executor)."""
        if self.callback is None:
            return None
        if self._pass_info:
            return self.callback(TimerInfo(expected_call_time=times[0], actual_call_time=times[1],
                                           clock_type=self._clock.clock_type))
        return self.callback()

    def destroy(self) -> None:
        """Destroy the timer (use Node.destroy_timer)."""
        if not self._destroyed:
            self._destroyed = True
            self.__handle.cancel()

    def __enter__(self) -> 'Timer':
        return self

    def __exit__(self, *exc: object) -> None:
        self.destroy()


class Rate:
    """Sleeps so that a loop runs at a fixed frequency; create it with Node.create_rate."""

    def __init__(self, timer: Timer, *, context: Any = None) -> None:
        self._timer = timer
        self._event = threading.Event()  # set by each expiry of the timer (and to wake sleepers)
        self._lock = threading.Lock()  # guards _sleepers
        self._sleepers = 0
        self._is_shutdown = False
        self._is_destroyed = False
        timer.callback = self._event.set
        timer._pass_info = False
        if context is not None:
            context.on_shutdown(self._on_shutdown)  # held weakly: the rate can still be collected

    def _on_shutdown(self) -> None:
        self._is_shutdown = True
        self.destroy()

    def sleep(self) -> None:
        """
        Block until the next period (the node must be spun in another thread).

        :raises ROSInterruptException: if the context is shut down before or while sleeping.
        :raises RuntimeError: if the rate was destroyed.
        :raises InvalidHandle: if its timer was destroyed.
        """
        if self._is_shutdown:
            raise ROSInterruptException()
        if self._is_destroyed:
            raise RuntimeError('Rate cannot sleep because it has been destroyed')
        if self._timer._destroyed:
            self.destroy()
            raise InvalidHandle('Rate cannot sleep because the timer has been destroyed')
        with self._lock:
            self._sleepers += 1
        try:
            self._event.wait()
        finally:
            with self._lock:
                self._sleepers -= 1
                if self._sleepers == 0:
                    self._event.clear()  # the last sleeper woken re-arms the rate for the next period
        if self._is_shutdown:
            raise ROSInterruptException()

    def destroy(self) -> None:
        """Destroy the rate: sleepers wake up and later sleeps raise (Node.destroy_rate also ends its timer)."""
        self._is_destroyed = True
        self._event.set()
