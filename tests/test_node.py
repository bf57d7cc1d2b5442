"""Nodes: names, namespaces, remapping, bad input, the seed's skeleton and Ctrl-C."""

import signal
import subprocess
import sys
import time

import pytest

import rclpy
from rclpy.exceptions import (InvalidHandle, InvalidNamespaceException, InvalidNodeNameException,
                              InvalidTopicNameException)
from std_msgs.msg import String


def test_names_and_namespace(context):
    node = rclpy.create_node('my_node', namespace='robot', context=context)
    assert node.get_name() == 'my_node'
    assert node.get_namespace() == '/robot'
    assert node.get_fully_qualified_name() == '/robot/my_node'
    pub = node.create_publisher(String, 'chatter', 10)
    assert pub.topic_name == '/robot/chatter'
    priv = node.create_publisher(String, '~/status', 10)
    assert priv.topic_name == '/robot/my_node/status'
    node.destroy_node()


@pytest.mark.parametrize('name', ['1abc', 'my-node', '', 'a b'])
def test_invalid_node_name_raises_rclpy_exception(context, name):
    with pytest.raises(InvalidNodeNameException):
        rclpy.create_node(name, context=context)


def test_invalid_namespace_raises(context):
    with pytest.raises(InvalidNamespaceException):
        rclpy.create_node('ok', namespace='/bad//ns', context=context)


@pytest.mark.parametrize('topic', ['1chatter', 'chat ter', 'chatter/', 'a?b'])
def test_invalid_topic_name_raises_rclpy_exception(context, topic):
    node = rclpy.create_node('topics', context=context)
    with pytest.raises(InvalidTopicNameException) as info:
        node.create_publisher(String, topic, 10)
    assert repr(topic)[1:-1] in str(info.value)
    node.destroy_node()


def test_wrong_field_type_names_the_field():
    msg = String()
    with pytest.raises(AssertionError, match="'data'"):
        msg.data = 42
    from geometry_msgs.msg import Point
    with pytest.raises(AssertionError, match="'x'"):
        Point(x='one')


def test_int_depth_is_accepted_and_other_types_rejected(context):
    node = rclpy.create_node('qos_depth', context=context)
    pub = node.create_publisher(String, 'depth', 7)
    assert pub.qos_profile.depth == 7
    with pytest.raises(TypeError):
        node.create_publisher(String, 'depth2', 'ten')
    node.destroy_node()


def test_destroyed_entities_raise_invalid_handle(context):
    node = rclpy.create_node('destroyed', context=context)
    pub = node.create_publisher(String, 'gone', 10)
    node.destroy_publisher(pub)
    with pytest.raises(InvalidHandle):
        pub.publish(String(data='x'))
    node.destroy_node()
    with pytest.raises(InvalidHandle):
        node.create_publisher(String, 'gone', 10)


def test_remapping_from_command_line(tmp_path):
    script = tmp_path / 'remap.py'
    script.write_text(
        'import rclpy\nfrom std_msgs.msg import String\n'
        "rclpy.init(args=['prog', '--ros-args', '-r', 'chatter:=talk', '-r', '__ns:=/ns', '-r', '__node:=renamed'])\n"
        "n = rclpy.create_node('orig')\n"
        "p = n.create_publisher(String, 'chatter', 10)\n"
        "print(n.get_fully_qualified_name(), p.topic_name)\n"
        'rclpy.shutdown()\n')
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ['/ns/renamed', '/ns/talk']


SKELETON = '''
import rclpy
from rclpy.node import Node
from std_msgs.msg import String


class MyNode(Node):
    def __init__(self):
        super().__init__('my_node')
        self.pub = self.create_publisher(String, 'topic', 10)
        self.timer = self.create_timer(0.1, self.tick)

    def tick(self):
        self.pub.publish(String(data='tick'))
        print('tick', flush=True)


def main(args=None):
    rclpy.init(args=args)
    node = MyNode()
    try:
        rclpy.spin(node)
    except KeyboardInterrupt:
        pass
    finally:
        node.destroy_node()
        rclpy.shutdown()


if __name__ == '__main__':
    main()
'''


def test_seed_skeleton_exits_cleanly_on_ctrl_c(peer):
    proc = peer(SKELETON)
    proc.expect_line('tick')
    time.sleep(0.3)
    _, err = proc.end_with(signal.SIGINT)
    assert 'Traceback' not in err


def test_context_destroy_releases_it_for_a_new_init():
    from rclpy.context import Context
    ctx = Context()
    ctx.init()
    node = rclpy.create_node('destroyed_with_its_context', context=ctx)
    ctx.destroy()
    assert not ctx.ok()
    with pytest.raises(Exception):
        node.create_publisher(String, 'after_destroy', 10)
    ctx.init()  # a destroyed context can be initialized again
    assert ctx.ok()
    ctx.destroy()
    Context().destroy()  # never initialized: nothing to do
