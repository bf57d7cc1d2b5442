"""Various param related sub-commands."""

import sys
import time
from typing import Any, Dict, List, Optional

from rclx.cli._common import add_node_arguments, cli_node, full_name, is_hidden_node

# How long a verb waits for the target's parameter services to match (ros2param's 5 s).
SERVICE_WAIT_SEC = 5.0
# Bound on one parameter service call once matched, so a dying peer cannot hang the CLI.
CALL_TIMEOUT_SEC = 30.0

# ros2param's names of the rcl_interfaces/msg/ParameterType values (`list -t`, `describe`).
TYPE_NAMES = {
    0: 'not set', 1: 'boolean', 2: 'integer', 3: 'double', 4: 'string', 5: 'byte array',
    6: 'boolean array', 7: 'integer array', 8: 'double array', 9: 'string array',
}

# `get`'s label and ParameterValue field per type.
GET_LABELS = {
    1: ('Boolean value is:', 'bool_value'), 2: ('Integer value is:', 'integer_value'),
    3: ('Double value is:', 'double_value'), 4: ('String value is:', 'string_value'),
    5: ('Byte values are:', 'byte_array_value'), 6: ('Boolean values are:', 'bool_array_value'),
    7: ('Integer values are:', 'integer_array_value'), 8: ('Double values are:', 'double_array_value'),
    9: ('String values are:', 'string_array_value'),
}


def add_verbs(parser: Any, prog: str) -> None:
    verbs = parser.add_subparsers(title='Commands', metavar='Call `ros2 param <command> -h` for more detailed usage.')

    def verb(name: str, func: Any, help_text: str, node_required: bool = True) -> Any:
        p = verbs.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(_verb=func)
        add_node_arguments(p)
        p.add_argument('node_name', nargs=None if node_required else '?', help='Name of the ROS node')
        p.add_argument('--include-hidden-nodes', action='store_true', help='Consider hidden nodes as well')
        return p

    def timeout_option(p: Any) -> None:
        p.add_argument('--timeout', metavar='N', type=int, default=1,
                       help='Wait for N seconds until node becomes available (default %(default)s sec)')

    p = verb('delete', delete, 'Delete parameter')
    p.add_argument('parameter_name', help='Name of the parameter')
    timeout_option(p)

    p = verb('describe', describe, 'Show descriptive information about declared parameters')
    p.add_argument('parameter_names', nargs='+', help='Names of the parameters')
    timeout_option(p)

    p = verb('dump', dump, 'Show all of the parameters of a node in a YAML file format')
    timeout_option(p)

    p = verb('get', get, 'Get parameter')
    p.add_argument('parameter_name', help='Name of the parameter')
    p.add_argument('--hide-type', action='store_true', help='Hide the type information')
    timeout_option(p)

    p = verb('list', list_parameters, 'Output a list of available parameters', node_required=False)
    p.add_argument('--filter', nargs=1,
                   help='Only parameters matching the regex expression will be showed. '
                        'Supports `re` regex syntax.')
    p.add_argument('--param-prefixes', nargs='+', default=[],
                   help='Only list parameters with the provided prefixes')
    p.add_argument('--param-type', action='store_true', help='Print parameter types with parameter names')

    p = verb('load', load, 'Load parameter file for a node')
    p.add_argument('parameter_file', help='Parameter file')
    p.add_argument('--no-use-wildcard', action='store_true',
                   help="Do not load parameters in the '/**' namespace into the node")
    timeout_option(p)

    p = verb('set', set_, 'Set parameter')
    p.add_argument('parameter_name', help='Name of the parameter')
    p.add_argument('value', help='Value of the parameter')
    timeout_option(p)


# -- graph and service helpers ------------------------------------------------------------------

def absolute_node_name(name: Optional[str]) -> Optional[str]:
    """'/name' for 'name' (ros2node's get_absolute_node_name)."""
    if name is None:
        return None
    return name if name.startswith('/') else '/' + name


