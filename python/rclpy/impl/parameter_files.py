"""Command-line parameter overrides: ROS 2 YAML parameter files and `-p` values, read with rcl's rules.

The rules below were checked against ROS 2 Jazzy (rcl_yaml_param_parser and rclpy):

* a file maps node names to ``ros__parameters`` maps; node names may be split over nested keys
  (``ns: node: ros__parameters:``) and may hold the wildcards ``*`` (one name token) and ``**``
  (any number of tokens), e.g. ``/**``, ``/ns/*``, ``/**/node``;
* a scalar is a bool (``true``, ``yes``, ``on``, ``y`` and their negations, in three casings), then an
  integer (C ``strtol`` with base 0, so ``0x1F`` and octal ``010``), then a double (C ``strtod``: ``1e3``,
  ``.inf``, ``nan``), else a string; quoted scalars are always strings; YAML tags are ignored;
* a list holds scalars of one type; an empty list is an unset value;
* every ``--params-file`` and ``-p`` of one argument list (``rclpy.init``'s or a node's ``cli_args``) fills
  one table of node entries, in command-line order; a node takes, entry by entry in that table's order,
  the entries whose name matches it (so a later ``/**`` beats an earlier exact entry), first from the
  global arguments, then from its own.
* rcl keeps one slot per value type for a parameter: a later file that gives a parameter a value of
  another type only wins if that type comes first in the order bool, integer, double, string, arrays
  (``a: 1`` then ``a: x`` leaves 1). A ``-p`` rule replaces the value whatever its type.
"""

import math
import re
import sys
from typing import Any, Dict, Iterator, List, Optional, Sequence, Tuple

import yaml

__all__ = [
    'ParameterFileError',
    'ParameterTable',
    'load_parameter_file',
    'node_parameter_overrides',
    'parameter_dict_from_yaml_file',
    'parameter_table_from_arguments',
    'parse_override_value',
]

PARAMS_KEY = 'ros__parameters'
WILDCARD_NODE = '/**'

# Parameter type numbers (rcl_interfaces/msg/ParameterType); rclpy.parameter is imported lazily.
NOT_SET, BOOL, INTEGER, DOUBLE, STRING = 0, 1, 2, 3, 4
BOOL_ARRAY, INTEGER_ARRAY, DOUBLE_ARRAY, STRING_ARRAY = 6, 7, 8, 9
_ARRAY_OF = {BOOL: BOOL_ARRAY, INTEGER: INTEGER_ARRAY, DOUBLE: DOUBLE_ARRAY, STRING: STRING_ARRAY}
_TYPE_WORD = {BOOL: 'bool', INTEGER: 'integer', DOUBLE: 'double', STRING: 'string'}
# The order in which rclpy reads rcl's value slots: the first one set is the value.
_SLOT_ORDER = (BOOL, INTEGER, DOUBLE, STRING, BOOL_ARRAY, INTEGER_ARRAY, DOUBLE_ARRAY, STRING_ARRAY)

_TRUE = frozenset('y Y yes Yes YES true True TRUE on On ON'.split())
_FALSE = frozenset('n N no No NO false False FALSE off Off OFF'.split())
_YAML_INF_NAN = {'.nan': math.nan, '.NaN': math.nan, '.NAN': math.nan}
_YAML_INF_NAN.update({sign + word: (-math.inf if sign == '-' else math.inf)
                      for sign in ('', '+', '-') for word in ('.inf', '.Inf', '.INF')})
_C_SPACE = ' \t\n\v\f\r'
_STRTOL = re.compile(r'([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)\Z')
_STRTOD_DEC = re.compile(r'[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\Z')
_STRTOD_HEX = re.compile(r'[+-]?0[xX]([0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)([pP][+-]?\d+)?\Z')
_STRTOD_WORD = re.compile(r'[+-]?(inf|infinity|nan(\([0-9A-Za-z_]*\))?)\Z', re.IGNORECASE)
_STR_TAG = 'tag:yaml.org,2002:str'
_INT64_MIN, _INT64_MAX = -2 ** 63, 2 ** 63 - 1


