"""Tests for rclpy.duration, rclpy.time and rclpy.clock (pure Python clocks and time jumps)."""

import importlib.util
import sys
import threading
import time
import types

import pytest

from rclpy.clock import (Clock, ClockChange, ClockType, JumpHandle, JumpThreshold, ROSClock,
                         TimeJump)
from rclpy.clock_type import ClockType as ClockTypeFromModule
from rclpy.constants import S_TO_NS
from rclpy.duration import Duration, Infinite
from rclpy.exceptions import NotInitializedException
from rclpy.time import Time

HAVE_BUILTIN_INTERFACES = importlib.util.find_spec('builtin_interfaces') is not None


class FakeContext:
    """Just enough of rclpy.context.Context for Clock.sleep_until."""

    def __init__(self):
        self._ok = True
        self._callbacks = []

    def ok(self):
        return self._ok

    def on_shutdown(self, callback):
        self._callbacks.append(callback)

    def shutdown(self):
        self._ok = False
        for callback in self._callbacks:
            callback()


@pytest.fixture
def fake_msgs(monkeypatch):
    """Install a stand-in builtin_interfaces.msg module for the conversion logic."""
    class FakeTime:
        def __init__(self, sec=0, nanosec=0):
            self.sec, self.nanosec = sec, nanosec

    class FakeDuration:
        def __init__(self, sec=0, nanosec=0):
            self.sec, self.nanosec = sec, nanosec

    package = types.ModuleType('builtin_interfaces')
    msg = types.ModuleType('builtin_interfaces.msg')
    msg.Time, msg.Duration = FakeTime, FakeDuration
    package.msg = msg
    monkeypatch.setitem(sys.modules, 'builtin_interfaces', package)
    monkeypatch.setitem(sys.modules, 'builtin_interfaces.msg', msg)
    return msg


# --- Duration ---------------------------------------------------------------------------

def test_duration_construction():
    assert S_TO_NS == 10**9
    assert Duration().nanoseconds == 0
    assert Duration(seconds=1, nanoseconds=5).nanoseconds == 1_000_000_005
    assert Duration(seconds=0.5).nanoseconds == 500_000_000
    assert Duration(nanoseconds=2.9).nanoseconds == 2
    assert Duration(seconds=-1).nanoseconds == -S_TO_NS
    with pytest.raises(TypeError):
        Duration(1)  # type: ignore[misc]


def test_duration_overflow():
    Duration(nanoseconds=2**63 - 1)
    Duration(nanoseconds=-2**63)
    with pytest.raises(OverflowError, match='too large to store in C duration'):
        Duration(nanoseconds=2**63)
    with pytest.raises(OverflowError):
        Duration(nanoseconds=-2**63 - 1)
    with pytest.raises(OverflowError):
        Infinite + Duration(nanoseconds=1)


def test_duration_repr_str():
    assert repr(Duration(seconds=2)) == 'Duration(nanoseconds=2000000000)'
    assert str(Duration(nanoseconds=7)) == '7 nanoseconds'
    assert str(Infinite) == 'Infinite'
    assert Infinite.nanoseconds == 2**63 - 1


def test_duration_arithmetic():
    a, b = Duration(seconds=3), Duration(seconds=1)
    assert a + b == Duration(seconds=4)
    assert a - b == Duration(seconds=2)
    assert b - a == Duration(seconds=-2)
    assert a * 2 == Duration(seconds=6)
    assert a * 0.5 == Duration(seconds=1.5)
    assert a * float('inf') is Infinite
    with pytest.raises(ValueError, match="Can't multiply duration with nan"):
        a * float('nan')
    with pytest.raises(ValueError, match="Can't multiply duration with nan"):
        a * float('-inf')
    with pytest.raises(TypeError):
        a + 1  # type: ignore[operator]
    with pytest.raises(TypeError):
        2 * a  # type: ignore[operator]
    with pytest.raises(TypeError):
        a * 'x'  # type: ignore[operator]