def graph_node_names(node: Any, include_hidden: bool) -> List[str]:
    """Full names of the nodes in the graph, sorted, without the hidden ones unless asked."""
    return sorted({full_name(n, ns) for n, ns in node.get_node_names_and_namespaces()
                   if include_hidden or not is_hidden_node(n)})


def wait_for_node(node: Any, name: str, include_hidden: bool, timeout: float) -> bool:
    """Wait until `name` is in the graph (discovery fills it without spinning); False after `timeout` s."""
    deadline = time.monotonic() + max(0.0, timeout)
    while True:
        if name in graph_node_names(node, include_hidden):
            return True
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return False
        time.sleep(min(0.02, remaining))


def _client(node: Any, srv_type: Any, node_name: str, service: str) -> Any:
    return node.create_client(srv_type, f"{node_name.rstrip('/')}/{service}")


def _finish(node: Any, future: Any, node_name: str) -> Any:
    """Spin until `future` completes; its result, or RuntimeError naming the node."""
    from rclpy.executors import SingleThreadedExecutor
    # A private executor: the verbs never spin the CLI node with rclpy's global one.
    executor = SingleThreadedExecutor(context=node.context)
    executor.add_node(node)
    try:
        executor.spin_until_future_complete(future, timeout_sec=CALL_TIMEOUT_SEC)
    finally:
        executor.remove_node(node)
        executor.shutdown()
    if not future.done():
        raise RuntimeError(f"Exception while calling service of node '{node_name}': "
                           f'no response in {CALL_TIMEOUT_SEC:g} s')
    if future.result() is None:
        raise RuntimeError(f"Exception while calling service of node '{node_name}': {future.exception()}")
    return future.result()


def call(node: Any, node_name: str, service: str, srv_type: Any, request: Any) -> Any:
    """One call of the target node's `<node>/<service>`; RuntimeError if it is not reachable."""
    client = _client(node, srv_type, node_name, service)
    try:
        if not client.wait_for_service(timeout_sec=SERVICE_WAIT_SEC):
            raise RuntimeError('Could not reach parameter services')
        return _finish(node, client.call_async(request), node_name)
    finally:
        node.destroy_client(client)


def describe_parameters(node: Any, node_name: str, names: List[str]) -> List[Any]:
    from rcl_interfaces.srv import DescribeParameters
    return list(call(node, node_name, 'describe_parameters', DescribeParameters,
                     DescribeParameters.Request(names=names)).descriptors)


def get_parameters(node: Any, node_name: str, names: List[str]) -> List[Any]:
    from rcl_interfaces.srv import GetParameters
    return list(call(node, node_name, 'get_parameters', GetParameters,
                     GetParameters.Request(names=names)).values)


def set_parameters(node: Any, node_name: str, parameters: List[Any]) -> List[Any]:
    from rcl_interfaces.srv import SetParameters
    return list(call(node, node_name, 'set_parameters', SetParameters,
                     SetParameters.Request(parameters=parameters)).results)


def python_value(parameter_value: Any) -> Any:
    """The Python value of a ParameterValue (None when not set), lists for the arrays."""
    from rclpy.parameter import parameter_value_to_python
    try:
        return parameter_value_to_python(parameter_value)
    except RuntimeError as e:
        print(f'Runtime error {e} raised')
        return None


def value_from_text(text: str) -> Any:
    """A ParameterValue typed from YAML text as `ros2 param set` does; text that is no YAML stays a string."""
    import yaml
    from rcl_interfaces.msg import ParameterType, ParameterValue
    from rclpy.parameter import get_parameter_value
    as_string = ParameterValue(type=ParameterType.PARAMETER_STRING, string_value=text)
    try:
        loaded = yaml.safe_load(text)
    except yaml.YAMLError:  # e.g. an unclosed quote: like rclpy's parse-error rule, the text itself
        return as_string
    if not isinstance(loaded, (bool, int, float, str, list)) and loaded is not None:
        return as_string  # a mapping or other YAML node: the text itself
    try:
        return get_parameter_value(text)
    except (AssertionError, TypeError, ValueError, OverflowError) as e:
        raise RuntimeError(f"Invalid parameter value '{text}': {e or type(e).__name__}")


