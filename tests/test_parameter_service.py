"""A node's parameter services and /parameter_events, used from another process.

The peer declares parameters (from its command line too) and spins; this process calls the six
rcl_interfaces services with plain clients, as ros2cli and rclcpp do, and watches the events.
"""

import pytest

import rclpy
from rclpy.executors import SingleThreadedExecutor
from rclpy.parameter import Parameter
from rcl_interfaces.msg import Parameter as ParameterMsg
from rcl_interfaces.msg import ParameterEvent, ParameterType, ParameterValue
from rcl_interfaces.srv import (DescribeParameters, GetParameters, GetParameterTypes,
                                ListParameters, SetParameters, SetParametersAtomically)

PEER = '''
import sys
import rclpy
from rcl_interfaces.msg import IntegerRange, ParameterDescriptor
rclpy.init(args=sys.argv + ['--ros-args', '-p', 'speed:=2.5', '-r', '__ns:=/robot'])
node = rclpy.create_node('driver')
node.declare_parameter('speed', 1.0)
node.declare_parameter('name', 'r2', ParameterDescriptor(read_only=True, description='its name'))
node.declare_parameter('gear', 1, ParameterDescriptor(
    integer_range=[IntegerRange(from_value=1, to_value=5, step=1)]))
node.declare_parameters('arm', [('joints', [0.0, 0.5]), ('enabled', True)])
node.declare_parameter('later', 'x')
print('ready', flush=True)
try:
    rclpy.spin(node)
except Exception:
    pass
'''


@pytest.fixture
def driver(peer):
    p = peer(PEER)
    p.expect_line('ready')
    return p


@pytest.fixture
def caller(context):
    node = rclpy.create_node('caller', context=context, start_parameter_services=False)
    executor = SingleThreadedExecutor(context=context)
    executor.add_node(node)
    yield node, executor
    executor.shutdown()
    node.destroy_node()


def call(caller, srv_type, name, **fields):
    node, executor = caller
    client = node.create_client(srv_type, f'/robot/driver/{name}')
    try:
        assert client.wait_for_service(timeout_sec=20.0), f'no service /robot/driver/{name}'
        future = client.call_async(srv_type.Request(**fields))
        executor.spin_until_future_complete(future, timeout_sec=20.0)
        assert future.done(), f'no answer from /robot/driver/{name}'
        return future.result()
    finally:
        node.destroy_client(client)


def value(type_, **fields):
    return ParameterValue(type=type_, **fields)


def test_get_list_describe_and_types(driver, caller):
    listed = call(caller, ListParameters, 'list_parameters', prefixes=[], depth=0).result
    assert listed.names == ['use_sim_time', 'start_type_description_service', 'speed', 'name', 'gear',
                            'arm.joints', 'arm.enabled', 'later']
    assert listed.prefixes == ['arm']
    shallow = call(caller, ListParameters, 'list_parameters', prefixes=['arm'], depth=1).result
    assert shallow.names == ['arm.joints', 'arm.enabled']

    values = call(caller, GetParameters, 'get_parameters', names=['speed', 'name', 'arm.joints']).values
    assert [v.type for v in values] == [ParameterType.PARAMETER_DOUBLE, ParameterType.PARAMETER_STRING,
                                        ParameterType.PARAMETER_DOUBLE_ARRAY]
    assert values[0].double_value == 2.5  # the command line's -p won over the declared default
    assert values[1].string_value == 'r2' and list(values[2].double_array_value) == [0.0, 0.5]
    # One unknown name empties the whole answer, as in rclpy.
    assert call(caller, GetParameters, 'get_parameters', names=['speed', 'nope']).values == []

    types = call(caller, GetParameterTypes, 'get_parameter_types', names=['gear', 'arm.enabled']).types
    assert list(types) == [ParameterType.PARAMETER_INTEGER, ParameterType.PARAMETER_BOOL]
    assert list(call(caller, GetParameterTypes, 'get_parameter_types', names=['nope']).types) == []

    descriptors = call(caller, DescribeParameters, 'describe_parameters', names=['name', 'gear']).descriptors
    assert (descriptors[0].name, descriptors[0].read_only, descriptors[0].description) == \
        ('name', True, 'its name')
    assert descriptors[1].integer_range[0].to_value == 5 and descriptors[1].type == 2
    assert call(caller, DescribeParameters, 'describe_parameters', names=['nope']).descriptors == []


