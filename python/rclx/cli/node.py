"""Various node related sub-commands."""

import sys
from typing import Any, List, Tuple

from rclx.cli._common import add_node_arguments, cli_node, full_name, is_hidden_name, is_hidden_node

ACTION_SUFFIX = '/_action/send_goal'


def add_verbs(parser: Any, prog: str) -> None:
    verbs = parser.add_subparsers(title='Commands', metavar='Call `ros2 node <command> -h` for more detailed usage.')
    p = verbs.add_parser('info', help='Output information about a node',
                         description='Output information about a node')
    p.set_defaults(_verb=info)
    add_node_arguments(p)
    p.add_argument('node_name', help='Node name to request information')
    p.add_argument('--include-hidden', action='store_true', help='Display hidden topics, services, and actions as well')
    p = verbs.add_parser('list', help='Output a list of available nodes',
                         description='Output a list of available nodes')
    p.set_defaults(_verb=list_nodes)
    add_node_arguments(p)
    p.add_argument('-a', '--all', action='store_true', help='Display all nodes even hidden ones')
    p.add_argument('-c', '--count-nodes', action='store_true', help='Only display the number of nodes discovered')


def _node_names(node: Any, include_hidden: bool) -> List[Tuple[str, str, str]]:
    """(name, namespace, full name) of the nodes in the graph, sorted by full name."""
    return sorted(((n, ns, full_name(n, ns)) for n, ns in node.get_node_names_and_namespaces()
                   if include_hidden or not is_hidden_node(n)), key=lambda e: e[2])


def list_nodes(args: Any) -> Any:
    with cli_node(args) as node:
        names = [e[2] for e in _node_names(node, args.all)]
    if args.count_nodes:
        print(len(names))
        return 0
    for n in names:
        print(n)
    if len(set(names)) != len(names):
        print('WARNING: Be aware that there are nodes in the graph that share an exact name, which '
              'can have unintended side effects.', file=sys.stderr)
    return 0


def _print_section(title: str, names_and_types: List[Tuple[str, List[str]]]) -> None:
    print(f'  {title}:')
    print(*[f"    {n}: {', '.join(t)}" for n, t in names_and_types], sep='\n')


def info(args: Any) -> Any:
    with cli_node(args) as node:
        matches = [e for e in _node_names(node, True) if e[2] == args.node_name]
        if not matches:
            return f"Unable to find node '{args.node_name}'"
        if len(matches) > 1:
            print(f'There are {len(matches)} nodes in the graph with the exact name "{args.node_name}". '
                  'You are seeing information about only one of them.', file=sys.stderr)
        name, namespace, _ = matches[0]

        def visible(entries: Any) -> List[Tuple[str, List[str]]]:
            return sorted((n, list(t)) for n, t in entries if args.include_hidden or not is_hidden_name(n))

        def actions(entries: Any) -> List[Tuple[str, List[str]]]:
            found = []
            for n, types in entries:
                if n.endswith(ACTION_SUFFIX):
                    found.append((n[:-len(ACTION_SUFFIX)],
                                  [t.replace('_SendGoal', '') for t in types]))
            return sorted(found)

        services = node.get_service_names_and_types_by_node(name, namespace)
        clients = node.get_client_names_and_types_by_node(name, namespace)
        print(args.node_name)
        _print_section('Subscribers', visible(node.get_subscriber_names_and_types_by_node(name, namespace)))
        _print_section('Publishers', visible(node.get_publisher_names_and_types_by_node(name, namespace)))
        _print_section('Service Servers', visible(services))
        _print_section('Service Clients', visible(clients))
        _print_section('Action Servers', actions(services))
        _print_section('Action Clients', actions(clients))
    return 0
