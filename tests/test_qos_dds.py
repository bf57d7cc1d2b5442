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
