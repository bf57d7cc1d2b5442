"""Various topic related sub-commands."""

import math
import time
from typing import Any, List, Optional

from rclx.cli._common import (add_node_arguments, add_qos_arguments, cli_node, nonnegative_int,
                              positive_float, qos_from_args, qos_overridden, topic_names_and_types)

DEFAULT_TRUNCATE_LENGTH = 128
DEFAULT_WINDOW_SIZE = 10000


def add_verbs(parser: Any, prog: str) -> None:
    verbs = parser.add_subparsers(title='Commands', metavar='Call `ros2 topic <command> -h` for more detailed usage.')

    def verb(name: str, func: Any, help_text: str) -> Any:
        p = verbs.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(_verb=func)
        add_node_arguments(p)
        p.add_argument('--include-hidden-topics', action='store_true',
                       help='Consider hidden topics as well')
        return p

    p = verb('echo', echo, 'Output messages from a topic')
    p.add_argument('topic_name', help="Name of the ROS topic to listen to (e.g. '/chatter')")
    p.add_argument('message_type', nargs='?', help="Type of the ROS message (e.g. 'std_msgs/msg/String')")
    add_qos_arguments(p, 'subscribe', 'sensor_data')
    p.add_argument('--csv', action='store_true',
                   help='Output all recursive fields separated by commas (e.g. for plotting)')
    p.add_argument('--field', type=str, default=None,
                   help="Echo a selected field of a message. Use '.' to select sub-fields.")
    p.add_argument('--full-length', '-f', action='store_true',
                   help="Output all elements for arrays, bytes, and string with a length > "
                        "'--truncate-length'")
    p.add_argument('--truncate-length', '-l', type=nonnegative_int, default=DEFAULT_TRUNCATE_LENGTH,
                   help='The length to truncate arrays, bytes, and string to (default: %d)'
                        % DEFAULT_TRUNCATE_LENGTH)
    p.add_argument('--no-arr', action='store_true', help="Don't print array fields of messages")
    p.add_argument('--no-str', action='store_true', help="Don't print string fields of messages")
    p.add_argument('--flow-style', action='store_true', help='Print collections in the block style')
    p.add_argument('--filter', dest='filter_expr',
                   help='Python expression to filter messages that are printed (m is the message)')
    p.add_argument('--once', action='store_true', help='Print the first message received and then exit.')
    p.add_argument('--timeout', metavar='N', type=positive_float, default=None,
                   help='Set a timeout in seconds for waiting')

    p = verb('find', find, 'Output a list of available topics of a given type')
    p.add_argument('topic_type', help="Name of the ROS topic type to filter for (e.g. 'std_msgs/msg/String')")
    p.add_argument('-c', '--count-topics', action='store_true', help='Only display the number of topics discovered')

    p = verb('hz', hz, 'Print the average publishing rate to screen')
    p.add_argument('topic_name', help="Name of the ROS topic to listen to (e.g. '/chatter')")
    p.add_argument('--window', '-w', dest='window_size', type=nonnegative_int, default=DEFAULT_WINDOW_SIZE,
                   metavar='WINDOW', help='window size, in # of messages, for calculating rate '
                                          '(default: %d)' % DEFAULT_WINDOW_SIZE)
    p.add_argument('--filter', dest='filter_expr', default=None, metavar='EXPR',
                   help='only measure messages matching the specified Python expression')
    p.add_argument('--wall-time', dest='use_wtime', action='store_true',
                   help='calculates rate using wall time')

    p = verb('info', info, 'Print information about a topic')
    p.add_argument('topic_name', help="Name of the ROS topic to get info (e.g. '/chatter')")
    p.add_argument('--verbose', '-v', action='store_true',
                   help='Prints detailed information like the node name, node namespace, topic type, '
                        'GUID and QoS Profile of the publishers and subscribers to this topic')

    p = verb('list', list_topics, 'Output a list of available topics')
    p.add_argument('-t', '--show-types', action='store_true', help='Additionally show the topic type')
    p.add_argument('-c', '--count-topics', action='store_true', help='Only display the number of topics discovered')
    p.add_argument('-v', '--verbose', action='store_true',
                   help='List full details about each topic')

    p = verb('pub', pub, 'Publish a message to a topic')
    p.add_argument('topic_name', help="Name of the ROS topic to publish to (e.g. '/chatter')")
    p.add_argument('message_type', help="Type of the ROS message (e.g. 'std_msgs/String')")
    p.add_argument('values', nargs='?', default='{}',
                   help='Values to fill the message with in YAML format (e.g. "data: Hello World"), '
                        'otherwise the message will be published with default values')
    p.add_argument('-r', '--rate', metavar='N', type=positive_float, default=1.0,
                   help='Publishing rate in Hz (default: 1)')
    p.add_argument('-p', '--print', metavar='N', type=int, default=1,
                   help='Only print every N-th published message (default: 1)')
    group = p.add_mutually_exclusive_group()
    group.add_argument('-1', '--once', action='store_true', help='Publish one message and exit')
    group.add_argument('-t', '--times', type=nonnegative_int, default=0,
                       help='Publish this number of times and then exit')
    p.add_argument('-w', '--wait-matching-subscriptions', type=nonnegative_int, default=None,
                   help='Wait until finding the specified number of matching subscriptions. '
                        'Defaults to 1 when using "-1"/"--once"/"--times", otherwise defaults to 0.')
    p.add_argument('--keep-alive', metavar='N', type=positive_float, default=0.1,
                   help='Keep publishing node alive for N seconds after the last msg (default: 0.1)')
    p.add_argument('-n', '--node-name', help='Name of the created publishing node')
    add_qos_arguments(p, 'publish', 'default')

    p = verb('type', type_, "Print a topic's type")
    p.add_argument('topic_name', help="Name of the ROS topic to get type (e.g. '/chatter')")


