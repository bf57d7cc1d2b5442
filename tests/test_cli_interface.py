"""`ros2 interface show` as ros2cli Jazzy prints it: the definition file, nested types expanded.

Expected outputs follow ros2cli Jazzy's rules (rosidl_adapter 4.6 decides what a comment is): the
top level keeps comments, blank lines and spacing; nested definitions are indented with tabs and
keep comments only with --all-comments; --no-comments drops comment lines and blank lines and cuts
a field's or constant's line just before its comment text (so the '#' stays, as in Jazzy); a bare
'#' line holds no comment text for rosidl_adapter and is printed always.
"""

import os
import subprocess
import sys
from pathlib import Path
from typing import List, Optional

import pytest

INNER = '''# Inner: a value and a constant

uint8 LIMIT=5  # the largest value
uint8 value  # the value
#
string<=8 label
'''
OUTER = '''# Outer holds inners

Inner inner  # the first
show_test_msgs/Inner[<=2] more
builtin_interfaces/Time stamp
'''
ASK = '''# the question
string question  # free text
---
# the answer
Inner answer
'''
COUNT = '''int32 target
---
int32 reached  # final count
---
builtin_interfaces/Time stamp
'''


@pytest.fixture(scope='module')
def root(tmp_path_factory) -> Path:
    """A search-path root holding show_test_msgs (msg, srv and action files with comments)."""
    base = tmp_path_factory.mktemp('show_root')
    pkg = base / 'show_test_msgs'
    for sub, name, text in (('msg', 'Inner.msg', INNER), ('msg', 'Outer.msg', OUTER),
                            ('srv', 'Ask.srv', ASK), ('action', 'Count.action', COUNT)):
        (pkg / sub).mkdir(parents=True, exist_ok=True)
        (pkg / sub / name).write_text(text)
    return base


def ros2(*args: str, root: Optional[Path] = None, stdin: Optional[str] = None
         ) -> subprocess.CompletedProcess:
    """Run `ros2 <args>` (python -m rclx.cli.main) with `root` as the interface search path."""
    env = dict(os.environ)
    if root is not None:
        env['RCLX_INTERFACE_PATH'] = str(root)
    return subprocess.run([sys.executable, '-m', 'rclx.cli.main', *args], capture_output=True,
                          text=True, timeout=60, env=env,
                          input=stdin if stdin is not None else '')


def show(root: Path, *args: str) -> List[str]:
    result = ros2('interface', 'show', *args, root=root)
    assert result.returncode == 0, result.stderr
    assert result.stdout.endswith('\n')
    return result.stdout[:-1].split('\n')


INNER_NESTED = ['\tuint8 LIMIT=5  #', '\tuint8 value  #', '\t#', '\tstring<=8 label']
INNER_NESTED_COMMENTS = ['\t# Inner: a value and a constant', '', '\tuint8 LIMIT=5  # the largest value',
                         '\tuint8 value  # the value', '\t#', '\tstring<=8 label']
TIME_NESTED = ['\tint32 sec', '\tuint32 nanosec']


def test_show_prints_the_file_with_comments_and_expands_nested_types(root):
    assert show(root, 'show_test_msgs/msg/Outer') == [
        '# Outer holds inners', '', 'Inner inner  # the first', *INNER_NESTED,
        'show_test_msgs/Inner[<=2] more', *INNER_NESTED, 'builtin_interfaces/Time stamp', *TIME_NESTED]


def test_show_all_comments_keeps_nested_comments(root):
    assert show(root, 'show_test_msgs/msg/Outer', '--all-comments') == [
        '# Outer holds inners', '', 'Inner inner  # the first', *INNER_NESTED_COMMENTS,
        'show_test_msgs/Inner[<=2] more', *INNER_NESTED_COMMENTS,
        'builtin_interfaces/Time stamp', *TIME_NESTED]