def _rcl_error(message: str) -> Exception:
    from rclpy.exceptions import RCLError
    return RCLError(message)


class ParameterFileError(ValueError):
    """A parameter file or ``-p`` value that rcl refuses; the message names the file, line and key."""

    def __init__(self, message: str, path: str = '', line: Optional[int] = None,
                 key: str = '') -> None:
        super().__init__(message)
        self.path = path
        self.line = line
        self.key = key


class _Problem(Exception):
    """An error found while reading; the caller adds the file name."""

    def __init__(self, reason: str, line: Optional[int] = None, key: str = '') -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line
        self.key = key


# ---- scalar typing (rcl's get_value) ---------------------------------------------------------------

def _c_strtol(text: str) -> Optional[int]:
    """``strtol(text, &end, 0)`` consuming all of ``text`` without overflow, else None."""
    match = _STRTOL.match(text.lstrip(_C_SPACE))
    if match is None:
        return None
    digits = match.group(2)
    if digits[:2] in ('0x', '0X'):
        value = int(digits[2:], 16)
    elif digits.startswith('0'):
        value = int(digits, 8)
    else:
        value = int(digits)
    if match.group(1) == '-':
        value = -value
    return value if _INT64_MIN <= value <= _INT64_MAX else None


def _c_strtod(text: str) -> Optional[float]:
    """``strtod`` consuming all of ``text`` without overflow or underflow (ERANGE), else None."""
    body = text.lstrip(_C_SPACE)
    if _STRTOD_WORD.match(body):
        value = math.nan if body.lstrip('+-').lower().startswith('nan') else math.inf
        return -value if body.startswith('-') else value
    if _STRTOD_DEC.match(body):
        value = float(body)
        mantissa = body.split('e')[0].split('E')[0]
    elif _STRTOD_HEX.match(body):
        sign = -1.0 if body.startswith('-') else 1.0
        unsigned = body.lstrip('+-')
        if '.' not in unsigned and 'p' not in unsigned.lower():
            unsigned += 'p0'
        try:
            value = sign * float.fromhex(unsigned)
        except OverflowError:
            return None
        mantissa = unsigned[2:].lower().split('p')[0]
    else:
        return None
    if math.isinf(value):
        return None  # overflow: ERANGE
    nonzero_digits = mantissa.strip('+-0.x') != ''
    if (value == 0.0 and nonzero_digits) or 0.0 < abs(value) < sys.float_info.min:
        return None  # underflow (also to a subnormal number): ERANGE
    return value


def type_scalar(text: str, quoted: bool) -> Tuple[int, Any]:
    """Type one YAML scalar as rcl does: ``(parameter type, value)``."""
    if not quoted:
        if text in _TRUE:
            return BOOL, True
        if text in _FALSE:
            return BOOL, False
        integer = _c_strtol(text)
        if integer is not None:
            return INTEGER, integer
        if text in _YAML_INF_NAN:
            return DOUBLE, _YAML_INF_NAN[text]
        double = _c_strtod(text)
        if double is not None:
            return DOUBLE, double
    return STRING, text


# ---- a small YAML tree with lines and styles -------------------------------------------------------

class _Node:
    __slots__ = ('kind', 'text', 'quoted', 'string_tag', 'line', 'items')

    def __init__(self, kind: str, line: int, text: str = '', quoted: bool = False,
                 string_tag: bool = False) -> None:
        self.kind = kind  # 'scalar', 'seq' or 'map'
        self.text = text
        self.quoted = quoted
        self.string_tag = string_tag  # '!!str': typed as a string, as if quoted
        self.line = line  # 1-based
        self.items: List[Any] = []  # seq: nodes; map: (key node, value node)