def _plural(count: int, word: str) -> str:
    return f'{count} {word}' + ('' if count == 1 else 's')


def list_topics(args: Any) -> Any:
    with cli_node(args) as node:
        topics = topic_names_and_types(node, args.include_hidden_topics)
        if args.count_topics:
            print(len(topics))
            return 0
        if args.verbose:
            for title, count, word in (('Published topics:', node.count_publishers, 'publisher'),
                                       ('Subscribed topics:', node.count_subscribers, 'subscriber')):
                print(title)
                for name, types in topics:
                    n = count(name)
                    if n:
                        print(f" * {name} [{', '.join(types)}] {_plural(n, word)}")
                print()
            return 0
        for name, types in topics:
            print(f"{name} [{', '.join(types)}]" if args.show_types else name)
    return 0


def _topic_types(node: Any, topic: str, include_hidden: bool = True) -> Optional[List[str]]:
    for name, types in topic_names_and_types(node, include_hidden):
        if name == topic:
            return types
    return None


def info(args: Any) -> Any:
    line_end = '\n\n' if args.verbose else '\n'
    with cli_node(args) as node:
        types = _topic_types(node, args.topic_name)
        if types is None:
            return f"Unknown topic '{args.topic_name}'"
        print('Type: %s' % (types[0] if len(types) == 1 else types), end=line_end)
        print('Publisher count: %d' % node.count_publishers(args.topic_name), end=line_end)
        if args.verbose:
            for endpoint in node.get_publishers_info_by_topic(args.topic_name):
                print(endpoint, end=line_end)
        print('Subscription count: %d' % node.count_subscribers(args.topic_name), end=line_end)
        if args.verbose:
            for endpoint in node.get_subscriptions_info_by_topic(args.topic_name):
                print(endpoint, end=line_end)
    return 0


def type_(args: Any) -> Any:
    with cli_node(args) as node:
        types = _topic_types(node, args.topic_name, args.include_hidden_topics)
    if types is None:
        return 1
    for t in types:
        print(t)
    return 0


def find(args: Any) -> Any:
    with cli_node(args) as node:
        names = [n for n, types in topic_names_and_types(node, args.include_hidden_topics)
                 if args.topic_type in types]
    if args.count_topics:
        print(len(names))
    else:
        for n in names:
            print(n)
    return 0


