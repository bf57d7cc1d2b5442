"""Show information about ROS interfaces."""

import argparse
import re
import sys
import textwrap
from typing import Any, List, Optional

PRIMITIVES = {'bool', 'byte', 'char', 'float32', 'float64', 'int8', 'uint8', 'int16', 'uint16',
              'int32', 'uint32', 'int64', 'uint64', 'string', 'wstring'}


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
    p.add_argument('type', action=_ReadStdinPipe,
                   help="Show an interface definition (e.g. 'example_interfaces/msg/String'). "
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


class _ReadStdinPipe(argparse.Action):
    """The type argument; '-' reads it from the first line of a stdin pipe."""

    def __call__(self, parser: Any, namespace: Any, values: Any, option_string: Any = None) -> None:
        if values == '-':
            if sys.stdin.isatty():
                parser.error('expected stdin pipe')
            values = sys.stdin.readline().strip()
        if not values:
            parser.error('the passed value is empty')
        setattr(namespace, self.dest, values)


def _comment_text(comment: str) -> List[str]:
    """A comment as rosidl_adapter keeps it: a lone '[unit]' removed, nothing if empty, dedented."""
    matches = re.findall(r'(\s*\[([^,\]]+)\])', comment)
    if len(matches) == 1:
        comment = comment.replace(matches[0][0], '')
    return textwrap.dedent(comment).split('\n') if comment else []


class _Line:
    """One line of a definition file as `ros2 interface show` treats it.

    ``is_comment``: a comment line that --no-comments drops; ``trailing_comment``: the comment
    text after a field or constant (--no-comments cuts the line just before it);
    ``nested_type``: 'pkg/msg/Type' of a field whose type is a message. As in ros2cli Jazzy,
    lines that hold no comment text for rosidl_adapter (an indented '#', a bare '#', a lone
    '# [unit]') are printed always.
    """

    def __init__(self, package_name: str, raw: str) -> None:
        self.text = raw
        self.is_comment = False
        self.trailing_comment: Optional[str] = None
        self.nested_type: Optional[str] = None
        line = raw.replace('\t', ' ')
        if not line or line == '---':
            return
        if line.startswith('#'):
            self.is_comment = bool(_comment_text(line.lstrip('#')))
            return
        comment = None
        index = line.find('#')
        if index >= 0:
            comment, line = line[index:].lstrip('#'), line[:index]
            if not line.strip():
                return
        type_string, _, rest = line.strip().partition(' ')
        if not rest.strip():
            raise ValueError(f"invalid line '{raw}' in a definition of package '{package_name}': "
                             "expected '<type> <name>' or '<type> <NAME>=<value>'")
        if comment is not None:
            self.trailing_comment = (_comment_text(comment) or [None])[0]
        if '=' in rest:
            return
        base = type_string.split('[')[0]
        if base.split('<=')[0] in PRIMITIVES or base in ('duration', 'time'):
            return
        self.nested_type = (base if '/' in base else f'{package_name}/{base}').replace('/', '/msg/')


def _show(type_name: str, comments: bool, nested_comments: bool, depth: int = 0) -> None:
    """Print one definition, nested message definitions expanded beneath their fields."""
    from rosidl_runtime_py import get_interface_path
    parts = type_name.split('/')
    if len(parts) != 3:
        raise ValueError(f"Invalid name '{type_name}'. Expected three parts separated by '/'")
    with open(get_interface_path(type_name), encoding='utf-8') as f:
        raw_lines = [line.rstrip() for line in f]
    for raw in raw_lines:
        line = _Line(parts[0], raw)
        text = line.text
        if not comments:
            if not text or line.is_comment:
                continue
            if line.trailing_comment is not None:
                text = text[:text.find(line.trailing_comment) - 1].strip()
        print('\t' * depth + text if text else '')
        if line.nested_type:
            _show(line.nested_type, nested_comments, nested_comments, depth + 1)


def show(args: Any) -> Any:
    try:
        _show(args.type, args.all_comments or not args.no_comments, args.all_comments)
    except (ValueError, LookupError, OSError) as e:
        return str(e)
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