def test_show_no_comments(root):
    assert show(root, 'show_test_msgs/msg/Outer', '--no-comments') == [
        'Inner inner  #', *INNER_NESTED, 'show_test_msgs/Inner[<=2] more', *INNER_NESTED,
        'builtin_interfaces/Time stamp', *TIME_NESTED]
    assert show(root, 'show_test_msgs/msg/Inner', '--no-comments') == [
        line[1:] for line in INNER_NESTED]


def test_show_top_level_file_is_printed_verbatim(root):
    assert show(root, 'show_test_msgs/msg/Inner') == INNER.rstrip('\n').split('\n')


def test_show_service_and_action(root):
    assert show(root, 'show_test_msgs/srv/Ask') == [
        '# the question', 'string question  # free text', '---', '# the answer',
        'Inner answer', *INNER_NESTED]
    assert show(root, 'show_test_msgs/srv/Ask', '--no-comments') == [
        'string question  #', '---', 'Inner answer', *INNER_NESTED]
    assert show(root, 'show_test_msgs/action/Count') == [
        'int32 target', '---', 'int32 reached  # final count', '---',
        'builtin_interfaces/Time stamp', *TIME_NESTED]


def test_show_shipped_test_msgs_nested_message_action():
    result = ros2('interface', 'show', 'test_msgs/action/NestedMessage')
    assert result.returncode == 0, result.stderr
    basic = ['\tbool bool_value', '\tbyte byte_value', '\tchar char_value', '\tfloat32 float32_value',
             '\tfloat64 float64_value', '\tint8 int8_value', '\tuint8 uint8_value', '\tint16 int16_value',
             '\tuint16 uint16_value', '\tint32 int32_value', '\tuint32 uint32_value',
             '\tint64 int64_value', '\tuint64 uint64_value']
    part = ['Builtins nested_field_no_pkg',
            '\tbuiltin_interfaces/Duration duration_value', '\t\tint32 sec', '\t\tuint32 nanosec',
            '\tbuiltin_interfaces/Time time_value', '\t\tint32 sec', '\t\tuint32 nanosec',
            'test_msgs/BasicTypes nested_field', *basic,
            'builtin_interfaces/Time nested_different_pkg', '\tint32 sec', '\tuint32 nanosec']
    assert result.stdout.splitlines() == [*part, '---', *part, '---', *part]


def test_show_reads_the_type_from_stdin(root):
    result = ros2('interface', 'show', '-', root=root, stdin='show_test_msgs/msg/Inner\n')
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[2] == 'uint8 LIMIT=5  # the largest value'
    result = ros2('interface', 'show', '-', root=root, stdin='\n')
    assert result.returncode == 2
    assert 'ros2 interface show: error: the passed value is empty' in result.stderr


def test_show_errors(root):
    result = ros2('interface', 'show', 'std_msgs/String')
    assert result.returncode == 1
    assert result.stderr.strip() == "Invalid name 'std_msgs/String'. Expected three parts separated by '/'"
    result = ros2('interface', 'show', 'nope_msgs/msg/Nothing')
    assert result.returncode == 1 and "Unknown package 'nope_msgs'" in result.stderr
    result = ros2('interface', 'show', 'show_test_msgs/msg/Nothing', root=root)
    assert result.returncode == 1 and 'show_test_msgs/msg/Nothing' in result.stderr
    result = ros2('interface', 'show', 'std_msgs/msg/String', '--no-comments', '--all-comments')
    assert result.returncode == 2 and 'not allowed with argument' in result.stderr


def test_show_nested_type_that_is_missing_prints_what_it_can(tmp_path):
    pkg = tmp_path / 'broken_msgs' / 'msg'
    pkg.mkdir(parents=True)
    (pkg / 'Holder.msg').write_text('int32 a\nMissing missing\nint32 b\n')
    result = ros2('interface', 'show', 'broken_msgs/msg/Holder', root=tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines() == ['int32 a', 'Missing missing']
    assert 'broken_msgs/msg/Missing' in result.stderr
