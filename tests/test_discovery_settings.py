"""Discovery settings across "hosts" (network namespaces joined by a veth link) and the Gid layout rclx writes."""

import os
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Sequence

import pytest

# Variables a probe must not inherit from the test run: each scenario sets its own.
DISCOVERY_VARS = ('ROS_LOCALHOST_ONLY', 'ROS_AUTOMATIC_DISCOVERY_RANGE', 'ROS_STATIC_PEERS', 'CYCLONEDDS_URI',
                  'RCLX_DISCOVERY_GID_SIZE')
# What Humble's rmw_cyclonedds_cpp gives Cyclone for ROS_LOCALHOST_ONLY=1: the loopback interface alone.
HUMBLE_LOCALHOST_ONLY = ('<CycloneDDS><Domain><General><Interfaces><NetworkInterface address="127.0.0.1"/>'
                         '</Interfaces></General></Domain></CycloneDDS>')
NO_MULTICAST = '<CycloneDDS><Domain><General><AllowMulticast>false</AllowMulticast></General></Domain></CycloneDDS>'

# A probe publishes its name on one topic and reports every other name it hears. It runs until it has heard
# all names it expects and at least `least` seconds have passed (so a name it must not hear had the time to
# arrive), then goes on publishing briefly for slower peers; `most` bounds it.
PROBE = '''
import sys, time
import rclpy
from std_msgs.msg import String

name, expected, least, most = sys.argv[1], set(filter(None, sys.argv[2].split(','))), float(sys.argv[3]), 20.0
rclpy.init()
node = rclpy.create_node('probe_' + name)
heard = set()
node.create_subscription(String, '/discovery_probe', lambda m: heard.add(m.data) if m.data != name else None, 10)
pub = node.create_publisher(String, '/discovery_probe', 10)
start = time.monotonic()
done = None
while time.monotonic() - start < most:
    pub.publish(String(data=name))
    rclpy.spin_once(node, timeout_sec=0.1)
    if done is None and expected <= heard and time.monotonic() - start >= least:
        done = time.monotonic()
    if done is not None and time.monotonic() - done > 1.5:
        break
print('heard:' + ','.join(sorted(heard)), flush=True)
rclpy.shutdown()
'''


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(args, capture_output=True, text=True, timeout=30)


class Hosts:
    """Two network namespaces ("hosts") a and b joined by a veth link, each with its loopback up."""

    def __init__(self) -> None:
        tag = f'{os.getpid():x}'  # unique among live processes; interface names stay under 16 characters
        self.ns = {'a': f'rclx{tag}a', 'b': f'rclx{tag}b'}
        self.addr = {'a': '10.231.77.1', 'b': '10.231.77.2'}
        self.procs: List[subprocess.Popen] = []

    def create(self) -> Optional[str]:
        """Makes the namespaces; returns why it cannot, or None."""
        for ns in self.ns.values():
            _run('ip', 'netns', 'delete', ns)  # left by a killed run that had our pid
            out = _run('ip', 'netns', 'add', ns)
            if out.returncode != 0:
                return f'cannot create a network namespace here: {out.stderr.strip()}'
            _run('ip', '-n', ns, 'link', 'set', 'lo', 'up')
        va, vb = f'{self.ns["a"]}v', f'{self.ns["b"]}v'
        steps = [('ip', 'link', 'add', va, 'netns', self.ns['a'], 'type', 'veth', 'peer', 'name', vb,
                  'netns', self.ns['b'])]
        for host, dev in (('a', va), ('b', vb)):
            steps.append(('ip', '-n', self.ns[host], 'addr', 'add', f'{self.addr[host]}/24', 'dev', dev))
            steps.append(('ip', '-n', self.ns[host], 'link', 'set', dev, 'up'))
        for step in steps:
            out = _run(*step)
            if out.returncode != 0:
                return f'cannot set up a veth link here ({" ".join(step)}): {out.stderr.strip()}'
        return None

    def remove(self) -> None:
        """Stops every probe and deletes both namespaces (the veth pair goes with them)."""
        for p in self.procs:
            if p.poll() is None:
                p.kill()
            p.communicate()
        for ns in self.ns.values():
            _run('ip', 'netns', 'delete', ns)

    def start(self, script: Path, host: str, args: Sequence[str], env: Dict[str, str]) -> subprocess.Popen:
        """Runs `script` with rclx's Python inside host `host`'s namespace."""
        full = {k: v for k, v in os.environ.items() if k not in DISCOVERY_VARS}
        full.update(env)
        p = subprocess.Popen(['ip', 'netns', 'exec', self.ns[host], sys.executable, str(script), *args],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=full)
        self.procs.append(p)
        return p


