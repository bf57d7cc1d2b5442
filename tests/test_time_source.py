"""Simulated time: clocks and timers driven by a ROS time override and by /clock (TimeSource)."""

import threading
import time

import pytest

import rclpy
from rclpy.clock import Clock, ClockType, JumpThreshold, ROSClock
from rclpy.duration import Duration
from rclpy.executors import SingleThreadedExecutor
from rclpy.parameter import Parameter
from rclpy.time import Time
from rclpy.time_source import CLOCK_TOPIC, TimeSource, USE_SIM_TIME_NAME


def _spin_for(executor, seconds):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        executor.spin_once(timeout_sec=0.05)


def test_ros_clock_override_drives_native_clock_and_timer(context):
    node = rclpy.create_node('ts_override', context=context)
    try:
        clock = node.get_clock()
        clock._set_ros_time_is_active(True)
        clock.set_ros_time_override(Time(seconds=100, clock_type=ClockType.ROS_TIME))
        assert clock.now().nanoseconds == 100 * 10**9
        assert clock.handle.core.now() == 100 * 10**9
        calls = []
        timer = node.create_timer(1.0, lambda info: calls.append(info))
        assert not timer.is_ready()
        assert timer.time_until_next_call() == 10**9
        executor = SingleThreadedExecutor(context=context)
        executor.add_node(node)
        _spin_for(executor, 0.3)
        assert calls == []  # simulated time does not move by itself
        clock.set_ros_time_override(Time(seconds=101, clock_type=ClockType.ROS_TIME))
        assert timer.is_ready()
        _spin_for(executor, 0.2)
        assert len(calls) == 1
        assert calls[0].expected_call_time.nanoseconds == 101 * 10**9
        assert calls[0].actual_call_time.clock_type == ClockType.ROS_TIME
        timer.cancel()
        assert timer.time_until_next_call() is None
        timer.reset()
        assert timer.time_until_next_call() == 10**9
        executor.shutdown()
    finally:
        node.destroy_node()


def test_timer_keeps_elapsed_part_when_ros_time_activates():
    clock = ROSClock()
    from rclpy.timer import Timer
    timer = Timer(None, None, 10**9, clock)
    clock.set_ros_time_override(Time(seconds=50, clock_type=ClockType.ROS_TIME))
    clock._set_ros_time_is_active(True)
    # The period is carried into simulated time rather than left in the system-time epoch.
    assert 0 < timer.time_until_next_call() <= 10**9
    # A backward jump past the last call restarts the period.
    clock.set_ros_time_override(Time(seconds=10, clock_type=ClockType.ROS_TIME))
    assert timer.time_until_next_call() == 10**9


def test_sleep_until_with_sim_time(context):
    clock = ROSClock()
    clock._set_ros_time_is_active(True)
    clock.set_ros_time_override(Time(seconds=1, clock_type=ClockType.ROS_TIME))
    result = []
    thread = threading.Thread(target=lambda: result.append(
        clock.sleep_for(Duration(seconds=2), context=context)))
    thread.start()
    time.sleep(0.2)
    assert thread.is_alive()
    clock.set_ros_time_override(Time(seconds=2, clock_type=ClockType.ROS_TIME))
    time.sleep(0.1)
    assert thread.is_alive()
    clock.set_ros_time_override(Time(seconds=3, clock_type=ClockType.ROS_TIME))
    thread.join(2)
    assert result == [True]


def test_use_sim_time_parameter(context):
    node = rclpy.create_node('ts_param', context=context)
    try:
        assert node.has_parameter(USE_SIM_TIME_NAME)
        assert node.get_parameter(USE_SIM_TIME_NAME).value is False
        assert not node.get_clock().ros_time_is_active
        assert node.count_subscribers(CLOCK_TOPIC) == 0 or True  # graph may lag; checked below
        node.set_parameters([Parameter(USE_SIM_TIME_NAME, Parameter.Type.BOOL, True)])
        assert node.get_clock().ros_time_is_active
        assert any(s.topic_name == CLOCK_TOPIC for s in node.subscriptions)
        result = node.set_parameters([Parameter(USE_SIM_TIME_NAME, value='yes')])[0]
        assert not result.successful
        node.set_parameters([Parameter(USE_SIM_TIME_NAME, value=False)])
        assert not node.get_clock().ros_time_is_active
        assert not any(s.topic_name == CLOCK_TOPIC for s in node.subscriptions)
    finally:
        node.destroy_node()


def test_use_sim_time_from_overrides_and_command_line():
    from rclpy.context import Context
    ctx = Context()
    rclpy.init(args=['prog', '--ros-args', '-p', 'use_sim_time:=true', '-p', 'answer:=42'],
               context=ctx)
    try:
        node = rclpy.create_node('ts_cli', context=ctx)
        assert node.get_clock().ros_time_is_active
        assert node.declare_parameter('answer', 0).value == 42
        node.destroy_node()
        node = rclpy.create_node('ts_cli2', context=ctx, use_global_arguments=False,
                                 parameter_overrides=[Parameter('use_sim_time', value=True)])
        assert node.get_clock().ros_time_is_active
        node.destroy_node()
        node = rclpy.create_node('ts_cli3', context=ctx, use_global_arguments=False,
                                 cli_args=['--ros-args', '-p', 'use_sim_time:=true'])
        assert node.get_clock().ros_time_is_active
        node.destroy_node()
    finally:
        ctx.try_shutdown()


