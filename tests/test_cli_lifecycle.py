"""`ros2 lifecycle` against live rclx lifecycle nodes in a peer process, checked against ros2lifecycle Jazzy's
output and exit codes.

The transition graph expected below is the one rcl_lifecycle gives a Jazzy rclpy LifecycleNode (dumped from
.venv-jazzy in the `list -a` format).
"""

import os
import subprocess
import sys
from typing import List

NS = '/lc_ns'

# A lifecycle node whose cleanup fails, a hidden lifecycle node and a plain node, all in one process.
# Its first argument is the lifecycle node's name, so each test has nodes of its own.
LIFECYCLE_PEER = '''
import sys
import rclpy
from rclpy.executors import SingleThreadedExecutor
from rclpy.lifecycle import LifecycleNode, TransitionCallbackReturn
from rclpy.node import Node

class Peer(LifecycleNode):
    def on_cleanup(self, state):
        return TransitionCallbackReturn.FAILURE

name = sys.argv[1]
rclpy.init()
nodes = [Peer(name, namespace='{ns}'), LifecycleNode('_' + name, namespace='{ns}'),
         Node(name + '_plain', namespace='{ns}')]
executor = SingleThreadedExecutor()
for node in nodes:
    executor.add_node(node)
print('ready', flush=True)
executor.spin()
'''.format(ns=NS)

# (transition label, id, start state, goal state) as rcl_lifecycle's default state machine has them.
TRANSITION_GRAPH = [
    ('configure', 1, 'unconfigured', 'configuring'),
    ('transition_success', 10, 'configuring', 'inactive'),
    ('transition_failure', 11, 'configuring', 'unconfigured'),
    ('transition_error', 12, 'configuring', 'errorprocessing'),
    ('cleanup', 2, 'inactive', 'cleaningup'),
    ('transition_success', 20, 'cleaningup', 'unconfigured'),
    ('transition_failure', 21, 'cleaningup', 'inactive'),
    ('transition_error', 22, 'cleaningup', 'errorprocessing'),
    ('activate', 3, 'inactive', 'activating'),
    ('transition_success', 30, 'activating', 'active'),
    ('transition_failure', 31, 'activating', 'inactive'),
    ('transition_error', 32, 'activating', 'errorprocessing'),
    ('deactivate', 4, 'active', 'deactivating'),
    ('transition_success', 40, 'deactivating', 'inactive'),
    ('transition_failure', 41, 'deactivating', 'active'),
    ('transition_error', 42, 'deactivating', 'errorprocessing'),
    ('shutdown', 5, 'unconfigured', 'shuttingdown'),
    ('shutdown', 6, 'inactive', 'shuttingdown'),
    ('shutdown', 7, 'active', 'shuttingdown'),
    ('transition_success', 50, 'shuttingdown', 'finalized'),
    ('transition_failure', 51, 'shuttingdown', 'finalized'),
    ('transition_error', 52, 'shuttingdown', 'errorprocessing'),
    ('transition_success', 60, 'errorprocessing', 'unconfigured'),
    ('transition_failure', 61, 'errorprocessing', 'finalized'),
    ('transition_error', 62, 'errorprocessing', 'finalized'),
]


def ros2(*args: str, timeout: float = 60.0) -> subprocess.CompletedProcess:
    """Run `ros2 <args>` as `python -m rclx.cli.main` in this test's ROS domain."""
    return subprocess.run([sys.executable, '-m', 'rclx.cli.main', *args], capture_output=True,
                          text=True, timeout=timeout, env=dict(os.environ))


def lifecycle(verb: str, *args: str, spin_time: str = '20') -> subprocess.CompletedProcess:
    """`ros2 lifecycle <verb> <args>`; for a named node --spin-time only bounds the wait for it to show up."""
    return ros2('lifecycle', verb, *args, '--spin-time', spin_time)


def listing(*transitions: tuple) -> List[str]:
    """ros2lifecycle's `list` lines for (label, id, start, goal) tuples."""
    out = []
    for label, t_id, start, goal in transitions:
        out += [f'- {label} [{t_id}]', f'\tStart: {start}', f'\tGoal: {goal}']
    return out


def check(result: subprocess.CompletedProcess, rc: int, stdout: List[str], stderr: List[str] = ()) -> None:
    assert 'Traceback' not in result.stderr, result.stderr
    assert (result.returncode, result.stdout.splitlines(), result.stderr.splitlines()) == \
        (rc, stdout, list(stderr))


def start(peer, name: str):
    proc = peer(f'import sys\nsys.argv[1:] = [{name!r}]\n' + LIFECYCLE_PEER)
    proc.expect_line('ready')
    return proc


