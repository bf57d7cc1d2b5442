"""Parameters in one process: rclpy.parameter.Parameter and the Node parameter API.

Every expected value, exception and reason below was checked against real rclpy Jazzy running
the same calls (tests/interop/test_parameters_interop.py repeats that comparison automatically).
"""

import array
import warnings

import pytest

import rclpy
from rclpy.executors import SingleThreadedExecutor
from rclpy.exceptions import (InvalidParameterException, InvalidParameterTypeException,
                              InvalidParameterValueException, ParameterAlreadyDeclaredException,
                              ParameterImmutableException, ParameterNotDeclaredException,
                              ParameterUninitializedException)
from rclpy.parameter import (get_parameter_value, Parameter, parameter_value_to_python,
                             PARAMETER_SEPARATOR_STRING)
from rcl_interfaces.msg import (FloatingPointRange, IntegerRange, ParameterDescriptor,
                                ParameterEvent, ParameterType, SetParametersResult)

D = ParameterDescriptor


@pytest.fixture
def context():
    from rclpy.context import Context
    ctx = Context()
    rclpy.init(context=ctx, args=['prog', '--ros-args', '-p', 'o_int:=5', '-p', 'o_str:=hello',
                                  '-p', 'wrong:=text', '-p', 'ranged:=50', '-p', 'pnode:only:=1',
                                  '-p', 'other:only:=2'])
    yield ctx
    ctx.try_shutdown()


@pytest.fixture
def node(context):
    n = rclpy.create_node('pnode', namespace='/ns', context=context)
    yield n
    n.destroy_node()


# -- rclpy.parameter ---------------------------------------------------------------------------

def test_parameter_types_follow_values():
    assert rclpy.Parameter is Parameter
    assert PARAMETER_SEPARATOR_STRING == '.'
    T = Parameter.Type
    assert T.INTEGER.value == ParameterType.PARAMETER_INTEGER and T(3) is T.DOUBLE
    assert [T.from_parameter_value(v) for v in (None, True, 1, 1.5, 's', [b'a'], [], [True],
                                                [1], array.array('d', [1.0]), ('a', 'b'))] == [
        T.NOT_SET, T.BOOL, T.INTEGER, T.DOUBLE, T.STRING, T.BYTE_ARRAY, T.BYTE_ARRAY,
        T.BOOL_ARRAY, T.INTEGER_ARRAY, T.DOUBLE_ARRAY, T.STRING_ARRAY]
    with pytest.raises(TypeError, match="not one of the allowed types '{}'"):
        Parameter('x', value={})
    with pytest.raises(TypeError, match='not a list of one of the allowed types'):
        Parameter('x', value=[1, 'a'])
    with pytest.raises(ValueError, match="Type 'Type.STRING' and value '1' do not agree"):
        Parameter('x', T.STRING, 1)
    with pytest.raises(TypeError):
        Parameter('x', 4, 'value')
    assert T.BYTE_ARRAY.check([b'a']) and not T.BYTE_ARRAY.check([b'ab'])
    assert T.INTEGER_ARRAY.check(array.array('q', [1])) and not T.BOOL_ARRAY.check([1])


@pytest.mark.parametrize('value', [True, -3, 2.5, 'text', [b'\x00', b'\xff'], [True, False],
                                   [1, -2], [0.5, 1.5], ['a', 'b'], None])
def test_parameter_message_round_trip(value):
    param = Parameter('p', value=value)
    msg = param.to_parameter_msg()
    assert msg.name == 'p' and msg.value.type == param.type_.value
    back = Parameter.from_parameter_msg(msg)
    assert back.type_ == param.type_
    assert parameter_value_to_python(msg.value) == value
    assert (list(back.value) if isinstance(value, list) else back.value) == value


def test_get_parameter_value_guesses_the_type_as_yaml():
    texts = ('1', '1.5', 'true', '[1, 2]', '[1, a]', "'x'", 'x', '[]', '', '[true, false]',
             '[1.0, 2]', "['a', 'b']")
    assert [get_parameter_value(t).type for t in texts] == [2, 3, 1, 7, 4, 4, 4, 6, 4, 6, 4, 9]
    assert get_parameter_value('[1, a]').string_value == '[1, a]'
    assert get_parameter_value("'x'").string_value == 'x'
    assert list(get_parameter_value('[0.5, 1.5]').double_array_value) == [0.5, 1.5]
    with pytest.raises(RuntimeError, match='unexpected parameter type 42'):
        parameter_value_to_python(type('V', (), {'type': 42})())


# -- declaring -------------------------------------------------------------------------------------

