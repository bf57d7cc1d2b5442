"""QoS profiles become the DDS QoS rmw_cyclonedds_cpp would use (seen through discovery)."""

import time

import rclpy
from rclpy.duration import Duration
from rclpy.qos import (DurabilityPolicy, HistoryPolicy, LivelinessPolicy, QoSProfile, ReliabilityPolicy,
                       qos_profile_system_default)
from std_msgs.msg import String


def endpoint_qos(node, topic, subscriptions):
    get = node.get_subscriptions_info_by_topic if subscriptions else node.get_publishers_info_by_topic
    end = time.monotonic() + 3
    while time.monotonic() < end:
        infos = get(topic)
        if infos:
            return infos[0].qos_profile
        time.sleep(0.02)
    raise AssertionError(f'no endpoint on {topic}')


def test_system_default_means_reliable_volatile(context):
    node = rclpy.create_node('qos_sys', context=context)
    node.create_subscription(String, 'sysdef', lambda m: None, qos_profile_system_default)
    qos = endpoint_qos(node, '/sysdef', True)
    assert qos.reliability == ReliabilityPolicy.RELIABLE
    assert qos.durability == DurabilityPolicy.VOLATILE
    assert qos.liveliness == LivelinessPolicy.AUTOMATIC
    # Unset durations are infinite on the wire and reported as RMW_DURATION_INFINITE, as rmw does.
    from rclpy.duration import Infinite
    assert qos.deadline == Infinite and qos.lifespan == Infinite
    node.destroy_node()


def test_profile_policies_reach_dds(context):
    node = rclpy.create_node('qos_full', context=context)
    profile = QoSProfile(history=HistoryPolicy.KEEP_LAST, depth=7, reliability=ReliabilityPolicy.BEST_EFFORT,
                         durability=DurabilityPolicy.TRANSIENT_LOCAL, deadline=Duration(seconds=2),
                         lifespan=Duration(seconds=3), liveliness=LivelinessPolicy.MANUAL_BY_TOPIC,
                         liveliness_lease_duration=Duration(seconds=4))
    node.create_publisher(String, 'full', profile)
    qos = endpoint_qos(node, '/full', False)
    assert qos.reliability == ReliabilityPolicy.BEST_EFFORT
    assert qos.durability == DurabilityPolicy.TRANSIENT_LOCAL
    assert qos.deadline == Duration(seconds=2)
    assert qos.lifespan == Duration(seconds=3)
    assert qos.liveliness == LivelinessPolicy.MANUAL_BY_TOPIC
    assert qos.liveliness_lease_duration == Duration(seconds=4)
    node.destroy_node()


LATCHING_PEER = '''
import sys, rclpy
from rclpy.qos import DurabilityPolicy, QoSProfile
from std_msgs.msg import String
rclpy.init()
node = rclpy.create_node('latcher', start_parameter_services=False)
pub = node.create_publisher(String, 'latched_history',
                            QoSProfile(depth=5, durability=DurabilityPolicy.TRANSIENT_LOCAL))
pub.publish(String(data='history'))
print('ready', flush=True)
sys.stdin.readline()
'''


def test_each_subscription_gets_the_latched_history_by_its_own_durability(context, peer):
    import subprocess
    from rclpy.executors import SingleThreadedExecutor
    p = peer(LATCHING_PEER, stdin=subprocess.PIPE)
    p.expect_line('ready')
    node = rclpy.create_node('late_joiners', context=context, start_parameter_services=False)
    executor = SingleThreadedExecutor(context=context)
    executor.add_node(node)
    latched = QoSProfile(depth=5, durability=DurabilityPolicy.TRANSIENT_LOCAL)
    got_latched, got_volatile, got_second_latched = [], [], []
    try:
        node.create_subscription(String, 'latched_history', lambda m: got_latched.append(m.data), latched)
        end = time.monotonic() + 20.0
        while not got_latched and time.monotonic() < end:
            executor.spin_once(timeout_sec=0.1)
        assert got_latched == ['history']
        # Created later in the same process: a volatile one gets no history, a latched one does.
        node.create_subscription(String, 'latched_history', lambda m: got_volatile.append(m.data),
                                 QoSProfile(depth=5))
        node.create_subscription(String, 'latched_history', lambda m: got_second_latched.append(m.data),
                                 latched)
        end = time.monotonic() + 20.0
        while not got_second_latched and time.monotonic() < end:
            executor.spin_once(timeout_sec=0.1)
        end = time.monotonic() + 0.5
        while time.monotonic() < end:
            executor.spin_once(timeout_sec=0.05)
        assert got_second_latched == ['history']
        assert got_volatile == [] and got_latched == ['history']
    finally:
        executor.shutdown()
        node.destroy_node()
        p.popen.stdin.write('\n')
        p.popen.stdin.flush()
