"""Various lifecycle related sub-commands."""

import sys
import time
from typing import Any, Callable, Dict, List, Optional, Tuple

from rclx.cli._common import add_node_arguments, cli_node, full_name, is_hidden_name, is_hidden_node

# How long a verb waits for a lifecycle service of the target node to match (ros2lifecycle waits forever).
SERVICE_WAIT_SEC = 5.0
# Bound on the answers once the calls are made, so a dying peer cannot hang the CLI.
CALL_TIMEOUT_SEC = 30.0

GET_STATE_TYPE = 'lifecycle_msgs/srv/GetState'


def add_verbs(parser: Any, prog: str) -> None:
    verbs = parser.add_subparsers(title='Commands',
                                  metavar='Call `ros2 lifecycle <command> -h` for more detailed usage.')

    def verb(name: str, func: Any, help_text: str) -> Any:
        p = verbs.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(_verb=func)
        add_node_arguments(p)
        return p

    def hidden_nodes_option(p: Any) -> None:
        p.add_argument('--include-hidden-nodes', action='store_true', help='Consider hidden nodes as well')

    p = verb('get', get, 'Get lifecycle state for one or more nodes')
    p.add_argument('node_name', nargs='?',
                   help='Name of the ROS node. If no name is provided, then get the state for all nodes.')
    hidden_nodes_option(p)

    p = verb('list', list_transitions, 'Output a list of available transitions')
    p.add_argument('node_name', help='Name of the ROS node')
    hidden_nodes_option(p)
    p.add_argument('-a', '--all', action='store_true', help='Display all existing transitions')

    p = verb('nodes', nodes, 'Output a list of nodes with lifecycle')
    p.add_argument('-a', '--all', action='store_true', help='Display all nodes even hidden ones')
    p.add_argument('-c', '--count-nodes', action='store_true', help='Only display the number of nodes discovered')

    p = verb('set', set_, 'Trigger lifecycle state transition')
    p.add_argument('node_name', help='Name of the ROS node')
    hidden_nodes_option(p)
    p.add_argument('transition', help='The lifecycle transition')


# -- graph and service helpers ------------------------------------------------------------------

def absolute_node_name(name: Optional[str]) -> Optional[str]:
    """'/name' for 'name' (ros2node's get_absolute_node_name); None and '' stay as they are."""
    if not name:
        return name
    return name if name.startswith('/') else '/' + name


def lifecycle_node_names(node: Any, include_hidden: bool) -> List[str]:
    """Full names of the nodes that serve `<node>/get_state` of type lifecycle_msgs/srv/GetState, sorted.

    Hidden nodes (and so their hidden services) count only if `include_hidden`.
    """
    services = {n: set(t) for n, t in node.get_service_names_and_types()
                if include_hidden or not is_hidden_name(n)}
    names = [full_name(n, ns) for n, ns in node.get_node_names_and_namespaces()
             if include_hidden or not is_hidden_node(n)]
    return sorted(n for n in names if GET_STATE_TYPE in services.get(f'{n}/get_state', ()))


def wait_for_lifecycle_node(node: Any, name: str, include_hidden: bool, timeout: float) -> bool:
    """Wait until `name` shows up as a lifecycle node (discovery runs without spinning); False after `timeout` s."""
    deadline = time.monotonic() + max(0.0, timeout)
    while name not in lifecycle_node_names(node, include_hidden):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return False
        time.sleep(min(0.02, remaining))
    return True


def _spin_until(node: Any, done: Callable[[], bool], timeout: float) -> None:
    """Spin `node` in a private executor until `done()` or `timeout` seconds passed."""
    from rclpy.executors import SingleThreadedExecutor
    executor = SingleThreadedExecutor(context=node.context)
    executor.add_node(node)
    try:
        deadline = time.monotonic() + timeout
        while not done():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            executor.spin_once(timeout_sec=min(0.1, remaining))
    finally:
        executor.remove_node(node)
        executor.shutdown()


