# Message, service and action classes built at run time by rclx.interfaces, checked against the
# behaviour of rosidl_generator_py's generated classes (rclpy), plus the loader and stub writer.
import array
import ast
import copy
import importlib
import importlib.util
import math
import os
import pickle
import subprocess
import sys
import textwrap
import threading

import numpy
import pytest

import rclx.interfaces as ri
from rclx import _core
from rosidl_parser.definition import (Array, BasicType, BoundedString,
                                      NamespacedType, UnboundedSequence, UnboundedString,
                                      UnboundedWString)

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TEST_FILES = os.path.join(REPO, 'interfaces', 'test_msgs')  # Jazzy's test_msgs, shipped

if importlib.util.find_spec('std_msgs') is None:  # not installed: use the source tree
    ri.add_search_path(os.path.join(REPO, 'interfaces'))

from geometry_msgs.msg import Point, Pose, PoseWithCovariance, Quaternion  # noqa: E402
from sensor_msgs.msg import CameraInfo, Image, JointState, PointCloud2, PointField  # noqa: E402
from std_msgs.msg import Header, String, UInt8MultiArray  # noqa: E402

def _roundtrip(msg):
    return _core.deserialize(_core.serialize(msg), type(msg))


def _run(code, tmp_path, env=None, flags=()):
    full_env = dict(os.environ)
    full_env.pop('RCLX_INTERFACE_PATH', None)
    full_env.pop('AMENT_PREFIX_PATH', None)
    full_env.update(env or {})
    proc = subprocess.run([sys.executable, *flags, '-c', textwrap.dedent(code)], cwd=tmp_path,
                          env=full_env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def _write(root, rel, text):
    path = os.path.join(root, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'w') as f:
        f.write(textwrap.dedent(text))
    return path


# --- class shape -----------------------------------------------------------------------------

def test_class_shape_like_generated_code():
    assert String.__name__ == String.__qualname__ == 'String'
    assert String.__module__ == 'std_msgs.msg._string'
    assert UInt8MultiArray.__module__ == 'std_msgs.msg._u_int8_multi_array'
    assert PointCloud2.__module__ == 'sensor_msgs.msg._point_cloud2'
    assert type(String).__name__ == 'Metaclass_String'
    assert String.__slots__ == ['_data']
    assert String._fields_and_field_types == {'data': 'string'}
    assert String.SLOT_TYPES == (UnboundedString(),)
    assert type(String)._TYPE_SUPPORT is not None
    String.__class__.__import_type_support__()  # a no-op, as rclpy calls it
    msg = String()
    with pytest.raises(AttributeError):
        msg.not_a_field = 1
    assert not hasattr(msg, '__dict__')


def test_get_fields_and_field_types_returns_a_copy():
    fields = Pose.get_fields_and_field_types()
    assert fields == {'position': 'geometry_msgs/Point', 'orientation': 'geometry_msgs/Quaternion'}
    fields['x'] = 'int32'
    assert 'x' not in Pose.get_fields_and_field_types()


def test_slot_types():
    assert Pose.SLOT_TYPES == (NamespacedType(['geometry_msgs', 'msg'], 'Point'),
                               NamespacedType(['geometry_msgs', 'msg'], 'Quaternion'))
    assert PoseWithCovariance.SLOT_TYPES[1] == Array(BasicType('double'), 36)
    assert JointState.SLOT_TYPES[1] == UnboundedSequence(UnboundedString())
    assert Image.SLOT_TYPES[-1] == UnboundedSequence(BasicType('uint8'))


def test_constructor_keywords_and_invalid_arguments():
    assert String(data='hi').data == 'hi'
    with pytest.raises(AssertionError, match='^Invalid arguments passed to constructor: bar, foo$'):
        String(foo=1, bar=2, data='x')
    assert String(data='x', check_fields=True).data == 'x'  # Jazzy's switch is accepted


def test_nested_defaults_are_fresh_instances():
    a, b = Pose(), Pose()
    assert a.orientation.w == 1.0  # default from the .msg file
    a.position.x = 5.0
    assert b.position.x == 0.0


# --- scalar fields ---------------------------------------------------------------------------

def test_basic_types_value_types():
    from test_msgs.msg import BasicTypes
    msg = BasicTypes()
    assert msg.bool_value is False
    assert msg.byte_value == b'\x00'
    assert msg.char_value == 0 and type(msg.char_value) is int  # char is uint8 in ROS 2 IDL
    assert type(msg.float32_value) is float and type(msg.float64_value) is float
    for name in ('int8', 'uint8', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'uint64'):
        assert type(getattr(msg, name + '_value')) is int
    assert BasicTypes.get_fields_and_field_types()['char_value'] == 'uint8'
    assert BasicTypes.get_fields_and_field_types()['byte_value'] == 'octet'
    assert BasicTypes.get_fields_and_field_types()['bool_value'] == 'boolean'
    assert BasicTypes.get_fields_and_field_types()['float32_value'] == 'float'
    assert BasicTypes.SLOT_TYPES[1] == BasicType('octet')


@pytest.mark.parametrize('field, value, message', [
    ('bool_value', 1, "The 'bool_value' field must be of type 'bool'"),
    ('byte_value', b'ab', "The 'byte_value' field must be of type 'bytes' or 'ByteString' "
                          'with length 1'),
    ('byte_value', 1, "The 'byte_value' field must be of type 'bytes' or 'ByteString' "
                      'with length 1'),
    ('char_value', 'a', "The 'char_value' field must be of type 'int'"),
    ('char_value', 256, "The 'char_value' field must be an unsigned integer in [0, 255]"),
    ('int8_value', 128, "The 'int8_value' field must be an integer in [-128, 127]"),
    ('int8_value', -129, "The 'int8_value' field must be an integer in [-128, 127]"),
    ('uint8_value', -1, "The 'uint8_value' field must be an unsigned integer in [0, 255]"),
    ('int16_value', 2**15, "The 'int16_value' field must be an integer in [-32768, 32767]"),
    ('uint16_value', 2**16, "The 'uint16_value' field must be an unsigned integer in [0, 65535]"),
    ('int32_value', 2**31,
     "The 'int32_value' field must be an integer in [-2147483648, 2147483647]"),
    ('uint32_value', -1, "The 'uint32_value' field must be an unsigned integer in [0, 4294967295]"),
    ('int64_value', 2**63, "The 'int64_value' field must be an integer in "
                           '[-9223372036854775808, 9223372036854775807]'),
    ('uint64_value', 2**64, "The 'uint64_value' field must be an unsigned integer in "
                            '[0, 18446744073709551615]'),
    ('int32_value', 1.5, "The 'int32_value' field must be of type 'int'"),
    ('float32_value', 'x', "The 'float32_value' field must be of type 'float'"),
    ('float32_value', float(numpy.nextafter(3.402823466e+38, math.inf)),
     "The 'float32_value' field must be a float in [-3.402823466e+38, 3.402823466e+38]"),
    ('float64_value', None, "The 'float64_value' field must be of type 'float'"),
])
def test_scalar_setter_errors(field, value, message):
    from test_msgs.msg import BasicTypes
    msg = BasicTypes()
    with pytest.raises(AssertionError) as info:
        setattr(msg, field, value)
    assert str(info.value) == message
    with pytest.raises(AssertionError):
        BasicTypes(**{field: value})


def test_string_and_nested_setter_errors():
    with pytest.raises(AssertionError, match="^The 'data' field must be of type 'str'$"):
        String(data=1)
    with pytest.raises(AssertionError,
                       match="^The 'position' field must be a sub message of type 'Point'$"):
        Pose(position=Quaternion())


def test_bounded_string():
    from test_msgs.msg import Strings
    msg = Strings()
    msg.bounded_string_value = 'a' * 22
    with pytest.raises(AssertionError) as info:
        msg.bounded_string_value = 'a' * 23
    assert str(info.value) == ("The 'bounded_string_value' field must be string value "
                               'not longer than 22')
    assert Strings.get_fields_and_field_types()['bounded_string_value'] == 'string<22>'
    assert Strings.SLOT_TYPES[6] == BoundedString(22)


def test_float_values():
    p = Point()
    for v in (math.inf, -math.inf, 1.7976931348623157e+308):
        p.x = v
        assert p.x == v
    p.x = math.nan
    assert math.isnan(p.x)
    # Ints are accepted and stored as float (Jazzy's unchecked classes let them through).
    p.x = 3
    assert p.x == 3.0 and type(p.x) is float
    assert type(Point(y=numpy.float64(2.5)).y) is float
    with pytest.raises(AssertionError):
        p.x = True


def test_int_subclasses_are_stored_as_int():
    from std_msgs.msg import Int32
    msg = Int32(data=True)
    assert msg.data == 1 and type(msg.data) is int


def test_checks_survive_python_O(tmp_path):
    out = _run("""
        import rclx.interfaces
        from std_msgs.msg import String
        try:
            String(data=1)
        except AssertionError as e:
            print(e)
    """, tmp_path, flags=('-O',))
    assert out.strip() == "The 'data' field must be of type 'str'"


def test_strings_defaults_and_wstrings():
    from test_msgs.msg import Strings, WStrings
    msg = Strings()
    assert msg.string_value_default1 == 'Hello world!'
    assert msg.string_value_default2 == "Hello'world!"
    assert msg.string_value_default3 == 'Hello"world!'
    assert msg.string_value_default4 == "Hello'world!"
    assert msg.string_value_default5 == 'Hello"world!'
    assert Strings.STRING_CONST == 'Hello world!'
    w = WStrings()
    assert w.wstring_value_default2 == 'Hellö wörld!'
    assert w.wstring_value_default3 == 'ハローワールド'
    assert WStrings.SLOT_TYPES[0] == UnboundedWString()
    assert w.array_of_wstrings == ['', '', '']
    assert _roundtrip(w) == w


# --- defaults and constants ------------------------------------------------------------------

def test_defaults():
    from test_msgs.msg import Defaults
    msg = Defaults()
    assert msg.bool_value is True
    assert msg.byte_value == bytes([50])
    assert msg.char_value == 100
    assert msg.float32_value == 1.125
    assert msg.int8_value == -50 and msg.uint64_value == 50000000
    assert Defaults.INT32_VALUE__DEFAULT == -30000
    assert msg.INT32_VALUE__DEFAULT == -30000
    with pytest.raises(AttributeError):
        Defaults.INT32_VALUE__DEFAULT = 24
    msg.int32_value = 42
    assert Defaults().int32_value == -30000


def test_array_defaults_are_not_shared():
    from test_msgs.msg import Arrays, UnboundedSequences
    a = Arrays()
    assert a.int8_values_default.tolist() == [0, 127, -128]
    assert a.int8_values_default.dtype == numpy.int8
    assert a.string_values_default == ['', 'max value', 'min value']
    assert a.byte_values_default == [b'\x00', b'\x01', b'\xff']
    a.int8_values_default[0] = 5
    a.string_values_default.append('x')
    assert Arrays().int8_values_default[0] == 0
    assert Arrays().string_values_default == ['', 'max value', 'min value']
    u = UnboundedSequences()
    assert u.uint64_values_default == array.array('Q', [0, 1, 18446744073709551615])
    u.uint64_values_default.append(7)
    assert len(UnboundedSequences().uint64_values_default) == 3
    assert len(UnboundedSequences.UINT64_VALUES_DEFAULT__DEFAULT) == 3


def test_constants():
    from test_msgs.msg import Constants
    assert Constants.BOOL_CONST is True
    assert Constants.BYTE_CONST == bytes([50])
    assert Constants.CHAR_CONST == 100
    assert Constants.FLOAT32_CONST == 1.125
    assert Constants.INT8_CONST == -50
    assert Constants.UINT64_CONST == 50000000
    assert Constants().INT32_CONST == -30000
    with pytest.raises(AttributeError):
        Constants.INT32_CONST = 42
    assert Constants.__slots__ == []
    assert repr(Constants()) == 'test_msgs.msg.Constants()'


# --- arrays and sequences --------------------------------------------------------------------

_NUMERIC = [('char', numpy.uint8, 'B'), ('float32', numpy.float32, 'f'),
            ('float64', numpy.float64, 'd'), ('int8', numpy.int8, 'b'),
            ('uint8', numpy.uint8, 'B'), ('int16', numpy.int16, 'h'),
            ('uint16', numpy.uint16, 'H'), ('int32', numpy.int32, 'i'),
            ('uint32', numpy.uint32, 'I'), ('int64', numpy.int64, 'q'),
            ('uint64', numpy.uint64, 'Q')]


def test_fixed_arrays_value_types():
    from test_msgs.msg import Arrays, BasicTypes
    msg = Arrays()
    for kind, dtype, _ in _NUMERIC:
        value = getattr(msg, kind + '_values')
        assert isinstance(value, numpy.ndarray) and value.dtype == dtype and value.shape == (3,)
    assert msg.bool_values == [False, False, False]
    assert msg.byte_values == [b'\x00'] * 3
    assert msg.string_values == [''] * 3
    assert msg.basic_types_values == [BasicTypes()] * 3
    msg.int16_values = [1, 2, 3]
    assert isinstance(msg.int16_values, numpy.ndarray) and msg.int16_values.dtype == numpy.int16
    msg.char_values = (0, 1, 255)
    assert msg.char_values.tolist() == [0, 1, 255]
    msg.string_values = ('a', 'b', 'c')
    assert msg.string_values == ['a', 'b', 'c'] and type(msg.string_values) is list
    given = numpy.array([1.0, 2.0, 3.0])
    msg.float64_values = given
    assert msg.float64_values is given  # a matching ndarray is stored as is
    msg.float32_values = [1, 2.5, 3]  # ints accepted for floats, as above
    assert msg.float32_values.tolist() == [1.0, 2.5, 3.0]


@pytest.mark.parametrize('field, value, message', [
    ('int8_values', [1, 2], "The 'int8_values' field must be a set or sequence with length 3 and "
                            "each value of type 'int' and each integer in [-128, 127]"),
    ('int8_values', [1, 2, 128], "The 'int8_values' field must be a set or sequence with length "
                                 "3 and each value of type 'int' and each integer in [-128, 127]"),
    ('uint32_values', [-1, 0, 0], "The 'uint32_values' field must be a set or sequence with "
                                  "length 3 and each value of type 'int' and each unsigned "
                                  'integer in [0, 4294967295]'),
    ('char_values', ['a', 'b', 'c'], "The 'char_values' field must be a set or sequence with "
                                     "length 3 and each value of type 'int' and each unsigned "
                                     'integer in [0, 255]'),
    ('float32_values', [0.0, 0.0, 1e39],
     "The 'float32_values' field must be a set or sequence with length 3 and each value of type "
     "'float' and each float in [-340282346600000016151267322115014000640.000000, "
     '340282346600000016151267322115014000640.000000]'),
    ('float64_values', 'abc', "The 'float64_values' field must be a set or sequence with length "
                              "3 and each value of type 'float' and each double in "
                              '[-179769313486231570814527423731704356798070567525844996598917476'
                              '80315726078002853876058955863276687817154045895351438246423432132'
                              '68894641827684675467035375169860499105765512820762454900903893289'
                              '44075868508455133942304583236903222948165808559332123348274797826'
                              '204144723168738177180919299881250404026184124858368.000000, 17976'
                              '93134862315708145274237317043567980705675258449965989174768031572'
                              '60780028538760589558632766878171540458953514382464234321326889464'
                              '18276846754670353751698604991057655128207624549009038932894407586'
                              '85084551339423045832369032229481658085593321233482747978262041447'
                              '23168738177180919299881250404026184124858368.000000]'),
    ('bool_values', [1, 0, 1], "The 'bool_values' field must be a set or sequence with length 3 "
                               "and each value of type 'bool'"),
    ('byte_values', [1, 2, 3], "The 'byte_values' field must be a set or sequence with length 3 "
                               "and each value of type 'bytes'"),
    ('string_values', ['a'], "The 'string_values' field must be a set or sequence with length 3 "
                             "and each value of type 'str'"),
    ('basic_types_values', [1, 2, 3], "The 'basic_types_values' field must be a set or sequence "
                                      "with length 3 and each value of type 'BasicTypes'"),
])
def test_fixed_array_errors(field, value, message):
    from test_msgs.msg import Arrays
    with pytest.raises(AssertionError) as info:
        setattr(Arrays(), field, value)
    assert str(info.value) == message


def test_fixed_array_ndarray_checks():
    from test_msgs.msg import Arrays
    msg = Arrays()
    msg.int32_values = numpy.zeros(3, dtype=numpy.int64)  # converted, as Jazzy does
    assert msg.int32_values.dtype == numpy.int32
    with pytest.raises(AssertionError) as info:
        msg.int32_values = numpy.array([0, 0, 2**40])
    assert str(info.value) == ("The 'int32_values' numpy.ndarray() must have the dtype of "
                               "'numpy.int32' (got a numpy.ndarray of dtype int64 and shape (3,))")
    with pytest.raises(AssertionError) as info:
        msg.int32_values = numpy.zeros(4, dtype=numpy.int32)
    assert str(info.value) == "The 'int32_values' numpy.ndarray() must have a size of 3"
    msg.float64_values = numpy.arange(6.0)[::2]  # strided: stored contiguous for the core
    assert msg.float64_values.tolist() == [0.0, 2.0, 4.0]
    assert msg.float64_values.flags.c_contiguous


def test_sequences_value_types():
    from test_msgs.msg import BoundedSequences, UnboundedSequences
    for cls in (UnboundedSequences, BoundedSequences):
        msg = cls()
        for kind, _, typecode in _NUMERIC:
            value = getattr(msg, kind + '_values')
            assert isinstance(value, array.array) and value.typecode == typecode
            setattr(msg, kind + '_values', [1, 2])
            value = getattr(msg, kind + '_values')
            assert isinstance(value, array.array) and value.typecode == typecode
        assert msg.bool_values == [] and msg.byte_values == [] and msg.string_values == []
        msg.byte_values = [b'a', b'b']
        msg.bool_values = (True, False)
        assert msg.bool_values == [True, False]


def test_sequence_errors():
    from test_msgs.msg import BoundedSequences, UnboundedSequences
    msg = UnboundedSequences()
    with pytest.raises(AssertionError) as info:
        msg.int16_values = array.array('i', [1])
    assert str(info.value) == "The 'int16_values' array.array() must have the type code of 'h'"
    with pytest.raises(AssertionError) as info:
        msg.int16_values = [2**15]
    assert str(info.value) == ("The 'int16_values' field must be a set or sequence and each "
                               "value of type 'int' and each integer in [-32768, 32767]")
    with pytest.raises(AssertionError):
        msg.int32_values = ['1']
    # numpy arrays are taken (Jazzy's rclpy converts them), bytes for byte[] are not:
    msg.float64_values = numpy.zeros(2)
    assert msg.float64_values == array.array('d', [0.0, 0.0])
    with pytest.raises(AssertionError) as info:
        msg.byte_values = b'ab'
    assert str(info.value) == ("The 'byte_values' field must be a set or sequence and each value "
                               "of type 'bytes'")
    bounded = BoundedSequences()
    with pytest.raises(AssertionError) as info:
        bounded.int8_values = [1, 2, 3, 4]
    assert str(info.value) == ("The 'int8_values' field must be a set or sequence with length "
                               "<= 3 and each value of type 'int' and each integer in "
                               '[-128, 127]')
    with pytest.raises(AssertionError) as info:
        bounded.int8_values = array.array('b', [1, 2, 3, 4])
    assert str(info.value) == "The 'int8_values' array.array() must have a size <= 3"
    with pytest.raises(AssertionError) as info:
        bounded.string_values = ['a'] * 4
    assert str(info.value) == ("The 'string_values' field must be a set or sequence with length "
                               "<= 3 and each value of type 'str'")
    with pytest.raises(AssertionError):
        bounded.uint8_values = b'abcd'


def test_uint8_sequence_from_bytes():
    img = Image()
    img.data = b'\x01\x02\xff'
    assert img.data == array.array('B', [1, 2, 255])
    given = array.array('B', b'xyz')
    img.data = given
    assert img.data is given
    img.data = bytearray(b'\x00')
    assert img.data == array.array('B', [0])
    assert _roundtrip(img).data == array.array('B', [0])


def test_sensor_msgs():
    info = CameraInfo()
    assert isinstance(info.k, numpy.ndarray) and info.k.shape == (9,)
    assert isinstance(info.d, array.array) and info.d.typecode == 'd'
    cloud = PointCloud2(fields=[PointField(name='x', offset=0, datatype=PointField.FLOAT32,
                                           count=1)])
    assert cloud.fields[0].name == 'x'
    assert PointField.FLOAT32 == 7
    js = JointState(name=['a'], position=[1.5])
    assert js.position == array.array('d', [1.5])
    back = _roundtrip(js)
    assert back == js and back.name == ['a']


# --- equality, repr, copies ------------------------------------------------------------------

def test_equality():
    assert String(data='a') == String(data='a')
    assert String(data='a') != String(data='b')
    assert String(data='a') != 'a'
    assert Pose() == Pose()
    assert Pose(position=Point(x=1.0)) != Pose()
    a, b = PoseWithCovariance(), PoseWithCovariance()
    assert a == b
    b.covariance[5] = 1.0  # one element differs
    assert a != b
    with pytest.raises(TypeError):
        hash(String())


def test_repr_matches_rclpy():
    assert repr(String(data='hi')) == "std_msgs.msg.String(data='hi')"
    assert repr(Point(x=1.0)) == 'geometry_msgs.msg.Point(x=1.0, y=0.0, z=0.0)'
    assert repr(Header(frame_id='map')) == (
        "std_msgs.msg.Header(stamp=builtin_interfaces.msg.Time(sec=0, nanosec=0), "
        "frame_id='map')")
    m = UInt8MultiArray(data=[1, 2, 3])
    assert repr(m).endswith('data=[1, 2, 3])')
    assert repr(UInt8MultiArray()).endswith('data=[])')
    js = JointState(position=[0.5])
    assert 'position=[0.5], velocity=[]' in repr(js)
    assert 'covariance=array([0., 0.' in repr(PoseWithCovariance())


def test_copy_deepcopy_pickle():
    msg = PoseWithCovariance()
    msg.pose.position.x = 2.0
    msg.covariance[0] = 3.0
    shallow = copy.copy(msg)
    assert shallow == msg and shallow.pose is msg.pose
    deep = copy.deepcopy(msg)
    assert deep == msg and deep.pose is not msg.pose
    deep.pose.position.x = 7.0
    deep.covariance[0] = 9.0
    assert msg.pose.position.x == 2.0 and msg.covariance[0] == 3.0
    js = JointState(name=['a'], position=[1.0])
    js_copy = copy.deepcopy(js)
    js_copy.position.append(2.0)
    js_copy.name.append('b')
    assert js.position == array.array('d', [1.0]) and js.name == ['a']
    for original in (msg, js, String(data='x'), Image(data=b'abc')):
        back = pickle.loads(pickle.dumps(original))
        assert back == original and type(back) is type(original)


def test_unpickle_in_a_fresh_process(tmp_path):
    data = pickle.dumps([Pose(position=Point(x=4.0)), JointState(name=['j'])])
    (tmp_path / 'msg.pickle').write_bytes(data)
    out = _run("""
        import pickle
        import rclx.interfaces
        print(pickle.loads(open('msg.pickle', 'rb').read()))
    """, tmp_path)
    assert 'geometry_msgs.msg.Pose(position=geometry_msgs.msg.Point(x=4.0' in out
    assert "name=['j']" in out


# --- the core reads and builds these classes -------------------------------------------------

@pytest.mark.parametrize('name', ['Arrays', 'BasicTypes', 'BoundedPlainSequences',
                                  'BoundedSequences', 'Constants', 'Defaults', 'Empty',
                                  'MultiNested', 'Nested', 'Strings', 'UnboundedSequences',
                                  'WStrings'])
def test_test_msgs_roundtrip_through_the_core(name):
    cls = getattr(importlib.import_module('test_msgs.msg'), name)
    msg = cls()
    back = _roundtrip(msg)
    assert back == msg
    for field in cls.get_fields_and_field_types():
        assert type(getattr(back, field)) is type(getattr(msg, field)), field


def test_values_survive_the_core():
    from test_msgs.msg import Arrays, UnboundedSequences
    msg = UnboundedSequences(int32_values=[1, -2], string_values=['a', 'ü'],
                             byte_values=[b'\x07'], bool_values=[True], char_values=[200])
    back = _roundtrip(msg)
    assert back == msg
    assert back.int32_values.typecode == 'i' and back.char_values == array.array('B', [200])
    arrays = Arrays(float32_values=[1.5, 2.5, 3.5], uint64_values=[1, 2, 2**64 - 1])
    assert _roundtrip(arrays) == arrays


# --- services and actions --------------------------------------------------------------------

def test_service_classes():
    from example_interfaces.srv import AddTwoInts
    assert AddTwoInts.__module__ == 'example_interfaces.srv._add_two_ints'
    assert type(AddTwoInts).__name__ == 'Metaclass_AddTwoInts'
    assert AddTwoInts.Request.__name__ == 'AddTwoInts_Request'
    assert AddTwoInts.Response.__name__ == 'AddTwoInts_Response'
    assert AddTwoInts.Request.__module__ == 'example_interfaces.srv._add_two_ints'
    ts = type(AddTwoInts)._TYPE_SUPPORT
    assert isinstance(ts, ri.ServiceTypeSupport)
    assert ts.request is type(AddTwoInts.Request)._TYPE_SUPPORT
    assert ts.response is type(AddTwoInts.Response)._TYPE_SUPPORT
    request = AddTwoInts.Request(a=1, b=2)
    assert repr(request) == 'example_interfaces.srv.AddTwoInts_Request(a=1, b=2)'
    assert _roundtrip(request) == request
    with pytest.raises(NotImplementedError):
        AddTwoInts()
    from example_interfaces.srv import AddTwoInts_Request  # derived names resolve too
    assert AddTwoInts_Request is AddTwoInts.Request


def test_action_classes():
    from example_interfaces.action import Fibonacci
    from action_msgs.msg import GoalStatusArray
    from action_msgs.srv import CancelGoal
    assert Fibonacci.__module__ == 'example_interfaces.action._fibonacci'
    assert Fibonacci.Goal.__name__ == 'Fibonacci_Goal'
    assert Fibonacci.Result.__name__ == 'Fibonacci_Result'
    assert Fibonacci.Feedback.__name__ == 'Fibonacci_Feedback'
    impl = Fibonacci.Impl
    send_goal, get_result = impl.SendGoalService, impl.GetResultService
    assert send_goal.__name__ == 'Fibonacci_SendGoal'
    assert send_goal.Request.__name__ == 'Fibonacci_SendGoal_Request'
    assert send_goal.Response.__name__ == 'Fibonacci_SendGoal_Response'
    assert get_result.Request.__name__ == 'Fibonacci_GetResult_Request'
    assert get_result.Response.__name__ == 'Fibonacci_GetResult_Response'
    assert impl.FeedbackMessage.__name__ == 'Fibonacci_FeedbackMessage'
    assert impl.CancelGoalService is CancelGoal
    assert impl.GoalStatusMessage is GoalStatusArray
    assert send_goal.Request.get_fields_and_field_types() == {
        'goal_id': 'unique_identifier_msgs/UUID', 'goal': 'example_interfaces/Fibonacci_Goal'}
    assert send_goal.Request.SLOT_TYPES[1] == NamespacedType(['example_interfaces', 'action'],
                                                             'Fibonacci_Goal')
    assert send_goal.Response.get_fields_and_field_types() == {
        'accepted': 'boolean', 'stamp': 'builtin_interfaces/Time'}
    assert get_result.Request.get_fields_and_field_types() == {
        'goal_id': 'unique_identifier_msgs/UUID'}
    assert get_result.Response.get_fields_and_field_types() == {
        'status': 'int8', 'result': 'example_interfaces/Fibonacci_Result'}
    assert impl.FeedbackMessage.get_fields_and_field_types() == {
        'goal_id': 'unique_identifier_msgs/UUID',
        'feedback': 'example_interfaces/Fibonacci_Feedback'}
    for cls in (send_goal.Request, get_result.Response, impl.FeedbackMessage):
        assert cls.__module__ == 'example_interfaces.action._fibonacci'
        assert _roundtrip(cls()) == cls()
    ts = type(Fibonacci)._TYPE_SUPPORT
    assert isinstance(ts, ri.ActionTypeSupport)
    assert ts.send_goal == type(send_goal)._TYPE_SUPPORT
    assert ts.goal_status is type(GoalStatusArray)._TYPE_SUPPORT
    with pytest.raises(NotImplementedError):
        Fibonacci()
    goal = send_goal.Request(goal=Fibonacci.Goal(order=5))
    assert goal.goal.order == 5


def test_service_event_when_service_msgs_is_available(tmp_path):
    root = tmp_path / 'roots'
    _write(root, 'service_msgs/msg/ServiceEventInfo.msg', """
        uint8 REQUEST_SENT = 0
        uint8 REQUEST_RECEIVED = 1
        uint8 RESPONSE_SENT = 2
        uint8 RESPONSE_RECEIVED = 3
        uint8 event_type
        builtin_interfaces/Time stamp
        char[16] client_gid
        int64 sequence_number
    """)
    _write(root, 'evt_pkg/srv/Ping.srv', 'string text\n---\nstring text\n')
    out = _run("""
        import rclx.interfaces
        from evt_pkg.srv import Ping
        print(Ping.Event.__name__, Ping.Event.__module__)
        print(Ping.Event.get_fields_and_field_types())
        print(Ping.Event.SLOT_TYPES[1])
        print(Ping.Event())
    """, tmp_path, env={'RCLX_INTERFACE_PATH': str(root)})
    lines = out.splitlines()
    assert lines[0] == 'Ping_Event evt_pkg.srv._ping'
    assert lines[1] == ("{'info': 'service_msgs/ServiceEventInfo', "
                        "'request': 'sequence<evt_pkg/Ping_Request, 1>', "
                        "'response': 'sequence<evt_pkg/Ping_Response, 1>'}")
    assert lines[2] == "BoundedSequence(NamespacedType(['evt_pkg', 'srv'], 'Ping_Request'), 1)"
    assert lines[3].startswith('evt_pkg.srv.Ping_Event(info=service_msgs.msg.ServiceEventInfo(')


# --- the loader ------------------------------------------------------------------------------

def _custom_package(root, name):
    _write(root, f'{name}/msg/Thing.msg', """
        # a comment
        int32 SPEED=5
        std_msgs/Header header
        Part[] parts
        geometry_msgs/Point where
        float64 gain 0.5
    """)
    _write(root, f'{name}/msg/Part.msg', 'string label\nuint8[4] raw\n')
    _write(root, f'{name}/srv/DoIt.srv', 'Thing thing\n---\nbool ok\n')
    _write(root, f'{name}/action/Work.action', 'int32 n\n---\nint32 total\n---\nfloat32 done\n')


_CUSTOM_CHECK = """
    import rclx.interfaces
    from {pkg}.msg import Thing, Part
    from {pkg}.srv import DoIt
    from {pkg}.action import Work
    t = Thing(parts=[Part(label='a')])
    print(repr(t))
    print(Thing.SPEED, Thing.GAIN__DEFAULT, Thing.__module__, DoIt.Request.__module__)
    print(Work.Impl.SendGoalService.Request().goal, Work.Feedback())
    print(sorted(n for n in dir(__import__('{pkg}.msg').msg) if not n.startswith('_')))
"""


def _check_custom_output(out, pkg):
    lines = out.splitlines()
    assert lines[0].startswith(f'{pkg}.msg.Thing(header=std_msgs.msg.Header(')
    assert f"parts=[{pkg}.msg.Part(label='a', raw=array([0, 0, 0, 0], dtype=uint8))]" in lines[0]
    assert lines[1] == f'5 0.5 {pkg}.msg._thing {pkg}.srv._do_it'
    assert lines[2] == f'{pkg}.action.Work_Goal(n=0) {pkg}.action.Work_Feedback(done=0.0)'
    assert lines[3] == "['Part', 'Thing']"


def test_runtime_package_from_rclx_interface_path(tmp_path):
    root = tmp_path / 'defs'
    _custom_package(root, 'my_pkg')
    out = _run(_CUSTOM_CHECK.format(pkg='my_pkg'), tmp_path,
               env={'RCLX_INTERFACE_PATH': os.pathsep.join([str(tmp_path / 'none'), str(root)])})
    _check_custom_output(out, 'my_pkg')


def test_runtime_package_from_ament_prefix_path(tmp_path):
    prefix = tmp_path / 'install'
    _custom_package(prefix / 'share', 'ament_pkg')
    out = _run(_CUSTOM_CHECK.format(pkg='ament_pkg'), tmp_path,
               env={'AMENT_PREFIX_PATH': str(prefix)})
    _check_custom_output(out, 'ament_pkg')


def test_installed_packages_win_over_the_search_path(tmp_path):
    root = tmp_path / 'defs'
    _write(root, 'std_msgs/msg/String.msg', 'int32 other\n')
    out = _run("""
        import rclx.interfaces
        from std_msgs.msg import String
        print(String.get_fields_and_field_types())
    """, tmp_path, env={'RCLX_INTERFACE_PATH': str(root)})
    assert out.strip() == "{'data': 'string'}"


def test_add_search_path_and_api(tmp_path):
    _custom_package(tmp_path, 'api_pkg')
    ri.add_search_path(str(tmp_path))
    thing = ri.get_message_class('api_pkg/msg/Thing')
    assert thing is ri.get_message_class('api_pkg/Thing')
    assert thing is importlib.import_module('api_pkg.msg').Thing
    assert ri.get_service_class('api_pkg/srv/DoIt').Request.__name__ == 'DoIt_Request'
    assert ri.get_action_class('api_pkg/action/Work').Goal.__name__ == 'Work_Goal'
    assert ri.get_interface_class('api_pkg/srv/DoIt_Request') is ri.get_service_class(
        'api_pkg/srv/DoIt').Request
    assert 'api_pkg' in ri.list_packages()
    with pytest.raises(ValueError):
        ri.get_message_class('api_pkg/msg/Thing/x')
    with pytest.raises(ValueError):
        ri.get_message_class('api_pkg/srv/DoIt')
    with pytest.raises(ri.InterfaceNotFoundError):
        ri.get_message_class('api_pkg/msg/Nope')
    with pytest.raises(ri.InterfaceNotFoundError):
        ri.get_message_class('no_such_pkg_xyz/msg/Nope')


def test_load_message_definition():
    cls = ri.load_message_definition('int32 a\nstring<=3 b "ab"\n', 'inline_pkg', 'Inline')
    assert cls is ri.load_message_definition('int32 a\n', 'inline_pkg', 'Inline')  # cached
    msg = cls(a=3)
    assert repr(msg) == "inline_pkg.msg.Inline(a=3, b='ab')"
    assert _roundtrip(msg) == msg
    user = ri.load_message_definition('Inline[2] two\n', 'inline_pkg', 'User')
    assert user().two == [cls(), cls()]
    srv = ri.load_service_definition('Inline q\n---\nint8 r\n', 'inline_pkg', 'Ask')
    assert srv.Request().q == cls()


def test_unknown_names():
    import std_msgs.msg
    with pytest.raises(ImportError):
        exec('from std_msgs.msg import NoSuchType', {})
    with pytest.raises(AttributeError):
        std_msgs.msg.NoSuchType
    with pytest.raises(ModuleNotFoundError):
        importlib.import_module('no_such_interface_pkg_xyz.msg')
    assert 'String' in dir(std_msgs.msg)
    assert 'Header' in std_msgs.msg.__all__


def test_cycles_and_missing_types_are_clear_errors(tmp_path):
    _write(tmp_path, 'cyc_pkg/msg/A.msg', 'B b\n')
    _write(tmp_path, 'cyc_pkg/msg/B.msg', 'C c\n')
    _write(tmp_path, 'cyc_pkg/msg/C.msg', 'A a\n')
    _write(tmp_path, 'cyc_pkg/msg/Lost.msg', 'int32 x\nnowhere_pkg/Gone g\n')
    _write(tmp_path, 'cyc_pkg/msg/Bad.msg', 'int32 x\nint32 x y z\n')
    ri.add_search_path(str(tmp_path))
    with pytest.raises(ri.InterfaceCycleError) as info:
        from cyc_pkg.msg import A  # noqa: F401
    assert str(info.value) == ('cyclic dependency between interface definitions: cyc_pkg/msg/A'
                               ' -> cyc_pkg/msg/B -> cyc_pkg/msg/C -> cyc_pkg/msg/A')
    with pytest.raises(ri.InterfaceNotFoundError) as info:
        from cyc_pkg.msg import Lost  # noqa: F401
    assert "'nowhere_pkg/Gone' used by field 'g' of 'cyc_pkg/msg/Lost'" in str(info.value)
    with pytest.raises(_core.ParseError) as info:
        from cyc_pkg.msg import Bad  # noqa: F401
    assert isinstance(info.value, ValueError)
    assert 'Bad.msg:2:' in str(info.value)


def test_concurrent_first_use_builds_one_class(tmp_path):
    _write(tmp_path, 'thread_pkg/msg/T.msg', 'geometry_msgs/Pose p\nint32[] v\n')
    ri.add_search_path(str(tmp_path))
    results = []

    def load():
        results.append(ri.get_message_class('thread_pkg/msg/T'))
    threads = [threading.Thread(target=load) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 8 and all(r is results[0] for r in results)


def test_every_test_interface_file_loads():
    count = 0
    for subfolder, ext in (('msg', '.msg'), ('srv', '.srv'), ('action', '.action')):
        module = importlib.import_module(f'test_msgs.{subfolder}')
        names = sorted(f[:-len(ext)] for f in os.listdir(os.path.join(TEST_FILES, subfolder))
                       if f.endswith(ext))
        assert module.__all__ == names
        for name in names:
            cls = getattr(module, name)
            if subfolder == 'msg':
                assert _roundtrip(cls()) == cls()
            elif subfolder == 'srv':
                assert _roundtrip(cls.Request()) == cls.Request()
                assert _roundtrip(cls.Response()) == cls.Response()
            else:
                assert _roundtrip(cls.Goal()) == cls.Goal()
                assert _roundtrip(cls.Impl.FeedbackMessage()) == cls.Impl.FeedbackMessage()
            count += 1
    assert count == 18  # Jazzy: 13 messages, 3 services, 2 actions


def test_every_shipped_interface_loads():
    count = 0
    root = os.path.join(REPO, 'interfaces')
    for package in sorted(os.listdir(root)):
        for subfolder, ext in (('msg', '.msg'), ('srv', '.srv'), ('action', '.action')):
            directory = os.path.join(root, package, subfolder)
            if not os.path.isdir(directory):
                continue
            module = importlib.import_module(f'{package}.{subfolder}')
            for name in sorted(f[:-len(ext)] for f in os.listdir(directory) if f.endswith(ext)):
                cls = getattr(module, name)
                parts = {'msg': lambda: [cls],
                         'srv': lambda: [cls.Request, cls.Response],
                         'action': lambda: [cls.Goal, cls.Result, cls.Feedback,
                                            cls.Impl.SendGoalService.Request,
                                            cls.Impl.GetResultService.Response,
                                            cls.Impl.FeedbackMessage]}[subfolder]()
                for part in parts:
                    assert _roundtrip(part()) == part(), part
                count += 1
    assert count > 100


# --- stubs -----------------------------------------------------------------------------------

def test_stub_generator(tmp_path):
    out = tmp_path / 'stubs'
    proc = subprocess.run([sys.executable, '-m', 'rclx.interfaces.stubs', 'std_msgs',
                           'geometry_msgs', 'example_interfaces', '-o', str(out)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    geometry = (out / 'geometry_msgs' / 'msg' / '__init__.pyi').read_text()
    tree = ast.parse(geometry)
    classes = {n.name: n for n in tree.body if isinstance(n, ast.ClassDef)}
    assert {'Point', 'Pose', 'PoseWithCovariance'} <= set(classes)
    assert 'def x(self) -> float: ...' in geometry
    assert ('def __init__(self, *, x: float = ..., y: float = ..., z: float = ..., '
            'check_fields: bool | None = ...) -> None: ...') in geometry
    assert 'from std_msgs.msg import Header as _std_msgs_msg_Header' in geometry
    for path in out.rglob('*.pyi'):
        ast.parse(path.read_text())
    assert (out / 'builtin_interfaces' / 'msg' / '__init__.pyi').exists()  # a dependency
    srv = (out / 'example_interfaces' / 'srv' / '__init__.pyi').read_text()
    assert 'class AddTwoInts:' in srv and 'Request = AddTwoInts_Request' in srv
    action = (out / 'example_interfaces' / 'action' / '__init__.pyi').read_text()
    assert 'class Impl:' in action

    if importlib.util.find_spec('mypy') is None:
        pytest.skip('mypy is not installed: checked the stubs with ast only')
    snippet = tmp_path / 'use.py'
    snippet.write_text(textwrap.dedent("""
        from example_interfaces.srv import AddTwoInts
        from geometry_msgs.msg import Pose, PoseWithCovariance
        from std_msgs.msg import String

        s = String(data='hi')
        text: str = s.data
        p = Pose()
        p.position.x = 1.0
        c = PoseWithCovariance()
        c.covariance = [0.0] * 36
        total: int = AddTwoInts.Request(a=1, b=2).a
    """))
    bad = tmp_path / 'bad.py'
    bad.write_text('from std_msgs.msg import String\nString(data=5)\n')
    env = dict(os.environ, MYPYPATH=str(out))
    ok = subprocess.run([sys.executable, '-m', 'mypy', '--strict', str(snippet)], env=env,
                        capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert ok.returncode == 0, ok.stdout
    wrong = subprocess.run([sys.executable, '-m', 'mypy', str(bad)], env=env,
                           capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert wrong.returncode == 1 and 'incompatible type "int"' in wrong.stdout