@pytest.fixture(scope='module')
def hosts() -> Iterator[Hosts]:
    if os.geteuid() != 0:
        pytest.skip('network namespaces need root (run as root to test discovery across hosts)')
    if shutil.which('ip') is None:
        pytest.skip("network namespaces need the 'ip' command (iproute2)")
    h = Hosts()
    try:
        why = h.create()
        if why is not None:
            pytest.skip(why)
        yield h
    finally:
        h.remove()


@pytest.fixture
def probes(hosts: Hosts, tmp_path: Path):
    """probes({name: (host, env, expected names)}, least) -> {name: (names heard, stderr)}; all stopped after."""
    script = tmp_path / 'probe.py'
    script.write_text(textwrap.dedent(PROBE))

    def run(spec: Dict[str, tuple], least: float = 0.0) -> Dict[str, tuple]:
        started = {name: hosts.start(script, host, [name, ','.join(expected), str(least)], env)
                   for name, (host, env, expected) in spec.items()}
        results = {}
        for name, p in started.items():
            out, err = p.communicate(timeout=60)
            assert p.returncode == 0, f'probe {name} failed ({p.returncode}):\n{out}\n{err}'
            line = out.strip().splitlines()[-1]
            assert line.startswith('heard:'), out
            results[name] = (set(filter(None, line[len('heard:'):].split(','))), err)
        return results

    yield run
    for p in hosts.procs:
        if p.poll() is None:
            p.kill()
            p.communicate()


def test_subnet_crosses_hosts_and_localhost_stays_on_one(probes):
    heard = probes({
        'local': ('a', {'ROS_AUTOMATIC_DISCOVERY_RANGE': 'LOCALHOST'}, ['near']),
        'near': ('a', {}, ['local', 'far']),                       # SUBNET, the default
        'far': ('b', {'ROS_AUTOMATIC_DISCOVERY_RANGE': 'SUBNET'}, ['near']),
    }, least=5.0)
    assert heard['local'][0] == {'near'}
    assert heard['near'][0] == {'local', 'far'}
    assert heard['far'][0] == {'near'}


def test_off_finds_nobody_not_even_on_the_same_host(probes):
    heard = probes({
        'off1': ('a', {'ROS_AUTOMATIC_DISCOVERY_RANGE': 'OFF'}, []),
        'off2': ('a', {'ROS_AUTOMATIC_DISCOVERY_RANGE': 'OFF', 'ROS_STATIC_PEERS': '127.0.0.1'}, []),
        'subnet1': ('a', {}, ['subnet2']),
        'subnet2': ('a', {}, ['subnet1']),
    }, least=5.0)
    assert heard['off1'][0] == set()
    assert heard['off2'][0] == set()
    assert heard['subnet1'][0] == {'subnet2'}  # the probes did overlap


def test_static_peers_are_found_with_multicast_off(probes, hosts):
    # LOCALHOST with peers (Jazzy's recipe), and SUBNET with multicast turned off by the user's CYCLONEDDS_URI
    # on top of rclx's settings: each side lists the other host, ';'-separated with junk around it.
    a, b = hosts.addr['a'], hosts.addr['b']
    everyone = {'lp_a', 'lp_b', 'sp_a', 'sp_b'}
    # Each probe waits until it heard every other one (its own host's too), or gives up after 20 s.
    heard = probes({
        'lp_a': ('a', {'ROS_AUTOMATIC_DISCOVERY_RANGE': 'LOCALHOST', 'ROS_STATIC_PEERS': f';{b};'},
                 sorted(everyone - {'lp_a'})),
        'lp_b': ('b', {'ROS_AUTOMATIC_DISCOVERY_RANGE': 'LOCALHOST', 'ROS_STATIC_PEERS': a},
                 sorted(everyone - {'lp_b'})),
        'sp_a': ('a', {'ROS_STATIC_PEERS': f'{b};;192.0.2.1', 'CYCLONEDDS_URI': NO_MULTICAST},
                 sorted(everyone - {'sp_a'})),
        'sp_b': ('b', {'ROS_STATIC_PEERS': a, 'CYCLONEDDS_URI': NO_MULTICAST}, sorted(everyone - {'sp_b'})),
    })
    for name in sorted(everyone):
        assert heard[name][0] == everyone - {name}


