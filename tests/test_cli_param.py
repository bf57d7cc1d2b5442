"""`ros2 param` against live rclx nodes in peer processes, checked against ros2param Jazzy's output and exit codes."""

import ast
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, List

import yaml

NS = '/cli_ns'

# A node declaring a parameter of every type, a read-only one, ranged ones and a dynamically typed one.
# Its name is its first argument. Started with `--ros-args --params-file F` it prints its values and ends.
PARAM_PEER = '''
import sys
import rclpy
from rcl_interfaces.msg import FloatingPointRange, IntegerRange, ParameterDescriptor
name = sys.argv[1]
from_file = '--params-file' in sys.argv
rclpy.init()
node = rclpy.create_node(name, namespace='{ns}')
node.declare_parameter('bool_param', True)
node.declare_parameter('int_param', 42)
node.declare_parameter('double_param', 3.5)
node.declare_parameter('str_param', 'hello world')
node.declare_parameter('bool_array', [True, False])
node.declare_parameter('int_array', [1, 2, 3])
node.declare_parameter('double_array', [1.5, -2.25])
node.declare_parameter('str_array', ['a', 'b c'])
node.declare_parameter('nested.child', 'leaf')
node.declare_parameter('read_only', 7, ParameterDescriptor(read_only=True, description='Set once'))
node.declare_parameter('ranged', 5, ParameterDescriptor(
    integer_range=[IntegerRange(from_value=0, to_value=10, step=1)]))
node.declare_parameter('ranged_double', 0.25, ParameterDescriptor(
    floating_point_range=[FloatingPointRange(from_value=0.0, to_value=1.0, step=0.0)]))
node.declare_parameter('dynamic', 'x', ParameterDescriptor(dynamic_typing=True))
if not from_file:
    node.declare_parameter('bytes_param', [b'\\x01', b'\\xff'])
    print('ready', flush=True)
    rclpy.spin(node)
else:
    values = {{n: node.get_parameter(n).value for n in node.list_parameters([], 0).names}}
    print(repr({{n: list(v) if isinstance(v, (list, tuple)) or hasattr(v, 'tolist') else v
                for n, v in values.items()}}), flush=True)
'''.format(ns=NS)

ALL_NAMES = ['bool_array', 'bool_param', 'bytes_param', 'double_array', 'double_param', 'dynamic',
             'int_array', 'int_param', 'nested.child', 'ranged', 'ranged_double', 'read_only',
             'start_type_description_service', 'str_array', 'str_param', 'use_sim_time']


def ros2(*args: str, timeout: float = 60.0) -> subprocess.CompletedProcess:
    """Run `ros2 <args>` as `python -m rclx.cli.main` in this test's ROS domain."""
    return subprocess.run([sys.executable, '-m', 'rclx.cli.main', *args], capture_output=True,
                          text=True, timeout=timeout, env=dict(os.environ))


def param(verb: str, *args: str) -> subprocess.CompletedProcess:
    """`ros2 param <verb> <args>`, waiting up to 20 s for the node to be discovered (only matters on failure)."""
    wait = ('--spin-time', '20') if verb == 'list' else ('--timeout', '20')
    return ros2('param', verb, *args, *wait)


def lines(result: subprocess.CompletedProcess) -> List[str]:
    return result.stdout.splitlines()


def no_traceback(result: subprocess.CompletedProcess) -> bool:
    return 'Traceback' not in result.stderr and 'Traceback' not in result.stdout


def start_peer(peer: Any, tmp_path: Path, name: str, params_file: str = '') -> Any:
    """A PARAM_PEER called `name` (each test its own name, so no lingering node of another test answers)."""
    script = tmp_path / f'{name}.py'
    script.write_text(PARAM_PEER)
    argv = [name] + (['--ros-args', '--params-file', params_file] if params_file else [])
    return peer(f'import sys\nsys.argv[1:] = {argv!r}\nexec(open({str(script)!r}).read())\n')


def test_param_help():
    result = ros2('param', '--help')
    assert result.returncode == 0
    for verb in ('delete', 'describe', 'dump', 'get', 'list', 'load', 'set'):
        assert verb in result.stdout
    dump_help = ros2('param', 'dump', '--help').stdout
    assert '--timeout N' in dump_help and '--output-dir' not in dump_help  # removed before Jazzy
    assert ros2('param', 'dump', '/x', '--output-dir', '.').returncode == 2
    list_help = ros2('param', 'list', '--help').stdout
    for option in ('--filter', '--param-prefixes', '--param-type', '--include-hidden-nodes'):
        assert option in list_help
    assert '--no-use-wildcard' in ros2('param', 'load', '--help').stdout
    result = ros2('param', 'load', 'some_node')
    assert result.returncode == 2 and 'the following arguments are required: parameter_file' in result.stderr


