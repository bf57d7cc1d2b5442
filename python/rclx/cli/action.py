"""Various action related sub-commands."""

import signal
import threading
import time
from typing import Any, Callable, List, Optional, Tuple

from rclx.cli._common import add_node_arguments, cli_node, full_name

# Bound on a cancel request's answer, so a server that never answers cannot hang the CLI.
CANCEL_TIMEOUT_SEC = 30.0

# ros2action's names of the action_msgs/msg/GoalStatus values.
STATUS_NAMES = {1: 'ACCEPTED', 2: 'EXECUTING', 3: 'CANCELING', 4: 'SUCCEEDED', 5: 'CANCELED', 6: 'ABORTED'}


def add_verbs(parser: Any, prog: str) -> None:
    verbs = parser.add_subparsers(title='Commands',
                                  metavar='Call `ros2 action <command> -h` for more detailed usage.')

    def verb(name: str, func: Any, help_text: str, graph: bool = True) -> Any:
        p = verbs.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(_verb=func)
        if graph:
            add_node_arguments(p)
        return p

    p = verb('info', info, 'Print information about an action')
    p.add_argument('action_name', help="Name of the ROS action to get info (e.g. '/fibonacci')")
    p.add_argument('-t', '--show-types', action='store_true', help='Additionally show the action type')
    p.add_argument('-c', '--count', action='store_true',
                   help='Only display the number of action clients and action servers')

    p = verb('list', list_actions, 'Output a list of action names')
    p.add_argument('-t', '--show-types', action='store_true', help='Additionally show the action type')
    p.add_argument('-c', '--count-actions', action='store_true', help='Only display the number of actions discovered')

    p = verb('send_goal', send_goal, 'Send an action goal', graph=False)
    p.add_argument('action_name', help="Name of the ROS action (e.g. '/fibonacci')")
    p.add_argument('action_type', help="Type of the ROS action (e.g. 'example_interfaces/action/Fibonacci')")
    p.add_argument('goal', help="Goal request values in YAML format (e.g. '{order: 10}')")
    p.add_argument('-f', '--feedback', action='store_true', help='Echo feedback messages for the goal')

    p = verb('type', type_, "Print a action's type")
    p.add_argument('action_name', help="Name of the ROS action to get info (e.g. '/fibonacci')")


# -- graph --------------------------------------------------------------------------------------

def action_names_and_types(node: Any) -> List[Tuple[str, List[str]]]:
    """Every action in the graph (found from its `<action>/_action/feedback` topic), sorted by name."""
    from rclpy.action.graph import get_action_names_and_types
    return sorted((n, list(t)) for n, t in get_action_names_and_types(node))


def clients_and_servers(node: Any, action_name: str) -> Tuple[List[Tuple[str, List[str]]],
                                                              List[Tuple[str, List[str]]]]:
    """The (node full name, action types) of the clients and the servers of an action.

    :raises RuntimeError: if `action_name` is not a valid topic name.
    """
    from rclpy.action.graph import (get_action_client_names_and_types_by_node,
                                    get_action_server_names_and_types_by_node)
    from rclpy.exceptions import InvalidTopicNameException
    try:
        expanded = node.resolve_topic_name(action_name, only_expand=True)
    except (ValueError, InvalidTopicNameException) as e:
        raise RuntimeError(str(e))
    clients, servers = [], []
    for name, namespace in node.get_node_names_and_namespaces():
        for found, query in ((clients, get_action_client_names_and_types_by_node),
                             (servers, get_action_server_names_and_types_by_node)):
            for entry_name, types in query(node, name, namespace):
                if entry_name == expanded:
                    found.append((full_name(name, namespace), list(types)))
    return sorted(clients), sorted(servers)


def _wait_for(node: Any, seconds: float, found: Callable[[], bool]) -> None:
    """Wait up to `seconds` for `found()` (discovery fills the graph without spinning)."""
    deadline = time.monotonic() + max(0.0, seconds)
    while not found() and time.monotonic() < deadline:
        time.sleep(min(0.02, max(0.0, deadline - time.monotonic())))


# -- verbs --------------------------------------------------------------------------------------