def test_localhost_only_as_humble_and_jazzy_do(probes):
    heard = probes({
        'rclx': ('a', {'ROS_LOCALHOST_ONLY': '1', 'ROS_AUTOMATIC_DISCOVERY_RANGE': 'SUBNET'},
                 ['humble', 'jazzy']),
        'humble': ('a', {'CYCLONEDDS_URI': HUMBLE_LOCALHOST_ONLY}, ['rclx']),       # Humble's localhost-only node
        'jazzy': ('a', {'ROS_AUTOMATIC_DISCOVERY_RANGE': 'LOCALHOST'}, ['rclx']),  # what Jazzy makes of it
        'remote': ('b', {}, []),
    }, least=5.0)
    assert heard['rclx'][0] == {'humble', 'jazzy'}
    assert 'rclx' in heard['humble'][0] and 'rclx' in heard['jazzy'][0]
    assert 'rclx' not in heard['remote'][0]
    err = heard['rclx'][1]
    assert '[rcl]: ROS_LOCALHOST_ONLY is deprecated but still honored if it is enabled.' in err
    assert "[rcl]: 'localhost_only' is enabled, 'automatic_discovery_range' and 'static_peers' will be ignored." in err


def test_invalid_range_warns_and_means_localhost(probes):
    heard = probes({
        'odd': ('a', {'ROS_AUTOMATIC_DISCOVERY_RANGE': 'subnet'}, ['near']),
        'near': ('a', {}, ['odd']),
        'far': ('b', {}, []),
    }, least=5.0)
    assert heard['odd'][0] == {'near'}
    assert 'odd' not in heard['far'][0]
    assert ("[rcl]: Invalid value 'subnet' specified for 'ROS_AUTOMATIC_DISCOVERY_RANGE', assuming localhost only"
            in heard['odd'][1])


# ---- What reaches Cyclone: rclx's fragment, then the user's CYCLONEDDS_URI in any of its forms ----

TRACE_SCRIPT = "import rclpy; rclpy.init(); n = rclpy.create_node('cfg'); print(n.get_name()); rclpy.shutdown()"