def test_declare_takes_overrides_and_rejects_what_rclpy_rejects(node):
    assert node.declare_parameter('i', 1).value == 1
    assert node.declare_parameter('o_int', 1).value == 5
    assert node.declare_parameter('o_str', 'x', ignore_override=True).value == 'x'
    # `pnode:only:=1` names the node /pnode, not /ns/pnode (rcl matches the fully qualified name).
    assert node.declare_parameter('only', 0).value == 0
    with pytest.raises(ParameterAlreadyDeclaredException, match=r"already declared: \['i'\]"):
        node.declare_parameter('i', 2)
    with pytest.raises(InvalidParameterTypeException,
                       match="'wrong' to 'text' of type 'STRING', expecting type 'INTEGER'"):
        node.declare_parameter('wrong', 3)
    with pytest.raises(InvalidParameterValueException,
                       match='Parameter ranged out of range. Min: 0, Max: 10, value: 50'):
        node.declare_parameter('ranged', 1, D(integer_range=[IntegerRange(from_value=0, to_value=10)]))
    assert not node.has_parameter('ranged') and not node.has_parameter('wrong')
    with pytest.raises(ValueError, match='statically typed of type NOT_SET'):
        node.declare_parameter('n', Parameter.Type.NOT_SET)
    with pytest.raises(ValueError, match='`dynamic_typing=True` is not allowed'):
        node.declare_parameter('n', Parameter.Type.INTEGER, D(dynamic_typing=True))
    with pytest.raises(InvalidParameterException):
        node.declare_parameter('', 2)
    with pytest.warns(UserWarning, match='only providing its name is deprecated'):
        assert node.declare_parameter('bare').type_ == Parameter.Type.NOT_SET
    assert node.describe_parameter('bare').dynamic_typing
    assert node.has_parameter('use_sim_time') and node.get_parameter('use_sim_time').value is False


def test_declare_parameters_with_namespace_and_bad_tuples(node):
    declared = node.declare_parameters('arm', [('a.x', 1.0), ('a.y', 2.0),
                                               ('b', 'z', D(description='bee'))])
    assert [(p.name, p.value) for p in declared] == [('arm.a.x', 1.0), ('arm.a.y', 2.0), ('arm.b', 'z')]
    assert node.describe_parameter('arm.b').description == 'bee'
    assert node.describe_parameter('arm.b').name == 'arm.b'
    assert node.describe_parameter('arm.b').type == ParameterType.PARAMETER_STRING
    with pytest.raises(TypeError, match='Invalid parameter tuple length at index 0'):
        node.declare_parameters('', [()])
    with pytest.raises(TypeError, match='First element 1 at index 0 in parameters list is not a str'):
        node.declare_parameters('', [(1, 2)])
    with pytest.raises(TypeError, match='Third element desc at index 0 .* not a ParameterDescriptor'):
        node.declare_parameters('', [('q', 2, 'desc')])
    with pytest.raises(ParameterAlreadyDeclaredException):
        node.declare_parameters('', [('fresh', 1), ('arm.b', 'again')])
    assert not node.has_parameter('fresh')  # nothing of a rejected batch is declared
    assert sorted((k, v.value) for k, v in node.get_parameters_by_prefix('arm').items()) == [
        ('a.x', 1.0), ('a.y', 2.0), ('b', 'z')]
    assert set(node.get_parameters_by_prefix('')) == set(node._parameters)


def test_statically_typed_uninitialized_parameter(node):
    assert node.declare_parameter('typed', Parameter.Type.DOUBLE).type_ == Parameter.Type.NOT_SET
    with pytest.raises(ParameterUninitializedException, match="'typed' is not initialized"):
        node.get_parameter('typed')
    assert node.get_parameter_or('typed', Parameter('typed', value=2.5)).value == 2.5
    result = node.set_parameters([Parameter('typed', value=1)])[0]
    assert not result.successful
    assert result.reason == "Wrong parameter type, expected 'Type.DOUBLE' got 'Type.INTEGER'"
    assert node.set_parameters([Parameter('typed', value=1.5)])[0].successful
    assert node.get_parameter('typed').value == 1.5
    result = node.set_parameters([Parameter('typed')])[0]
    assert (result.successful, result.reason) == (False, 'Static parameter cannot be undeclared')


# -- setting ---------------------------------------------------------------------------------------

def test_read_only_and_dynamic_parameters(node):
    node.declare_parameter('ro', 'v', D(read_only=True))
    result = node.set_parameters([Parameter('ro', value='w')])[0]
    assert (result.successful, result.reason) == (False, 'Trying to set a read-only parameter: ro.')
    with pytest.raises(ParameterImmutableException, match='read-only parameter: ro'):
        node.undeclare_parameter('ro')
    assert node.get_parameter('ro').value == 'v'
    node.declare_parameter('dyn', 1, D(dynamic_typing=True))
    assert node.set_parameters([Parameter('dyn', value='s')])[0].successful
    assert node.get_parameter('dyn').value == 's'
    assert node.set_parameters([Parameter('dyn')])[0].successful  # NOT_SET undeclares it
    assert not node.has_parameter('dyn')