def _documents(text: str) -> Iterator[_Node]:
    """The documents of a YAML text as trees; aliases are refused as rcl refuses them."""
    stack: List[_Node] = []
    pending_key: List[Optional[_Node]] = []
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            line = event.start_mark.line + 1
            if isinstance(event, yaml.AliasEvent):
                raise _Problem('YAML aliases (*name) are not supported', line)
            if isinstance(event, yaml.ScalarEvent):
                node = _Node('scalar', line, event.value, event.style in ("'", '"'),
                             event.tag == _STR_TAG)
            elif isinstance(event, yaml.SequenceStartEvent):
                node = _Node('seq', line)
            elif isinstance(event, yaml.MappingStartEvent):
                node = _Node('map', line)
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                done = stack.pop()
                pending_key.pop()
                if not stack:
                    yield done
                continue
            else:
                continue
            if stack:
                parent = stack[-1]
                if parent.kind == 'seq':
                    parent.items.append(node)
                elif pending_key[-1] is None:
                    pending_key[-1] = node
                else:
                    parent.items.append((pending_key[-1], node))
                    pending_key[-1] = None
            elif node.kind == 'scalar':
                yield node
                continue
            if node.kind != 'scalar':
                stack.append(node)
                pending_key.append(None)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = ' '.join(p for p in (error.context, error.problem) if p)
        raise _Problem(f'malformed YAML: {problem}',
                       mark.line + 1 if mark is not None else None) from None
    except yaml.YAMLError as error:
        raise _Problem(f'malformed YAML: {error}') from None


# ---- the table of node entries rcl builds from one argument list ----------------------------------

class _Value:
    """One parameter's value slots, as rcl keeps them (see the module docstring)."""

    __slots__ = ('slots',)

    def __init__(self) -> None:
        self.slots: Dict[int, Any] = {}

    def current(self) -> Tuple[int, Any]:
        for type_ in _SLOT_ORDER:
            if type_ in self.slots:
                return type_, self.slots[type_]
        return NOT_SET, None


class ParameterTable:
    """Node entries in first-seen order, each a map of parameter name to value (rcl_params_t)."""

    def __init__(self) -> None:
        self.entries: Dict[str, Dict[str, _Value]] = {}

    def _param(self, node: str, name: str) -> _Value:
        return self.entries.setdefault(node, {}).setdefault(name, _Value())

    def set_value(self, node: str, name: str, type_: int, value: Any, replace: bool) -> None:
        """Give a parameter a value; ``replace`` drops the values of other types (a ``-p`` rule)."""
        param = self._param(node, name)
        if replace:
            param.slots.clear()
        if type_ != NOT_SET:
            param.slots[type_] = value

    def parameters(self, node: str) -> Dict[str, Tuple[int, Any]]:
        """The parameters of one entry, by name: ``(type, value)``."""
        return {name: value.current() for name, value in self.entries.get(node, {}).items()}

    def for_node(self, fully_qualified_name: str) -> Dict[str, Tuple[int, Any]]:
        """The parameters of every entry matching a node, later entries winning."""
        result: Dict[str, Tuple[int, Any]] = {}
        for node in self.entries:
            if node_name_matches(node, fully_qualified_name):
                result.update(self.parameters(node))
        return result


def node_name_matches(pattern: str, fully_qualified_name: str) -> bool:
    """True if a parameter file's node name (maybe with ``*``/``**``) names the node."""
    if not pattern.startswith('/'):
        pattern = '/' + pattern
    if pattern == fully_qualified_name:
        return True
    # '/*' is one name token; '/**' (that is '/*' then '*') any number of them.
    regex = ''.join(r'(/\w+)' if part == '/*' else re.escape(part) if part != '*' else '*'
                    for part in re.split(r'(/\*|\*)', pattern) if part)
    try:
        return re.fullmatch(regex, fully_qualified_name, re.ASCII) is not None
    except re.error:
        return False


def _validate_node_key(name: str) -> Optional[str]:
    """rcl's check of a parameter file's node name; the problem or None."""
    from rclx import _core
    if name in ('/**', '/*'):
        return None
    namespace, _, node = name.rpartition('/')
    if namespace or name.startswith('/'):
        absolute = namespace if namespace.startswith('/') else '/' + namespace
        for token in absolute.split('/')[1:] if absolute != '/' else []:
            if token == '':
                return f'{absolute}/ contains repeated forward slash'
            if token not in ('*', '**'):
                problem = _core.validate_namespace('/' + token)
                if problem is not None:
                    return problem[0]
    if node not in ('*', '**'):
        problem = _core.validate_node_name(node)
        if problem is not None:
            return problem[0]
    return None


