# rosidl_runtime_py (convert, set_message, utilities, get_interfaces) and rosidl_parser.definition
# on rclx's message classes, compared with the formats ROS 2's rosidl_runtime_py produces.
import array
from collections import OrderedDict
import copy
import importlib.util
import os

import numpy
import pytest

import rclx.interfaces as ri
from rosidl_parser import definition as d

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if importlib.util.find_spec('std_msgs') is None:  # not installed: use the source tree
    ri.add_search_path(os.path.join(REPO, 'interfaces'))

from builtin_interfaces.msg import Time  # noqa: E402
from example_interfaces.msg import Byte  # noqa: E402
from geometry_msgs.msg import Point, Pose, PoseStamped, PoseWithCovariance  # noqa: E402
from rosidl_runtime_py import (get_action_interfaces, get_interface_packages,  # noqa: E402
                               get_interface_path, get_interfaces, get_message_interfaces,
                               get_service_interfaces, message_to_csv, message_to_ordereddict,
                               message_to_yaml, set_message_fields)
from rosidl_runtime_py.convert import get_message_slot_types  # noqa: E402
from rosidl_runtime_py.utilities import (get_action, get_interface, get_message,  # noqa: E402
                                         get_namespaced_type, get_service, is_action,
                                         is_message, is_service)
from sensor_msgs.msg import JointState, PointCloud2, PointField  # noqa: E402
from std_msgs.msg import Header, String, UInt8  # noqa: E402

POSE_STAMPED_YAML = """\
header:
  stamp:
    sec: 1
    nanosec: 2
  frame_id: map
pose:
  position:
    x: 1.5
    y: 0.0
    z: 0.0
  orientation:
    x: 0.0
    y: 0.0
    z: 0.0
    w: 1.0
"""


def _pose_stamped():
    msg = PoseStamped()
    msg.header.stamp.sec = 1
    msg.header.stamp.nanosec = 2
    msg.header.frame_id = 'map'
    msg.pose.position.x = 1.5
    return msg


# --- convert ---------------------------------------------------------------------------------

def test_message_to_ordereddict_nests_ordered_dicts():
    result = message_to_ordereddict(_pose_stamped())
    assert result == OrderedDict([
        ('header', OrderedDict([('stamp', OrderedDict([('sec', 1), ('nanosec', 2)])),
                                ('frame_id', 'map')])),
        ('pose', OrderedDict([
            ('position', OrderedDict([('x', 1.5), ('y', 0.0), ('z', 0.0)])),
            ('orientation', OrderedDict([('x', 0.0), ('y', 0.0), ('z', 0.0), ('w', 1.0)]))]))])
    assert type(result['header']) is OrderedDict
    assert list(result) == ['header', 'pose']


def test_message_to_ordereddict_converts_arrays_and_bytes():
    cov = message_to_ordereddict(PoseWithCovariance())['covariance']
    assert cov == [0.0] * 36 and type(cov) is list and type(cov[0]) is float
    js = message_to_ordereddict(JointState(name=['a', 'b'], position=[1.0, 2.0]))
    assert js['name'] == ['a', 'b'] and js['position'] == [1.0, 2.0]
    assert message_to_ordereddict(Byte(data=b'A')) == OrderedDict([('data', 'A')])
    cloud = message_to_ordereddict(PointCloud2(fields=[PointField(name='x')]))
    assert cloud['fields'][0]['name'] == 'x'


def test_message_to_ordereddict_options():
    js = JointState(name=['first', 'second', 'third'], position=[1.0, 2.0, 3.0])
    truncated = message_to_ordereddict(js, truncate_length=2)
    assert truncated['name'] == ['fi...', 'se...', '...']
    assert truncated['position'] == [1.0, 2.0, '...']
    no_arr = message_to_ordereddict(js, no_arr=True)
    assert no_arr['name'] == '<sequence type: string, length: 3>'
    assert no_arr['position'] == '<sequence type: double, length: 3>'
    assert message_to_ordereddict(PoseWithCovariance(), no_arr=True)['covariance'] == \
        '<array type: double[36]>'
    assert message_to_ordereddict(String(data='hello'), no_str=True) == \
        OrderedDict([('data', '<string length: <5>>')])