def test_set_with_rclpy_reasons_and_atomic_sets(driver, caller):
    results = call(caller, SetParameters, 'set_parameters', parameters=[
        ParameterMsg(name='gear', value=value(2, integer_value=3)),
        ParameterMsg(name='gear', value=value(2, integer_value=9)),
        ParameterMsg(name='name', value=value(4, string_value='c3')),
        ParameterMsg(name='speed', value=value(4, string_value='fast')),
        ParameterMsg(name='nope', value=value(2, integer_value=1)),
        ParameterMsg(name='gear', value=value(42)),
    ]).results
    assert [(r.successful, r.reason) for r in results] == [
        (True, ''),
        (False, 'Parameter gear out of range. Min: 1, Max: 5, value: 9'),
        (False, 'Trying to set a read-only parameter: name.'),
        (False, "Wrong parameter type, expected 'Type.DOUBLE' got 'Type.STRING'"),
        (False, "Invalid access to undeclared parameter(s): ['nope']"),
        (False, 'Invalid parameter message: 42 is not a valid Parameter.Type'),
    ]
    # All or nothing: the good half of a rejected atomic set is not applied.
    result = call(caller, SetParametersAtomically, 'set_parameters_atomically', parameters=[
        ParameterMsg(name='speed', value=value(3, double_value=9.0)),
        ParameterMsg(name='gear', value=value(2, integer_value=0))]).result
    assert (result.successful, result.reason) == (
        False, 'Parameter gear out of range. Min: 1, Max: 5, value: 0')
    values = call(caller, GetParameters, 'get_parameters', names=['speed', 'gear']).values
    assert (values[0].double_value, values[1].integer_value) == (2.5, 3)
    result = call(caller, SetParametersAtomically, 'set_parameters_atomically', parameters=[
        ParameterMsg(name='speed', value=value(3, double_value=9.0)),
        ParameterMsg(name='gear', value=value(2, integer_value=5))]).result
    assert result.successful
    values = call(caller, GetParameters, 'get_parameters', names=['speed', 'gear']).values
    assert (values[0].double_value, values[1].integer_value) == (9.0, 5)
    # Deleting (a NOT_SET value) a statically typed parameter is refused.
    result = call(caller, SetParameters, 'set_parameters',
                  parameters=[ParameterMsg(name='later', value=value(0))]).results[0]
    assert (result.successful, result.reason) == (False, 'Static parameter cannot be undeclared')
    assert driver.popen.poll() is None  # no request made the peer fail


def test_parameter_events_from_another_process(peer, caller):
    node, executor = caller
    events = []

    def keep(event: ParameterEvent) -> None:
        # The peer's own declarations at start-up may arrive too: keep what follows 'go'.
        startup = event.new_parameters and event.new_parameters[0].name != 'late'
        if event.node == '/robot/driver' and not startup:
            events.append(event)
    node.create_subscription(ParameterEvent, '/parameter_events', keep, 1000)
    p = peer(PEER.replace("print('ready', flush=True)", '''
print('ready', flush=True)
sys.stdin.readline()
while node.count_subscribers('/parameter_events') < 1:
    rclpy.spin_once(node, timeout_sec=0.05)
node.set_parameters([rclpy.parameter.Parameter('speed', value=3.0)])
node.declare_parameter('late', [1, 2])
node.undeclare_parameter('late')
print('done', flush=True)'''), stdin=__import__('subprocess').PIPE)
    p.expect_line('ready')
    p.popen.stdin.write('go\n')
    p.popen.stdin.flush()
    p.expect_line('done')
    for _ in range(200):
        if len(events) >= 3:
            break
        executor.spin_once(timeout_sec=0.1)
    kinds = [([m.name for m in e.new_parameters], [m.name for m in e.changed_parameters],
              [m.name for m in e.deleted_parameters]) for e in events]
    assert kinds == [([], ['speed'], []), (['late'], [], []), ([], [], ['late'])]
    assert events[0].changed_parameters[0].value.double_value == 3.0
    assert list(events[1].new_parameters[0].value.integer_array_value) == [1, 2]
    assert all(e.stamp.sec > 0 for e in events)


def test_no_services_when_not_started(context):
    node = rclpy.create_node('quiet', context=context, start_parameter_services=False)
    node.declare_parameter('p', 1)
    try:
        # Only the type description service, which Jazzy starts regardless.
        assert node.get_service_names_and_types_by_node('quiet', '/') == [
            ('/quiet/get_type_description', ['type_description_interfaces/srv/GetTypeDescription'])]
        assert ('/parameter_events', ['rcl_interfaces/msg/ParameterEvent']) in \
            node.get_publisher_names_and_types_by_node('quiet', '/')
    finally:
        node.destroy_node()
    served = rclpy.create_node('served', context=context)
    try:
        assert len(served.get_service_names_and_types_by_node('served', '/')) == 7
    finally:
        served.destroy_node()
