"""Interoperability with the REAL rclpy (ROS 2 Kilted wheels over Fast DDS), as a second process.

The peer runs with the python of a separate virtualenv (.venv-rclpy, made by
scripts/setup-rclpy-peer.sh); rclx runs in this process. Both speak RTPS: Fast DDS on the peer's
side, Cyclone DDS on ours. The tests are skipped when that virtualenv is missing.
"""

import fcntl
import json
import os
import queue
import signal
import socket
import struct
import subprocess
import textwrap
import threading
import time
from pathlib import Path
from typing import Callable, Dict, Iterator, List, Optional

import pytest

import rclpy
from rclpy.executors import SingleThreadedExecutor
from rclpy.node import Node
from std_msgs.msg import Float64MultiArray, Header, MultiArrayDimension, String

ROOT = Path(__file__).resolve().parents[2]
PEER_VENV = Path(os.environ.get('RCLX_RCLPY_PEER_VENV', ROOT / '.venv-rclpy'))
PEER_PYTHON = PEER_VENV / 'bin' / 'python'

pytestmark = pytest.mark.skipif(
    not PEER_PYTHON.exists() or not any(PEER_VENV.glob('lib/python3*/site-packages/rclpy/__init__.py')),
    reason=f'no real rclpy to talk to: {PEER_VENV} is missing (run scripts/setup-rclpy-peer.sh '
           'or scripts/test.sh with RCLX_INTEROP=1)')

# conftest.py normally picks the domain; keep this module safe on its own too.
os.environ.setdefault('ROS_DOMAIN_ID', str(100 + os.getpid() % 100))

DISCOVERY_TIMEOUT = 30.0  # Fast DDS <-> Cyclone discovery; a few seconds on an idle machine


def multicast_interface_up() -> bool:
    """Whether a non-loopback, multicast-capable interface is up: the one Cyclone DDS then uses.

    Asks the kernel (SIOCGIFFLAGS) about this network namespace's interfaces; /sys/class/net
    may show another namespace's.
    """
    IFF_UP, IFF_LOOPBACK, IFF_MULTICAST, SIOCGIFFLAGS = 0x1, 0x8, 0x1000, 0x8913
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        for _, name in socket.if_nameindex():
            try:
                ifreq = fcntl.ioctl(sock, SIOCGIFFLAGS, struct.pack('16sH14x', name.encode()[:15], 0))
            except OSError:
                continue
            flags = struct.unpack('16sH14x', ifreq)[1]
            if flags & IFF_UP and flags & IFF_MULTICAST and not flags & IFF_LOOPBACK:
                return True
    return False


def peer_env() -> Dict[str, str]:
    """The test's environment (ROS_DOMAIN_ID included) made fit for the real rclpy's virtualenv."""
    env = dict(os.environ)
    # Nothing of this process's Python may leak into the peer's; the wheels' bootstrapper (a .pth
    # file) re-executes the peer's python with LD_LIBRARY_PATH set unless this guard is present.
    for var in ('PYTHONPATH', 'PYTHONHOME', 'VIRTUAL_ENV', '_ROS_WHEELS_BOOTSTRAP_COMPLETE',
                'RCLX_INTERFACE_PATH', 'PYTEST_CURRENT_TEST'):
        env.pop(var, None)
    env['PATH'] = f"{PEER_VENV / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env['RMW_IMPLEMENTATION'] = 'rmw_fastrtps_cpp'  # the default of these wheels; said explicitly
    env['AMENT_PREFIX_PATH'] = str(PEER_VENV)       # only ament_index lookups need it, not rclpy
    env['PYTHONUNBUFFERED'] = '1'
    # Shared memory is of no use towards Cyclone, and a killed peer would leave its segments in /dev/shm.
    env.setdefault('FASTDDS_BUILTIN_TRANSPORTS', 'UDPv4')
    # Discovery between Fast DDS and Cyclone DDS on one host:
    # - with a multicast-capable interface (eth0), both use SPDP multicast on it and their defaults
    #   work; the peer must then NOT be confined to localhost (Cyclone advertises eth0's address);
    # - on loopback alone (a network namespace with only lo, no multicast), Cyclone falls back to
    #   unicast to 127.0.0.1, but Fast DDS by default only multicasts: it needs
    #   ROS_AUTOMATIC_DISCOVERY_RANGE=LOCALHOST (Jazzy and later) to send to localhost peers.
    if 'ROS_AUTOMATIC_DISCOVERY_RANGE' not in env and not multicast_interface_up():
        env['ROS_AUTOMATIC_DISCOVERY_RANGE'] = 'LOCALHOST'
    return env