def test_param_list(peer, tmp_path):
    proc = start_peer(peer, tmp_path, 'list_peer')
    proc.expect_line('ready')
    node = f'{NS}/list_peer'
    result = param('list', node)
    assert result.returncode == 0, result.stderr
    assert lines(result) == [f'  {n}' for n in ALL_NAMES]

    typed = lines(param('list', node, '--param-type'))
    assert '  bool_array (type: boolean array)' in typed and '  bytes_param (type: byte array)' in typed
    assert '  int_param (type: integer)' in typed and '  str_array (type: string array)' in typed
    assert '  double_array (type: double array)' in typed and '  ranged_double (type: double)' in typed

    # --param-prefixes asks the node; --filter matches the names from their start.
    assert lines(param('list', node, '--param-prefixes', 'nested', 'int_param')) == ['  int_param', '  nested.child']
    assert lines(param('list', node, '--filter', 'str_.*')) == ['  str_array', '  str_param']

    # No node given: every node, its full name as a header (the CLI's own hidden node is not listed).
    everything = lines(ros2('param', 'list', '--spin-time', '2'))
    assert f'{node}:' in everything
    start = everything.index(f'{node}:')
    assert everything[start + 1:start + 1 + len(ALL_NAMES)] == [f'  {n}' for n in ALL_NAMES]
    assert not any(entry.startswith('/_ros2cli') for entry in everything)


def test_param_get_every_type(peer, tmp_path):
    proc = start_peer(peer, tmp_path, 'get_peer')
    proc.expect_line('ready')
    node = f'{NS}/get_peer'
    expected = {
        'bool_param': 'Boolean value is: True',
        'int_param': 'Integer value is: 42',
        'double_param': 'Double value is: 3.5',
        'str_param': 'String value is: hello world',
        'bytes_param': "Byte values are: [b'\\x01', b'\\xff']",
        'bool_array': 'Boolean values are: [True, False]',
        'int_array': 'Integer values are: [1, 2, 3]',
        'double_array': 'Double values are: [1.5, -2.25]',
        'str_array': "String values are: ['a', 'b c']",
        'nested.child': 'String value is: leaf',
    }
    for name, line in expected.items():
        result = param('get', node, name)
        assert (result.returncode, lines(result)) == (0, [line]), result.stderr
    hidden = param('get', node.lstrip('/'), 'str_param', '--hide-type')  # relative names get a leading '/'
    assert (hidden.returncode, lines(hidden)) == (0, ['hello world'])
    assert lines(param('get', node, 'int_array', '--hide-type')) == ['[1, 2, 3]']


def test_param_set_describe_delete(peer, tmp_path):
    proc = start_peer(peer, tmp_path, 'set_peer')
    proc.expect_line('ready')
    node = f'{NS}/set_peer'

    result = param('set', node, 'int_param', '7')
    assert (result.returncode, lines(result)) == (0, ['Set parameter successful'])
    assert lines(param('get', node, 'int_param')) == ['Integer value is: 7']
    assert lines(param('set', node, 'double_array', '[0.5, 1.0]')) == ['Set parameter successful']
    assert lines(param('get', node, 'double_array')) == ['Double values are: [0.5, 1.0]']
    assert lines(param('set', node, 'str_param', 'two words')) == ['Set parameter successful']
    assert lines(param('get', node, 'str_param')) == ['String value is: two words']
    # YAML typing: a dynamically typed parameter takes whatever the text reads as.
    assert lines(param('set', node, 'dynamic', 'true')) == ['Set parameter successful']
    assert lines(param('get', node, 'dynamic')) == ['Boolean value is: True']

    # Refusals are printed on stderr with the node's reason; ros2param still exits 0.
    wrong_type = param('set', node, 'int_param', 'hello')
    assert wrong_type.returncode == 0 and wrong_type.stdout == ''
    assert wrong_type.stderr.startswith('Setting parameter failed: Wrong parameter type')
    read_only = param('set', node, 'read_only', '1')
    assert read_only.returncode == 0
    assert read_only.stderr.strip() == 'Setting parameter failed: Trying to set a read-only parameter: read_only.'
    out_of_range = param('set', node, 'ranged', '11')
    assert out_of_range.returncode == 0 and out_of_range.stderr.startswith('Setting parameter failed: ')
    assert lines(param('get', node, 'ranged')) == ['Integer value is: 5']

    described = param('describe', node, 'read_only', 'ranged', 'ranged_double', 'int_param')
    assert described.returncode == 0, described.stderr
    assert lines(described) == [
        'Parameter name: read_only', '  Type: integer', '  Description: Set once', '  Constraints:',
        '    Read only: true',
        'Parameter name: ranged', '  Type: integer', '  Constraints:', '    Min value: 0',
        '    Max value: 10', '    Step: 1',
        'Parameter name: ranged_double', '  Type: double', '  Constraints:', '    Min value: 0.0',
        '    Max value: 1.0',
        'Parameter name: int_param', '  Type: integer', '  Constraints:',
    ]

    deleted = param('delete', node, 'dynamic')
    assert (deleted.returncode, lines(deleted)) == (0, ['Deleted parameter successfully'])
    gone = param('get', node, 'dynamic')
    assert (gone.returncode, gone.stderr.strip()) == (1, 'Parameter not set')
    refused = param('delete', node, 'read_only')
    assert refused.returncode == 0 and refused.stderr.startswith('Deleting parameter failed: ')


