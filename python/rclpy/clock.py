"""Clocks (system, steady and ROS time), simulated-time overrides and time-jump callbacks.

``_ClockHandle`` plays the part of rclpy's native clock (``rcl_clock_t``): the time and the ROS
time override live in the C++ core's clock, which the node's timers share, so simulated time
drives both ``Clock.now()`` and timers; jump callbacks follow rcl's rules and run here.
"""

from enum import IntEnum
import threading
import time as _time
from types import TracebackType
from typing import Callable, List, Optional, Type, TYPE_CHECKING, TypedDict

from rclpy.clock_type import ClockType
from rclpy.duration import Duration
from rclpy.exceptions import NotInitializedException, RCLError
from rclpy.time import Time
from rclx import _core

if TYPE_CHECKING:
    from rclpy.context import Context


_CORE_CLOCK_TYPES = {
    ClockType.UNINITIALIZED: _core.ClockType.UNINITIALIZED,
    ClockType.ROS_TIME: _core.ClockType.ROS_TIME,
    ClockType.SYSTEM_TIME: _core.ClockType.SYSTEM_TIME,
    ClockType.STEADY_TIME: _core.ClockType.STEADY_TIME,
}

# Longest single wait in sleep_until, so a shut-down context is noticed even if it cannot
# wake the sleeper itself.
_SLEEP_POLL_S = 0.1


class ClockChange(IntEnum):
    """What happened to the time source in a time jump (values equal rcl's)."""

    #: ROS time is active and stays active.
    ROS_TIME_NO_CHANGE = 1
    #: ROS time is being activated.
    ROS_TIME_ACTIVATED = 2
    #: ROS time is being deactivated; the clock reports system time after the jump.
    ROS_TIME_DEACTIVATED = 3
    #: ROS time is inactive and the clock keeps reporting system time.
    SYSTEM_TIME_NO_CHANGE = 4


class JumpThreshold:
    """Criteria deciding which time jumps a jump callback is told about."""

    def __init__(self, *, min_forward: Optional[Duration], min_backward: Optional[Duration],
                 on_clock_change: bool = True) -> None:
        """
        Create a :class:`JumpThreshold`.

        :param min_forward: smallest forward jump to report, a positive duration, or ``None``.
        :param min_backward: smallest backward jump to report, a negative duration, or ``None``.
        :param on_clock_change: ``True`` to report ROS time being activated or deactivated.
        :raises ValueError: if a threshold has the wrong sign or no criterion is enabled.
        """
        if min_forward is not None and min_forward.nanoseconds <= 0:
            raise ValueError('min_forward must be a positive non-zero duration')
        if min_backward is not None and min_backward.nanoseconds >= 0:
            raise ValueError('min_backward must be a negative non-zero duration')
        if min_forward is None and min_backward is None and not on_clock_change:
            raise ValueError('At least one jump threshold must be enabled')
        self.min_forward = min_forward
        self.min_backward = min_backward
        self.on_clock_change = on_clock_change


class TimeJump:
    """Description of a time jump, passed to post-jump callbacks."""

    def __init__(self, clock_change: ClockChange, delta: Duration) -> None:
        """
        Create a :class:`TimeJump`.

        :param clock_change: what happened to the time source.
        :param delta: how far the time moved (negative for a backward jump).
        :raises TypeError: if ``clock_change`` is not a :class:`ClockChange`.
        """
        if not isinstance(clock_change, ClockChange):
            raise TypeError('clock_change must be an instance of rclpy.clock.ClockChange')
        self._clock_change = clock_change
        self._delta = delta

    @property
    def clock_change(self) -> ClockChange:
        """:return: what happened to the time source."""
        return self._clock_change

    @property
    def delta(self) -> Duration:
        """:return: how far the time moved."""
        return self._delta


class TimeJumpDictionary(TypedDict):
    """The jump description the clock hands to a :class:`JumpHandle`'s post callback."""

    clock_change: ClockChange
    delta: int