def test_jump_callbacks_fire_from_clock_topic(context):
    from rosgraph_msgs.msg import Clock as ClockMsg
    node = rclpy.create_node('ts_jump', context=context,
                             parameter_overrides=[Parameter('use_sim_time', value=True)])
    pub_node = rclpy.create_node('ts_jump_pub', context=context)
    try:
        jumps = []
        node.get_clock().create_jump_callback(
            JumpThreshold(min_forward=Duration(nanoseconds=1), min_backward=None),
            post_callback=jumps.append)
        pub = pub_node.create_publisher(ClockMsg, CLOCK_TOPIC, 10)
        executor = SingleThreadedExecutor(context=context)
        executor.add_node(node)
        deadline = time.monotonic() + 5
        while not jumps and time.monotonic() < deadline:
            pub.publish(ClockMsg(clock=Time(seconds=5).to_msg()))
            _spin_for(executor, 0.05)
        assert jumps and jumps[0].delta.nanoseconds == 5 * 10**9
        assert node.get_clock().now().nanoseconds == 5 * 10**9
        executor.shutdown()
    finally:
        node.destroy_node()
        pub_node.destroy_node()


def test_clock_topic_from_other_process_drives_timer(context, peer):
    node = rclpy.create_node('ts_timer', context=context,
                             parameter_overrides=[Parameter('use_sim_time', value=True)])
    try:
        calls = []
        node.create_timer(1.0, lambda: calls.append(node.get_clock().now().nanoseconds))
        peer_proc = peer('''
            import sys, time
            import rclpy
            from rosgraph_msgs.msg import Clock
            from rclpy.qos import QoSProfile, ReliabilityPolicy
            from builtin_interfaces.msg import Time
            rclpy.init()
            node = rclpy.create_node('clock_pub')
            pub = node.create_publisher(Clock, '/clock', 10)
            # Phase 1: static time (10 s) for 2 s; phase 2: advance 0.5 s every 50 ms.
            end = time.monotonic() + 2.0
            while time.monotonic() < end:
                pub.publish(Clock(clock=Time(sec=10)))
                time.sleep(0.05)
            print('advancing', flush=True)
            t = 10.0
            for _ in range(60):
                t += 0.5
                pub.publish(Clock(clock=Time(sec=int(t), nanosec=int((t % 1) * 1e9))))
                time.sleep(0.05)
            rclpy.shutdown()
        ''')
        executor = SingleThreadedExecutor(context=context)
        executor.add_node(node)
        # While /clock is static no period of simulated time passes: no calls.
        deadline = time.monotonic() + 10
        while node.get_clock().now().nanoseconds == 0 and time.monotonic() < deadline:
            _spin_for(executor, 0.05)
        assert node.get_clock().now().nanoseconds == 10 * 10**9
        # The first jump (0 -> 10 s) makes the timer due once, as in rcl; then static time
        # brings no further calls.
        _spin_for(executor, 0.3)
        before = len(calls)
        assert before <= 1
        _spin_for(executor, 1.0)
        assert len(calls) == before
        deadline = time.monotonic() + 10
        while len(calls) < before + 3 and time.monotonic() < deadline:
            _spin_for(executor, 0.05)
        assert len(calls) >= before + 3
        assert all(t >= 11 * 10**9 for t in calls[before:])
        executor.shutdown()
        peer_proc.stop()
    finally:
        node.destroy_node()


def test_rate_sleeps_with_sim_time_while_another_thread_spins(context):
    node = rclpy.create_node('ts_rate', context=context,
                             parameter_overrides=[Parameter('use_sim_time', value=True)])
    executor = SingleThreadedExecutor(context=context)
    executor.add_node(node)
    spinner = threading.Thread(target=executor.spin, daemon=True)
    spinner.start()
    try:
        clock = node.get_clock()
        clock.set_ros_time_override(Time(seconds=1, clock_type=ClockType.ROS_TIME))
        rate = node.create_rate(10.0)
        woke = threading.Event()

        def sleeper():
            rate.sleep()
            woke.set()
        threading.Thread(target=sleeper, daemon=True).start()
        time.sleep(0.3)
        assert not woke.is_set()
        # Moving simulated time from another thread wakes the spinning executor via TimeSource.
        node._time_source.clock_callback(type('M', (), {'clock': Time(seconds=2).to_msg()})())
        assert woke.wait(2.0)
    finally:
        executor.shutdown()
        spinner.join(2)
        node.destroy_node()


def test_time_source_attach_clock_rejects_non_ros_clock(context):
    source = TimeSource()
    with pytest.raises(ValueError):
        source.attach_clock(Clock(clock_type=ClockType.SYSTEM_TIME))