def test_param_bad_input(peer, tmp_path):
    proc = start_peer(peer, tmp_path, 'bad_peer')
    proc.expect_line('ready')
    node = f'{NS}/bad_peer'
    for args in (('get', '/no_such_node', 'x'), ('set', '/no_such_node', 'x', '1'),
                 ('describe', '/no_such_node', 'x'), ('delete', '/no_such_node', 'x'),
                 ('dump', '/no_such_node'), ('load', '/no_such_node', 'missing.yaml'),
                 ('list', '/no_such_node')):
        no_wait = ('--spin-time', '0') + (('--timeout', '0') if args[0] != 'list' else ())
        result = ros2('param', *args, *no_wait)
        assert (result.returncode, result.stderr.strip()) == (1, 'Node not found'), args
    result = ros2('param', 'get', '/no_such_node', 'x')  # after the default --spin-time and --timeout
    assert (result.returncode, result.stderr.strip()) == (1, 'Node not found')

    unknown = param('get', node, 'no_such_param')
    assert (unknown.returncode, unknown.stdout, unknown.stderr.strip()) == (1, '', 'Parameter not set')
    # An unknown parameter has no descriptor: describe prints nothing, like rclpy's empty answer.
    assert (param('describe', node, 'no_such_param').returncode, lines(param('describe', node, 'no_such_param'))) \
        == (0, [])

    # Text that is no YAML (or a mapping) is a string value, so the integer parameter refuses it.
    for text in ('"unterminated', '{a: 1}', '[1, 2.5]'):
        result = param('set', node, 'int_param', text)
        assert result.returncode == 0 and no_traceback(result), text
        assert result.stderr.startswith('Setting parameter failed: Wrong parameter type'), (text, result.stderr)
    assert lines(param('set', node, 'str_param', '{a: 1}')) == ['Set parameter successful']
    assert lines(param('get', node, 'str_param')) == ['String value is: {a: 1}']
    too_big = param('set', node, 'int_param', '99999999999999999999')
    assert too_big.returncode == 1 and no_traceback(too_big)
    assert too_big.stderr.startswith("Invalid parameter value '99999999999999999999'")

    missing = param('load', node, str(tmp_path / 'missing.yaml'))
    assert missing.returncode == 1 and 'No such file or directory' in missing.stderr and no_traceback(missing)
    not_yaml = tmp_path / 'not_yaml.yaml'
    not_yaml.write_text('foo: [1\n')
    result = param('load', node, str(not_yaml))
    assert result.returncode == 1 and no_traceback(result) and result.stderr.strip()
    wildcard_only = tmp_path / 'wildcard.yaml'
    wildcard_only.write_text('/**:\n  ros__parameters:\n    int_param: 5\n')
    result = param('load', node, str(wildcard_only), '--no-use-wildcard')
    assert (result.returncode, result.stderr.strip()) == (1, 'Param file does not contain selected parameters')