class JumpHandle:
    """A registered pair of time-jump callbacks; unregister it (or leave its ``with``) to stop."""

    def __init__(self, *, clock: 'Clock', threshold: JumpThreshold,
                 pre_callback: Optional[Callable[[], None]],
                 post_callback: Optional[Callable[[TimeJumpDictionary], None]]) -> None:
        """
        Register jump callbacks with a clock.

        :param clock: the clock whose jumps are reported.
        :param threshold: which jumps to report.
        :param pre_callback: called with no arguments before the new time is set.
        :param post_callback: called after the new time is set, with a dictionary holding
            ``clock_change`` and ``delta`` (nanoseconds).
        :raises ValueError: if neither callback is given or one is not callable.
        """
        if pre_callback is None and post_callback is None:
            raise ValueError('One of pre_callback or post_callback must be callable')
        if pre_callback is not None and not callable(pre_callback):
            raise ValueError('pre_callback must be callable if given')
        if post_callback is not None and not callable(post_callback):
            raise ValueError('post_callback must be callable if given')
        self._clock: Optional[Clock] = clock
        self._pre_callback = pre_callback
        self._post_callback = post_callback
        min_forward = 0 if threshold.min_forward is None else threshold.min_forward.nanoseconds
        min_backward = 0 if threshold.min_backward is None else threshold.min_backward.nanoseconds
        clock.handle.add_clock_callback(
            self, threshold.on_clock_change, min_forward, min_backward)

    def unregister(self) -> None:
        """Remove the callbacks from the clock; later calls do nothing."""
        if self._clock is not None:
            self._clock.handle.remove_clock_callback(self)
            self._clock = None

    def __enter__(self) -> 'JumpHandle':
        return self

    def __exit__(self, exc_type: Optional[Type[BaseException]],
                 exc_value: Optional[BaseException],
                 traceback: Optional[TracebackType]) -> None:
        self.unregister()


class _JumpCallback:
    """One registration in a clock: a JumpHandle and rcl's threshold values for it."""

    __slots__ = ('handle', 'on_clock_change', 'min_forward', 'min_backward')

    def __init__(self, handle: JumpHandle, on_clock_change: bool,
                 min_forward: int, min_backward: int) -> None:
        self.handle = handle
        self.on_clock_change = on_clock_change
        self.min_forward = min_forward
        self.min_backward = min_backward

    def wants(self, clock_change: ClockChange, delta: int) -> bool:
        # rcl's rule, including its reading of a zero threshold: any jump that way passes.
        is_clock_change = clock_change in (ClockChange.ROS_TIME_ACTIVATED,
                                           ClockChange.ROS_TIME_DEACTIVATED)
        return ((is_clock_change and self.on_clock_change) or
                (delta < 0 and delta <= self.min_backward) or
                (delta > 0 and delta >= self.min_forward))


class _ClockHandle:
    """
    The clock behind a :class:`Clock`: a native clock (``_core.Clock``) and its jump callbacks.

    The native clock holds the ROS time override, so timers created on this clock (which run on
    the same native clock) follow simulated time.  Offers the methods of rclpy's native clock so
    the Python classes read the same.  Callbacks run outside the lock, so they may use the clock.
    """

    def __init__(self, clock_type: ClockType) -> None:
        self._clock_type = clock_type  # never changes
        #: The native clock; timers on this clock share it.
        self.core = _core.Clock(_CORE_CLOCK_TYPES[clock_type])
        self._lock = threading.Lock()
        self._callbacks: List[_JumpCallback] = []  # guarded by _lock

    # rclpy guards native handles with ``with clock.handle:``; nothing to guard here.
    def __enter__(self) -> '_ClockHandle':
        return self

    def __exit__(self, *exc_info: object) -> None:
        pass

    def get_now(self) -> int:
        """Return the current time of this clock in nanoseconds."""
        if self._clock_type == ClockType.UNINITIALIZED:
            raise RCLError('failed to get current clock value: clock is not initialized')
        return self.core.now()

    def _require_ros_time(self, action: str) -> None:
        if self._clock_type != ClockType.ROS_TIME:
            raise RCLError(f'Clock is not of type RCL_ROS_TIME, cannot {action}.')

    def get_ros_time_override_is_enabled(self) -> bool:
        """Return ``True`` if this ROS clock reports the override instead of system time."""
        self._require_ros_time('query override state')
        return self.core.ros_time_override_active

    def set_ros_time_override_is_enabled(self, enabled: bool) -> None:
        """Activate or deactivate ROS time; jump callbacks hear about a change."""
        self._require_ros_time('enable override' if enabled else 'disable override')
        if self.core.ros_time_override_active == enabled:
            return
        with self._lock:
            callbacks = list(self._callbacks)
        change = ClockChange.ROS_TIME_ACTIVATED if enabled else ClockChange.ROS_TIME_DEACTIVATED

        def apply() -> None:
            self.core.set_ros_time_override_active(enabled)

        self._jump(callbacks, change, 0, apply)

    def set_ros_time_override(self, nanoseconds: int) -> None:
        """Set the time a ROS clock reports while ROS time is active."""
        self._require_ros_time('set time override')
        active = self.core.ros_time_override_active
        delta = nanoseconds - self.core.ros_time_override
        with self._lock:
            callbacks = list(self._callbacks)

        def apply() -> None:
            self.core.set_ros_time_override(nanoseconds)

        if active:
            self._jump(callbacks, ClockChange.ROS_TIME_NO_CHANGE, delta, apply)
        else:
            apply()

    @staticmethod
    def _jump(callbacks: List[_JumpCallback], change: ClockChange, delta: int,
              apply: Callable[[], None]) -> None:
        # Pre callbacks, then the change, then post callbacks.  The first callback that raises
        # stops the remaining ones; the change itself is always applied.
        wanted = [cb for cb in callbacks if cb.wants(change, delta)]
        try:
            for cb in wanted:
                if cb.handle._pre_callback is not None:
                    cb.handle._pre_callback()
        finally:
            apply()
        for cb in wanted:
            if cb.handle._post_callback is not None:
                cb.handle._post_callback({'clock_change': change, 'delta': delta})

    def add_clock_callback(self, handle: JumpHandle, on_clock_change: bool,
                           min_forward: int, min_backward: int) -> None:
        """Register a jump handle's callbacks."""
        if min_forward < 0:
            raise RCLError('forward jump threshold must be positive or zero')
        if min_backward > 0:
            raise RCLError('backward jump threshold must be negative or zero')
        with self._lock:
            if any(cb.handle is handle for cb in self._callbacks):
                raise RCLError('callback/user_data are already added to this clock')
            self._callbacks.append(
                _JumpCallback(handle, on_clock_change, min_forward, min_backward))

    def remove_clock_callback(self, handle: JumpHandle) -> None:
        """Unregister a jump handle's callbacks."""
        with self._lock:
            for index, cb in enumerate(self._callbacks):
                if cb.handle is handle:
                    del self._callbacks[index]
                    return
        raise RCLError('jump callback was not found')