# -- verbs --------------------------------------------------------------------------------------

def _find_node(node: Any, args: Any) -> Optional[str]:
    """The absolute node name if the node shows up within --spin-time plus --timeout, else None."""
    name = absolute_node_name(args.node_name)
    wait = max(0.0, args.spin_time) + max(0, args.timeout)
    return name if wait_for_node(node, name, args.include_hidden_nodes, wait) else None


def get(args: Any) -> Any:
    with cli_node(args, discover=False) as node:
        name = _find_node(node, args)
        if name is None:
            return 'Node not found'
        values = get_parameters(node, name, [args.parameter_name])
    if not values:
        return 'Parameter not set'
    pvalue = values[0]
    if pvalue.type == 0:
        label, value = 'Parameter not set.', None
    elif pvalue.type in GET_LABELS:
        label, field = GET_LABELS[pvalue.type]
        value = getattr(pvalue, field)
        if pvalue.type >= 5:
            value = list(value)
    else:
        return f"Unknown parameter type '{pvalue.type}'"
    if args.hide_type:
        print(value)
    elif value is None:
        print(label)
    else:
        print(label, value)
    return 0


def set_(args: Any) -> Any:
    from rcl_interfaces.msg import Parameter
    with cli_node(args, discover=False) as node:
        name = _find_node(node, args)
        if name is None:
            return 'Node not found'
        value = value_from_text(args.value)
        results = set_parameters(node, name, [Parameter(name=args.parameter_name, value=value)])
    _print_result(results[0], 'Set parameter successful', 'Setting parameter failed')
    return 0


def delete(args: Any) -> Any:
    from rcl_interfaces.msg import Parameter, ParameterType, ParameterValue
    unset = ParameterValue(type=ParameterType.PARAMETER_NOT_SET)
    with cli_node(args, discover=False) as node:
        name = _find_node(node, args)
        if name is None:
            return 'Node not found'
        results = set_parameters(node, name, [Parameter(name=args.parameter_name, value=unset)])
    _print_result(results[0], 'Deleted parameter successfully', 'Deleting parameter failed')
    return 0


def _print_result(result: Any, success: str, failure: str) -> None:
    """ros2param's line for a SetParametersResult: stdout on success, stderr on failure."""
    text = success if result.successful else failure
    if result.reason:
        text += ': ' + result.reason
    print(text, file=sys.stdout if result.successful else sys.stderr)


def describe(args: Any) -> Any:
    with cli_node(args, discover=False) as node:
        name = _find_node(node, args)
        if name is None:
            return 'Node not found'
        descriptors = describe_parameters(node, name, args.parameter_names)
    for descriptor in descriptors:
        print('Parameter name:', descriptor.name)
        print('  Type:', TYPE_NAMES.get(descriptor.type, descriptor.type))
        if descriptor.description:
            print('  Description:', descriptor.description)
        print('  Constraints:')
        if descriptor.read_only:
            print('    Read only: true')
        ranges = list(descriptor.floating_point_range) + list(descriptor.integer_range)
        if ranges:
            print('    Min value:', ranges[0].from_value)
            print('    Max value:', ranges[0].to_value)
            if ranges[0].step:
                print('    Step:', ranges[0].step)
        if descriptor.additional_constraints:
            print('    Additional constraints:', descriptor.additional_constraints)
    return 0


def _timed_out(node_name: str) -> str:
    return f'Wait for service timed out waiting for parameter services for node {node_name}'