def _read_value(node: _Node, name: str) -> Tuple[int, Any]:
    """The typed value of a YAML value node of parameter ``name`` (a scalar or a list of scalars)."""
    if node.kind == 'scalar':
        if not node.quoted and node.text == '':
            raise _Problem("no value (write '' for an empty string)", node.line, name)
        return type_scalar(node.text, node.quoted or node.string_tag)
    if not node.items:
        return NOT_SET, None
    first = None
    values = []
    for item in node.items:
        if item.kind == 'seq':
            raise _Problem('nested lists are not supported', item.line, name)
        if item.kind == 'map':
            raise _Problem('maps inside lists are not supported', item.line, name)
        if not item.quoted and item.text == '':
            raise _Problem("empty list item (write '' for an empty string)", item.line, name)
        type_, value = type_scalar(item.text, item.quoted or item.string_tag)
        if first is None:
            first = type_
        elif type_ != first:
            raise _Problem(f"mixed types in array: a value of type '{_TYPE_WORD[type_]}' in a list "
                           f"of '{_TYPE_WORD[first]}' values", item.line, name)
        values.append(value)
    return _ARRAY_OF[first], values


def _key_text(key: _Node, what: str) -> str:
    if key.kind != 'scalar':
        raise _Problem(f'a {what} must be a name, not a {"list" if key.kind == "seq" else "map"}',
                       key.line)
    if key.text == '':
        raise _Problem(f'empty {what}', key.line)
    return key.text


def _read_params(table: ParameterTable, node_name: str, prefix: str, mapping: _Node) -> None:
    for key, value in mapping.items:
        name = prefix + _key_text(key, 'parameter name')
        if value.kind == 'map':
            if not value.items:
                table.set_value(node_name, name, NOT_SET, None, replace=False)
            _read_params(table, node_name, name + '.', value)
        else:
            type_, typed = _read_value(value, name)
            table.set_value(node_name, name, type_, typed, replace=False)


def _join_node_name(where: str, part: str) -> str:
    """Add one key to a node name being built (rcl adds no '/' after a key that ends with one)."""
    if not where:
        return part
    return where + part if where.endswith('/') else where + '/' + part


def _read_nodes(table: ParameterTable, where: str, node: _Node) -> None:
    if node.kind != 'map':
        what = 'a list' if node.kind == 'seq' else 'a value'
        if not where:
            raise _Problem(f'the file must map node names to {PARAMS_KEY}, not hold {what}', node.line)
        raise _Problem(f"node '{where}' has {what} where a map with {PARAMS_KEY} must be", node.line)
    params_seen = False
    for key, value in node.items:
        text = _key_text(key, 'node name')
        if text.startswith(PARAMS_KEY):
            if not where:
                raise _Problem(f'there is no node name before {PARAMS_KEY}', key.line)
            problem = _validate_node_key(where)
            if problem is not None:
                raise _Problem(f"invalid node name '{where}': {problem}", key.line)
            if value.kind != 'map':
                raise _Problem(f"{PARAMS_KEY} of node '{where}' must be a map of parameters",
                               value.line)
            table.entries.setdefault(where, {})
            _read_params(table, where, '', value)
            params_seen = True
        elif params_seen:
            # rcl fails on this layout ("Internal error creating param namespace").
            raise _Problem(f"node '{where}': the key '{text}' follows {PARAMS_KEY}; a node's "
                           f'nested node names must come before its {PARAMS_KEY}', key.line)
        else:
            _read_nodes(table, _join_node_name(where, text), value)


def read_parameter_file(path: str, table: ParameterTable) -> None:
    """
    Add the parameters of a YAML parameter file to ``table``, with rcl's rules.

    :raises ParameterFileError: if the file is missing, unreadable, malformed or breaks a rule.
    """
    try:
        with open(path, 'r', encoding='utf-8') as stream:
            text = stream.read()
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        raise ParameterFileError(f"Couldn't parse params file: '{path}': {reason}", path) from None
    try:
        for document in _documents(text):
            if document.kind == 'scalar':
                continue  # rcl reads a lone scalar as a node name without parameters
            _read_nodes(table, '', document)
    except _Problem as problem:
        line = f', line {problem.line}' if problem.line is not None else ''
        key = f": parameter '{problem.key}'" if problem.key else ''
        raise ParameterFileError(f"Couldn't parse params file: '{path}'{line}{key}: {problem.reason}",
                                 path, problem.line, problem.key) from None