class RclpyPeer:
    """A script run by the real rclpy; its stdout lines are collected by a thread."""

    def __init__(self, tmp_path: Path, code: str, name: str) -> None:
        script = tmp_path / f'{name}.py'
        script.write_text(textwrap.dedent(code))
        self.stderr_path = tmp_path / f'{name}.stderr'
        self._stderr = open(self.stderr_path, 'w')
        self.lines: 'queue.Queue[str]' = queue.Queue()
        self.history: List[str] = []
        self.popen = subprocess.Popen([str(PEER_PYTHON), str(script)], cwd=str(tmp_path), env=peer_env(),
                                      stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._stderr,
                                      text=True)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.popen.stdout is not None
        for line in self.popen.stdout:
            self.history.append(line.rstrip('\n'))
            self.lines.put(line.rstrip('\n'))

    def diagnostics(self) -> str:
        self._stderr.flush()
        out = '\n'.join(self.history[-10:])
        return (f'peer exit code {self.popen.poll()}; last stdout lines:\n{out}\n'
                f'stderr:\n{self.stderr_path.read_text()[-3000:]}')

    def expect(self, prefix: str, timeout: float, spin: Optional[Callable[[], None]] = None) -> str:
        """The rest of the peer's next line starting with prefix (other lines are skipped)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if spin is not None:
                spin()
            try:
                line = self.lines.get(timeout=0.05)
            except queue.Empty:
                if self.popen.poll() is not None and self.lines.empty():
                    break
                continue
            if line.startswith(prefix):
                return line[len(prefix):]
        pytest.fail(f'the rclpy peer did not say {prefix!r} within {timeout} s; {self.diagnostics()}')

    def stop(self) -> None:
        # SIGINT first: rclpy shuts down and Fast DDS removes its shared-memory files; kill if it hangs.
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGINT)
            try:
                self.popen.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.popen.kill()
        self.popen.wait()
        self._reader.join(timeout=5)
        for pipe in (self.popen.stdin, self.popen.stdout):
            if pipe is not None and not pipe.closed:
                pipe.close()
        self._stderr.close()


@pytest.fixture
def rclpy_peer(tmp_path: Path) -> Iterator[Callable[[str], RclpyPeer]]:
    """Start real-rclpy peers with rclpy_peer(code); all are killed at the end of the test."""
    procs: List[RclpyPeer] = []

    def start(code: str) -> RclpyPeer:
        p = RclpyPeer(tmp_path, code, f'rclpy_peer{len(procs)}')
        procs.append(p)
        return p

    try:
        yield start
    finally:
        for p in procs:
            p.stop()


@pytest.fixture
def node(context) -> Iterator[Node]:
    """rclx's node, spun by an executor of the test's context: spin(node) runs it for a moment."""
    n = rclpy.create_node('rclx_interop', context=context)
    executor = SingleThreadedExecutor(context=context)
    executor.add_node(n)
    _executors[n] = executor
    try:
        yield n
    finally:
        del _executors[n]
        executor.shutdown()
        n.destroy_node()


_executors: Dict[Node, SingleThreadedExecutor] = {}


def spin(node: Node, timeout: float = 0.01) -> None:
    _executors[node].spin_once(timeout_sec=timeout)


def spin_until(node: Node, cond: Callable[[], bool], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cond():
            return True
        spin(node, 0.05)
    return cond()


def text(i: int) -> str:
    """Payloads of every length modulo 4 (padding) with non-ASCII characters (UTF-8 on the wire)."""
    return f'héllo wörld {i} ' + 'x' * (i % 7)


TALKER = '''
import sys, time
import rclpy
from std_msgs.msg import String
rclpy.init()
node = rclpy.create_node('rclpy_talker')
pub = node.create_publisher(String, '/interop_chatter', 10)
print('ready', rclpy.utilities.get_rmw_implementation_identifier(), flush=True)
i = 0
while True:
    pub.publish(String(data=f'héllo wörld {i} ' + 'x' * (i % 7)))
    i += 1
    rclpy.spin_once(node, timeout_sec=0.1)
'''


def test_rclpy_publishes_rclx_receives(rclpy_peer, node):
    peer = rclpy_peer(TALKER)
    assert peer.expect('ready ', DISCOVERY_TIMEOUT) == 'rmw_fastrtps_cpp'
    got: List[str] = []
    node.create_subscription(String, '/interop_chatter', lambda m: got.append(m.data), 10)
    assert spin_until(node, lambda: len(got) >= 10, DISCOVERY_TIMEOUT), \
        f'rclx received {len(got)} messages from real rclpy; {peer.diagnostics()}'
    for data in got:
        i = int(data.split()[2])
        assert data == text(i)
    indices = [int(d.split()[2]) for d in got]
    assert indices == sorted(indices) and len(set(indices)) == len(indices)


LISTENER = '''
import json, sys
import rclpy
from std_msgs.msg import String
rclpy.init()
node = rclpy.create_node('rclpy_listener')
node.create_subscription(String, '/interop_back', lambda m: print('got', json.dumps(m.data), flush=True), 10)
print('ready', flush=True)
rclpy.spin(node)
'''


def test_rclx_publishes_rclpy_receives(rclpy_peer, node):
    peer = rclpy_peer(LISTENER)
    peer.expect('ready', DISCOVERY_TIMEOUT)
    pub = node.create_publisher(String, '/interop_back', 10)
    state = {'i': 0, 'next': 0.0}

    def publish_now_and_then() -> None:
        if time.monotonic() >= state['next']:
            pub.publish(String(data=text(state['i'])))
            state['i'] += 1
            state['next'] = time.monotonic() + 0.1

    received = [json.loads(peer.expect('got ', DISCOVERY_TIMEOUT, spin=publish_now_and_then)) for _ in range(10)]
    first = int(received[0].split()[2])
    assert received == [text(first + k) for k in range(10)]


BURST_LISTENER = '''
import json
import rclpy
from rclpy.qos import QoSProfile, ReliabilityPolicy
from std_msgs.msg import String
rclpy.init()
node = rclpy.create_node('rclpy_burst_listener')
got = []
def on_message(m):
    got.append(m.data)
    if len(got) == 300:
        print('all', json.dumps(got), flush=True)
node.create_subscription(String, '/interop_burst', on_message, QoSProfile(depth=300, reliability=ReliabilityPolicy.RELIABLE))
print('ready', flush=True)
rclpy.spin(node)
'''


def test_a_publish_burst_reaches_rclpy_whole_and_in_order(rclpy_peer, node):
    """A tight publish loop is packed several samples per RTPS message; Fast DDS must take them all."""
    from rclpy.qos import QoSProfile, ReliabilityPolicy
    peer = rclpy_peer(BURST_LISTENER)
    peer.expect('ready', DISCOVERY_TIMEOUT)
    pub = node.create_publisher(String, '/interop_burst', QoSProfile(depth=300, reliability=ReliabilityPolicy.RELIABLE))
    assert spin_until(node, lambda: pub.get_subscription_count() > 0, DISCOVERY_TIMEOUT), peer.diagnostics()
    spin_until(node, lambda: False, 0.5)  # let the peer's reader settle before the burst
    for i in range(300):
        pub.publish(String(data=text(i)))
    assert json.loads(peer.expect('all ', DISCOVERY_TIMEOUT, spin=lambda: spin(node))) == [text(i) for i in range(300)]


ROUND_TRIP = '''
import rclpy
from std_msgs.msg import Float64MultiArray, Header
rclpy.init()
node = rclpy.create_node('rclpy_echo')
pubs = {'header': node.create_publisher(Header, '/echo_header_out', 10),
        'array': node.create_publisher(Float64MultiArray, '/echo_array_out', 10)}
node.create_subscription(Header, '/echo_header_in', pubs['header'].publish, 10)
node.create_subscription(Float64MultiArray, '/echo_array_in', pubs['array'].publish, 10)
print('ready', flush=True)
rclpy.spin(node)
'''


def test_nested_and_array_messages_round_trip_through_rclpy(rclpy_peer, node):
    """rclx -> real rclpy -> rclx for types with nested structs, sequences and 8-byte alignment."""
    peer = rclpy_peer(ROUND_TRIP)
    peer.expect('ready', DISCOVERY_TIMEOUT)
    header = Header(frame_id='base_link/ü')
    header.stamp.sec, header.stamp.nanosec = 1700000000, 123456789
    array = Float64MultiArray(data=[1.5, -2.25, 1e300, 0.0])
    array.layout.dim = [MultiArrayDimension(label='rows', size=2, stride=4),
                        MultiArrayDimension(label='cols', size=2, stride=2)]
    array.layout.data_offset = 3
    sent = {'header': header, 'array': array}
    got: Dict[str, object] = {}
    node.create_subscription(Header, '/echo_header_out', lambda m: got.setdefault('header', m), 10)
    node.create_subscription(Float64MultiArray, '/echo_array_out', lambda m: got.setdefault('array', m), 10)
    pubs = {'header': node.create_publisher(Header, '/echo_header_in', 10),
            'array': node.create_publisher(Float64MultiArray, '/echo_array_in', 10)}
    deadline = time.monotonic() + DISCOVERY_TIMEOUT
    while len(got) < 2 and time.monotonic() < deadline:
        for key, p in pubs.items():
            if key not in got:
                p.publish(sent[key])
        spin_until(node, lambda: len(got) == 2, 0.2)
    assert set(got) == {'header', 'array'}, f'echoed back: {sorted(got)}; {peer.diagnostics()}'
    assert got['header'] == header
    assert got['array'] == array


GRAPH = '''
import sys, time
import rclpy
from std_msgs.msg import String
rclpy.init()
node = rclpy.create_node('rclpy_graph', namespace='/interop')
pub = node.create_publisher(String, '/rclpy_graph_topic', 10)
print('ready', flush=True)
deadline = time.monotonic() + float(sys.argv[1] if len(sys.argv) > 1 else 60)
next_report = 0.0
while time.monotonic() < deadline:
    rclpy.spin_once(node, timeout_sec=0.1)
    names, topics = node.get_node_names(), node.get_topic_names_and_types()
    if 'rclx_interop' in names and ('/rclx_graph_topic', ['std_msgs/msg/String']) in topics:
        print('seen', sorted(node.get_node_names_and_namespaces()), sorted(topics), flush=True)
        break
    if time.monotonic() > next_report:  # for the test's failure message
        print('graph', sorted(node.get_node_names_and_namespaces()), sorted(topics), flush=True)
        next_report = time.monotonic() + 2.0
rclpy.spin(node)
'''


def test_graph_each_side_sees_the_other(rclpy_peer, node):
    node.create_publisher(String, '/rclx_graph_topic', 10)
    peer = rclpy_peer(GRAPH)
    peer.expect('ready', DISCOVERY_TIMEOUT)
        # The real rclpy sees rclx's node (through ros_discovery_info) and its topic.
    seen = peer.expect('seen ', DISCOVERY_TIMEOUT, spin=lambda: spin(node))
    assert "('rclx_interop', '/')" in seen and "('/rclx_graph_topic', ['std_msgs/msg/String'])" in seen
    # rclx sees the real rclpy's node and its topic.
    assert spin_until(node, lambda: ('rclpy_graph', '/interop') in node.get_node_names_and_namespaces(),
                      DISCOVERY_TIMEOUT), node.get_node_names_and_namespaces()
    assert 'rclpy_graph' in node.get_node_names()
    assert spin_until(node, lambda: ('/rclpy_graph_topic', ['std_msgs/msg/String'])
                      in node.get_topic_names_and_types(), DISCOVERY_TIMEOUT), node.get_topic_names_and_types()
    # Endpoints are attributed to the right node on both sides' view of the graph.
    assert ('/rclpy_graph_topic', ['std_msgs/msg/String']) in \
        node.get_publisher_names_and_types_by_node('rclpy_graph', '/interop')