def test_ranges_and_steps(node):
    fr = FloatingPointRange(from_value=0.0, to_value=1.0, step=0.25)
    node.declare_parameter('f', 0.5, D(floating_point_range=[fr]))
    reasons = [r.reason for r in node.set_parameters(
        [Parameter('f', value=0.3), Parameter('f', value=1.5), Parameter('f', value=1.0)])]
    assert reasons == [
        'The parameter value for f is not close enough to a valid step. '
        'Min: 0.0, max: 1.0, value: 0.3, step: 0.25',
        'Parameter f out of range Min: 0.0, Max: 1.0, value: 1.5', '']
    node.declare_parameter('ir', 4, D(integer_range=[IntegerRange(from_value=10, to_value=0, step=2)]))
    reasons = [r.reason for r in node.set_parameters(
        [Parameter('ir', value=11), Parameter('ir', value=5), Parameter('ir', value=10)])]
    assert reasons == ['Parameter ir out of range. Min: 0, Max: 10, value: 11',
                       'The parameter value for ir is not a valid step. Min: 0, max: 10, value: 5, step: 2',
                       '']
    assert node.get_parameter('ir').value == 10 and node.get_parameter('f').value == 1.0


def test_set_parameters_atomically_is_all_or_nothing(node):
    node.declare_parameter('i', 1)
    node.declare_parameter('ir', 4, D(integer_range=[IntegerRange(from_value=0, to_value=10, step=2)]))
    result = node.set_parameters_atomically([Parameter('i', value=7), Parameter('ir', value=3)])
    assert not result.successful and 'not a valid step' in result.reason
    assert node.get_parameter('i').value == 1
    assert node.set_parameters_atomically([Parameter('i', value=7), Parameter('ir', value=6)]).successful
    assert [p.value for p in node.get_parameters(['i', 'ir'])] == [7, 6]
    with pytest.raises(ParameterNotDeclaredException, match=r"\['nope'\]"):
        node.set_parameters_atomically([Parameter('i', value=8), Parameter('nope', value=1)])
    assert node.get_parameter('i').value == 7
    with pytest.raises(TypeError, match='parameter must be instance of type'):
        node.set_parameters([42])


def test_undeclared_names(node):
    for call in (lambda: node.get_parameter('nope'), lambda: node.undeclare_parameter('nope'),
                 lambda: node.describe_parameters(['nope']), lambda: node.get_parameter_types(['nope']),
                 lambda: node.set_parameters([Parameter('nope', value=1)])):
        with pytest.raises(ParameterNotDeclaredException):
            call()
    assert node.get_parameter_or('nope').type_ == Parameter.Type.NOT_SET
    with pytest.raises(TypeError):
        node.get_parameters([1])


def test_describe_types_and_list(node):
    node.declare_parameter('i', 1)
    node.declare_parameter('typed', Parameter.Type.DOUBLE)
    node.declare_parameters('arm', [('a.x', 1.0), ('a.y', 2.0), ('b', 'z')])
    assert node.get_parameter_types(['i', 'typed', 'arm.b']) == [2, 0, 4]
    descriptor = node.describe_parameter('i')
    assert (descriptor.name, descriptor.type, descriptor.read_only) == ('i', 2, False)
    everything = node.list_parameters([], 0)
    assert everything.names == ['use_sim_time', 'start_type_description_service', 'i', 'typed',
                                'arm.a.x', 'arm.a.y', 'arm.b']
    assert everything.prefixes == ['arm.a', 'arm']
    assert node.list_parameters([], 1).names == ['use_sim_time', 'start_type_description_service', 'i',
                                                 'typed']
    assert node.list_parameters([], 1).prefixes == []
    one = node.list_parameters(['arm'], 1)
    assert (one.names, one.prefixes) == (['arm.b'], ['arm'])
    assert node.list_parameters(['arm'], 2).names == ['arm.a.x', 'arm.a.y', 'arm.b']
    assert node.list_parameters(['arm.a', 'i'], 0).names == ['i', 'arm.a.x', 'arm.a.y']
    with pytest.raises(ValueError, match='greater than or equal to zero'):
        node.list_parameters([], -1)
    with pytest.raises(TypeError, match='prefixes argument must be a list'):
        node.list_parameters('arm', 1)


def test_set_descriptor(node):
    node.declare_parameter('i', 7, D(dynamic_typing=True))
    narrow = D(dynamic_typing=True, integer_range=[IntegerRange(from_value=0, to_value=5)])
    with pytest.raises(InvalidParameterValueException, match='out of range'):
        node.set_descriptor('i', narrow)
    value = node.set_descriptor('i', narrow, Parameter('i', value=3).get_parameter_value())
    assert value.integer_value == 3 and node.get_parameter('i').value == 3
    assert node.describe_parameter('i').integer_range[0].to_value == 5
    node.declare_parameter('ro', 1, D(read_only=True))
    with pytest.raises(ParameterImmutableException):
        node.set_descriptor('ro', D())
    with pytest.raises(ParameterNotDeclaredException):
        node.set_descriptor('nope', D())