def _message_class(node: Any, topic: str, blocking: bool = False) -> Any:
    """The message class of a topic in the graph (None if unknown); waits for it if blocking."""
    from rosidl_runtime_py.utilities import get_message
    import rclpy
    topic = node.resolve_topic_name(topic)
    while True:
        types = _topic_types(node, topic)
        if types:
            if len(types) > 1:
                raise RuntimeError(f"Cannot echo topic '{topic}', as it contains more than one type: "
                                   f"[{', '.join(types)}]")
            return get_message(types[0])
        if not blocking:
            return None
        rclpy.spin_once(node, timeout_sec=0.1)


def _get_message(type_name: str) -> Any:
    from rosidl_runtime_py.utilities import get_message
    try:
        return get_message(type_name)
    except (AttributeError, ModuleNotFoundError, ValueError, LookupError):
        raise RuntimeError('The passed message type is invalid')


def _echo_qos(node: Any, args: Any) -> Any:
    """Match the publishers' reliability and durability unless --qos-* says otherwise (as ros2)."""
    from rclpy.qos import DurabilityPolicy, ReliabilityPolicy
    qos = qos_from_args(args)
    if qos_overridden(args):
        return qos
    infos = node.get_publishers_info_by_topic(args.topic_name)
    if not infos:
        return qos
    reliable = sum(i.qos_profile.reliability == ReliabilityPolicy.RELIABLE for i in infos)
    transient = sum(i.qos_profile.durability == DurabilityPolicy.TRANSIENT_LOCAL for i in infos)
    if reliable == len(infos):
        qos.reliability = ReliabilityPolicy.RELIABLE
    else:
        if reliable:
            print('Some, but not all, publishers are offering QoSReliabilityPolicy.RELIABLE. '
                  'Falling back to QoSReliabilityPolicy.BEST_EFFORT as it will connect to all publishers')
        qos.reliability = ReliabilityPolicy.BEST_EFFORT
    if transient == len(infos):
        qos.durability = DurabilityPolicy.TRANSIENT_LOCAL
    else:
        if transient:
            print('Some, but not all, publishers are offering QoSDurabilityPolicy.TRANSIENT_LOCAL. '
                  'Falling back to QoSDurabilityPolicy.VOLATILE as it will connect to all publishers')
        qos.durability = DurabilityPolicy.VOLATILE
    return qos


def _filter(expr: Optional[str]) -> Any:
    if not expr:
        return None
    code = compile(expr, '<filter>', 'eval')
    return lambda m: eval(code, {}, {'m': m})


def echo(args: Any) -> Any:
    import rclpy
    from rosidl_runtime_py import message_to_csv, message_to_yaml
    fields = None
    if args.field is not None:
        fields = [f for f in args.field.split('.') if f]
        if not fields:
            raise RuntimeError(f"Invalid field value '{args.field}'")
    truncate = None if args.full_length else args.truncate_length
    keep = _filter(args.filter_expr)
    state = {'done': False}

    def callback(msg: Any) -> None:
        sub = msg
        for f in fields or ():
            try:
                sub = getattr(sub, f)
            except AttributeError as ex:
                raise RuntimeError(f"Invalid field '{'.'.join(fields)}': {ex}")
        if keep is not None and not keep(sub):
            return
        if args.once:
            state['done'] = True
        if not hasattr(sub, '__slots__'):
            print(sub, end='\n---\n', flush=True)
        elif args.csv:
            print(message_to_csv(sub, truncate_length=truncate, no_arr=args.no_arr, no_str=args.no_str),
                  flush=True)
        else:
            print(message_to_yaml(sub, truncate_length=truncate, no_arr=args.no_arr, no_str=args.no_str,
                                  flow_style=args.flow_style), end='---\n', flush=True)

    with cli_node(args) as node:
        qos = _echo_qos(node, args)
        if args.message_type is None:
            msg_class = _message_class(node, args.topic_name)
        else:
            msg_class = _get_message(args.message_type)
        if msg_class is None:
            raise RuntimeError('Could not determine the type for the passed topic')
        node.create_subscription(msg_class, args.topic_name, callback, qos)
        deadline = None if args.timeout is None else time.monotonic() + args.timeout
        while rclpy.ok() and not state['done']:
            if deadline is not None and time.monotonic() >= deadline:
                break
            rclpy.spin_once(node, timeout_sec=0.1)
    return 0