def test_message_to_yaml():
    assert message_to_yaml(String(data='hello world')) == 'data: hello world\n'
    assert message_to_yaml(_pose_stamped()) == POSE_STAMPED_YAML
    js = JointState(name=['a'], position=[1.0, 2.0])
    block = message_to_yaml(js)
    assert 'name:\n- a\nposition:\n- 1.0\n- 2.0\nvelocity: []\n' in block
    flow = message_to_yaml(js, flow_style=True)
    assert 'name: [a]\nposition: [1.0, 2.0]\nvelocity: []\n' in flow
    assert flow.startswith('header:\n  stamp:\n    sec: 0\n')  # messages stay in block style
    assert message_to_yaml(String(data='ünï')) == 'data: ünï\n'
    assert message_to_yaml(String(data='abcdef'), truncate_length=3) == 'data: abc...\n'


def test_message_to_csv():
    assert message_to_csv(String(data='hi')) == 'hi'
    assert message_to_csv(_pose_stamped()) == '1,2,map,1.5,0.0,0.0,0.0,0.0,0.0,1.0'
    js = JointState(name=['a', 'b'], position=[1.0, 2.0, 3.0])
    assert message_to_csv(js) == '0,0,,a,b,1.0,2.0,3.0,,'
    assert message_to_csv(js, truncate_length=1) == '0,0,,a,...,1.0,...,,'
    assert message_to_csv(js, no_arr=True) == (
        '0,0,,<sequence type: string, length: 2>,<sequence type: double, length: 3>,'
        '<sequence type: double, length: 0>,<sequence type: double, length: 0>')
    assert message_to_csv(String(data='hello'), no_str=True) == '<string length: <5>>'
    assert message_to_csv(Byte(data=b'A')) == "b'A'"


def test_get_message_slot_types():
    types = get_message_slot_types(Pose())
    assert list(types) == ['position', 'orientation']
    assert types['position'] == d.NamespacedType(['geometry_msgs', 'msg'], 'Point')


# --- set_message_fields ----------------------------------------------------------------------

def test_set_message_fields_nested_dicts():
    msg = PoseStamped()
    values = {'header': {'frame_id': 'map', 'stamp': {'sec': 1, 'nanosec': 2}},
              'pose': {'position': {'x': 1.5}}}
    original = copy.deepcopy(values)
    assert set_message_fields(msg, values) == []
    assert msg == _pose_stamped()
    assert values == original


def test_set_message_fields_converts_types():
    msg = Header()
    set_message_fields(msg, {'stamp': {'sec': '5'}, 'frame_id': 12})
    assert msg.stamp.sec == 5 and msg.frame_id == '12'
    point = Point()
    set_message_fields(point, {'x': 1, 'y': '2.5'})
    assert point.x == 1.0 and type(point.x) is float and point.y == 2.5
    js = JointState()
    set_message_fields(js, {'name': ('a', 'b'), 'position': [1, 2.5]})
    assert js.name == ['a', 'b'] and js.position == array.array('d', [1.0, 2.5])
    cov = PoseWithCovariance()
    set_message_fields(cov, {'covariance': [1] * 36})
    assert cov.covariance.dtype == numpy.float64 and cov.covariance[0] == 1.0


def test_set_message_fields_sequences_of_messages():
    cloud = PointCloud2()
    set_message_fields(cloud, {'fields': [{'name': 'x', 'offset': 0, 'datatype': 7, 'count': 1},
                                          {'name': 'y', 'offset': 4, 'datatype': 7}]})
    assert [type(f) for f in cloud.fields] == [PointField, PointField]
    assert cloud.fields[1].name == 'y' and cloud.fields[1].offset == 4


def test_set_message_fields_errors():
    with pytest.raises(AttributeError):
        set_message_fields(String(), {'nope': 'x'})
    with pytest.raises(ValueError):
        set_message_fields(Point(), {'x': 'abc'})
    with pytest.raises(TypeError, match="^Value '5' is expected to be a dictionary but is a int$"):
        set_message_fields(Pose(), {'position': 5})
    with pytest.raises(AssertionError,
                       match=r"^The 'data' field must be an unsigned integer in \[0, 255\]$"):
        set_message_fields(UInt8(), {'data': 300})


def test_set_message_fields_header_auto_and_time_now():
    msg = PoseStamped()
    setters = set_message_fields(msg, {'header': 'auto'}, expand_header_auto=True)
    assert len(setters) == 1
    setters[0](Time(sec=3))
    assert msg.header.stamp.sec == 3
    header = Header()
    setters = set_message_fields(header, {'stamp': 'now', 'frame_id': 'f'}, expand_time_now=True)
    assert len(setters) == 1
    setters[0](Time(sec=4))
    assert header.stamp.sec == 4 and header.frame_id == 'f'
    with pytest.raises(TypeError):
        set_message_fields(PoseStamped(), {'header': 'auto'})