def list_actions(args: Any) -> Any:
    with cli_node(args, discover=False) as node:
        time.sleep(max(0.0, args.spin_time))
        actions = action_names_and_types(node)
    if args.count_actions:
        print(len(actions))
        return 0
    for name, types in actions:
        print(f"{name} [{', '.join(types)}]" if args.show_types else name)
    return 0


def type_(args: Any) -> Any:
    with cli_node(args, discover=False) as node:
        _wait_for(node, args.spin_time,
                  lambda: any(n == args.action_name for n, _ in action_names_and_types(node)))
        actions = action_names_and_types(node)
    for name, types in actions:
        if name == args.action_name:
            for t in types:
                print(t)
            return 0
    return 1


def info(args: Any) -> Any:
    with cli_node(args, discover=False) as node:
        clients_and_servers(node, args.action_name)  # a bad name fails before the wait
        _wait_for(node, args.spin_time, lambda: any(clients_and_servers(node, args.action_name)))
        clients, servers = clients_and_servers(node, args.action_name)
    print(f'Action: {args.action_name}')
    for title, entries in (('Action clients', clients), ('Action servers', servers)):
        print(f'{title}: {len(entries)}')
        if not args.count:
            for name, types in entries:
                print(f"    {name} [{', '.join(types)}]" if args.show_types else f'    {name}')
    return 0


# -- send_goal ----------------------------------------------------------------------------------

class _CancelOnSigint:
    """While installed, Ctrl-C asks for the goal's cancellation instead of ending the command.

    The handler only sets a flag (it runs between two bytecodes, maybe inside a callback); the
    loop that waits for the result sends the cancel request. A Ctrl-C after the cancel request
    was sent ends the command, so a server that never finishes the goal cannot hold the CLI.
    """

    def __init__(self) -> None:
        self.requested = False
        self.cancel_sent = False
        self._previous: Any = None
        self._installed = False

    def __enter__(self) -> '_CancelOnSigint':
        if threading.current_thread() is threading.main_thread():
            self._previous = signal.signal(signal.SIGINT, self._on_sigint)
            self._installed = True
        return self

    def __exit__(self, *exc: object) -> None:
        if self._installed:
            signal.signal(signal.SIGINT, self._previous)

    def _on_sigint(self, signum: int, frame: Any) -> None:
        if self.cancel_sent:
            raise KeyboardInterrupt
        self.requested = True


class _FeedbackPrinter:
    """Prints each feedback as ros2action does, but none before the goal's acceptance was printed.

    The goal response and the first feedback can be handled in one spin: the feedback then waits.
    """

    def __init__(self) -> None:
        self._held: Optional[List[Any]] = []  # None once the goal's acceptance was printed

    def __call__(self, message: Any) -> None:
        if self._held is not None:
            self._held.append(message)
        else:
            self._print(message)

    def release(self) -> None:
        held, self._held = self._held or [], None
        for message in held:
            self._print(message)

    @staticmethod
    def _print(message: Any) -> None:
        from rosidl_runtime_py import message_to_yaml
        print('Feedback:\n    {}'.format(message_to_yaml(message.feedback)), flush=True)


def _spin_once(executor: Any) -> None:
    """One short spin (so signal handlers run between two); KeyboardInterrupt once the context is down.

    rclpy's SIGINT handler shuts the contexts down before it raises KeyboardInterrupt; when
    SIGINT was ignored (a background job) it only shuts them down: end as for Ctrl-C then too.
    """
    from rclpy.executors import ExternalShutdownException
    if not executor.context.ok():
        raise KeyboardInterrupt
    try:
        executor.spin_once(timeout_sec=0.1)
    except ExternalShutdownException:
        raise KeyboardInterrupt


def _spin_until(executor: Any, done: Callable[[], bool], timeout: Optional[float] = None) -> None:
    """Spin until `done()` or `timeout` seconds passed."""
    deadline = None if timeout is None else time.monotonic() + timeout
    while not done():
        if deadline is not None and time.monotonic() >= deadline:
            return
        _spin_once(executor)


