"""Parameter overrides from ``--params-file`` and ``-p``: rcl's YAML rules, precedence and errors.

Every expected parameter (name, type, value) below was checked against real rclpy Jazzy: the same file
and arguments given to ``rclpy.init`` / ``Node(cli_args=...)`` in .venv-jazzy, reading the node's
``_parameter_overrides``. Where rclx deliberately differs from Jazzy the test says so.
"""

import math
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import pytest

import rclpy
from rclpy.context import Context
from rclpy.exceptions import RCLError, RCLInvalidROSArgsError
from rclpy.parameter import get_parameter_value
from rclpy.impl.parameter_files import (load_parameter_file,
                                        node_parameter_overrides, parameter_dict_from_yaml_file,
                                        parse_override_value, ParameterFileError)
from rclpy.parameter import Parameter, parameter_value_to_python

T = Parameter.Type

ROBOT_YAML = """\
# Parameters of a small robot, written as ROS 2 users write them.
/**:
  ros__parameters:
    use_sim_time: false
    frame_prefix: ""
    rate: 10
robot:
  controller:
    ros__parameters:
      rate: 50.0
      gains:
        p: 1.5
        i: 0
        d: 0.01
      joints: [shoulder, elbow, wrist]
      limits: [1.57, 2.0, 3.14]
      enabled_axes: [true, true, false]
      ids: [0x10, 17, -3]
      mode: 'on'
      verbose: on
      label: "42"
      note: >-
        folded
        text
  "*":
    ros__parameters:
      in_robot: yes
/robot/camera:
  ros__parameters:
    rate: 30
    resolution:
      width: 640
      height: 480
    topics:
      - image_raw
      - camera_info
    exposure: .inf
/**/camera:
  ros__parameters:
    any_camera: true
    rate: 15
"""

# What Jazzy gives each node for ROBOT_YAML.
ROBOT_EXPECTED = {
    ('controller', '/robot'): {
        'enabled_axes': (T.BOOL_ARRAY, [True, True, False]), 'frame_prefix': (T.STRING, ''),
        'gains.d': (T.DOUBLE, 0.01), 'gains.i': (T.INTEGER, 0), 'gains.p': (T.DOUBLE, 1.5),
        'ids': (T.INTEGER_ARRAY, [16, 17, -3]), 'in_robot': (T.BOOL, True),
        'joints': (T.STRING_ARRAY, ['shoulder', 'elbow', 'wrist']), 'label': (T.STRING, '42'),
        'limits': (T.DOUBLE_ARRAY, [1.57, 2.0, 3.14]), 'mode': (T.STRING, 'on'),
        'note': (T.STRING, 'folded text'), 'rate': (T.DOUBLE, 50.0),
        'use_sim_time': (T.BOOL, False), 'verbose': (T.BOOL, True)},
    ('camera', '/robot'): {
        'any_camera': (T.BOOL, True), 'exposure': (T.DOUBLE, math.inf),
        'frame_prefix': (T.STRING, ''), 'in_robot': (T.BOOL, True), 'rate': (T.INTEGER, 15),
        'resolution.height': (T.INTEGER, 480), 'resolution.width': (T.INTEGER, 640),
        'topics': (T.STRING_ARRAY, ['image_raw', 'camera_info']), 'use_sim_time': (T.BOOL, False)},
    ('camera', '/other'): {
        'any_camera': (T.BOOL, True), 'frame_prefix': (T.STRING, ''), 'rate': (T.INTEGER, 15),
        'use_sim_time': (T.BOOL, False)},
    ('talker', '/'): {
        'frame_prefix': (T.STRING, ''), 'rate': (T.INTEGER, 10), 'use_sim_time': (T.BOOL, False)},
}


class _Ctx:
    """A stand-in for a Context: only what node_parameter_overrides reads."""

    def __init__(self, argv: List[str]) -> None:
        from rclpy.impl.parameter_files import parameter_table_from_arguments
        self._global_parameter_table = parameter_table_from_arguments(['prog'] + argv)


def overrides(global_args: List[str], name: str = 'talker', namespace: str = '/',
              cli_args: Optional[List[str]] = None,
              use_global: bool = True) -> Dict[str, Tuple[Parameter.Type, Any]]:
    result = node_parameter_overrides(_Ctx(global_args), cli_args, use_global, name, namespace)
    for key, param in result.items():
        assert key == param.name and isinstance(param, Parameter)
    return {key: (param.type_, param.value) for key, param in result.items()}


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text))
    return str(path)