def dump(args: Any) -> Any:
    import yaml
    from rcl_interfaces.srv import ListParameters
    with cli_node(args, discover=False) as node:
        name = _find_node(node, args)
        if name is None:
            return 'Node not found'
        client = _client(node, ListParameters, name, 'list_parameters')
        if not client.wait_for_service(timeout_sec=SERVICE_WAIT_SEC):
            print(_timed_out(name), file=sys.stderr)
            return 0
        try:
            names = sorted(_finish(node, client.call_async(ListParameters.Request()), name).result.names)
        except RuntimeError as e:
            print(f"Exception while calling list_parameters service of node '{name}': {e}", file=sys.stderr)
            return 0
        try:
            values = get_parameters(node, name, names)
        except RuntimeError as e:
            print(f"Exception while calling get_parameters service of node '{name}': {e}", file=sys.stderr)
            return 0
    tree: Dict[str, Any] = {}
    for param_name, value in zip(names, values):
        _insert(tree, param_name, python_value(value))
    print(yaml.dump({name: {'ros__parameters': tree}}, default_flow_style=False))
    return 0


def _insert(tree: Dict[str, Any], name: str, value: Any) -> None:
    """Put `value` under the dotted `name`, one nested mapping per '.'-separated part."""
    head, dot, rest = name.partition('.')
    if not dot:
        tree[name] = value
        return
    _insert(tree.setdefault(head, {}), rest, value)


def list_parameters(args: Any) -> Any:
    import re
    from rcl_interfaces.srv import ListParameters
    regex = re.compile(args.filter[0]) if args.filter else None
    target = absolute_node_name(args.node_name)
    with cli_node(args, discover=False) as node:
        if target is not None:  # --spin-time bounds the wait for discovery to show it
            if not wait_for_node(node, target, args.include_hidden_nodes, args.spin_time):
                return 'Node not found'
            names = [target]
        else:
            time.sleep(max(0.0, args.spin_time))  # discovery fills the graph meanwhile
            own = node.get_fully_qualified_name()  # hidden, and it serves no parameters
            names = [n for n in graph_node_names(node, args.include_hidden_nodes) if n != own]
        clients = {n: _client(node, ListParameters, n, 'list_parameters') for n in names}
        deadline = time.monotonic() + SERVICE_WAIT_SEC
        while not all(c.service_is_ready() for c in clients.values()) and time.monotonic() < deadline:
            time.sleep(0.02)
        futures = {}
        for n, client in clients.items():
            if client.service_is_ready():
                futures[n] = client.call_async(ListParameters.Request(prefixes=args.param_prefixes))
        for n in names:
            if n not in futures:
                print(_timed_out(n), file=sys.stderr)
                continue
            try:
                found = sorted(_finish(node, futures[n], n).result.names)
            except RuntimeError as e:
                print(e, file=sys.stderr)
                continue
            if regex is not None:
                found = [p for p in found if regex.match(p)]
            if target is None and found:
                print(f'{n}:')
            types = {}
            if args.param_type and found:
                types = {d.name: TYPE_NAMES.get(d.type, d.type) for d in describe_parameters(node, n, found)}
            for p in found:
                print(f'  {p} (type: {types.get(p)})' if args.param_type else f'  {p}')
    return 0


def load(args: Any) -> Any:
    from rcl_interfaces.srv import SetParameters
    with cli_node(args, discover=False) as node:
        name = _find_node(node, args)
        if name is None:
            return 'Node not found'
        client = _client(node, SetParameters, name, 'set_parameters')
        if not client.wait_for_service(timeout_sec=SERVICE_WAIT_SEC):
            return 'Could not reach parameter services'
        try:
            parameters = read_parameter_file(args.parameter_file, not args.no_use_wildcard)
        except OSError as e:
            return str(e)
        response = _finish(node, client.call_async(SetParameters.Request(parameters=parameters)), name)
    for parameter, result in zip(parameters, response.results):
        _print_result(result, f'Set parameter {parameter.name} successful',
                      f'Set parameter {parameter.name} failed')
    return 0


def read_parameter_file(path: str, use_wildcard: bool) -> List[Any]:
    """The parameters of every node entry of a ROS 2 params file ('/**' first if `use_wildcard`), as Jazzy's load."""
    import yaml
    from rclpy.parameter import parameter_dict_from_yaml_file
    try:
        return list(parameter_dict_from_yaml_file(path, use_wildcard).values())
    except yaml.YAMLError as e:
        raise RuntimeError(f"Parameter file '{path}' is not valid YAML: {e}")
