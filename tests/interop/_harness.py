"""The interop tests' harness: the real rclpy (PyPI's ROS 2 wheels over Fast DDS) as a second process.

The peer runs with the python of a separate virtualenv (.venv-rclpy, made by
scripts/setup-rclpy-peer.sh); rclx runs in the test's process. Test modules import what they use
from here, fixtures included; ``pytestmark`` skips them when that virtualenv is missing.
"""

import fcntl
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