def node_yaml(tmp_path: Path, params: str, name: str = 'p.yaml', node: str = '/talker') -> str:
    body = textwrap.indent(textwrap.dedent(params), '    ')
    return write(tmp_path, name, f'{node}:\n  ros__parameters:\n{body}')


# ---- a parameter file as users write them ----------------------------------------------------------

@pytest.mark.parametrize('node', sorted(ROBOT_EXPECTED))
def test_robot_file_gives_each_node_what_jazzy_gives(tmp_path: Path, node: Tuple[str, str]) -> None:
    path = write(tmp_path, 'robot.yaml', ROBOT_YAML)
    got = overrides(['--ros-args', '--params-file', path], *node)
    assert got == ROBOT_EXPECTED[node]


# (YAML text, expected type, expected value), each checked with Jazzy.
SCALARS = [
    ('1', T.INTEGER, 1), ('-1', T.INTEGER, -1), ('+5', T.INTEGER, 5), ('010', T.INTEGER, 8),
    ('08', T.DOUBLE, 8.0), ('0x1F', T.INTEGER, 31), ('-0x10', T.INTEGER, -16),
    ('1e3', T.DOUBLE, 1000.0), ('1.', T.DOUBLE, 1.0), ('.5', T.DOUBLE, 0.5),
    ('1.5e+3', T.DOUBLE, 1500.0), ('.inf', T.DOUBLE, math.inf), ('-.inf', T.DOUBLE, -math.inf),
    ('+.INF', T.DOUBLE, math.inf), ('-Infinity', T.DOUBLE, -math.inf), ('infinity', T.DOUBLE, math.inf),
    ('-.nan', T.STRING, '-.nan'), ('.Nan', T.STRING, '.Nan'), ('1_000', T.STRING, '1_000'),
    ('0b11', T.STRING, '0b11'), ('0o17', T.STRING, '0o17'),
    ('99999999999999999999', T.DOUBLE, 1e20),
    ('9223372036854775807', T.INTEGER, 9223372036854775807),
    ('9223372036854775808', T.DOUBLE, 9.223372036854776e18),
    ('-9223372036854775808', T.INTEGER, -9223372036854775808),
    ('0xFFFFFFFFFFFFFFFFFF', T.DOUBLE, 4.722366482869645e21),
    ('1e400', T.STRING, '1e400'), ('1e-400', T.STRING, '1e-400'), ('1e-310', T.STRING, '1e-310'),
    ('2.2250738585072014e-308', T.DOUBLE, 2.2250738585072014e-308), ('0x1p3', T.DOUBLE, 8.0),
    ('0x1.8p1', T.DOUBLE, 3.0), ('0x', T.STRING, '0x'), ('1e', T.STRING, '1e'), ('-0', T.INTEGER, 0),
    ('y', T.BOOL, True), ('N', T.BOOL, False), ('Yes', T.BOOL, True), ('NO', T.BOOL, False),
    ('True', T.BOOL, True), ('tRue', T.STRING, 'tRue'), ('on', T.BOOL, True), ('OFF', T.BOOL, False),
    ('~', T.STRING, '~'), ('null', T.STRING, 'null'), ('"true"', T.STRING, 'true'),
    ("'1'", T.STRING, '1'), ('!!str 1', T.STRING, '1'), ('!!str true', T.STRING, 'true'),
    ('!!int "1"', T.STRING, '1'), ('!!float 1', T.INTEGER, 1), ('!foo 1', T.INTEGER, 1),
    ('hello world', T.STRING, 'hello world'), ("''", T.STRING, ''), ('"  "', T.STRING, '  '),
    ('2001-01-01', T.STRING, '2001-01-01'), ('1:30', T.STRING, '1:30'),
    ('-2.5e-3', T.DOUBLE, -0.0025), ('"a\\tb"', T.STRING, 'a\tb'),
    ('[1, 2]', T.INTEGER_ARRAY, [1, 2]), ('[1.0, 2.5]', T.DOUBLE_ARRAY, [1.0, 2.5]),
    ('[a, b]', T.STRING_ARRAY, ['a', 'b']), ('[true, no]', T.BOOL_ARRAY, [True, False]),
    ('["1", "2"]', T.STRING_ARRAY, ['1', '2']), ('[0x10, 010]', T.INTEGER_ARRAY, [16, 8]),
    ('[.inf, 1.0]', T.DOUBLE_ARRAY, [math.inf, 1.0]), ('[!!str 1, !!str 2]', T.STRING_ARRAY, ['1', '2']),
    ('[]', T.NOT_SET, None), ('{}', T.NOT_SET, None),
]