def test_duration_comparisons():
    a, b = Duration(seconds=1), Duration(nanoseconds=S_TO_NS)
    assert a == b and not a != b
    assert Duration() < a <= b and b >= a > Duration()
    assert (a == 1) is False
    assert a != 1
    with pytest.raises(TypeError):
        a < 1  # type: ignore[operator]
    with pytest.raises(TypeError):
        hash(a)


def test_duration_msg_with_stand_in(fake_msgs):
    msg = Duration(nanoseconds=-1).to_msg()
    assert (msg.sec, msg.nanosec) == (-1, 999_999_999)
    msg = Duration(seconds=2, nanoseconds=3).to_msg()
    assert isinstance(msg, fake_msgs.Duration) and (msg.sec, msg.nanosec) == (2, 3)
    assert Duration.from_msg(fake_msgs.Duration(sec=-1, nanosec=999_999_999)) == \
        Duration(nanoseconds=-1)
    with pytest.raises(TypeError, match='Must pass a builtin_interfaces.msg.Duration object'):
        Duration.from_msg(fake_msgs.Time(sec=1))


@pytest.mark.skipif(not HAVE_BUILTIN_INTERFACES, reason='builtin_interfaces not importable')
def test_duration_and_time_msg_round_trip():
    from builtin_interfaces.msg import Duration as DurationMsg, Time as TimeMsg
    duration = Duration(seconds=5, nanoseconds=7)
    msg = duration.to_msg()
    assert isinstance(msg, DurationMsg) and Duration.from_msg(msg) == duration
    t = Time(seconds=5, nanoseconds=7, clock_type=ClockType.ROS_TIME)
    msg = t.to_msg()
    assert isinstance(msg, TimeMsg) and (msg.sec, msg.nanosec) == (5, 7)
    assert Time.from_msg(msg) == t


# --- Time -------------------------------------------------------------------------------

def test_clock_type_values():
    assert ClockType is ClockTypeFromModule
    assert (ClockType.UNINITIALIZED, ClockType.ROS_TIME, ClockType.SYSTEM_TIME,
            ClockType.STEADY_TIME) == (0, 1, 2, 3)


def test_time_construction():
    t = Time(seconds=1.5, nanoseconds=2)
    assert t.nanoseconds == 1_500_000_002
    assert t.clock_type == ClockType.SYSTEM_TIME
    assert t.seconds_nanoseconds() == (1, 500_000_002)
    assert repr(Time(nanoseconds=5, clock_type=ClockType.ROS_TIME)) == \
        'Time(nanoseconds=5, clock_type=ROS_TIME)'
    with pytest.raises(TypeError, match='Clock type must be a ClockType enum'):
        Time(clock_type=1)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match='Seconds value must not be negative'):
        Time(seconds=-1)
    with pytest.raises(ValueError, match='Nanoseconds value must not be negative'):
        Time(nanoseconds=-1)
    with pytest.raises(OverflowError, match='too large to store in C time point'):
        Time(nanoseconds=2**63)


def test_time_arithmetic():
    t = Time(seconds=10, clock_type=ClockType.STEADY_TIME)
    later = t + Duration(seconds=2)
    assert later == Time(seconds=12, clock_type=ClockType.STEADY_TIME)
    assert Duration(seconds=2) + t == later
    assert later - t == Duration(seconds=2)
    assert t - later == Duration(seconds=-2)
    assert later - Duration(seconds=12) == Time(clock_type=ClockType.STEADY_TIME)
    with pytest.raises(ValueError, match='Subtraction leads to negative time.'):
        t - Duration(seconds=11)
    with pytest.raises(OverflowError, match='Addition leads to overflow in C storage.'):
        t + Infinite
    with pytest.raises(TypeError, match="Can't subtract times with different clock types"):
        t - Time(seconds=1)
    with pytest.raises(TypeError):
        t + 1  # type: ignore[operator]
    with pytest.raises(TypeError):
        t + t  # type: ignore[operator]