def _cancel(executor: Any, goal_handle: Any) -> None:
    """Ask the server to cancel the goal and check its answer as ros2action does."""
    print('Canceling goal...', flush=True)
    future = goal_handle.cancel_goal_async()
    _spin_until(executor, future.done, CANCEL_TIMEOUT_SEC)
    response = future.result() if future.done() else None
    if response is None:
        raise RuntimeError('Exception while canceling goal: {!r}'.format(
            future.exception() if future.done() else TimeoutError(f'no answer in {CANCEL_TIMEOUT_SEC:g} s')))
    canceling = list(response.goals_canceling)
    if not canceling:
        raise RuntimeError('Failed to cancel goal')
    if len(canceling) > 1:
        raise RuntimeError('More than one goal canceled')
    if bytes(canceling[0].goal_id.uuid) != bytes(goal_handle.goal_id.uuid):
        raise RuntimeError('Canceled goal with incorrect goal ID')
    print('Goal canceled.', flush=True)


def _wait_for_server(client: Any, context: Any) -> None:
    """Wait as long as it takes for an action server; KeyboardInterrupt if the context is shut down first."""
    try:
        if client.wait_for_server():
            return
    except RuntimeError:  # the client's entities may already be gone with the context
        if context.ok():
            raise
    raise KeyboardInterrupt


def send_goal(args: Any) -> Any:
    import yaml
    from action_msgs.msg import GoalStatus
    from rclpy.action import ActionClient
    from rclpy.exceptions import InvalidTopicNameException
    from rclpy.executors import SingleThreadedExecutor
    from rosidl_runtime_py import message_to_yaml, set_message_fields
    from rosidl_runtime_py.utilities import get_action
    try:
        action_type = get_action(args.action_type)
    except (AttributeError, ModuleNotFoundError, ValueError, LookupError):
        return 'The passed action type is invalid'
    try:
        values = yaml.safe_load(args.goal)
    except yaml.YAMLError as e:
        return 'Failed to populate message fields: the goal is not valid YAML: {}'.format(
            ' '.join(str(e).split()))
    active = (GoalStatus.STATUS_UNKNOWN, GoalStatus.STATUS_ACCEPTED, GoalStatus.STATUS_EXECUTING)
    name = '_ros2cli_send_goal_' + args.action_type.replace('/', '_')
    with cli_node(args, discover=False, name=name) as node:
        try:
            node.resolve_topic_name(args.action_name, only_expand=True)
        except (ValueError, InvalidTopicNameException) as e:
            return str(e)
        client = ActionClient(node, action_type, args.action_name)
        executor = SingleThreadedExecutor(context=node.context)
        executor.add_node(node)
        try:
            goal = action_type.Goal()
            try:
                set_message_fields(goal, values)
            except Exception as e:  # noqa: B902 (any bad value is the user's input, reported as ros2action does)
                return 'Failed to populate message fields: {!r}'.format(e)
            print('Waiting for an action server to become available...', flush=True)
            _wait_for_server(client, node.context)
            print('Sending goal:\n     {}'.format(message_to_yaml(goal)), flush=True)
            feedback = _FeedbackPrinter()
            goal_future = client.send_goal_async(goal, feedback if args.feedback else None)
            _spin_until(executor, goal_future.done)
            goal_handle = goal_future.result()
            if goal_handle is None:
                raise RuntimeError('Exception while sending goal: {!r}'.format(goal_future.exception()))
            if not goal_handle.accepted:
                print('Goal was rejected.')
                return 0
            with _CancelOnSigint() as sigint:  # before the line below: a Ctrl-C after it cancels
                print('Goal accepted with ID: {}\n'.format(bytes(goal_handle.goal_id.uuid).hex()), flush=True)
                feedback.release()
                result_future = goal_handle.get_result_async()
                while not result_future.done():
                    if sigint.requested and not sigint.cancel_sent:
                        sigint.cancel_sent = True
                        if goal_handle.status in active:
                            _cancel(executor, goal_handle)
                    _spin_once(executor)
            result = result_future.result()
            if result is None:
                raise RuntimeError('Exception while getting result: {!r}'.format(result_future.exception()))
            print('Result:\n    {}'.format(message_to_yaml(result.result)))
            print('Goal finished with status: {}'.format(STATUS_NAMES.get(result.status, 'UNKNOWN')))
        finally:
            executor.remove_node(node)
            executor.shutdown()
            client.destroy()
    return 0