def test_scalar_and_list_typing_is_rcls(tmp_path: Path) -> None:
    lines = ''.join(f'p{i:03d}: {text}\n' for i, (text, _, _) in enumerate(SCALARS))
    lines += 'f: >-\n  folded 1\nl: |-\n  1\nk: |\n  1\n'
    path = node_yaml(tmp_path, lines)
    got = overrides(['--ros-args', '--params-file', path])
    expected = {f'p{i:03d}': (type_, value) for i, (_, type_, value) in enumerate(SCALARS)}
    expected.update({'f': (T.STRING, 'folded 1'), 'l': (T.INTEGER, 1), 'k': (T.STRING, '1\n')})
    assert got == expected
    nan = node_yaml(tmp_path, 'a: .nan\nb: nan\nc: NaN\nd: nan(abc)\n', 'nan.yaml')
    got = overrides(['--ros-args', '--params-file', nan])
    assert all(type_ == T.DOUBLE and math.isnan(value) for type_, value in got.values()) and len(got) == 4


def test_names_keys_and_documents(tmp_path: Path) -> None:
    # Nested names join with '.', keys are text, 'ros__parameters...' counts as the key (as rcl),
    # a key ending with '/' joins without a second '/', several documents add up.
    path = write(tmp_path, 'n.yaml', """\
        ns/:
          talker:
            ros__parametersX:
              1: 2
              true: 3
              a: {b: {c: x}, d: []}
              a.b.e: 4
        ---
        /ns/talker:
          ros__parameters: {later: 1}
        """)
    got = overrides(['--ros-args', '--params-file', path], 'talker', '/ns')
    assert got == {'1': (T.INTEGER, 2), 'true': (T.INTEGER, 3), 'a.b.c': (T.STRING, 'x'),
                   'a.d': (T.NOT_SET, None), 'a.b.e': (T.INTEGER, 4), 'later': (T.INTEGER, 1)}
    # An empty file, or one holding a lone word, has no parameters and is no error (as rcl).
    assert overrides(['--ros-args', '--params-file', write(tmp_path, 'e.yaml', '')]) == {}
    assert overrides(['--ros-args', '--params-file', write(tmp_path, 'w.yaml', 'foo\n')]) == {}


# ---- -p values ----------------------------------------------------------------------------------

@pytest.mark.parametrize('text, type_, value', [
    ('1', T.INTEGER, 1), ('1.0', T.DOUBLE, 1.0), ('true', T.BOOL, True), ('yes', T.BOOL, True),
    ('hello', T.STRING, 'hello'), ("'1'", T.STRING, '1'), ('"1"', T.STRING, '1'),
    ('[1,2]', T.INTEGER_ARRAY, [1, 2]), ('[a,b]', T.STRING_ARRAY, ['a', 'b']),
    ("['a','b']", T.STRING_ARRAY, ['a', 'b']), ('[]', T.NOT_SET, None), ('0x10', T.INTEGER, 16),
    ('010', T.INTEGER, 8), ('.inf', T.DOUBLE, math.inf), ('~', T.STRING, '~'),
    ('x:y', T.STRING, 'x:y'), ('a#b', T.STRING, 'a#b'), ('1e400', T.STRING, '1e400'),
    ('#c', T.NOT_SET, None), ('a b', T.STRING, 'a b'), (' 1', T.INTEGER, 1),
])
def test_dash_p_value_typing_is_rcls(text: str, type_: Parameter.Type, value: Any) -> None:
    assert parse_override_value(text) == (type_.value, value)
    assert overrides(['--ros-args', '-p', f'v:={text}']) == {'v': (type_, value)}


# ---- precedence ---------------------------------------------------------------------------------