def test_time_comparisons():
    a = Time(seconds=1, clock_type=ClockType.ROS_TIME)
    b = Time(seconds=2, clock_type=ClockType.ROS_TIME)
    assert a < b and a <= b and b > a and b >= a and a != b
    assert a == Time(nanoseconds=S_TO_NS, clock_type=ClockType.ROS_TIME)
    other = Time(seconds=1, clock_type=ClockType.SYSTEM_TIME)
    for compare in (lambda: a == other, lambda: a != other, lambda: a < other,
                    lambda: a <= other, lambda: a > other, lambda: a >= other):
        with pytest.raises(TypeError, match="Can't compare times with different clock types"):
            compare()
    assert (a == 'x') is False
    with pytest.raises(TypeError):
        hash(a)


def test_time_to_datetime():
    assert Time(seconds=1).to_datetime().timestamp() == pytest.approx(1.0)
    with pytest.raises(TypeError, match='should be either ROS_TIME or SYSTEM_TIME'):
        Time(clock_type=ClockType.STEADY_TIME).to_datetime()


def test_time_msg_with_stand_in(fake_msgs):
    msg = Time(seconds=3, nanoseconds=4).to_msg()
    assert isinstance(msg, fake_msgs.Time) and (msg.sec, msg.nanosec) == (3, 4)
    t = Time.from_msg(fake_msgs.Time(sec=3, nanosec=4))
    assert t.clock_type == ClockType.ROS_TIME and t.nanoseconds == 3_000_000_004
    t = Time.from_msg(fake_msgs.Time(sec=3), clock_type=ClockType.SYSTEM_TIME)
    assert t.clock_type == ClockType.SYSTEM_TIME
    with pytest.raises(TypeError, match='Must pass a builtin_interfaces.msg.Time object'):
        Time.from_msg(fake_msgs.Duration())


# --- Clock ------------------------------------------------------------------------------

def test_clock_types_and_now():
    system = Clock()
    assert system.clock_type == ClockType.SYSTEM_TIME and type(system) is Clock
    assert repr(system) == 'Clock(clock_type=SYSTEM_TIME)'
    assert abs(system.now().nanoseconds - time.time_ns()) < 10**9
    steady = Clock(clock_type=ClockType.STEADY_TIME)
    first = steady.now()
    assert first.clock_type == ClockType.STEADY_TIME and steady.now() >= first
    ros = Clock(clock_type=ClockType.ROS_TIME)
    assert isinstance(ros, ROSClock) and ros.clock_type == ClockType.ROS_TIME
    assert isinstance(ROSClock(), ROSClock)
    with pytest.raises(TypeError, match='Clock type must be a ClockType enum'):
        Clock(clock_type=2)  # type: ignore[arg-type]


def test_ros_clock_override():
    clock = ROSClock()
    assert not clock.ros_time_is_active
    assert abs(clock.now().nanoseconds - time.time_ns()) < 10**9
    clock.set_ros_time_override(Time(seconds=5, clock_type=ClockType.ROS_TIME))
    assert clock.now().nanoseconds != 5 * S_TO_NS  # inactive: still system time
    clock._set_ros_time_is_active(True)
    assert clock.ros_time_is_active
    assert clock.now() == Time(seconds=5, clock_type=ClockType.ROS_TIME)
    clock.set_ros_time_override(Time(seconds=7))  # the clock type is not checked
    assert clock.now().nanoseconds == 7 * S_TO_NS
    clock._set_ros_time_is_active(False)
    assert abs(clock.now().nanoseconds - time.time_ns()) < 10**9
    with pytest.raises(TypeError, match='Time must be specified as rclpy.time.Time'):
        clock.set_ros_time_override(5)  # type: ignore[arg-type]