def test_param_dump_and_load(peer, tmp_path):
    proc = start_peer(peer, tmp_path, 'dump_peer')
    proc.expect_line('ready')
    node = f'{NS}/dump_peer'
    assert lines(param('set', node, 'int_param', '-3')) == ['Set parameter successful']
    assert lines(param('set', node, 'str_array', '[left, right]')) == ['Set parameter successful']

    result = param('dump', node)
    assert result.returncode == 0, result.stderr
    assert result.stdout.endswith('\n\n')  # print() of yaml.dump's text, as ros2param
    assert result.stdout.startswith(f'{node}:\n  ros__parameters:\n    bool_array:\n    - true\n    - false\n')
    assert '    nested:\n      child: leaf\n' in result.stdout
    dumped = yaml.safe_load(result.stdout)[node]['ros__parameters']
    assert dumped['int_param'] == -3 and dumped['str_array'] == ['left', 'right']
    assert dumped['double_array'] == [1.5, -2.25] and dumped['read_only'] == 7
    assert dumped['bytes_param'] == [b'\x01', b'\xff']


    # `load` sets each parameter of the file and says so, line by line, failures on stderr.
    load_file = tmp_path / 'load.yaml'
    load_file.write_text(f'/**:\n  ros__parameters:\n    double_param: 9.5\n'
                         f'{node}:\n  ros__parameters:\n    int_param: 11\n    nested:\n      child: loaded\n'
                         f'    read_only: 1\n')
    loaded = param('load', node, str(load_file))
    assert loaded.returncode == 0, loaded.stderr
    assert sorted(lines(loaded)) == ['Set parameter double_param successful', 'Set parameter int_param successful',
                                     'Set parameter nested.child successful']
    assert loaded.stderr.strip() == 'Set parameter read_only failed: Trying to set a read-only parameter: read_only.'
    assert lines(param('get', node, 'nested.child')) == ['String value is: loaded']
    assert lines(param('get', node, 'double_param')) == ['Double value is: 9.5']

    no_wildcard = param('load', node, str(load_file), '--no-use-wildcard')
    assert 'Set parameter double_param successful' not in lines(no_wildcard)
    assert 'Set parameter int_param successful' in lines(no_wildcard)


def test_param_dump_loads_as_params_file(peer, tmp_path):
    proc = start_peer(peer, tmp_path, 'file_peer')
    proc.expect_line('ready')
    node = f'{NS}/file_peer'
    assert lines(param('set', node, 'int_param', '-3')) == ['Set parameter successful']
    assert lines(param('set', node, 'str_array', '[left, right]')) == ['Set parameter successful']
    assert lines(param('set', node, 'ranged_double', '1.0')) == ['Set parameter successful']
    result = param('dump', node)
    assert result.returncode == 0, result.stderr

    # The dump, as printed (only the node's name changed), is the --params-file of a fresh node; that
    # node does not declare the byte array (rcl's params files have no byte arrays).
    params_file = tmp_path / 'dump.yaml'
    params_file.write_text(result.stdout.replace(f'{node}:', f'{NS}/file_copy:', 1))
    fresh = start_peer(peer, tmp_path, 'file_copy', str(params_file))
    values = ast.literal_eval(fresh.wait().strip())
    assert values['int_param'] == -3 and values['str_array'] == ['left', 'right']
    assert values['double_array'] == [1.5, -2.25] and values['nested.child'] == 'leaf'
    assert values['bool_array'] == [True, False] and values['read_only'] == 7
    assert values['ranged_double'] == 1.0 and values['str_param'] == 'hello world'


QUIET_PEER = '''
import rclpy
from rclpy.node import Node
rclpy.init()
node = Node('quiet_peer', namespace='{ns}', start_parameter_services=False)
print('ready', flush=True)
rclpy.spin(node)
'''.format(ns=NS)


def test_param_node_without_parameter_services(peer):
    proc = peer(QUIET_PEER)
    proc.expect_line('ready')
    node = f'{NS}/quiet_peer'
    # Each verb waits 5 s for the services, so the three run side by side.
    verbs = {'get': ('get', node, 'x', '--timeout', '20'), 'list': ('list', node, '--spin-time', '20'),
             'dump': ('dump', node, '--timeout', '20')}
    running = {verb: subprocess.Popen([sys.executable, '-m', 'rclx.cli.main', 'param', *args], text=True,
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=dict(os.environ))
               for verb, args in verbs.items()}
    results = {}
    try:
        for verb, popen in running.items():
            out, err = popen.communicate(timeout=60)
            results[verb] = (popen.returncode, out, err.strip())
    finally:
        for popen in running.values():
            if popen.poll() is None:
                popen.kill()
                popen.communicate()
    assert results['get'] == (1, '', 'Could not reach parameter services')
    timed_out = f'Wait for service timed out waiting for parameter services for node {node}'
    assert results['list'] == (0, '', timed_out)
    assert results['dump'] == (0, '', timed_out)