def load_parameter_file(path: str) -> ParameterTable:
    """Read one YAML parameter file into a new table (see :func:`read_parameter_file`)."""
    table = ParameterTable()
    read_parameter_file(path, table)
    return table


# ---- -p values ------------------------------------------------------------------------------------

def parse_override_value(text: str) -> Tuple[int, Any]:
    """
    Type the value of a ``-p name:=value`` rule as rcl does: ``(parameter type, value)``.

    :raises ParameterFileError: if the value is malformed YAML, a map, or a list of mixed types.
    """
    try:
        documents = list(_documents(text))
        if not documents:
            return NOT_SET, None  # only a comment: rcl sets nothing
        value = documents[-1]
        if value.kind == 'map':
            raise _Problem('a map is not a parameter value')
        return _read_value(value, '')
    except _Problem as problem:
        raise ParameterFileError(problem.reason) from None


def _ordered_rules(argv: Sequence[str]) -> List[Tuple[str, str]]:
    """The ``--params-file`` and ``-p`` items of the ``--ros-args`` sections, in order."""
    takes_value = {'--remap', '-r', '--log-level', '--log-file-name', '--log-config-file',
                   '--enclave', '-e'}
    items: List[Tuple[str, str]] = []
    in_ros_args = False
    i = 0
    args = list(argv)
    while i < len(args):
        arg = args[i]
        if arg == '--ros-args':
            in_ros_args = True
        elif arg == '--' and in_ros_args:
            in_ros_args = False
        elif in_ros_args and arg in ('-p', '--param', '--params-file') and i + 1 < len(args):
            items.append(('file' if arg == '--params-file' else 'param', args[i + 1]))
            i += 1
        elif in_ros_args and arg in takes_value:
            i += 1
        i += 1
    return items


def parameter_table_from_arguments(argv: Sequence[str], ros_args: Any = None,
                                   node_args: bool = False) -> ParameterTable:
    """
    Read every ``--params-file`` and ``-p`` of an argument list, in order, into one table.

    :param argv: the argument list (as given to ``rclpy.init`` or a node's ``cli_args``).
    :param ros_args: its parse by ``_core.parse_ros_args`` (parsed here when None).
    :param node_args: True for a node's ``cli_args``: errors are then RCLInvalidROSArgsError
        ("Failed to parse ROS arguments: ..."), else RCLError ("failed to initialize rcl: ...").
    :raises RCLError: if a file or a value cannot be read.
    """
    from rclx import _core
    from rclpy.exceptions import RCLError, RCLInvalidROSArgsError
    if ros_args is None:
        ros_args = _core.parse_ros_args(list(argv))
    table = ParameterTable()
    rules = list(ros_args.param_overrides)
    files = list(ros_args.param_files)
    ordered = _ordered_rules(argv)
    if ([v for k, v in ordered if k == 'file'] != files
            or sum(1 for k, _ in ordered if k == 'param') != len(rules)):
        ordered = [('file', f) for f in files] + [('param', '') for _ in rules]
    if node_args:
        def fail(message: str) -> Exception:
            return RCLInvalidROSArgsError(f'Failed to parse ROS arguments: {message}')
    else:
        def fail(message: str) -> Exception:
            return RCLError(f'failed to initialize rcl: {message}')
    rule_index = 0
    for kind, text in ordered:
        if kind == 'file':
            try:
                read_parameter_file(text, table)
            except ParameterFileError as error:
                raise fail(str(error)) from None
            continue
        node, name, value_text = rules[rule_index]
        rule_index += 1
        try:
            type_, value = parse_override_value(value_text)
        except ParameterFileError as error:
            rule = f'{node}:{name}:={value_text}' if node else f'{name}:={value_text}'
            raise fail(f"Couldn't parse parameter override rule: '-p {rule}'. Error: "
                       f"parameter '{name}': {error}") from None
        table.set_value(node or WILDCARD_NODE, name, type_, value, replace=True)
    return table


