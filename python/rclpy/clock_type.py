"""The kinds of clock a time point can come from (values equal rcl's ``rcl_clock_type_t``)."""

from enum import IntEnum


class ClockType(IntEnum):
    """
    Enum for the clock that produced a time point.

    The values match ``rcl_clock_type_t`` in rcl/time.h.
    """

    #: A clock that was never given a type; it cannot tell the time.
    UNINITIALIZED = 0
    #: Simulated time when ROS time is active, system time otherwise.
    ROS_TIME = 1
    #: Wall-clock time (``CLOCK_REALTIME``); can jump.
    SYSTEM_TIME = 2
    #: Monotonic time (``CLOCK_MONOTONIC``); never jumps.
    STEADY_TIME = 3