def test_jump_threshold_validation():
    with pytest.raises(ValueError, match='min_forward must be a positive non-zero duration'):
        JumpThreshold(min_forward=Duration(), min_backward=None)
    with pytest.raises(ValueError, match='min_backward must be a negative non-zero duration'):
        JumpThreshold(min_forward=None, min_backward=Duration(seconds=1))
    with pytest.raises(ValueError, match='At least one jump threshold must be enabled'):
        JumpThreshold(min_forward=None, min_backward=None, on_clock_change=False)
    with pytest.raises(TypeError, match='clock_change must be an instance'):
        TimeJump(2, Duration())  # type: ignore[arg-type]
    assert (ClockChange.ROS_TIME_NO_CHANGE, ClockChange.ROS_TIME_ACTIVATED,
            ClockChange.ROS_TIME_DEACTIVATED, ClockChange.SYSTEM_TIME_NO_CHANGE) == (1, 2, 3, 4)


def test_jump_handle_validation():
    clock = ROSClock()
    threshold = JumpThreshold(min_forward=None, min_backward=None, on_clock_change=True)
    with pytest.raises(ValueError, match='One of pre_callback or post_callback must be callable'):
        clock.create_jump_callback(threshold)
    with pytest.raises(ValueError, match='pre_callback must be callable if given'):
        clock.create_jump_callback(threshold, pre_callback=5)  # type: ignore[arg-type]
    # A post_callback that is not callable is dropped, as in rclpy.
    with pytest.raises(ValueError, match='One of pre_callback or post_callback'):
        clock.create_jump_callback(threshold, post_callback=5)  # type: ignore[arg-type]


def test_jump_callbacks_on_activation_and_jumps():
    clock = ROSClock()
    events = []
    handle = clock.create_jump_callback(
        JumpThreshold(min_forward=Duration(seconds=1), min_backward=Duration(seconds=-1)),
        pre_callback=lambda: events.append(('pre', clock.now().nanoseconds)),
        post_callback=lambda jump: events.append(
            ('post', jump.clock_change, jump.delta.nanoseconds, clock.now().nanoseconds)))
    assert isinstance(handle, JumpHandle)

    clock.set_ros_time_override(Time(seconds=100))  # inactive: no jump
    assert events == []
    clock._set_ros_time_is_active(True)
    assert events[0][0] == 'pre' and events[0][1] != 100 * S_TO_NS
    assert events[1] == ('post', ClockChange.ROS_TIME_ACTIVATED, 0, 100 * S_TO_NS)
    events.clear()
    clock._set_ros_time_is_active(True)  # no change, no callback
    assert events == []

    clock.set_ros_time_override(Time(seconds=100, nanoseconds=500))  # below the threshold
    assert events == []
    clock.set_ros_time_override(Time(seconds=102))
    assert events == [('pre', 100 * S_TO_NS + 500),
                      ('post', ClockChange.ROS_TIME_NO_CHANGE, 2 * S_TO_NS - 500,
                       102 * S_TO_NS)]
    events.clear()
    clock.set_ros_time_override(Time(seconds=90))
    assert events[1][1:3] == (ClockChange.ROS_TIME_NO_CHANGE, -12 * S_TO_NS)
    events.clear()

    clock._set_ros_time_is_active(False)
    assert events[1][:3] == ('post', ClockChange.ROS_TIME_DEACTIVATED, 0)
    events.clear()
    handle.unregister()
    handle.unregister()  # a second call does nothing
    clock._set_ros_time_is_active(True)
    assert events == []


def test_jump_threshold_semantics_follow_rcl():
    clock = ROSClock()
    clock._set_ros_time_is_active(True)
    seen = []
    # Only a forward threshold: rcl still reports every backward jump (a zero backward
    # threshold passes any negative delta), and activation is not reported.
    with clock.create_jump_callback(
            JumpThreshold(min_forward=Duration(seconds=10), min_backward=None,
                          on_clock_change=False),
            post_callback=lambda jump: seen.append(jump.delta.nanoseconds)) as handle:
        clock.set_ros_time_override(Time(seconds=5))
        clock.set_ros_time_override(Time(seconds=20))
        clock.set_ros_time_override(Time(seconds=19))
        clock._set_ros_time_is_active(False)
    assert seen == [15 * S_TO_NS, -S_TO_NS]
    assert handle._clock is None


