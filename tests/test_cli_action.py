"""`ros2 action` against a live rclx Fibonacci action server in a peer process, checked against ros2action
Jazzy's output and exit codes (list, info, type, send_goal with feedback, rejection, Ctrl-C cancellation).
"""

import os
import queue
import re
import signal
import subprocess
import sys
import threading
from typing import List, Optional, Tuple

FIBONACCI = 'example_interfaces/action/Fibonacci'
NS = '/act_ns'

# A Fibonacci action server (node `<name>_server`) and a client of it (node `<name>_client`), action
# `/<name>`. Goals with a negative order are rejected; the server prints 'cancel requested' when asked to
# cancel and 'canceled' when it stops a goal for it, but it refuses to cancel goals of order 999 ('cancel
# rejected'). Goals of order 20 or more run slowly.
ACTION_PEER = '''
import sys
import time
import rclpy
from example_interfaces.action import Fibonacci
from rclpy.action import ActionClient, ActionServer, CancelResponse, GoalResponse
from rclpy.executors import MultiThreadedExecutor
from rclpy.node import Node

name = sys.argv[1]

def on_goal(request):
    return GoalResponse.REJECT if request.order < 0 else GoalResponse.ACCEPT

def on_cancel(goal_handle):
    if goal_handle.request.order == 999:
        print('cancel rejected', flush=True)
        return CancelResponse.REJECT
    print('cancel requested', flush=True)
    return CancelResponse.ACCEPT

def execute(goal_handle):
    sequence = [0, 1]
    for i in range(1, goal_handle.request.order):
        if goal_handle.is_cancel_requested:
            goal_handle.canceled()
            print('canceled', flush=True)
            return Fibonacci.Result(sequence=sequence)
        sequence.append(sequence[i] + sequence[i - 1])
        goal_handle.publish_feedback(Fibonacci.Feedback(sequence=sequence))
        time.sleep(0.05 if goal_handle.request.order < 20 else 0.2)
    time.sleep(0.2)  # the last feedback is out well before the result
    goal_handle.succeed()
    return Fibonacci.Result(sequence=sequence)

rclpy.init()
server_node = Node(name + '_server', namespace='{ns}')
client_node = Node(name + '_client', namespace='{ns}')
server = ActionServer(server_node, Fibonacci, '/' + name, execute, goal_callback=on_goal,
                      cancel_callback=on_cancel)
client = ActionClient(client_node, Fibonacci, '/' + name)
executor = MultiThreadedExecutor()
executor.add_node(server_node)
executor.add_node(client_node)
print('ready', flush=True)
executor.spin()
'''.format(ns=NS)


def ros2_command(*args: str) -> List[str]:
    return [sys.executable, '-m', 'rclx.cli.main', *args]


def ros2(*args: str, timeout: float = 60.0) -> subprocess.CompletedProcess:
    """Run `ros2 <args>` as `python -m rclx.cli.main` in this test's ROS domain."""
    return subprocess.run(ros2_command(*args), capture_output=True, text=True, timeout=timeout,
                          env=dict(os.environ))


def check(result: subprocess.CompletedProcess, rc: int, stdout: Optional[List[str]] = None,
          stderr: Optional[List[str]] = None) -> None:
    """Exit code and, where given, the exact lines; never a traceback."""
    assert 'Traceback' not in result.stderr, result.stderr
    assert result.returncode == rc, (result.stdout, result.stderr)
    if stdout is not None:
        assert result.stdout.splitlines() == stdout
    if stderr is not None:
        assert result.stderr.splitlines() == stderr


def start(peer, name: str):
    proc = peer(f'import sys\nsys.argv[1:] = [{name!r}]\n' + ACTION_PEER)
    proc.expect_line('ready')
    return proc


def yaml_list(values: List[int]) -> List[str]:
    """message_to_yaml's lines for `sequence: values` after ros2action's 4-space indent of the first."""
    return ['    sequence:'] + [f'- {v}' for v in values]


def accepted(lines: List[str], index: int) -> None:
    assert re.fullmatch(r'Goal accepted with ID: [0-9a-f]{32}', lines[index]), lines[index]


