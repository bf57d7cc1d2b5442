"""Show information about ROS interfaces."""

import re
import sys
from typing import Any, Iterator, List

PRIMITIVES = {'bool', 'byte', 'char', 'float32', 'float64', 'int8', 'uint8', 'int16', 'uint16',
              'int32', 'uint32', 'int64', 'uint64', 'string', 'wstring'}
_FIELD_TYPE = re.compile(r'^([A-Za-z_][\w/]*)')


def add_verbs(parser: Any, prog: str) -> None:
    verbs = parser.add_subparsers(title='Commands',
                                  metavar='Call `ros2 interface <command> -h` for more detailed usage.')

    def verb(name: str, func: Any, help_text: str) -> Any:
        p = verbs.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(_verb=func)
        return p

    p = verb('list', list_interfaces, 'List all interface types available')
    p.add_argument('-m', '--only-msgs', action='store_true', help='Print out only the message types')
    p.add_argument('-s', '--only-srvs', action='store_true', help='Print out only the service types')
    p.add_argument('-a', '--only-actions', action='store_true', help='Print out only the action types')

    p = verb('package', package, 'Output a list of available interface types within one package')
    p.add_argument('package_name', help="Name of the ROS package (e.g. 'example_interfaces')")

    verb('packages', packages, 'Output a list of packages that provide interfaces').add_argument(
        '-m', '--only-msgs', action='store_true', help='Only list packages that generate messages')

    p = verb('proto', proto, 'Output an interface prototype')
    p.add_argument('type', help="Show an interface definition (e.g. 'example_interfaces/msg/String')")
    p.add_argument('--no-quotes', action='store_true', help='if true output has no outer quotes.')

    p = verb('show', show, 'Output the interface definition')
    p.add_argument('type', help="Show an interface definition (e.g. 'example_interfaces/msg/String'). "
                                "Passing '-' reads the argument from stdin (e.g. "
                                "'ros2 topic type /chatter | ros2 interface show -').")
    group = p.add_mutually_exclusive_group()
    group.add_argument('--all-comments', action='store_true',
                       help='Show all comments, including for nested interface definitions')
    group.add_argument('--no-comments', action='store_true', help='Show no comments or whitespace')


def list_interfaces(args: Any) -> Any:
    from rosidl_runtime_py import get_action_interfaces, get_message_interfaces, get_service_interfaces
    show_all = not (args.only_msgs or args.only_srvs or args.only_actions)
    for wanted, title, getter in ((args.only_msgs, 'Messages:', get_message_interfaces),
                                  (args.only_srvs, 'Services:', get_service_interfaces),
                                  (args.only_actions, 'Actions:', get_action_interfaces)):
        if show_all or wanted:
            print(title)
            found = getter()
            for pkg in sorted(found):
                for name in sorted(found[pkg]):
                    print(f'    {pkg}/{name}')
    return 0


def package(args: Any) -> Any:
    from rosidl_runtime_py import get_interfaces
    try:
        names = get_interfaces([args.package_name])[args.package_name]
    except LookupError as e:
        return str(e)
    for name in sorted(names):
        print(f'{args.package_name}/{name}')
    return 0


def packages(args: Any) -> Any:
    from rosidl_runtime_py import get_interfaces, get_message_interfaces
    found = get_message_interfaces() if args.only_msgs else get_interfaces()
    for pkg in sorted(p for p, names in found.items() if names):
        print(pkg)
    return 0


def _strip_comment(line: str) -> str:
    """The line without its comment (a '#' outside a quoted default value)."""
    quote = None
    for i, c in enumerate(line):
        if quote:
            if c == quote:
                quote = None
        elif c in '"\'':
            quote = c
        elif c == '#':
            return line[:i].rstrip()
    return line.rstrip()


def _nested_type(line: str, package_name: str) -> Any:
    """'pkg/msg/Type' for a field of a non-primitive type, else None."""
    m = _FIELD_TYPE.match(line.strip())
    if not m or line.strip() == '---':
        return None
    base = m.group(1)
    if base in PRIMITIVES:
        return None
    parts = base.split('/')
    if len(parts) == 1:
        return f'{package_name}/msg/{parts[0]}'
    if len(parts) == 2:
        return f'{parts[0]}/msg/{parts[1]}'
    return base


def _lines(type_name: str, depth: int, comments: bool, all_comments: bool) -> Iterator[str]:
    from rosidl_runtime_py import get_interface_path
    with open(get_interface_path(type_name), encoding='utf-8') as f:
        text = f.read().rstrip()
    package_name = type_name.split('/')[0]
    keep_comments = comments and (depth == 0 or all_comments)
    for line in text.splitlines():
        code = _strip_comment(line)
        if keep_comments:
            yield '\t' * depth + line.rstrip()
        elif code.strip():
            yield '\t' * depth + code
        else:
            continue
        nested = _nested_type(code, package_name) if code.strip() else None
        if nested:
            yield from _lines(nested, depth + 1, comments, all_comments)


def show(args: Any) -> Any:
    type_name = args.type
    if type_name == '-':
        if sys.stdin.isatty():
            return 'expected stdin pipe'
        type_name = sys.stdin.readline().strip()
    try:
        lines: List[str] = list(_lines(type_name, 0, not args.no_comments, args.all_comments))
    except LookupError as e:
        return str(e)
    for line in lines:
        print(line)
    return 0


def proto(args: Any) -> Any:
    from rosidl_runtime_py import message_to_yaml
    from rosidl_runtime_py.utilities import get_interface, is_action, is_service
    try:
        interface = get_interface(args.type)
    except (AttributeError, ImportError, LookupError, ValueError) as e:
        return str(e)
    if is_action(interface):
        instance = interface.Goal()
    elif is_service(interface):
        instance = interface.Request()
    else:
        instance = interface()
    text = message_to_yaml(instance)
    print(text if args.no_quotes else '"' + text + '"')
    return 0