# ---- what rclpy asks for ---------------------------------------------------------------------------

def _to_parameter(name: str, typed: Tuple[int, Any]) -> Any:
    from rclpy.parameter import Parameter
    type_, value = typed
    return Parameter(name, Parameter.Type(type_), value)


def node_parameter_overrides(context: Any, cli_args: Optional[List[str]], use_global_arguments: bool,
                             node_name: str, node_namespace: str) -> Dict[str, Any]:
    """
    The parameter overrides a node gets from the command line, by name.

    The global arguments (given to ``rclpy.init``, read there) come first when
    ``use_global_arguments``, then the node's own ``cli_args``; see the module docstring.

    :raises RCLInvalidROSArgsError: if a file or a value in ``cli_args`` cannot be read.
    """
    namespace = node_namespace or '/'
    if not namespace.startswith('/'):
        namespace = '/' + namespace
    fqn = namespace.rstrip('/') + '/' + node_name
    tables: List[ParameterTable] = []
    if use_global_arguments:
        global_table = getattr(context, '_global_parameter_table', None)
        if global_table is None and getattr(context, '_ros_args', None) is not None:
            global_table = parameter_table_from_arguments([], context._ros_args)
        if global_table is not None:
            tables.append(global_table)
    if cli_args:
        tables.append(parameter_table_from_arguments(['node'] + list(cli_args), node_args=True))
    result: Dict[str, Any] = {}
    for table in tables:
        for name, typed in table.for_node(fqn).items():
            result[name] = _to_parameter(name, typed)
    return result


def _flatten(prefix: str, mapping: Dict[Any, Any]) -> Dict[str, Any]:
    from rcl_interfaces.msg import Parameter as ParameterMsg
    from rclpy.parameter import get_parameter_value
    parameters: Dict[str, Any] = {}
    for key, item in mapping.items():
        name = prefix + str(key)
        if isinstance(item, dict):
            parameters.update(_flatten(name + '.', item))
        else:
            # As rclpy: the value is written back to text and typed again.
            parameters[name] = ParameterMsg(name=name, value=get_parameter_value(str(item)))
    return parameters


def parameter_dict_from_yaml_file(parameter_file: str, use_wildcard: bool = False,
                                  target_nodes: Optional[List[str]] = None,
                                  namespace: str = '') -> Dict[str, Any]:
    """
    Build a dict of parameters from a YAML file.

    Will load all parameters if ``target_nodes`` is None or empty.

    :param parameter_file: Path to the YAML file to load parameters from.
    :param use_wildcard: Use wildcard matching for the target nodes.
    :param target_nodes: List of nodes in the YAML file to load parameters from.
    :param namespace: Namespace to prepend to all parameters.
    :return: A dict of rcl_interfaces/msg/Parameter keyed by the parameter names.
    :raises RuntimeError: if a target node is not in the file, or it is not a valid ROS parameter file.
    """
    with open(parameter_file, 'r') as stream:
        content = yaml.safe_load(stream)
    if not isinstance(content, dict):
        raise RuntimeError(f'YAML file is not a valid ROS parameter file: {parameter_file!r} '
                           'does not map node names to parameters')
    keys: List[Any] = []
    if use_wildcard and WILDCARD_NODE in content:
        keys.append(WILDCARD_NODE)
    if target_nodes:
        for node in target_nodes:
            if node not in content:
                raise RuntimeError(f'Param file does not contain parameters for {node},'
                                   f'only for nodes: {list(content.keys())} ')
            keys.append(node)
    else:
        keys.extend(key for key in content if key != WILDCARD_NODE)
    if not keys:
        raise RuntimeError('Param file does not contain selected parameters')
    merged: Dict[Any, Any] = {}
    for key in keys:
        entry = content[key]
        if not isinstance(entry, dict) or PARAMS_KEY not in entry:
            raise RuntimeError(f'YAML file is not a valid ROS parameter file for node {key}')
        merged.update(entry[PARAMS_KEY] or {})
    return _flatten(namespace, merged)