# --- utilities -------------------------------------------------------------------------------

def test_get_message_service_action():
    assert get_message('std_msgs/msg/String') is String
    assert get_message('std_msgs/String') is String
    assert get_interface('std_msgs/msg/String') is String
    add = get_service('example_interfaces/srv/AddTwoInts')
    assert add.Request.__name__ == 'AddTwoInts_Request'
    assert get_interface('example_interfaces/srv/AddTwoInts') is add
    fib = get_action('example_interfaces/action/Fibonacci')
    assert fib.Goal.__name__ == 'Fibonacci_Goal'
    assert is_message(String) and is_service(add) and is_action(fib)
    assert not is_message(add) and not is_service(String)
    expected = d.NamespacedType(['std_msgs', 'msg'], 'String')
    assert get_namespaced_type('std_msgs/msg/String') == expected


def test_get_message_errors():
    with pytest.raises(ValueError):
        get_message('String')
    with pytest.raises(ValueError):
        get_message('std_msgs/foo/String')
    with pytest.raises(ModuleNotFoundError):
        get_message('no_such_package_xyz/msg/String')
    with pytest.raises(AttributeError):
        get_message('std_msgs/msg/NoSuchType')
    with pytest.raises(ValueError):
        get_message('example_interfaces/srv/AddTwoInts')  # a service, not a message
    with pytest.raises(ValueError):
        get_service('std_msgs/msg/String')


def test_get_interfaces():
    packages = get_interface_packages()
    assert {'std_msgs', 'geometry_msgs', 'example_interfaces'} <= set(packages)
    assert get_interfaces(['std_srvs']) == {'std_srvs': ['srv/Empty', 'srv/SetBool',
                                                         'srv/Trigger']}
    assert 'msg/String' in get_message_interfaces(['std_msgs'])['std_msgs']
    assert get_service_interfaces(['example_interfaces'])['example_interfaces'] == [
        'srv/AddTwoInts', 'srv/SetBool', 'srv/Trigger']
    assert get_action_interfaces(['example_interfaces']) == {
        'example_interfaces': ['action/Fibonacci']}
    assert 'std_msgs' in get_interfaces()
    with pytest.raises(LookupError):
        get_interfaces(['no_such_package_xyz'])
    path = get_interface_path('std_msgs/msg/String')
    assert path.endswith(os.path.join('std_msgs', 'msg', 'String.msg'))
    assert 'string data' in open(path).read()
    assert get_interface_path('std_msgs/msg/String.msg') == path
    with pytest.raises(LookupError):
        get_interface_path('std_msgs/msg/NoSuchType')


# --- rosidl_parser.definition ----------------------------------------------------------------

def test_definition_types():
    assert d.BasicType('int32').typename == 'int32'
    assert d.BasicType('int32') == d.BasicType('int32') != d.BasicType('int64')
    ns = d.NamespacedType(['std_msgs', 'msg'], 'Header')
    assert ns.namespaces == ['std_msgs', 'msg'] and ns.name == 'Header'
    assert ns.namespaced_name() == ('std_msgs', 'msg', 'Header')
    assert hash(ns) == hash(d.NamespacedType(('std_msgs', 'msg'), 'Header'))
    assert d.BoundedString(5).maximum_size == 5 and d.BoundedString(5).has_maximum_size()
    assert not d.UnboundedString().has_maximum_size()
    assert d.BoundedWString(3).has_maximum_size() and not d.UnboundedWString().has_maximum_size()
    array_type = d.Array(d.BasicType('double'), 3)
    assert array_type.size == 3 and array_type.has_maximum_size()
    assert array_type.value_type == d.BasicType('double')
    seq = d.BoundedSequence(ns, 4)
    assert seq.maximum_size == 4 and seq.has_maximum_size()
    assert not d.UnboundedSequence(ns).has_maximum_size()
    assert isinstance(seq, d.AbstractSequence) and isinstance(seq, d.AbstractNestedType)
    assert isinstance(d.BoundedString(2), d.AbstractGenericString)
    assert isinstance(d.UnboundedWString(), d.AbstractWString)
    assert 'int32' in d.SIGNED_INTEGER_TYPES and 'uint8' in d.UNSIGNED_INTEGER_TYPES
    with pytest.raises(AssertionError):
        d.BasicType('int33')