def test_precedence_within_and_across_files_and_dash_p(tmp_path: Path) -> None:
    exact = node_yaml(tmp_path, 'a: exact\n', 'exact.yaml', '/ns/talker')
    wild = node_yaml(tmp_path, 'a: wild\n', 'wild.yaml', '/**')
    ns_star = node_yaml(tmp_path, 'a: nsstar\n', 'nsstar.yaml', '/ns/*')
    exact_then_wild = write(tmp_path, 'ew.yaml', """\
        /ns/talker: {ros__parameters: {a: exact}}
        /**: {ros__parameters: {a: wild}}
        """)
    wild_then_exact = write(tmp_path, 'we.yaml', """\
        /**: {ros__parameters: {a: w1}}
        /ns/talker: {ros__parameters: {a: e}}
        """)

    def a(global_args: List[str], cli_args: Optional[List[str]] = None) -> Any:
        return overrides(global_args, 'talker', '/ns', cli_args).get('a', (None, None))[1]

    f = '--params-file'
    # A node takes its matching entries in the order they first appear: no "exact beats wildcard".
    assert a(['--ros-args', f, exact_then_wild]) == 'wild'
    assert a(['--ros-args', f, wild_then_exact]) == 'e'
    assert a(['--ros-args', f, exact, f, wild]) == 'wild'
    assert a(['--ros-args', f, wild, f, exact]) == 'exact'
    assert a(['--ros-args', f, ns_star, f, exact]) == 'exact'
    assert a(['--ros-args', f, exact, f, ns_star]) == 'nsstar'
    # -p without a node name writes into the '/**' entry, wherever that entry first appeared.
    assert a(['--ros-args', f, exact, '-p', 'a:=cli']) == 'cli'
    assert a(['--ros-args', '-p', 'a:=cli', f, exact]) == 'exact'
    assert a(['--ros-args', f, wild_then_exact, '-p', 'a:=w2']) == 'e'
    # The node's own arguments come after the global ones, whatever they hold.
    assert a(['--ros-args', f, wild_then_exact], ['--ros-args', '-p', 'a:=w2']) == 'w2'
    assert a(['--ros-args', f, exact], ['--ros-args', '-p', 'a:=local']) == 'local'
    assert a(['--ros-args', '-p', 'a:=glob'], ['--ros-args', f, wild]) == 'wild'
    # use_global_arguments=False ignores init's arguments.
    assert overrides(['--ros-args', f, exact], 'talker', '/ns', ['--ros-args', '-p', 'b:=1'],
                     use_global=False) == {'b': (T.INTEGER, 1)}


def test_a_later_value_of_another_type_follows_rcls_slots(tmp_path: Path) -> None:
    # rcl keeps one value per type: a later file's value of another type only wins if its type
    # comes first in bool, integer, double, string, arrays; a -p rule always replaces (Jazzy).
    first = node_yaml(tmp_path, 'a: 1\nb: [1, 2]\nc: x\nd: true\ne: 1.5\n', 't1.yaml')
    second = node_yaml(tmp_path, 'a: x\nb: 5\nc: 2\nd: [x]\ne: false\n', 't2.yaml')
    assert overrides(['--ros-args', '--params-file', first, '--params-file', second]) == {
        'a': (T.INTEGER, 1), 'b': (T.INTEGER, 5), 'c': (T.INTEGER, 2), 'd': (T.BOOL, True),
        'e': (T.BOOL, False)}
    assert overrides(['--ros-args', '--params-file', first, '-p', 'a:=y', '-p', 'c:=[1]',
                      '-p', 'e:=z']) == {
        'a': (T.BOOL, True), 'b': (T.INTEGER_ARRAY, [1, 2]), 'c': (T.INTEGER_ARRAY, [1]),
        'd': (T.BOOL, True), 'e': (T.STRING, 'z')}


