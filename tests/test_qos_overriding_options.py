"""rclpy.qos_overriding_options: QoS policies from read-only parameters, applied when the entity is made."""

from typing import Any

import pytest

import rclpy
from rclpy.duration import Duration
from rclpy.parameter import Parameter
from rclpy.qos import (DurabilityPolicy, HistoryPolicy, LivelinessPolicy, QoSPolicyKind, QoSProfile,
                       ReliabilityPolicy)
from rclpy.qos_overriding_options import (InvalidQosOverridesError, QosCallbackResult,
                                          QoSOverridingOptions)
from std_msgs.msg import String

TIMEOUT = 20.0


def make_node(context: Any, *args: str, name: str = 'qos_overrides_test') -> Any:
    return rclpy.create_node(name, context=context, cli_args=['--ros-args', *args] if args else None)


def test_default_policies_are_declared_read_only(context: Any) -> None:
    node = make_node(context)
    pub = node.create_publisher(String, 'chatter', 10,
                                qos_overriding_options=QoSOverridingOptions.with_default_policies())
    prefix = 'qos_overrides./chatter.publisher.'
    assert node.get_parameter(prefix + 'history').value == 'keep_last'
    assert node.get_parameter(prefix + 'depth').value == 10
    assert node.get_parameter(prefix + 'reliability').value == 'reliable'
    assert not node.has_parameter(prefix + 'durability')
    descriptor = node.describe_parameter(prefix + 'depth')
    assert descriptor.read_only
    assert descriptor.description == 'depth for publisher `/chatter` with id `None`'
    result = node.set_parameters([Parameter(prefix + 'depth', value=3)])[0]
    assert not result.successful
    assert result.reason == 'Trying to set a read-only parameter: qos_overrides./chatter.publisher.depth.'
    assert pub.qos_profile.depth == 10
    node.destroy_node()


def test_command_line_overrides_apply_at_creation(context: Any) -> None:
    node = make_node(context, '-p', 'qos_overrides./chatter.publisher.depth:=5',
                     '-p', 'qos_overrides./chatter.publisher.reliability:=best_effort',
                     '-p', 'qos_overrides./chatter.subscription_x.durability:=transient_local',
                     '-p', 'qos_overrides./chatter.subscription_x.deadline:=250000000')
    pub = node.create_publisher(String, 'chatter', 10,
                                qos_overriding_options=QoSOverridingOptions.with_default_policies())
    assert pub.qos_profile.depth == 5
    assert pub.qos_profile.reliability == ReliabilityPolicy.BEST_EFFORT
    kinds = [k for k in QoSPolicyKind if k is not QoSPolicyKind.INVALID]
    sub = node.create_subscription(String, 'chatter', lambda m: None, 10,
                                   qos_overriding_options=QoSOverridingOptions(kinds, entity_id='x'))
    assert sub.qos_profile.durability == DurabilityPolicy.TRANSIENT_LOCAL
    assert sub.qos_profile.deadline == Duration(nanoseconds=250_000_000)
    assert sub.qos_profile.history == HistoryPolicy.KEEP_LAST
    assert sub.qos_profile.liveliness == LivelinessPolicy.SYSTEM_DEFAULT
    names = sorted(n for n in node._parameters if n.startswith('qos_overrides.'))
    assert 'qos_overrides./chatter.subscription_x.lifespan' not in names  # not a subscription policy
    assert 'qos_overrides./chatter.subscription_x.avoid_ros_namespace_conventions' in names
    # What the other side of the wire sees: the overridden reliability.
    observer = make_node(context, name='qos_overrides_observer')
    infos = observer.get_publishers_info_by_topic('/chatter')
    assert [i.qos_profile.reliability for i in infos] == [ReliabilityPolicy.BEST_EFFORT]
    observer.destroy_node()
    node.destroy_node()