def call_services(node: Any, srv_type: Any, service: str, requests: Dict[str, Any]) -> Dict[str, Any]:
    """Call `<node name>/<service>` of every node named in `requests` at once.

    :return: per node name the response, or an Exception saying why there is none.
    """
    clients = {name: node.create_client(srv_type, f"{name.rstrip('/')}/{service}") for name in requests}
    try:
        deadline = time.monotonic() + SERVICE_WAIT_SEC
        while not all(c.service_is_ready() for c in clients.values()) and time.monotonic() < deadline:
            time.sleep(0.02)
        results: Dict[str, Any] = {}
        futures = {}
        for name, client in clients.items():
            if client.service_is_ready():
                futures[name] = client.call_async(requests[name])
            else:
                results[name] = RuntimeError(
                    f"service '{client.srv_name}' not available after {SERVICE_WAIT_SEC:g} s")
        _spin_until(node, lambda: all(f.done() for f in futures.values()), CALL_TIMEOUT_SEC)
        for name, future in futures.items():
            if not future.done():
                results[name] = RuntimeError(f'no response in {CALL_TIMEOUT_SEC:g} s')
            elif future.exception() is not None:
                results[name] = future.exception()
            else:
                results[name] = future.result()
        return results
    finally:
        for client in clients.values():
            node.destroy_client(client)


def _service_error(node_name: str, error: Exception) -> str:
    return f"Exception while calling service of node '{node_name}': {error}"


def _transitions(node: Any, node_name: str, service: str) -> Tuple[Optional[List[Any]], Optional[str]]:
    """The TransitionDescriptions from `<node>/<service>` (get_available_transitions or
    get_transition_graph), or None and the error text."""
    from lifecycle_msgs.srv import GetAvailableTransitions
    result = call_services(node, GetAvailableTransitions, service,
                           {node_name: GetAvailableTransitions.Request()})[node_name]
    if isinstance(result, Exception):
        return None, _service_error(node_name, result)
    return list(result.available_transitions), None


# -- verbs --------------------------------------------------------------------------------------

def nodes(args: Any) -> Any:
    with cli_node(args, discover=False) as node:
        time.sleep(max(0.0, args.spin_time))  # discovery fills the graph meanwhile
        names = lifecycle_node_names(node, args.all)
    if args.count_nodes:
        print(len(names))
    elif names:
        print(*sorted(set(names)), sep='\n')
    return 0


def get(args: Any) -> Any:
    from lifecycle_msgs.srv import GetState
    target = absolute_node_name(args.node_name)
    with cli_node(args, discover=False) as node:
        if target:  # --spin-time bounds the wait for discovery to show it
            if not wait_for_lifecycle_node(node, target, args.include_hidden_nodes, args.spin_time):
                return 'Node not found'
            names = [target]
        else:
            time.sleep(max(0.0, args.spin_time))
            names = lifecycle_node_names(node, args.include_hidden_nodes)
        states = call_services(node, GetState, 'get_state', {n: GetState.Request() for n in names})
    # As ros2lifecycle: the errors first, then the states, each in name order.
    for name in sorted(states):
        if isinstance(states[name], Exception):
            print(_service_error(name, states[name]), file=sys.stderr)
            if target:
                return 1
    for name in sorted(states):
        if not isinstance(states[name], Exception):
            state = states[name].current_state
            prefix = '' if target else f'{name}: '
            print(f'{prefix}{state.label} [{state.id}]')
    return 0


def list_transitions(args: Any) -> Any:
    name = absolute_node_name(args.node_name)
    with cli_node(args, discover=False) as node:
        if not wait_for_lifecycle_node(node, name, args.include_hidden_nodes, args.spin_time):
            return 'Node not found'
        transitions, error = _transitions(
            node, name, 'get_transition_graph' if args.all else 'get_available_transitions')
    if error is not None:
        return error
    for t in transitions or []:
        print(f'- {t.transition.label} [{t.transition.id}]\n'
              f'\tStart: {t.start_state.label}\n'
              f'\tGoal: {t.goal_state.label}')
    return 0


def set_(args: Any) -> Any:
    from lifecycle_msgs.srv import ChangeState
    name = absolute_node_name(args.node_name)
    with cli_node(args, discover=False) as node:
        if not wait_for_lifecycle_node(node, name, args.include_hidden_nodes, args.spin_time):
            return 'Node not found'
        transitions, error = _transitions(node, name, 'get_available_transitions')
        if error is not None:
            return error
        available = [t.transition for t in transitions or []]
        # A label first; only if no label matches, an id.
        chosen = next((t for t in available if t.label == args.transition), None)
        if chosen is None:
            chosen = next((t for t in available if str(t.id) == args.transition), None)
        if chosen is None:
            return 'Unknown transition requested, available ones are:' + ''.join(
                f'\n- {t.label} [{t.id}]' for t in available)
        result = call_services(node, ChangeState, 'change_state',
                               {name: ChangeState.Request(transition=chosen)})[name]
    if isinstance(result, Exception):
        print(_service_error(name, result), file=sys.stderr)
    elif result.success:
        print('Transitioning successful')
    else:
        print('Transitioning failed', file=sys.stderr)
    return 0