def test_wildcards_and_node_targeted_dash_p(tmp_path: Path) -> None:
    path = write(tmp_path, 'm.yaml', """\
        "*": {ros__parameters: {star: 1}}
        /ns/**: {ros__parameters: {nsdeep: 1}}
        /**/talker: {ros__parameters: {anyt: 1}}
        "**": {ros__parameters: {dd: 1}}
        talker: {ros__parameters: {rel: 1}}
        """)
    args = ['--ros-args', '--params-file', path]
    one = (T.INTEGER, 1)
    assert overrides(args, 'talker', '/') == {'star': one, 'anyt': one, 'dd': one, 'rel': one}
    assert overrides(args, 'talker', '/ns') == {'nsdeep': one, 'anyt': one, 'dd': one}
    assert overrides(args, 'talker', '/ns/a') == {'nsdeep': one, 'anyt': one, 'dd': one}
    assert overrides(args, 'other', '/ns') == {'nsdeep': one, 'dd': one}
    # `-p node:name:=v` names a node relative to '/': it does not reach /ns/talker (as Jazzy).
    assert overrides(['--ros-args', '-p', 'talker:a:=1'], 'talker', '/') == {'a': one}
    assert overrides(['--ros-args', '-p', 'talker:a:=1'], 'talker', '/ns') == {}
    assert overrides(['--ros-args', '-p', 'other:a:=1'], 'talker', '/') == {}
    # 'talker' and '/talker' are two entries, each where it first appeared (as rcl).
    o1 = write(tmp_path, 'o1.yaml', 'talker: {ros__parameters: {a: 1}}\n'
                                    '/**: {ros__parameters: {a: 2}}\n')
    o2 = node_yaml(tmp_path, 'a: 3\n', 'o2.yaml')
    assert overrides(['--ros-args', '--params-file', o1, '--params-file', o2]) == {'a': (T.INTEGER, 3)}


# ---- errors -------------------------------------------------------------------------------------

# (file text, the message after "Couldn't parse params file: '<path>'"); each is an error in Jazzy too.
BAD_FILES = [
    ('/talker:\n  ros__parameters:\n    ok: 1\n    a: [1, 2.0]\n',
     ", line 4: parameter 'a': mixed types in array: a value of type 'double' in a list of "
     "'integer' values"),
    ('/talker:\n  ros__parameters:\n    a: [1,\n      2, x]\n',
     ", line 4: parameter 'a': mixed types in array: a value of type 'string' in a list of "
     "'integer' values"),
    ('/talker:\n  ros__parameters:\n    g:\n      h: ["1", 1]\n',
     ", line 4: parameter 'g.h': mixed types in array"),
    ('/talker:\n  ros__parameters:\n    a:\n', ", line 3: parameter 'a': no value"),
    ('/talker: {ros__parameters: {a: &x 1, b: *x}}\n', ', line 1: YAML aliases (*name) are not supported'),
    ('/talker: {ros__parameters: {a: [1, 2}}\n', ', line 1: malformed YAML: while parsing a flow '
                                                 "sequence expected ',' or ']', but got '}'"),
    ('/talker:\n  ros__parameters:\n   a: 1\n    b: 2\n',
     ', line 4: malformed YAML: mapping values are not allowed here'),
    ('- a\n', ', line 1: the file must map node names to ros__parameters, not hold a list'),
    ('/talker: 1\n', ", line 1: node '/talker' has a value where a map with ros__parameters must be"),
    ('/talker: {a: 1}\n', ", line 1: node '/talker/a' has a value where a map with ros__parameters"),
    ('/talker: {ros__parameters: 1}\n',
     ", line 1: ros__parameters of node '/talker' must be a map of parameters"),
    ('/talker: {ros__parameters: [1]}\n', ", line 1: ros__parameters of node '/talker' must be a map"),
    ('ros__parameters: {a: 1}\n', ', line 1: there is no node name before ros__parameters'),
    ('/talker: {ros__parameters: {"": 1}}\n', ', line 1: empty parameter name'),
    ('/talker: {ros__parameters: {? [a]: 1}}\n', ', line 1: a parameter name must be a name, not a list'),
    ('1: {ros__parameters: {c: 1}}\n', ", line 1: invalid node name '1': node name must not start "
                                       'with a number'),
    ('/tal*: {ros__parameters: {a: 1}}\n', ", line 1: invalid node name '/tal*': node name must not "
                                           "contain characters other than alphanumerics or '_'"),
    ('/ns//talker: {ros__parameters: {a: 1}}\n',
     ", line 1: invalid node name '/ns//talker': /ns// contains repeated forward slash"),
    ('/1ns/talker: {ros__parameters: {a: 1}}\n',
     ", line 1: invalid node name '/1ns/talker': namespace must not have a token that starts with a "
     'number'),
    ('/talker: {ros__parameters: {a: 1}, b: {ros__parameters: {c: 1}}}\n',
     ", line 1: node '/talker': the key 'b' follows ros__parameters"),
    # Jazzy reads these two with odd results ([1, 2] and {'a.b': [1]}); rclx refuses them.
    ('/talker: {ros__parameters: {a: [[1, 2]]}}\n', ", line 1: parameter 'a': nested lists are not "
                                                    'supported'),
    ('/talker: {ros__parameters: {a: [{b: 1}]}}\n', ", line 1: parameter 'a': maps inside lists are "
                                                    'not supported'),
]