def test_params_file_and_a_peer_process(context: Any, peer: Any, tmp_path: Any) -> None:
    """A node in another process takes its overrides from a parameters file; this one sees them."""
    params = tmp_path / 'qos.yaml'
    params.write_text('talker:\n  ros__parameters:\n    qos_overrides:\n      /qe_talk:\n        publisher:\n'
                      '          reliability: best_effort\n          durability: transient_local\n')
    p = peer(f'''
import sys, time
import rclpy
from rclpy.qos_overriding_options import QoSOverridingOptions
from rclpy.qos import QoSPolicyKind
from std_msgs.msg import String
rclpy.init(args=['x', '--ros-args', '--params-file', {str(params)!r}])
node = rclpy.create_node('talker')
pub = node.create_publisher(String, 'qe_talk', 10, qos_overriding_options=QoSOverridingOptions(
    [QoSPolicyKind.RELIABILITY, QoSPolicyKind.DURABILITY]))
print(pub.qos_profile.reliability.name, pub.qos_profile.durability.name, flush=True)
sys.stdin.readline()
''', stdin=__import__('subprocess').PIPE)
    p.expect_line('BEST_EFFORT TRANSIENT_LOCAL')
    node = make_node(context)
    import time
    end = time.monotonic() + TIMEOUT
    infos: list = []
    while not infos and time.monotonic() < end:
        infos = node.get_publishers_info_by_topic('/qe_talk')
        time.sleep(0.05)
    assert [(i.qos_profile.reliability, i.qos_profile.durability) for i in infos] == [
        (ReliabilityPolicy.BEST_EFFORT, DurabilityPolicy.TRANSIENT_LOCAL)]
    p.popen.stdin.write('end\n')
    p.popen.stdin.flush()
    p.wait(TIMEOUT)
    node.destroy_node()


def test_callback_validates_the_result(context: Any) -> None:
    node = make_node(context, '-p', 'qos_overrides./chatter.publisher.depth:=1')
    seen = []

    def check(qos: QoSProfile) -> QosCallbackResult:
        seen.append(qos.depth)
        result = QosCallbackResult()
        result.successful = qos.depth > 1
        result.reason = 'depth must be over 1'
        return result
    with pytest.raises(InvalidQosOverridesError) as info:
        node.create_publisher(String, 'chatter', 10,
                              qos_overriding_options=QoSOverridingOptions.with_default_policies(callback=check))
    assert str(info.value) == ('Provided QoS overrides for publisher `/chatter` with id `None`, '
                               'are not valid: depth must be over 1')
    assert seen == [1]
    assert list(node.publishers) == [p for p in node.publishers if p.topic_name != '/chatter']
    ok = node.create_publisher(String, 'other', 10,
                               qos_overriding_options=QoSOverridingOptions.with_default_policies(callback=check))
    assert ok.qos_profile.depth == 10 and seen == [1, 10]
    node.destroy_node()


def test_bad_override_values(context: Any) -> None:
    node = make_node(context, '-p', 'qos_overrides./chatter.publisher.reliability:=bogus')
    with pytest.raises(RuntimeError, match='Unexpected QoS override for policy `reliability`: `bogus`'):
        node.create_publisher(String, 'chatter', 10,
                              qos_overriding_options=QoSOverridingOptions.with_default_policies())
    with pytest.raises(TypeError, match='subclass of Publisher or Subscription'):
        from rclpy.qos_overriding_options import _declare_qos_parameters
        _declare_qos_parameters(int, node, '/t', QoSProfile(depth=1), QoSOverridingOptions([]))  # type: ignore
    node.destroy_node()


def test_second_entity_reuses_the_declared_parameters(context: Any) -> None:
    node = make_node(context, '-p', 'qos_overrides./chatter.publisher.depth:=7')
    options = QoSOverridingOptions([QoSPolicyKind.DEPTH])
    first = node.create_publisher(String, 'chatter', 10, qos_overriding_options=options)
    second = node.create_publisher(String, '/chatter', 3, qos_overriding_options=options)
    assert first.qos_profile.depth == second.qos_profile.depth == 7
    node.destroy_node()