def traced_config(tmp_path: Path, env: Dict[str, str], uri_form: str, extra_xml: str = '') -> str:
    """Cyclone's configuration trace of a process with `env`, the user's XML given as `uri_form`."""
    trace = tmp_path / 'cyclone.trace'
    xml = (f'<CycloneDDS><Domain><Tracing><Verbosity>config</Verbosity><OutputFile>{trace}</OutputFile>'
           f'</Tracing>{extra_xml}</Domain></CycloneDDS>')
    user = tmp_path / 'user.xml'
    user.write_text(xml)
    uri = {'inline': xml, 'path': str(user), 'file': f'file://{user}'}[uri_form]
    full = {k: v for k, v in os.environ.items() if k not in DISCOVERY_VARS}
    full.update(env, CYCLONEDDS_URI=uri)
    out = subprocess.run([sys.executable, '-c', TRACE_SCRIPT], env=full, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return trace.read_text()


@pytest.mark.parametrize('uri_form', ['inline', 'path', 'file'])
def test_settings_reach_cyclone_and_cyclonedds_uri_applies_on_top(tmp_path, uri_form):
    env = {'ROS_AUTOMATIC_DISCOVERY_RANGE': 'LOCALHOST', 'ROS_STATIC_PEERS': 'x.example;10.1.2.3'}
    text = traced_config(tmp_path, env, uri_form,
                         '<Discovery><MaxAutoParticipantIndex>50</MaxAutoParticipantIndex></Discovery>')
    assert 'Domain/General/AllowMulticast/#text: false' in text
    for peer in ('localhost', 'x.example', '10.1.2.3'):
        assert f'Domain/Discovery/Peers/Peer[@Address]: {peer} ' in text
    assert 'Domain/Discovery/ParticipantIndex/#text: auto' in text
    assert 'Domain/Discovery/MaxAutoParticipantIndex/#text: 50' in text  # the user's value wins
    assert 'SocketReceiveBufferSize[@max]: 8 MiB' in text                 # rclx's own defaults stay


def test_off_isolates_the_process_with_its_own_tag(tmp_path):
    text = traced_config(tmp_path, {'ROS_AUTOMATIC_DISCOVERY_RANGE': 'OFF', 'ROS_STATIC_PEERS': '10.1.2.3'}, 'inline')
    assert 'Domain/Discovery/Tag/#text: ros_discovery_off_' in text
    assert 'Domain/Discovery/ParticipantIndex/#text: none' in text
    assert 'Peer[@Address]' not in text


def test_system_default_leaves_discovery_to_cyclone(tmp_path):
    text = traced_config(tmp_path, {'ROS_AUTOMATIC_DISCOVERY_RANGE': 'SYSTEM_DEFAULT'}, 'inline')
    assert 'Domain/Discovery/MaxAutoParticipantIndex/#text: 32' not in text
    assert 'Domain/General/AllowMulticast/#text: false' not in text


# ---- Gid layout of ros_discovery_info (the wire bytes are checked in core/tests/discovery_info_test.cpp) ----

LAYOUT_PEER = '''
import sys, time
import rclpy
from rclx import _core

rclpy.init()
node = rclpy.create_node(sys.argv[1])
graph = _core.graph_of(rclpy.get_default_context().handle)
print(graph.gid_size, flush=True)
# Until the Humble-layout node shows up, then once more: the size written from then on.
end = time.monotonic() + 20
while time.monotonic() < end and ('humble_node', '/') not in node.get_node_names_and_namespaces():
    time.sleep(0.05)
time.sleep(0.5)
print(graph.gid_size, flush=True)
sys.stdin.readline()
'''

HUMBLE_PEER = '''
import sys
import rclpy
rclpy.init()
node = rclpy.create_node('humble_node')
print('up', flush=True)
sys.stdin.readline()
'''


def test_gid_layout_follows_a_humble_layout_peer(peer, context, monkeypatch):
    import rclpy
    for var in DISCOVERY_VARS:
        monkeypatch.delenv(var, raising=False)
    automatic = peer(LAYOUT_PEER.replace('sys.argv[1]', "'auto_node'"), stdin=subprocess.PIPE)
    monkeypatch.setenv('RCLX_DISCOVERY_GID_SIZE', '16')
    fixed = peer(LAYOUT_PEER.replace('sys.argv[1]', "'fixed_node'"), stdin=subprocess.PIPE)
    automatic.expect_line('16')
    fixed.expect_line('16')
    monkeypatch.setenv('RCLX_DISCOVERY_GID_SIZE', '24')  # the Humble node's layout
    humble = peer(HUMBLE_PEER, stdin=subprocess.PIPE)
    humble.expect_line('up')
    automatic.expect_line('24')  # switched as soon as it read the 24-byte sample
    fixed.expect_line('16')      # RCLX_DISCOVERY_GID_SIZE wins
    # Whatever each writes, rclx reads both layouts: every node is known by name, and so are its endpoints.
    node = rclpy.create_node('observer', context=context)
    deadline = time.monotonic() + 20
    want = {('auto_node', '/'), ('fixed_node', '/'), ('humble_node', '/')}
    while time.monotonic() < deadline and not want <= set(node.get_node_names_and_namespaces()):
        time.sleep(0.05)
    assert want <= set(node.get_node_names_and_namespaces())
    for p in (automatic, fixed, humble):
        p.popen.stdin.write('\n')
        p.popen.stdin.flush()
        p.finish(20)