@pytest.mark.parametrize('text, message', BAD_FILES)
def test_bad_file_is_an_error_naming_file_line_and_key(tmp_path: Path, text: str,
                                                       message: str) -> None:
    path = write(tmp_path, 'bad.yaml', text)
    with pytest.raises(ParameterFileError) as info:
        load_parameter_file(path)
    assert str(info.value).startswith(f"Couldn't parse params file: '{path}'{message}")
    # At rclpy.init it is an RCLError (Jazzy: "failed to initialize rcl: Couldn't parse params file").
    with pytest.raises(RCLError) as init_info:
        rclpy.init(context=Context(), args=['prog', '--ros-args', '--params-file', path])
    assert str(init_info.value).startswith(
        f"failed to initialize rcl: Couldn't parse params file: '{path}'{message}")


def test_missing_unreadable_and_directory_files(tmp_path: Path) -> None:
    missing = str(tmp_path / 'missing.yaml')
    with pytest.raises(ParameterFileError, match=r"'.*missing\.yaml': No such file or directory"):
        load_parameter_file(missing)
    with pytest.raises(ParameterFileError, match=r': Is a directory'):
        load_parameter_file(str(tmp_path))
    binary = tmp_path / 'binary.yaml'
    binary.write_bytes(b'\xff\xfe\x00bad')
    with pytest.raises(ParameterFileError, match=r"binary\.yaml'"):
        load_parameter_file(str(binary))
    if os.geteuid() != 0:  # root reads any file
        locked = node_yaml(tmp_path, 'a: 1\n', 'locked.yaml')
        os.chmod(locked, 0)
        with pytest.raises(ParameterFileError, match=r"locked\.yaml': Permission denied"):
            load_parameter_file(locked)


def test_bad_arguments_fail_rclpy_init_and_node_creation(tmp_path: Path) -> None:
    missing = str(tmp_path / 'missing.yaml')
    ctx = Context()
    with pytest.raises(RCLError) as info:
        rclpy.init(context=ctx, args=['prog', '--ros-args', '--params-file', missing])
    assert type(info.value) is RCLError
    assert str(info.value) == (f"failed to initialize rcl: Couldn't parse params file: '{missing}': "
                               'No such file or directory')
    assert not ctx.ok()
    with pytest.raises(RCLError) as info:
        rclpy.init(context=Context(), args=['prog', '--ros-args', '-p', 'a:=[1, a]'])
    assert str(info.value) == (
        "failed to initialize rcl: Couldn't parse parameter override rule: '-p a:=[1, a]'. Error: "
        "parameter 'a': mixed types in array: a value of type 'string' in a list of 'integer' values")
    with pytest.raises(RCLError, match=r"'-p a:=\{b: 1\}'. Error: parameter 'a': a map is not a "
                                       r'parameter value'):
        rclpy.init(context=Context(), args=['prog', '--ros-args', '-p', 'a:={b: 1}'])
    with pytest.raises(RCLError, match=r"'-p a:=\[1'. Error: parameter 'a': malformed YAML"):
        rclpy.init(context=Context(), args=['prog', '--ros-args', '-p', 'a:=[1'])
    # A node's own cli_args: RCLInvalidROSArgsError, "Failed to parse ROS arguments: ..." (Jazzy).
    with pytest.raises(RCLInvalidROSArgsError) as node_info:
        overrides([], cli_args=['--ros-args', '--params-file', missing])
    assert str(node_info.value) == (f"Failed to parse ROS arguments: Couldn't parse params file: "
                                    f"'{missing}': No such file or directory")
    with pytest.raises(RCLInvalidROSArgsError, match=r"Couldn't parse parameter override rule: "
                                                      r"'-p x:=\[1, 2.5\]'"):
        overrides([], cli_args=['--ros-args', '-p', 'x:=[1, 2.5]'])


def test_init_keeps_the_global_overrides_for_nodes(tmp_path: Path) -> None:
    path = node_yaml(tmp_path, 'a: 1\nb: [x, z]\n', 'g.yaml', '/**')
    ctx = Context()
    rclpy.init(context=ctx, args=['prog', '--ros-args', '--params-file', path, '-p', 'a:=2',
                                  '--', 'not-ros'])
    try:
        got = node_parameter_overrides(ctx, None, True, 'any', '/')
        assert {k: (p.type_, p.value) for k, p in got.items()} == {
            'a': (T.INTEGER, 2), 'b': (T.STRING_ARRAY, ['x', 'z'])}
    finally:
        ctx.try_shutdown()


