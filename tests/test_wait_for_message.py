"""rclpy.wait_for_message: one message from another process, timeouts, shutdown while waiting."""

import subprocess
import threading

import rclpy
from rclpy.qos import DurabilityPolicy, QoSProfile, ReliabilityPolicy
from rclpy.wait_for_message import wait_for_message
from std_msgs.msg import String

PUBLISHER = '''
import sys, threading
import rclpy
from std_msgs.msg import String
rclpy.init()
node = rclpy.create_node('wfm_talker', enable_rosout=False)
pub = node.create_publisher(String, '/wfm/chatter', 10)
count = [0]
def tick():
    count[0] += 1
    pub.publish(String(data='hello %d' % count[0]))
node.create_timer(0.05, tick)
threading.Thread(target=lambda: (sys.stdin.readline(), rclpy.shutdown()), daemon=True).start()
print('ready', flush=True)
try:
    rclpy.spin(node)
except rclpy.executors.ExternalShutdownException:
    pass
'''

LATCHED = '''
import sys
import rclpy
from rclpy.qos import DurabilityPolicy, QoSProfile
from std_msgs.msg import String
rclpy.init()
node = rclpy.create_node('wfm_latched', enable_rosout=False)
pub = node.create_publisher(String, '/wfm/latched', QoSProfile(depth=1, durability=DurabilityPolicy.TRANSIENT_LOCAL))
pub.publish(String(data='kept'))
print('ready', flush=True)
sys.stdin.readline()
rclpy.shutdown()
'''


def test_receives_a_message_from_another_process(context, peer):
    talker = peer(PUBLISHER, stdin=subprocess.PIPE)
    talker.expect_line('ready')
    node = rclpy.create_node('wfm_listener', context=context, enable_rosout=False)
    for _ in range(2):  # each call gets a fresh message, and cleans up after itself
        ok, msg = wait_for_message(String, node, '/wfm/chatter', time_to_wait=20.0)
        assert ok is True
        assert isinstance(msg, String) and msg.data.startswith('hello ')
        assert list(node.subscriptions) == []
    talker.finish(20)  # closes its stdin: the peer shuts down and exits
    node.destroy_node()


def test_relative_topic_and_qos_profile(context, peer):
    latched = peer(LATCHED, stdin=subprocess.PIPE)
    latched.expect_line('ready')
    node = rclpy.create_node('wfm_listener', namespace='/wfm', context=context, enable_rosout=False)
    qos = QoSProfile(depth=1, reliability=ReliabilityPolicy.RELIABLE, durability=DurabilityPolicy.TRANSIENT_LOCAL)
    ok, msg = wait_for_message(String, node, 'latched', qos_profile=qos, time_to_wait=20.0)
    assert (ok, msg) == (True, String(data='kept'))
    latched.finish(20)
    node.destroy_node()


def test_times_out_without_a_publisher(context):
    node = rclpy.create_node('wfm_lonely', context=context, enable_rosout=False)
    assert wait_for_message(String, node, '/wfm/nobody', time_to_wait=0.2) == (False, None)
    assert wait_for_message(String, node, '/wfm/nobody', time_to_wait=0) == (False, None)
    assert list(node.subscriptions) == []
    node.destroy_node()


def test_shutdown_while_waiting_returns_false(context):
    node = rclpy.create_node('wfm_shutdown', context=context, enable_rosout=False)
    result = []
    waiter = threading.Thread(target=lambda: result.append(wait_for_message(String, node, '/wfm/nobody')))
    waiter.start()
    # The waiter has no time limit: only the shutdown can end its wait.
    threading.Timer(0.3, context.shutdown).start()
    waiter.join(20.0)
    assert not waiter.is_alive()
    assert result == [(False, None)]
