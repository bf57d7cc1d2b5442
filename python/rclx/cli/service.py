"""Various service related sub-commands."""

import time
from typing import Any

from rclx.cli._common import add_node_arguments, cli_node, positive_float, service_names_and_types


def add_verbs(parser: Any, prog: str) -> None:
    verbs = parser.add_subparsers(title='Commands', metavar='Call `ros2 service <command> -h` for more detailed usage.')

    def verb(name: str, func: Any, help_text: str) -> Any:
        p = verbs.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(_verb=func)
        add_node_arguments(p)
        p.add_argument('--include-hidden-services', action='store_true',
                       help='Consider hidden services as well')
        return p

    p = verb('call', call, 'Call a service')
    p.add_argument('service_name', help="Name of the ROS service to call to (e.g. '/add_two_ints')")
    p.add_argument('service_type', help="Type of the ROS service (e.g. 'std_srvs/srv/Empty')")
    p.add_argument('values', nargs='?', default='{}',
                   help='Values to fill the service request with in YAML format '
                        '(e.g. "{a: 1, b: 2}"), otherwise the service request will be published '
                        'with default values')
    p.add_argument('-r', '--rate', metavar='N', type=positive_float,
                   help='Repeat the call at a specific rate in Hz')

    p = verb('find', find, 'Output a list of available services of a given type')
    p.add_argument('service_type', help="Name of the ROS service type to filter for (e.g. 'std_srvs/srv/Empty')")
    p.add_argument('-c', '--count-services', action='store_true', help='Only display the number of services discovered')

    p = verb('list', list_services, 'Output a list of available services')
    p.add_argument('-t', '--show-types', action='store_true', help='Additionally show the service type')
    p.add_argument('-c', '--count-services', action='store_true', help='Only display the number of services discovered')

    p = verb('type', type_, "Output a service's type")
    p.add_argument('service_name', help="Name of the ROS service to get type (e.g. '/add_two_ints')")


def list_services(args: Any) -> Any:
    with cli_node(args) as node:
        services = service_names_and_types(node, args.include_hidden_services)
    if args.count_services:
        print(len(services))
        return 0
    for name, types in services:
        print(f"{name} [{', '.join(types)}]" if args.show_types else name)
    return 0


def type_(args: Any) -> Any:
    with cli_node(args) as node:
        services = service_names_and_types(node, True)
    for name, types in services:
        if name == args.service_name:
            for t in types:
                print(t)
            return 0
    return 1


def find(args: Any) -> Any:
    with cli_node(args) as node:
        names = [n for n, t in service_names_and_types(node, args.include_hidden_services)
                 if args.service_type in t]
    if args.count_services:
        print(len(names))
    else:
        for n in names:
            print(n)
    return 0


def call(args: Any) -> Any:
    import rclpy
    import yaml
    from rosidl_runtime_py import set_message_fields
    from rosidl_runtime_py.utilities import get_service
    try:
        srv_class = get_service(args.service_type)
    except (AttributeError, ModuleNotFoundError, ValueError, LookupError):
        raise RuntimeError('The passed service type is invalid')
    try:
        values = yaml.safe_load(args.values)
    except yaml.YAMLError as e:  # ros2cli shows a traceback here; a message says the same
        return f'The passed value is not valid YAML: {e}'
    if not isinstance(values, dict):
        return 'The passed value needs to be a dictionary in YAML format'
    period = None if args.rate is None else 1.0 / args.rate
    with cli_node(args, discover=False) as node:
        client = node.create_client(srv_class, args.service_name)
        request = srv_class.Request()
        try:
            set_message_fields(request, values)
        except Exception as e:
            return 'Failed to populate field: {0}'.format(e)
        # As ros2cli: the message only once a whole second passed without the service.
        while not client.wait_for_service(timeout_sec=1.0):
            print('waiting for service to become available...', flush=True)
        while True:
            print('requester: making request: %r\n' % request, flush=True)
            started = time.monotonic()
            future = client.call_async(request)
            rclpy.spin_until_future_complete(node, future)
            if future.result() is None:
                raise RuntimeError('Exception while calling service: %r' % future.exception())
            print('response:\n%r\n' % future.result(), flush=True)
            if period is None or not rclpy.ok():
                break
            remaining = period - (time.monotonic() - started)
            if remaining > 0:
                time.sleep(remaining)
    return 0
