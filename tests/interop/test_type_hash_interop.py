"""REP 2011 type hashes against the REAL rclpy (PyPI's ROS 2 wheels over Fast DDS).

Each side reads the hash the other announces in its endpoints' USER_DATA from DDS discovery:
the real rclpy's get_publishers_info_by_topic().topic_type_hash for rclx's topic equals the hash
rclx computed, and rclx reads the real rclpy's publisher's hash, equal to its own for the type.
"""

import json

from rclx.interfaces import _description
from std_msgs.msg import Header, String

from _harness import (DISCOVERY_TIMEOUT, node, pytestmark, rclpy_peer, spin,  # noqa: F401 (fixtures)
                      spin_until)

REPORTER = '''
import json, time
import rclpy
from std_msgs.msg import Header
rclpy.init()
node = rclpy.create_node('rclpy_hash_reporter')
node.create_publisher(Header, '/interop_hashed_back', 10)
print('ready', flush=True)
deadline = time.monotonic() + 60
while time.monotonic() < deadline:
    rclpy.spin_once(node, timeout_sec=0.1)
    infos = node.get_publishers_info_by_topic('/interop_hashed')
    if infos:
        print('hashes', json.dumps([str(i.topic_type_hash) for i in infos]), flush=True)
        break
rclpy.spin(node)
'''


def test_rclpy_and_rclx_read_each_others_type_hashes(rclpy_peer, node):
    node.create_publisher(String, '/interop_hashed', 10)
    peer = rclpy_peer(REPORTER)
    peer.expect('ready', DISCOVERY_TIMEOUT)
    reported = json.loads(peer.expect('hashes ', DISCOVERY_TIMEOUT, spin=lambda: spin(node)))
    assert reported == [_description.type_hash(String)]

    def named():
        infos = node.get_publishers_info_by_topic('/interop_hashed_back')
        return infos if infos and infos[0].node_name == 'rclpy_hash_reporter' else None
    assert spin_until(node, named, DISCOVERY_TIMEOUT), peer.diagnostics()
    assert str(named()[0].topic_type_hash) == _description.type_hash(Header)
