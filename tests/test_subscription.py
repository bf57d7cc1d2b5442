"""Subscription callbacks with message info, and rclpy's check of a callback's arity."""

import time

import pytest

import rclpy
from rclpy.executors import SingleThreadedExecutor
from rclpy.subscription import Subscription
from std_msgs.msg import String

PUBLISHER = '''
import sys, time, rclpy
from std_msgs.msg import String
rclpy.init()
node = rclpy.create_node('info_talker', start_parameter_services=False)
pub = node.create_publisher(String, 'with_info', 10)
while pub.get_subscription_count() < 1:
    time.sleep(0.01)
time.sleep(0.2)
print(time.time_ns(), flush=True)
for i in range(3):
    pub.publish(String(data=str(i)))
time.sleep(0.5)
print(time.time_ns(), flush=True)
'''


@pytest.fixture
def node(context):
    n = rclpy.create_node('info_listener', context=context, start_parameter_services=False)
    yield n
    n.destroy_node()


def test_two_argument_callbacks_get_message_info(node, peer):
    got = []
    sub = node.create_subscription(String, 'with_info', lambda msg, info: got.append((msg, info)), 10)
    assert sub._callback_type is Subscription.CallbackType.WithMessageInfo
    p = peer(PUBLISHER)
    before = int(p.popen.stdout.readline())
    executor = SingleThreadedExecutor(context=node.context)
    executor.add_node(node)
    deadline = time.monotonic() + 20.0
    while len(got) < 3 and time.monotonic() < deadline:
        executor.spin_once(timeout_sec=0.1)
    executor.shutdown()
    after = int(p.popen.stdout.readline())
    assert [m.data for m, _ in got] == ['0', '1', '2']
    for _, info in got:
        assert set(info) == {'source_timestamp', 'received_timestamp', 'publication_sequence_number',
                             'reception_sequence_number'}
        # Stamped by the writer, then on arrival here (the two processes share the wall clock).
        assert before <= info['source_timestamp'] <= info['received_timestamp'] <= after + 10**9
        assert info['publication_sequence_number'] is None  # rmw_cyclonedds has none either
    assert [i['source_timestamp'] for _, i in got] == sorted(i['source_timestamp'] for _, i in got)


def test_callback_arity_is_checked_as_rclpy_does(node):
    sub = node.create_subscription(String, 'arity', lambda msg: None, 10)
    assert sub._callback_type is Subscription.CallbackType.MessageOnly
    sub.callback = lambda msg, info=None: None  # one argument binds first
    assert sub._callback_type is Subscription.CallbackType.MessageOnly
    sub.callback = lambda msg, info: None
    assert sub._callback_type is Subscription.CallbackType.WithMessageInfo
    assert sub.handle.with_info
    with pytest.raises(RuntimeError, match='callable with one argument'):
        node.create_subscription(String, 'arity', lambda a, b, c: None, 10)
    with pytest.raises(RuntimeError):
        node.create_subscription(String, 'arity', lambda: None, 10)
    node.create_subscription(String, 'arity', [].append, 10)  # a builtin method takes one


def test_in_process_message_info_and_take(node):
    infos = []
    node.create_subscription(String, 'local_info', lambda m, i: infos.append(i), 10)
    pub = node.create_publisher(String, 'local_info', 10)
    pub.publish(String(data='x'))
    executor = SingleThreadedExecutor(context=node.context)
    executor.add_node(node)
    deadline = time.monotonic() + 10.0
    while not infos and time.monotonic() < deadline:
        executor.spin_once(timeout_sec=0.1)
    executor.shutdown()
    assert infos and infos[0]['source_timestamp'] > 0


def test_content_filtered_topics_are_refused_clearly(node):
    from rclpy.subscription_content_filter_options import ContentFilterOptions
    options = ContentFilterOptions(filter_expression='data = %0', expression_parameters=["'x'"])
    with pytest.raises(NotImplementedError, match="content-filtered topics .* 'data = %0' on 'filtered'"):
        node.create_subscription(String, 'filtered', lambda m: None, 10, content_filter_options=options)
    assert list(node.subscriptions) == []
