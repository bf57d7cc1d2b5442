"""Names: expansion, remapping and namespaces change the DDS topic names as in ROS 2."""

import time

import pytest

import rclpy
from rclpy.exceptions import InvalidServiceNameException, InvalidTopicNameException
from example_interfaces.srv import AddTwoInts
from std_msgs.msg import String


def dds_names(node, want, timeout=3.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        names = {n for n, _ in node.get_topic_names_and_types(no_demangle=True)}
        names |= {n for n, _ in node.get_service_names_and_types()}
        if want <= names:
            return names
        time.sleep(0.02)
    return names


def test_namespace_and_remap_change_dds_topic_names(context):
    node = rclpy.create_node('talker', namespace='/robot', context=context,
                             cli_args=['--ros-args', '-r', 'chatter:=talk', '-r', 'other:status:=nope',
                                       '-r', 'talker:status:=health'])
    pub = node.create_publisher(String, 'chatter', 10)
    status = node.create_publisher(String, 'status', 10)
    private = node.create_publisher(String, '~/debug', 10)
    absolute = node.create_publisher(String, '/global', 10)
    assert pub.topic_name == '/robot/talk'
    assert status.topic_name == '/robot/health'  # the rule for node 'other' does not apply
    assert private.topic_name == '/robot/talker/debug'
    assert absolute.topic_name == '/global'
    names = dds_names(node, {'rt/robot/talk', 'rt/robot/health', 'rt/robot/talker/debug', 'rt/global'})
    assert {'rt/robot/talk', 'rt/robot/health', 'rt/robot/talker/debug', 'rt/global'} <= names
    node.destroy_node()


def test_service_names_are_remapped_and_use_rq_rr_topics(context):
    node = rclpy.create_node('adder', namespace='/math', context=context,
                             cli_args=['--ros-args', '-r', 'add:=sum'])
    srv = node.create_service(AddTwoInts, 'add', lambda req, resp: resp)
    assert srv.service_name == '/math/sum'
    names = dds_names(node, {'/math/sum'})
    assert '/math/sum' in names
    node.destroy_node()


def test_substitutions_and_node_remap(context):
    node = rclpy.create_node('orig', context=context, cli_args=['--ros-args', '-r', '__node:=renamed', '-r', '__ns:=/n'])
    assert node.get_fully_qualified_name() == '/n/renamed'
    assert node.resolve_topic_name('{node}/x') == '/n/renamed/x'
    assert node.resolve_topic_name('~') == '/n/renamed'
    node.destroy_node()


def test_invalid_names_name_the_offending_character(context):
    node = rclpy.create_node('bad', context=context)
    with pytest.raises(InvalidTopicNameException) as info:
        node.create_subscription(String, 'foo?bar', lambda m: None, 10)
    assert "'foo?bar'" in str(info.value) and '^' in str(info.value)
    with pytest.raises(InvalidServiceNameException):
        node.create_service(AddTwoInts, 'bad name', lambda req, resp: resp)
    node.destroy_node()


def test_bad_ros_args_raise(context):
    from rclpy.exceptions import RCLInvalidROSArgsError
    ctx = rclpy.Context()
    with pytest.raises(RCLInvalidROSArgsError):
        rclpy.init(args=['prog', '--ros-args', '-r', 'nonsense'], context=ctx)