def test_jump_callback_exception_stops_later_callbacks_but_applies_change():
    clock = ROSClock()
    called = []

    def boom():
        raise RuntimeError('boom')

    threshold = JumpThreshold(min_forward=None, min_backward=None, on_clock_change=True)
    clock.create_jump_callback(threshold, pre_callback=boom)
    clock.create_jump_callback(threshold, pre_callback=lambda: called.append(1))
    with pytest.raises(RuntimeError, match='boom'):
        clock._set_ros_time_is_active(True)
    assert called == []
    assert clock.ros_time_is_active


def test_system_clock_has_no_ros_time_controls():
    assert not hasattr(Clock(), 'ros_time_is_active')


def test_uninitialized_clock_cannot_tell_time():
    from rclpy.exceptions import RCLError
    clock = Clock(clock_type=ClockType.UNINITIALIZED)
    with pytest.raises(RCLError):
        clock.now()


# --- sleeping ---------------------------------------------------------------------------

def test_sleep_for_system_and_steady():
    context = FakeContext()
    for clock_type in (ClockType.SYSTEM_TIME, ClockType.STEADY_TIME):
        clock = Clock(clock_type=clock_type)
        start = time.monotonic()
        assert clock.sleep_for(Duration(seconds=0.2), context=context)
        assert 0.19 <= time.monotonic() - start < 1.0


def test_sleep_until_past_time_returns_at_once():
    clock = Clock()
    start = time.monotonic()
    assert clock.sleep_until(Time(seconds=1), context=FakeContext())
    assert time.monotonic() - start < 0.1


def test_sleep_until_errors():
    clock = Clock()
    context = FakeContext()
    with pytest.raises(ValueError, match="until's clock type does not match"):
        clock.sleep_until(Time(clock_type=ClockType.STEADY_TIME), context=context)
    context.shutdown()
    with pytest.raises(NotInitializedException):
        clock.sleep_until(clock.now(), context=context)


def test_sleep_wakes_on_context_shutdown():
    context = FakeContext()
    clock = Clock()
    threading.Timer(0.1, context.shutdown).start()
    start = time.monotonic()
    assert clock.sleep_for(Duration(seconds=30), context=context) is False
    assert time.monotonic() - start < 2.0


def test_sleep_until_simulated_time():
    context = FakeContext()
    clock = ROSClock()
    clock._set_ros_time_is_active(True)
    clock.set_ros_time_override(Time(seconds=100, clock_type=ClockType.ROS_TIME))
    result = []
    sleeper = threading.Thread(target=lambda: result.append(clock.sleep_until(
        Time(seconds=105, clock_type=ClockType.ROS_TIME), context=context)))
    sleeper.start()
    time.sleep(0.15)
    clock.set_ros_time_override(Time(seconds=103, clock_type=ClockType.ROS_TIME))
    time.sleep(0.15)
    assert sleeper.is_alive()  # 103 < 105: keeps sleeping
    clock.set_ros_time_override(Time(seconds=106, clock_type=ClockType.ROS_TIME))
    sleeper.join(2.0)
    assert result == [True]


def test_sleep_returns_false_when_ros_time_toggles():
    context = FakeContext()
    clock = ROSClock()
    result = []
    sleeper = threading.Thread(target=lambda: result.append(
        clock.sleep_for(Duration(seconds=30), context=context)))
    sleeper.start()
    time.sleep(0.1)
    clock._set_ros_time_is_active(True)
    sleeper.join(2.0)
    assert result == [False]
