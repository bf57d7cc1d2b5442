"""Logging to /rosout: records of a node's logger reach another process as rcl_interfaces/msg/Log."""

import time

import rclpy
from rclpy.qos import DurabilityPolicy, qos_profile_rosout_default, ReliabilityPolicy

LISTENER = '''
import sys, time
import rclpy
from rcl_interfaces.msg import Log
from rclpy.qos import qos_profile_rosout_default
rclpy.init()
node = rclpy.create_node('rosout_listener', enable_rosout=False)
seen = []
def on_log(msg):
    if msg.name.startswith('rosout_talker'):
        print(f'{msg.level}|{msg.name}|{msg.msg}|{msg.function}|{msg.line}|{msg.stamp.sec}|{msg.file}',
              flush=True)
        seen.append(msg)
node.create_subscription(Log, '/rosout', on_log, qos_profile_rosout_default)
print('ready', flush=True)
end = time.monotonic() + float(sys.argv[1] if len(sys.argv) > 1 else 6)
while time.monotonic() < end and not any(m.msg == 'done' for m in seen):
    rclpy.spin_once(node, timeout_sec=0.1)
node.destroy_node()
rclpy.shutdown()
'''


def _wait_ready(proc):
    assert proc.popen.stdout.readline().strip() == 'ready'


def _wait_subscribed(node, count=1, timeout=10.0):
    deadline = time.monotonic() + timeout
    while node.count_subscribers('/rosout') < count and time.monotonic() < deadline:
        time.sleep(0.05)


def test_rosout_qos_matches_rcl():
    assert qos_profile_rosout_default.depth == 1000
    assert qos_profile_rosout_default.reliability == ReliabilityPolicy.RELIABLE
    assert qos_profile_rosout_default.durability == DurabilityPolicy.TRANSIENT_LOCAL
    assert qos_profile_rosout_default.lifespan.nanoseconds == 10 * 10**9


def test_log_lines_reach_rosout_in_other_process(context, peer):
    listener = peer(LISTENER)
    _wait_ready(listener)
    node = rclpy.create_node('rosout_talker', context=context)
    try:
        _wait_subscribed(node)
        logger = node.get_logger()
        logger.info('hello rosout')
        logger.debug('hidden debug')  # below the default level: not sent
        logger.get_child('child').warning('from child')
        logger.error('done')
        out = listener.wait(30)
    finally:
        node.destroy_node()
    lines = [line.split('|') for line in out.splitlines() if '|' in line]
    by_msg = {fields[2]: fields for fields in lines}
    assert 'hidden debug' not in by_msg
    level, name, _, function, line, sec, file_name = by_msg['hello rosout']
    assert (level, name) == ('20', 'rosout_talker')
    assert function == 'test_log_lines_reach_rosout_in_other_process'
    assert int(line) > 0 and file_name.endswith('test_rosout.py')
    assert abs(int(sec) - time.time()) < 60
    assert by_msg['from child'][:2] == ['30', 'rosout_talker.child']
    assert by_msg['done'][0] == '40'


def test_enable_rosout_false_publishes_nothing(context, peer):
    listener = peer(LISTENER.replace("float(sys.argv[1] if len(sys.argv) > 1 else 6)", '3'))
    _wait_ready(listener)
    node = rclpy.create_node('rosout_talker', context=context, enable_rosout=False)
    try:
        assert ('/rosout', ['rcl_interfaces/msg/Log']) not in \
            node.get_publisher_names_and_types_by_node('rosout_talker', '/')
        time.sleep(1.0)
        node.get_logger().info('should not be seen')
        node.get_logger().error('done')
        out = listener.wait(30)
    finally:
        node.destroy_node()
    assert 'should not be seen' not in out
    assert 'done' not in out


def test_log_level_debug_from_command_line(peer):
    from rclpy.context import Context
    import rclpy.logging
    listener = peer(LISTENER)
    _wait_ready(listener)
    ctx = Context()
    rclpy.init(args=['prog', '--ros-args', '--log-level', 'rosout_talker:=debug'], context=ctx)
    try:
        assert rclpy.logging.get_logger_level('rosout_talker') == rclpy.logging.LoggingSeverity.DEBUG
        node = rclpy.create_node('rosout_talker', context=ctx)
        _wait_subscribed(node)
        node.get_logger().debug('visible debug')
        node.get_logger().info('done')
        out = listener.wait(30)
        node.destroy_node()
    finally:
        ctx.try_shutdown()
        rclpy.logging.set_logger_level('rosout_talker', rclpy.logging.LoggingSeverity.UNSET)
    assert '10|rosout_talker|visible debug' in out


def test_node_cli_args_log_level(context):
    import rclpy.logging
    node = rclpy.create_node('rosout_cli', context=context,
                             cli_args=['--ros-args', '--log-level', 'rosout_cli:=warn'])
    try:
        assert rclpy.logging.get_logger_effective_level('rosout_cli') == \
            rclpy.logging.LoggingSeverity.WARN
    finally:
        node.destroy_node()
        rclpy.logging.set_logger_level('rosout_cli', rclpy.logging.LoggingSeverity.UNSET)