def test_lifecycle_help():
    result = ros2('lifecycle', '--help')
    assert result.returncode == 0
    for verb in ('get', 'list', 'nodes', 'set'):
        assert verb in result.stdout
    assert 'lifecycle' in ros2('--help').stdout
    set_help = ros2('lifecycle', 'set', '--help').stdout
    assert 'node_name' in set_help and 'transition' in set_help and '--include-hidden-nodes' in set_help
    nodes_help = ros2('lifecycle', 'nodes', '--help').stdout
    assert '--count-nodes' in nodes_help and '--all' in nodes_help and '--spin-time' in nodes_help
    assert 'Display all existing transitions' in ros2('lifecycle', 'list', '--help').stdout
    result = ros2('lifecycle', 'set', '/some_node')
    assert result.returncode == 2 and 'the following arguments are required: transition' in result.stderr


def test_lifecycle_drive_through_transitions(peer):
    start(peer, 'lc_drive')
    node = f'{NS}/lc_drive'
    check(lifecycle('get', node), 0, ['unconfigured [1]'])
    check(lifecycle('list', node), 0, listing(('configure', 1, 'unconfigured', 'configuring'),
                                              ('shutdown', 5, 'unconfigured', 'shuttingdown')))
    check(lifecycle('list', node, '-a'), 0, listing(*TRANSITION_GRAPH))

    # A label, then an id; relative node names get a leading '/'.
    check(lifecycle('set', node, 'configure'), 0, ['Transitioning successful'])
    check(lifecycle('get', node.lstrip('/')), 0, ['inactive [2]'])
    check(lifecycle('set', node.lstrip('/'), '3'), 0, ['Transitioning successful'])
    check(lifecycle('get', node), 0, ['active [3]'])
    check(lifecycle('list', node), 0, listing(('deactivate', 4, 'active', 'deactivating'),
                                              ('shutdown', 7, 'active', 'shuttingdown')))

    # A transition the current state does not have, by label or id: the available ones, exit code 1.
    for wrong in ('configure', 'bogus', '1'):
        check(lifecycle('set', node, wrong), 1, [],
              ['Unknown transition requested, available ones are:', '- deactivate [4]', '- shutdown [7]'])

    # The node's on_cleanup returns FAILURE: ros2lifecycle says so on stderr and still exits with 0.
    check(lifecycle('set', node, 'deactivate'), 0, ['Transitioning successful'])
    check(lifecycle('set', node, 'cleanup'), 0, [], ['Transitioning failed'])
    check(lifecycle('get', node), 0, ['inactive [2]'])

    # Finalized has no transitions left.
    check(lifecycle('set', node, 'shutdown'), 0, ['Transitioning successful'])
    check(lifecycle('get', node), 0, ['finalized [4]'])
    check(lifecycle('list', node), 0, [])
    check(lifecycle('set', node, 'configure'), 1, [], ['Unknown transition requested, available ones are:'])


def test_lifecycle_nodes_and_get_all(peer):
    start(peer, 'lc_all')
    node, hidden = f'{NS}/lc_all', f'{NS}/_lc_all'
    check(lifecycle('get', node), 0, ['unconfigured [1]'])  # discovered: the listings below see it
    check(lifecycle('set', hidden, 'configure', spin_time='1'), 1, [], ['Node not found'])  # hidden unless asked
    check(lifecycle('set', hidden, 'configure', '--include-hidden-nodes'), 0, ['Transitioning successful'])

    # Only lifecycle nodes (not the plain one, nor the CLI's own), hidden ones with -a.
    # (With no node named, the verbs wait all of --spin-time.)
    check(lifecycle('nodes', spin_time='2'), 0, [node])
    check(lifecycle('nodes', '-a', spin_time='2'), 0, [hidden, node])
    check(lifecycle('nodes', '-a', '--count-nodes', spin_time='2'), 0, ['2'])

    # No node named: every lifecycle node with its name as the prefix.
    check(lifecycle('get', '--include-hidden-nodes', spin_time='2'), 0,
          [f'{hidden}: inactive [2]', f'{node}: unconfigured [1]'])


def test_lifecycle_unknown_nodes(peer):
    start(peer, 'lc_bad')
    check(lifecycle('get', f'{NS}/lc_bad'), 0, ['unconfigured [1]'])
    # A node that does not exist, and one that exists but has no lifecycle: "Node not found", exit code 1.
    # (Not found either way, so a short --spin-time: these waits always run to their end.)
    check(lifecycle('get', '/no_such_node', spin_time='1'), 1, [], ['Node not found'])
    check(lifecycle('list', '/no_such_node', spin_time='1'), 1, [], ['Node not found'])
    check(lifecycle('set', f'{NS}/lc_bad_plain', 'configure', spin_time='1'), 1, [], ['Node not found'])