class LineReader:
    """The lines a process prints, read by a thread so a test can wait for one with a timeout."""

    def __init__(self, stream) -> None:
        self.lines: 'queue.Queue[Optional[str]]' = queue.Queue()
        self.seen: List[str] = []
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream) -> None:
        for line in stream:
            self.lines.put(line.rstrip('\n'))
        self.lines.put(None)  # end of output

    def wait_for(self, prefix: str, timeout: float = 20.0) -> None:
        """Read up to the first line that starts with `prefix`."""
        while True:
            line = self.lines.get(timeout=timeout)
            assert line is not None, f'no line {prefix!r} in {self.seen}'
            self.seen.append(line)
            if line.startswith(prefix):
                return

    def rest(self, timeout: float = 20.0) -> List[str]:
        """Every line read, once the output ended."""
        while True:
            line = self.lines.get(timeout=timeout)
            if line is None:
                return self.seen
            self.seen.append(line)


def test_action_help():
    result = ros2('action', '--help')
    assert result.returncode == 0
    for verb in ('info', 'list', 'send_goal', 'type'):
        assert verb in result.stdout
    send_help = ros2('action', 'send_goal', '--help').stdout
    assert 'action_name' in send_help and 'action_type' in send_help and '--feedback' in send_help
    assert '--count-actions' in ros2('action', 'list', '--help').stdout
    info_help = ros2('action', 'info', '--help').stdout
    assert '--show-types' in info_help and '--count' in info_help
    result = ros2('action', 'send_goal', '/fibonacci', FIBONACCI)  # the goal is required in Jazzy
    assert result.returncode == 2 and 'the following arguments are required: goal' in result.stderr


def test_action_list_info_type(peer):
    start(peer, 'graph_fib')
    action = '/graph_fib'
    # type returns as soon as the action shows up (--spin-time bounds the wait).
    check(ros2('action', 'type', action, '--spin-time', '20'), 0, [FIBONACCI])
    names = ros2('action', 'list', '--spin-time', '2')
    check(names, 0)
    assert action in names.stdout.splitlines()
    typed = ros2('action', 'list', '-t', '--spin-time', '2').stdout.splitlines()
    assert f'{action} [{FIBONACCI}]' in typed
    count = ros2('action', 'list', '-c', '--spin-time', '2')
    check(count, 0, [str(len(typed))])

    check(ros2('action', 'info', action, '--spin-time', '20'), 0, [
        f'Action: {action}', 'Action clients: 1', f'    {NS}/graph_fib_client',
        'Action servers: 1', f'    {NS}/graph_fib_server'])
    check(ros2('action', 'info', action.lstrip('/'), '-t', '--spin-time', '20'), 0, [
        'Action: graph_fib', 'Action clients: 1', f'    {NS}/graph_fib_client [{FIBONACCI}]',
        'Action servers: 1', f'    {NS}/graph_fib_server [{FIBONACCI}]'])
    check(ros2('action', 'info', action, '--count', '--spin-time', '20'), 0, [
        f'Action: {action}', 'Action clients: 1', 'Action servers: 1'])

    # Unknown actions: info shows no one (exit code 0), type prints nothing and exits with 1.
    check(ros2('action', 'info', '/no_such_action', '--spin-time', '1'), 0, [
        'Action: /no_such_action', 'Action clients: 0', 'Action servers: 0'])
    check(ros2('action', 'type', '/no_such_action', '--spin-time', '1'), 1, [], [])
    bad = ros2('action', 'info', 'bad name', '--spin-time', '0')
    check(bad, 1, [])
    assert 'Invalid topic name' in bad.stderr and "'bad name'" in bad.stderr