# ---- rclpy.parameter's helpers ------------------------------------------------------------------

PDICT_YAML = """\
/**:
  ros__parameters:
    shared: 1
    over: wild
talker:
  ros__parameters:
    over: node
    q: '1'
    yes_: yes
    n: ~
    lst: [1, a]
    e: []
    nested: {a: {b: 2.5}}
    flt: [1.0, 2.0]
    ints: [1, 2]
    s: "hello world"
listener:
  ros__parameters:
    x: 1
"""


def _pdict(result: Dict[str, Any]) -> Dict[str, Tuple[Parameter.Type, Any]]:
    out = {}
    for key, msg in result.items():
        assert msg.name == key
        param = Parameter.from_parameter_msg(msg)
        value = list(param.value) if isinstance(param.value, (list, tuple)) or hasattr(
            param.value, 'typecode') else param.value
        out[key] = (param.type_, value)
    return out


def test_parameter_dict_from_yaml_file_as_jazzy(tmp_path: Path) -> None:
    # Jazzy's function reads the file with PyYAML's own typing (not rcl's): '1' becomes an integer.
    path = write(tmp_path, 'pd.yaml', PDICT_YAML)
    talker = {'over': (T.STRING, 'node'), 'q': (T.INTEGER, 1), 'yes_': (T.BOOL, True),
              'n': (T.STRING, 'None'), 'lst': (T.STRING, "[1, 'a']"), 'e': (T.BOOL_ARRAY, []),
              'nested.a.b': (T.DOUBLE, 2.5), 'flt': (T.DOUBLE_ARRAY, [1.0, 2.0]),
              'ints': (T.INTEGER_ARRAY, [1, 2]), 's': (T.STRING, 'hello world')}
    assert _pdict(parameter_dict_from_yaml_file(path, True, ['talker'])) == {
        **talker, 'shared': (T.INTEGER, 1)}
    assert _pdict(parameter_dict_from_yaml_file(path, False, ['talker', 'listener'])) == {
        **talker, 'x': (T.INTEGER, 1)}
    assert _pdict(parameter_dict_from_yaml_file(path)) == {**talker, 'x': (T.INTEGER, 1)}
    with_ns = parameter_dict_from_yaml_file(path, True, namespace='ns.')
    assert sorted(with_ns) == sorted(['ns.' + k for k in talker] + ['ns.shared', 'ns.x'])
    with pytest.raises(RuntimeError) as info:
        parameter_dict_from_yaml_file(path, False, ['missing'])
    assert str(info.value) == ("Param file does not contain parameters for missing,only for nodes: "
                               "['/**', 'talker', 'listener'] ")
    with pytest.raises(RuntimeError, match='^YAML file is not a valid ROS parameter file for node /n$'):
        parameter_dict_from_yaml_file(write(tmp_path, 'nop.yaml', '/n:\n  x: 1\n'))
    with pytest.raises(RuntimeError, match='^Param file does not contain selected parameters$'):
        parameter_dict_from_yaml_file(write(tmp_path, 'w.yaml', '/**: {ros__parameters: {a: 1}}\n'))
    with pytest.raises(FileNotFoundError):
        parameter_dict_from_yaml_file(str(tmp_path / 'missing.yaml'))
    with pytest.raises(RuntimeError, match='not a valid ROS parameter file'):
        parameter_dict_from_yaml_file(write(tmp_path, 'empty.yaml', ''))


@pytest.mark.parametrize('text, type_, value', [
    ('1', T.INTEGER, 1), ('1.5', T.DOUBLE, 1.5), ('true', T.BOOL, True), ('yes', T.BOOL, True),
    ('hello', T.STRING, 'hello'), ("'1'", T.STRING, '1'), ('[1, 2]', T.INTEGER_ARRAY, [1, 2]),
    ('[1.5]', T.DOUBLE_ARRAY, [1.5]), ('[a]', T.STRING_ARRAY, ['a']), ('[true]', T.BOOL_ARRAY, [True]),
    ('[1, a]', T.STRING, '[1, a]'), ('~', T.STRING, '~'), ('[1', T.STRING, '[1'),
])
def test_get_parameter_value_as_jazzy(text: str, type_: Parameter.Type, value: Any) -> None:
    msg = get_parameter_value(text)
    got = parameter_value_to_python(msg)
    is_list = type_.value >= T.BOOL_ARRAY.value
    assert (Parameter.Type(msg.type), list(got) if is_list else got) == (type_, value)


