"""Parameters and lifecycle against the REAL rclpy (PyPI's ROS 2 wheels over Fast DDS).

Fast DDS cannot call services of a Cyclone peer (rmw_cyclonedds carries the request header inside
the payload), so the services are checked where the two DDSes meet: the real rclpy sees an rclx
node's parameter and lifecycle services in the graph with their types, receives its
/parameter_events and transition events, and serializes every request and response exactly as
rclx does (the bytes after rmw_cyclonedds' request header).
"""

import json

import pytest

import rclpy
from rclpy.parameter import Parameter
from rclpy.serialization import deserialize_message, serialize_message
from rcl_interfaces.msg import ParameterDescriptor, IntegerRange

from _harness import (DISCOVERY_TIMEOUT, node, pytestmark, rclpy_peer, spin,  # noqa: F401 (fixtures)
                      spin_until)

# Each request and response of the parameter and lifecycle services, with values in every field
# that has one; the same source builds them on both sides.
SAMPLES = r'''
from rcl_interfaces.msg import (FloatingPointRange, IntegerRange, ListParametersResult, Parameter,
                                ParameterDescriptor, ParameterEvent, ParameterValue,
                                SetParametersResult)
from rcl_interfaces.srv import (DescribeParameters, GetParameters, GetParameterTypes,
                                ListParameters, SetParameters, SetParametersAtomically)
from lifecycle_msgs.msg import State, Transition, TransitionDescription, TransitionEvent
from lifecycle_msgs.srv import ChangeState, GetAvailableStates, GetAvailableTransitions, GetState
from builtin_interfaces.msg import Time

def samples():
    every = ParameterValue(type=9, bool_value=True, integer_value=-7, double_value=2.5,
                           string_value='héllo', byte_array_value=[b'\x01', b'\xff'],
                           bool_array_value=[True, False], integer_array_value=[1, -2, 3],
                           double_array_value=[0.5], string_array_value=['a', 'bc'])
    param = Parameter(name='arm.speed', value=every)
    descriptor = ParameterDescriptor(
        name='gear', type=2, description='which gear', additional_constraints='1..5',
        read_only=True, dynamic_typing=False,
        floating_point_range=[FloatingPointRange(from_value=0.0, to_value=1.0, step=0.25)],
        integer_range=[IntegerRange(from_value=1, to_value=5, step=1)])
    result = SetParametersResult(successful=False, reason='Trying to set a read-only parameter: gear.')
    transition = TransitionDescription(
        transition=Transition(id=1, label='configure'),
        start_state=State(id=1, label='unconfigured'), goal_state=State(id=10, label='configuring'))
    return {
        'DescribeParameters.Request': DescribeParameters.Request(names=['gear', 'arm.speed']),
        'DescribeParameters.Response': DescribeParameters.Response(descriptors=[descriptor, descriptor]),
        'GetParameters.Request': GetParameters.Request(names=['a', 'bb', 'ccc']),
        'GetParameters.Response': GetParameters.Response(values=[every, ParameterValue(type=2, integer_value=3)]),
        'GetParameterTypes.Request': GetParameterTypes.Request(names=['x']),
        'GetParameterTypes.Response': GetParameterTypes.Response(types=[1, 2, 9]),
        'ListParameters.Request': ListParameters.Request(prefixes=['arm', 'leg'], depth=2),
        'ListParameters.Response': ListParameters.Response(
            result=ListParametersResult(names=['arm.a', 'arm.b.c'], prefixes=['arm', 'arm.b'])),
        'SetParameters.Request': SetParameters.Request(parameters=[param, param]),
        'SetParameters.Response': SetParameters.Response(results=[result, SetParametersResult(successful=True)]),
        'SetParametersAtomically.Request': SetParametersAtomically.Request(parameters=[param]),
        'SetParametersAtomically.Response': SetParametersAtomically.Response(result=result),
        'ParameterEvent': ParameterEvent(stamp=Time(sec=12, nanosec=34), node='/ns/driver',
                                         new_parameters=[param], changed_parameters=[param],
                                         deleted_parameters=[Parameter(name='gone')]),
        'ChangeState.Request': ChangeState.Request(transition=Transition(id=3, label='activate')),
        'ChangeState.Response': ChangeState.Response(success=True),
        'GetState.Request': GetState.Request(),
        'GetState.Response': GetState.Response(current_state=State(id=3, label='active')),
        'GetAvailableStates.Response': GetAvailableStates.Response(
            available_states=[State(id=0, label='unknown'), State(id=1, label='unconfigured')]),
        'GetAvailableTransitions.Response': GetAvailableTransitions.Response(
            available_transitions=[transition, transition]),
        'TransitionEvent': TransitionEvent(timestamp=77, transition=Transition(id=1, label='configure'),
                                           start_state=State(id=1, label='unconfigured'),
                                           goal_state=State(id=10, label='configuring')),
    }
'''

SERIALIZE = SAMPLES + r'''
import json, sys
from rclpy.serialization import deserialize_message, serialize_message
ours = samples()
print('bytes', json.dumps({k: serialize_message(v).hex() for k, v in ours.items()}), flush=True)
rclx_bytes = json.loads(sys.stdin.readline())
print('read', json.dumps(sorted(k for k, v in rclx_bytes.items()
                                if deserialize_message(bytes.fromhex(v), type(ours[k])) == ours[k])),
      flush=True)
'''