def pub(args: Any) -> Any:
    import rclpy
    import yaml
    from rosidl_runtime_py import set_message_fields
    times = 1 if args.once else args.times
    wait_matching = args.wait_matching_subscriptions
    if wait_matching is None:
        wait_matching = 1 if times else 0
    msg_class = _get_message(args.message_type)
    try:
        values = yaml.safe_load(args.values)
    except yaml.YAMLError as e:  # ros2cli shows a traceback here; a message says the same
        return f'The passed value is not valid YAML: {e}'
    if not isinstance(values, dict):
        return 'The passed value needs to be a dictionary in YAML format'
    with cli_node(args, discover=False, name=args.node_name) as node:
        publisher = node.create_publisher(msg_class, args.topic_name, qos_from_args(args))
        msg = msg_class()
        try:
            set_message_fields(msg, values)
        except Exception as e:
            return 'Failed to populate field: {0}'.format(e)
        if wait_matching:
            print(f'Waiting for at least {wait_matching} matching subscription(s)...', flush=True)
            while rclpy.ok() and publisher.get_subscription_count() < wait_matching:
                time.sleep(0.1)
        print('publisher: beginning loop', flush=True)
        count = 0
        period = 1.0 / args.rate
        next_time = time.monotonic()
        while rclpy.ok() and (times == 0 or count < times):
            now = time.monotonic()
            if now < next_time:
                rclpy.spin_once(node, timeout_sec=next_time - now)
                continue
            next_time += period
            count += 1
            if args.print and count % args.print == 0:
                print('publishing #%d: %r\n' % (count, msg), flush=True)
            publisher.publish(msg)
        time.sleep(args.keep_alive)
    return 0


class _Rate:
    """Inter-arrival statistics over a window, printed once a second as ros2 topic hz does."""

    def __init__(self, clock: Any, window: int, keep: Any) -> None:
        self.clock, self.window, self.keep = clock, window, keep
        self.times: List[int] = []
        self.t0 = -1
        self.tn = 0
        self.last_printed = 0

    def callback(self, msg: Any) -> None:
        if self.keep is not None and not self.keep(msg):
            return
        now = self.clock.now().nanoseconds
        if now == 0:
            if self.times:
                print('time has reset, resetting counters')
                self.times = []
            return
        if self.t0 < 0 or self.t0 > now:
            self.t0 = self.tn = now
            self.times = []
        else:
            self.times.append(now - self.tn)
            self.tn = now
        if self.window and len(self.times) > self.window:
            self.times.pop(0)

    def print_rate(self) -> None:
        if not self.times:
            return
        if self.last_printed == 0:
            self.last_printed = self.tn
            return
        if self.tn < self.last_printed + 1e9:
            return
        n = len(self.times)
        mean = sum(self.times) / n
        rate = 1.0 / mean if mean > 0 else 0.0
        std_dev = math.sqrt(sum((x - mean) ** 2 for x in self.times) / n)
        self.last_printed = self.tn
        print('average rate: %.3f\n\tmin: %.3fs max: %.3fs std dev: %.5fs window: %s'
              % (rate * 1e9, min(self.times) * 1e-9, max(self.times) * 1e-9, std_dev * 1e-9, n),
              flush=True)


def hz(args: Any) -> Any:
    import rclpy
    from rclpy.clock import Clock, ClockType
    from rclpy.qos import qos_profile_sensor_data
    with cli_node(args) as node:
        msg_class = _message_class(node, args.topic_name, blocking=True)
        clock = Clock(clock_type=ClockType.SYSTEM_TIME) if args.use_wtime else node.get_clock()
        rate = _Rate(clock, args.window_size, _filter(args.filter_expr))
        node.create_subscription(msg_class, args.topic_name, rate.callback, qos_profile_sensor_data)
        while rclpy.ok():
            rclpy.spin_once(node, timeout_sec=0.1)
            rate.print_rate()
    return 0