def test_pre_on_post_callbacks_in_rclpy_order(node):
    node.declare_parameter('i', 1)
    node.declare_parameter('ir', 1)
    node.declare_parameter('b', 'x')
    calls = []

    def pre(params):
        calls.append(('pre', [p.name for p in params]))
        return params + [Parameter('b', value='pre')] if params[0].name == 'i' else params

    def on(params):
        calls.append(('on', [p.name for p in params]))
        return SetParametersResult(successful=all(p.name != 'ir' for p in params), reason='no ir')

    def post(params):
        calls.append(('post', [p.name for p in params]))

    node.add_pre_set_parameters_callback(pre)
    node.add_on_set_parameters_callback(on)
    node.add_post_set_parameters_callback(post)
    results = node.set_parameters([Parameter('i', value=2), Parameter('ir', value=2)])
    assert [(r.successful, r.reason) for r in results] == [(True, ''), (False, 'no ir')]
    assert calls == [('pre', ['i']), ('on', ['i', 'b']), ('post', ['i', 'b']),
                     ('pre', ['ir']), ('on', ['ir'])]
    assert node.get_parameter('b').value == 'pre' and node.get_parameter('ir').value == 1
    calls.clear()
    node.declare_parameter('new', True)  # declaring runs on-set and post-set, not pre-set
    assert calls == [('on', ['new']), ('post', ['new'])]
    node.remove_pre_set_parameters_callback(pre)
    node.remove_on_set_parameters_callback(on)
    node.remove_post_set_parameters_callback(post)
    with pytest.raises(ValueError):
        node.remove_on_set_parameters_callback(on)
    node.add_pre_set_parameters_callback(lambda params: [])
    result = node.set_parameters([Parameter('i', value=3)])[0]
    assert not result.successful and result.reason.startswith('parameter list cannot be empty')


def test_an_on_set_callback_returning_junk_rejects_with_a_warning(node):
    node.declare_parameter('i', 1)
    node.add_on_set_parameters_callback(lambda params: None)
    with pytest.warns(UserWarning, match='Callback returned an invalid type'):
        result = node.set_parameters([Parameter('i', value=2)])[0]
    assert (result.successful, result.reason) == (False, 'Callback returned an invalid type')
    with pytest.raises(TypeError, match='Callback must be callable'):
        node.add_on_set_parameters_callback(42)


def test_undeclared_allowed_and_automatic_declaration(context):
    node = rclpy.create_node('u', context=context, allow_undeclared_parameters=True,
                             automatically_declare_parameters_from_overrides=True,
                             parameter_overrides=[Parameter('given', value=[1, 2])])
    try:
        assert sorted(node.list_parameters([], 0).names) == [
            'given', 'o_int', 'o_str', 'ranged', 'start_type_description_service', 'use_sim_time',
            'wrong']
        assert node.get_parameter('wrong').value == 'text'
        assert list(node.get_parameter('given').value) == [1, 2]
        assert node.get_parameter('zzz').type_ == Parameter.Type.NOT_SET
        assert node.set_parameters([Parameter('zzz', value=[1.0, 2.0])])[0].successful
        assert node.describe_parameter('zzz').dynamic_typing
        assert node.describe_parameter('qqq') == ParameterDescriptor()
        assert node.get_parameter_types(['zzz', 'qqq']) == [8, Parameter.Type.NOT_SET]
    finally:
        node.destroy_node()


def test_events_for_declare_set_and_undeclare_in_process(node):
    events = []
    node.create_subscription(ParameterEvent, '/parameter_events', events.append, 1000)
    assert node.count_subscribers('/parameter_events') >= 1
    node.declare_parameter('e', 1)
    node.set_parameters([Parameter('e', value=2)])
    node.undeclare_parameter('e')
    executor = SingleThreadedExecutor(context=node.context)
    executor.add_node(node)
    for _ in range(200):
        if len([e for e in events if e.node == '/ns/pnode']) >= 3:
            break
        executor.spin_once(timeout_sec=0.1)
    executor.shutdown()
    mine = [e for e in events if e.node == '/ns/pnode']
    assert [(len(e.new_parameters), len(e.changed_parameters), len(e.deleted_parameters))
            for e in mine[:3]] == [(1, 0, 0), (0, 1, 0), (0, 0, 1)]
    assert mine[1].changed_parameters[0].value.integer_value == 2
    assert mine[0].stamp.sec > 0 and mine[0].new_parameters[0].name == 'e'