# ---- nodes and processes ------------------------------------------------------------------------

PEER = """\
import sys
import rclpy
from rclpy.impl.parameter_files import node_parameter_overrides
from rclpy.node import Node

rclpy.init()  # sys.argv: --ros-args --params-file ... -p ...
for name, ns in (('controller', '/robot'), ('camera', '/robot')):
    found = node_parameter_overrides(rclpy.get_default_context(), None, True, name, ns)
    for key in sorted(found):
        print('fn', name, key, found[key].type_.name, repr(found[key].value))
    node = Node(name, namespace=ns, automatically_declare_parameters_from_overrides=True)
    for key in sorted(node._parameters):
        p = node.get_parameter(key)
        if key != 'use_sim_time' or 'use_sim_time' in found:
            print('node', name, key, p.type_.name, repr(p.value))
    node.destroy_node()
rclpy.shutdown()
"""


def _peer_run(tmp_path: Path, *args: str) -> List[str]:
    script = tmp_path / 'peer_params.py'
    script.write_text(PEER)
    done = subprocess.run([sys.executable, str(script), *args], capture_output=True, text=True,
                          timeout=60, env=dict(os.environ))
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def _expected_lines(kind: str, extra: Dict[Tuple[str, str], Dict[str, Tuple[Any, Any]]]) -> List[str]:
    lines = []
    for name in ('controller', 'camera'):
        params = dict(ROBOT_EXPECTED[(name, '/robot')])
        params.update(extra.get((name, '/robot'), {}))
        lines += [f'{kind} {name} {key} {type_.name} {value!r}' for key, (type_, value)
                  in sorted(params.items())]
    return lines


def test_peer_process_reads_params_file_and_dash_p(tmp_path: Path) -> None:
    path = write(tmp_path, 'robot.yaml', ROBOT_YAML)
    out = _peer_run(tmp_path, '--ros-args', '--params-file', path, '-p', 'controller:rate:=100',
                    '-p', 'extra:=[1, 2]')
    # 'controller:rate' targets '/controller', not '/robot/controller' (as Jazzy): no change.
    extra = {('controller', '/robot'): {'extra': (T.INTEGER_ARRAY, [1, 2])},
             ('camera', '/robot'): {'extra': (T.INTEGER_ARRAY, [1, 2])}}
    assert [line for line in out if line.startswith('fn ')] == _expected_lines('fn', extra)


def test_node_uses_the_overrides_in_a_peer_process(tmp_path: Path) -> None:
    path = write(tmp_path, 'robot.yaml', ROBOT_YAML)
    out = _peer_run(tmp_path, '--ros-args', '--params-file', path, '-p', 'extra:=[1, 2]')
    # A node also declares Jazzy's start_type_description_service.
    declared = {'extra': (T.INTEGER_ARRAY, [1, 2]), 'start_type_description_service': (T.BOOL, True)}
    extra = {('controller', '/robot'): declared, ('camera', '/robot'): declared}
    assert [line for line in out if line.startswith('node ')] == _expected_lines('node', extra)


def test_node_cli_args_in_process(tmp_path: Path) -> None:
    path = node_yaml(tmp_path, 'a: 1\nb: file\n', 'own.yaml', '/ns/talker')
    ctx = Context()
    rclpy.init(context=ctx, args=['prog', '--ros-args', '-p', 'b:=global', '-p', 'c:=3'])
    try:
        node = rclpy.create_node('talker', namespace='/ns', context=ctx,
                                 cli_args=['--ros-args', '--params-file', path])
        assert node.declare_parameter('a', 0).value == 1
        assert node.declare_parameter('b', '').value == 'file'
        assert node.declare_parameter('c', 0).value == 3
        node.destroy_node()
        with pytest.raises(RCLInvalidROSArgsError, match=r"Couldn't parse params file: '.*nope"):
            rclpy.create_node('talker', context=ctx,
                              cli_args=['--ros-args', '--params-file', str(tmp_path / 'nope')])
    finally:
        ctx.try_shutdown()