def test_action_send_goal(peer):
    start(peer, 'goal_fib')
    result = ros2('action', 'send_goal', '/goal_fib', FIBONACCI, '{order: 5}')
    check(result, 0)
    lines = result.stdout.splitlines()
    accepted(lines, 4)
    assert lines[:4] + lines[5:] == [
        'Waiting for an action server to become available...', 'Sending goal:', '     order: 5', '',
        '', 'Result:', *yaml_list([0, 1, 1, 2, 3, 5]), '', 'Goal finished with status: SUCCEEDED']

    # -f: each feedback as its YAML (the short type name works too).
    result = ros2('action', 'send_goal', '-f', 'goal_fib', 'example_interfaces/Fibonacci', 'order: 3')
    check(result, 0)
    lines = result.stdout.splitlines()
    accepted(lines, 4)
    assert lines[5:] == [
        '', 'Feedback:', *yaml_list([0, 1, 1]), '', 'Feedback:', *yaml_list([0, 1, 1, 2]), '',
        'Result:', *yaml_list([0, 1, 1, 2]), '', 'Goal finished with status: SUCCEEDED']

    check(ros2('action', 'send_goal', '/goal_fib', FIBONACCI, '{order: -1}'), 0, [
        'Waiting for an action server to become available...', 'Sending goal:', '     order: -1', '',
        'Goal was rejected.'])


def test_action_send_goal_bad_input():
    for action_type in ('example_interfaces/action/NoSuchAction', 'no_such_package/action/Fibonacci',
                        'Fibonacci', 'example_interfaces/msg/Fibonacci', 'std_msgs/msg/String'):
        check(ros2('action', 'send_goal', '/fibonacci', action_type, '{order: 3}'), 1, [],
              ['The passed action type is invalid'])
    for goal, problem in (('{order: ', 'the goal is not valid YAML'),
                          ('{no_such_field: 1}', "AttributeError("),
                          ('{order: abc}', 'ValueError('),
                          ('5', 'TypeError(')):
        result = ros2('action', 'send_goal', '/fibonacci', FIBONACCI, goal)
        check(result, 1, [])
        assert result.stderr.startswith('Failed to populate message fields: ' + problem), result.stderr
    result = ros2('action', 'send_goal', 'bad name', FIBONACCI, '{order: 3}')
    check(result, 1, [])
    assert 'Invalid topic name' in result.stderr


def interrupt_goal(order: int) -> Tuple[int, List[str], str]:
    """Send a goal to /cancel_fib, Ctrl-C once it is accepted; (exit code, stdout lines, stderr)."""
    cli = subprocess.Popen(ros2_command('action', 'send_goal', '/cancel_fib', FIBONACCI, f'{{order: {order}}}'),
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=dict(os.environ))
    try:
        reader = LineReader(cli.stdout)
        reader.wait_for('Goal accepted with ID: ')
        cli.send_signal(signal.SIGINT)
        rc = cli.wait(timeout=30)
        return rc, reader.rest(), cli.stderr.read()
    finally:
        if cli.poll() is None:
            cli.kill()
            cli.wait()


def test_action_send_goal_cancelled_by_sigint(peer):
    server = start(peer, 'cancel_fib')
    rc, lines, err = interrupt_goal(1000)
    assert (rc, err) == (0, '')
    start_at = lines.index('Canceling goal...')
    assert lines[start_at:start_at + 4] == ['Canceling goal...', 'Goal canceled.', 'Result:', '    sequence:']
    assert lines[-2:] == ['', 'Goal finished with status: CANCELED']
    server.expect_line('cancel requested')
    server.expect_line('canceled')

    # A server that refuses: ros2action's error, exit code 1.
    rc, lines, err = interrupt_goal(999)
    assert (rc, lines[-1], err) == (1, 'Canceling goal...', 'Failed to cancel goal\n')
    server.expect_line('cancel rejected')


def test_action_send_goal_interrupted_while_waiting():
    # No server: ros2action waits for one until Ctrl-C, which ends it with SIGINT's number as exit code.
    cli = subprocess.Popen(ros2_command('action', 'send_goal', '/nobody_serves_this', FIBONACCI, '{}'),
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=dict(os.environ))
    try:
        assert cli.stdout.readline() == 'Waiting for an action server to become available...\n'
        cli.send_signal(signal.SIGINT)
        out, err = cli.communicate(timeout=30)
    finally:
        if cli.poll() is None:
            cli.kill()
            cli.wait()
    assert (cli.returncode, out, err) == (signal.SIGINT, '', '')