def test_requests_and_responses_serialize_as_rclpy_does(rclpy_peer):
    """Each side reads the other's bytes back into an equal message.

    The bytes themselves cannot be compared: Fast CDR leaves alignment padding uninitialized and
    adds bytes at the end of a sample (its size estimate), where rmw_cyclonedds sends none.
    """
    scope: dict = {}
    exec(SAMPLES, scope)
    samples = scope['samples']()
    peer = rclpy_peer(SERIALIZE)
    theirs = {k: bytes.fromhex(v) for k, v in json.loads(peer.expect('bytes ', DISCOVERY_TIMEOUT)).items()}
    ours = {name: serialize_message(msg) for name, msg in samples.items()}
    assert sorted(theirs) == sorted(ours)
    assert [k for k in ours if deserialize_message(theirs[k], type(samples[k])) != samples[k]] == []
    peer.popen.stdin.write(json.dumps({k: v.hex() for k, v in ours.items()}) + '\n')
    peer.popen.stdin.flush()
    assert json.loads(peer.expect('read ', DISCOVERY_TIMEOUT)) == sorted(ours)


OBSERVER = r'''
import rclpy
from rcl_interfaces.msg import ParameterEvent
from lifecycle_msgs.msg import TransitionEvent
from rclpy.qos import qos_profile_parameter_events
rclpy.init()
node = rclpy.create_node('rclpy_observer')

def on_event(e):
    if e.node == '/rclx_interop':
        changed = [(p.name, p.value.type, p.value.integer_value) for p in e.changed_parameters]
        new = [(p.name, p.value.type, p.value.string_value) for p in e.new_parameters]
        print('event', new, changed, [p.name for p in e.deleted_parameters], flush=True)

node.create_subscription(ParameterEvent, '/parameter_events', on_event, qos_profile_parameter_events)
node.create_subscription(TransitionEvent, '/rclx_managed/transition_event',
                         lambda e: print('transition', e.start_state.label, e.goal_state.label,
                                         flush=True), 10)
print('ready', flush=True)
while True:
    rclpy.spin_once(node, timeout_sec=0.05)
    names = dict(node.get_service_names_and_types_by_node('rclx_interop', '/')
                 if ('rclx_interop', '/') in node.get_node_names_and_namespaces() else [])
    managed = dict(node.get_service_names_and_types_by_node('rclx_managed', '/')
                   if ('rclx_managed', '/') in node.get_node_names_and_namespaces() else [])
    if len(names) >= 7 and len(managed) >= 12:
        print('services', sorted((k, v[0]) for k, v in names.items()), flush=True)
        print('lifecycle', sorted((k, v[0]) for k, v in managed.items()
                                  if 'parameter' not in k and 'type_description' not in k), flush=True)
        break
rclpy.spin(node)
'''


def test_rclpy_sees_the_services_and_receives_the_events(rclpy_peer, node):
    from rclpy.lifecycle import LifecycleNode
    managed = LifecycleNode('rclx_managed', context=node.context)
    try:
        peer = rclpy_peer(OBSERVER)
        peer.expect('ready', DISCOVERY_TIMEOUT)
        services = peer.expect('services ', DISCOVERY_TIMEOUT, lambda: spin(node))
        assert eval(services) == sorted(
            [(f'/rclx_interop/{name}', f'rcl_interfaces/srv/{type_}') for name, type_ in (
                ('describe_parameters', 'DescribeParameters'), ('get_parameters', 'GetParameters'),
                ('get_parameter_types', 'GetParameterTypes'), ('list_parameters', 'ListParameters'),
                ('set_parameters', 'SetParameters'),
                ('set_parameters_atomically', 'SetParametersAtomically'))] +
            [('/rclx_interop/get_type_description', 'type_description_interfaces/srv/GetTypeDescription')])
        lifecycle = eval(peer.expect('lifecycle ', DISCOVERY_TIMEOUT))
        assert lifecycle == sorted(
            (f'/rclx_managed/{name}', f'lifecycle_msgs/srv/{type_}') for name, type_ in (
                ('change_state', 'ChangeState'), ('get_state', 'GetState'),
                ('get_available_states', 'GetAvailableStates'),
                ('get_available_transitions', 'GetAvailableTransitions'),
                ('get_transition_graph', 'GetAvailableTransitions')))

        # Until the peer's subscription matched, events may be lost (volatile): wait for it.
        assert spin_until(node, lambda: node.count_subscribers('/parameter_events') >= 1
                          and node.count_subscribers('/rclx_managed/transition_event') >= 1,
                          DISCOVERY_TIMEOUT)
        node.declare_parameter('mode', 'fast')
        node.declare_parameter('gear', 1, ParameterDescriptor(
            integer_range=[IntegerRange(from_value=1, to_value=5)]))
        assert node.set_parameters([Parameter('gear', value=4)])[0].successful
        node.undeclare_parameter('mode')
        expected = ["[('mode', 4, 'fast')] [] []", "[('gear', 2, '')] [] []",
                    "[] [('gear', 2, 4)] []", "[] [] ['mode']"]
        for line in expected:
            assert peer.expect('event ', DISCOVERY_TIMEOUT, lambda: spin(node)) == line
        managed.trigger_configure()
        assert peer.expect('transition ', DISCOVERY_TIMEOUT) == 'unconfigured configuring'
        assert peer.expect('transition ', DISCOVERY_TIMEOUT) == 'configuring inactive'
    finally:
        managed.destroy_node()