def _time_jump_adapter(
        callback: Callable[[TimeJump], None]) -> Callable[[TimeJumpDictionary], None]:
    """Wrap a user post-jump callback so it receives a TimeJump instead of the raw dict."""
    def post_callback(jump: TimeJumpDictionary) -> None:
        callback(TimeJump(jump['clock_change'], Duration(nanoseconds=jump['delta'])))
    return post_callback


class Clock:
    """A source of :class:`rclpy.time.Time`; ``Clock(clock_type=ROS_TIME)`` is a ROSClock."""

    def __new__(cls, *, clock_type: ClockType = ClockType.SYSTEM_TIME) -> 'Clock':
        if not isinstance(clock_type, ClockType):
            raise TypeError('Clock type must be a ClockType enum')
        if clock_type is ClockType.ROS_TIME:
            self = super().__new__(ROSClock)
        else:
            self = super().__new__(cls)
        self.__clock = _ClockHandle(clock_type)
        self._clock_type = clock_type
        return self

    @property
    def clock_type(self) -> ClockType:
        """:return: the type of this clock."""
        return self._clock_type

    @property
    def handle(self) -> _ClockHandle:
        """
        Return the clock's internal state holder.

        This should not be used outside of ``rclpy``.
        """
        return self.__clock

    def __repr__(self) -> str:
        return f'Clock(clock_type={self._clock_type.name})'

    def now(self) -> Time:
        """Return the current time of this clock."""
        return Time(nanoseconds=self.__clock.get_now(), clock_type=self._clock_type)

    def create_jump_callback(
            self, threshold: JumpThreshold, *,
            pre_callback: Optional[Callable[[], None]] = None,
            post_callback: Optional[Callable[[TimeJump], None]] = None) -> JumpHandle:
        """
        Create a callback handler for clock time jumps.

        A callback should execute quickly and must not block.  If a callback raises, the
        callbacks registered after it are not called for that jump.

        :param threshold: which jumps to report.
        :param pre_callback: called with no arguments before the new time is set.
        :param post_callback: called after the new time is set, with a :class:`TimeJump`.
        :return: the handle; unregister it to stop the callbacks.
        :rtype: :class:`rclpy.clock.JumpHandle`
        """
        # Like rclpy, a post_callback that is not callable is ignored.
        post_with_dict = None
        if post_callback is not None and callable(post_callback):
            post_with_dict = _time_jump_adapter(post_callback)
        return JumpHandle(clock=self, threshold=threshold, pre_callback=pre_callback,
                          post_callback=post_with_dict)

    def sleep_until(self, until: Time, context: Optional['Context'] = None) -> bool:
        """
        Sleep until a specific time on this clock is reached.

        With a ROS clock this may sleep forever if simulated time never advances and the
        context is never shut down.  ROS time being activated or deactivated ends the sleep
        early and makes it return ``False``.

        :param until: time at which to stop sleeping.
        :param context: context whose shutdown wakes the sleep early; ``None`` for the
            default context.
        :return: ``True`` if ``until`` was reached, ``False`` if woken for another reason.
        :raises ValueError: if ``until`` belongs to a different type of clock.
        :raises NotInitializedException: if ``context`` is not initialized or is shut down.
        """
        if context is None:
            from rclpy.utilities import get_default_context
            context = get_default_context()
        if not context.ok():
            raise NotInitializedException()
        if until.clock_type != self._clock_type:
            raise ValueError("until's clock type does not match this clock's type")

        wake = threading.Event()
        time_source_changed = False

        def on_time_jump(jump: TimeJump) -> None:
            nonlocal time_source_changed
            # Activating or deactivating ROS time changes the epoch: the target means nothing.
            if jump.clock_change in (ClockChange.ROS_TIME_ACTIVATED,
                                     ClockChange.ROS_TIME_DEACTIVATED):
                time_source_changed = True
            if time_source_changed or self.now() >= until:
                wake.set()

        on_shutdown = getattr(context, 'on_shutdown', None)
        if on_shutdown is not None:
            on_shutdown(wake.set)
        try:
            threshold = JumpThreshold(min_forward=Duration(nanoseconds=1), min_backward=None,
                                      on_clock_change=True)
            with self.create_jump_callback(threshold, post_callback=on_time_jump):
                while not wake.is_set() and not time_source_changed and context.ok():
                    remaining = until.nanoseconds - self.__clock.get_now()
                    if remaining <= 0:
                        break
                    if self._ros_time_active():
                        # Simulated time moves only by overrides, which wake us through the
                        # jump callback; the timeout only bounds the context check.
                        timeout = _SLEEP_POLL_S
                    else:
                        timeout = min(remaining / 1e9, _SLEEP_POLL_S)
                    wake.wait(timeout)
        finally:
            # Contexts that keep strong references would otherwise collect one per sleep.
            remove_on_shutdown = getattr(context, '_remove_on_shutdown', None)
            if remove_on_shutdown is not None:
                remove_on_shutdown(wake.set)

        if not context.ok() or time_source_changed:
            return False
        return self.now() >= until

    def _ros_time_active(self) -> bool:
        return (self._clock_type == ClockType.ROS_TIME and
                self.__clock.get_ros_time_override_is_enabled())

    def sleep_for(self, rel_time: Duration, context: Optional['Context'] = None) -> bool:
        """
        Sleep for a duration; equivalent to ``clock.sleep_until(clock.now() + rel_time, context)``.

        :param rel_time: how long to sleep.
        :param context: context whose shutdown wakes the sleep early; ``None`` for the
            default context.
        :return: ``True`` if the full duration was slept, ``False`` if woken for another reason.
        :raises NotInitializedException: if ``context`` is not initialized or is shut down.
        """
        return self.sleep_until(self.now() + rel_time, context)


class ROSClock(Clock):
    """A clock of type ``ROS_TIME``: simulated time while ROS time is active, else system time."""

    def __new__(cls) -> 'ROSClock':
        self = super().__new__(Clock, clock_type=ClockType.ROS_TIME)
        assert isinstance(self, ROSClock)
        return self

    @property
    def ros_time_is_active(self) -> bool:
        """Return ``True`` if ROS time is currently active."""
        return self.handle.get_ros_time_override_is_enabled()

    def _set_ros_time_is_active(self, enabled: bool) -> None:
        # Private: only a TimeSource managing this clock should switch ROS time on or off.
        self.handle.set_ros_time_override_is_enabled(enabled)

    def set_ros_time_override(self, time: Time) -> None:
        """
        Set the time this clock reports while ROS time is active.

        :param time: the new simulated time.
        :raises TypeError: if ``time`` is not a :class:`rclpy.time.Time`.
        """
        if not isinstance(time, Time):
            raise TypeError(
                'Time must be specified as rclpy.time.Time. Received type: {0}'.format(type(time)))
        self.handle.set_ros_time_override(time.nanoseconds)
