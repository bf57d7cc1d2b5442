"""CDR golden vectors written from the CDR rules (XCDR1 little-endian, alignment after the 4-byte header)."""

import struct

import pytest

from rclpy.serialization import deserialize_message, serialize_message

HEADER = b'\x00\x01\x00\x00'


def cdr_string(s: str) -> bytes:
    raw = s.encode() + b'\x00'
    return struct.pack('<I', len(raw)) + raw


def test_string_hello_is_14_bytes():
    from std_msgs.msg import String
    data = serialize_message(String(data='hello'))
    assert data == HEADER + b'\x06\x00\x00\x00hello\x00'
    assert len(data) == 14


def test_empty_message_carries_one_byte():
    from std_msgs.msg import Empty
    assert serialize_message(Empty()) == HEADER + b'\x00'
    assert deserialize_message(HEADER + b'\x00', Empty) == Empty()


def test_alignment_after_bool_and_uint8():
    from rclx_test_msgs.msg import Align
    import array
    msg = Align(flag=True, value=1.5, small=7, word=0xDEADBEEF, name='ab', shorts=array.array('h', [-1, 2]))
    expected = (HEADER + b'\x01' + b'\x00' * 7 + struct.pack('<d', 1.5) + b'\x07' + b'\x00' * 3
                + struct.pack('<I', 0xDEADBEEF) + cdr_string('ab') + b'\x00'  # pad 31 -> 32
                + struct.pack('<I', 2) + struct.pack('<hh', -1, 2))
    data = serialize_message(msg)
    assert data == expected
    assert len(data) == 44
    assert deserialize_message(data, Align) == msg


def test_nested_header_and_pose_array():
    from geometry_msgs.msg import Point, Pose, PoseArray, Quaternion
    from std_msgs.msg import Header
    from builtin_interfaces.msg import Time
    msg = PoseArray(header=Header(stamp=Time(sec=5, nanosec=6), frame_id='map'),
                    poses=[Pose(position=Point(x=1.0, y=2.0, z=3.0), orientation=Quaternion(w=1.0))])
    expected = (HEADER + struct.pack('<iI', 5, 6) + cdr_string('map') + struct.pack('<I', 1)
                + b'\x00' * 4  # the float64 of the first pose aligns to 8 (offset 20 -> 24)
                + struct.pack('<7d', 1.0, 2.0, 3.0, 0.0, 0.0, 0.0, 1.0))
    data = serialize_message(msg)
    assert data == expected
    assert deserialize_message(data, PoseArray) == msg


def test_fixed_and_empty_sequences():
    from std_msgs.msg import Float64MultiArray, MultiArrayLayout
    msg = Float64MultiArray(layout=MultiArrayLayout(dim=[], data_offset=3), data=[])
    # dim: count 0 (no padding for an empty sequence); data_offset; data: count 0
    assert serialize_message(msg) == HEADER + struct.pack('<III', 0, 3, 0)
    msg.data = [0.5]
    # the first float64 aligns to 8: offset 12 -> 16
    assert serialize_message(msg) == HEADER + struct.pack('<III', 0, 3, 1) + b'\x00' * 4 + struct.pack('<d', 0.5)


def test_wstring_as_rmw_cyclonedds_writes_it():
    from example_interfaces.msg import WString
    # uint32 count of UTF-16 code units, each widened to 4 bytes, no terminator.
    assert serialize_message(WString(data='hi')) == HEADER + struct.pack('<III', 2, ord('h'), ord('i'))
    msg = WString(data='a𝄞')  # a surrogate pair is two code units
    data = serialize_message(msg)
    assert data == HEADER + struct.pack('<IIII', 3, ord('a'), 0xD834, 0xDD1E)
    assert deserialize_message(data, WString) == msg


def test_big_endian_input_is_accepted():
    from std_msgs.msg import Int32
    assert deserialize_message(b'\x00\x00\x00\x00' + struct.pack('>i', -5), Int32).data == -5


@pytest.mark.parametrize('data, needle', [
    (b'\x00\x01', 'shorter than the 4-byte CDR header'),
    (b'\x07\x07\x00\x00\x01\x00\x00\x00', 'unsupported CDR encapsulation'),
    (HEADER + b'\xff\xff\xff\x7f' + b'abc', "field 'data'"),
    (HEADER + b'\x03\x00\x00\x00' + b'\xff\xfe\x00', 'UTF-8'),
])
def test_malformed_cdr_gives_a_clear_error(data, needle):
    from std_msgs.msg import String
    with pytest.raises(ValueError) as info:
        deserialize_message(data, String)
    assert needle in str(info.value)


def test_truncations_never_crash():
    from geometry_msgs.msg import PoseArray, Pose
    data = serialize_message(PoseArray(poses=[Pose(), Pose()]))
    for n in range(len(data)):
        with pytest.raises(ValueError):
            deserialize_message(data[:n], PoseArray)


def test_field_errors_name_the_field():
    from geometry_msgs.msg import Point, Pose
    pose = Pose()
    pose.position._x = 'not a float'  # bypass the setter: the serializer itself must say which field
    with pytest.raises(TypeError, match=r"field 'position\.x'"):
        serialize_message(pose)


def test_fixed_array_of_doubles_has_no_length_and_aligns_once():
    from geometry_msgs.msg import Point, Pose, PoseWithCovariance, Quaternion
    cov = [float(i) for i in range(36)]
    msg = PoseWithCovariance(pose=Pose(position=Point(x=1.0), orientation=Quaternion(w=1.0)), covariance=cov)
    expected = HEADER + struct.pack('<7d', 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0) + struct.pack('<36d', *cov)
    data = serialize_message(msg)
    assert data == expected
    assert deserialize_message(data, PoseWithCovariance) == msg


def test_bounded_sequences_and_strings_carry_lengths_and_bounds_are_checked():
    from rclx_test_msgs.msg import AllKinds
    import array
    msg = AllKinds(bounded_i32=array.array('i', [7, -8]), bs='12345678')
    data = serialize_message(msg)
    back = deserialize_message(data, AllKinds)
    assert back == msg
    # A bounded sequence longer than its bound is refused on the way in and on the way out.
    msg._bounded_i32 = array.array('i', [1, 2, 3, 4, 5])
    with pytest.raises(ValueError, match="bounded_i32"):
        serialize_message(msg)


def test_sequence_of_nested_messages_after_a_bool():
    from rclx_test_msgs.msg import AllKinds
    from geometry_msgs.msg import Point
    msg = AllKinds(points=[Point(x=1.5), Point(y=-2.0)])
    data = serialize_message(msg)
    # The points sequence: its six doubles start 8-aligned (relative to the end of the header),
    # right after the uint32 count 2 and at most 4 bytes of padding.
    body = struct.pack('<6d', 1.5, 0.0, 0.0, 0.0, -2.0, 0.0)
    start = data.index(body)
    assert (start - 4) % 8 == 0
    assert struct.pack('<I', 2) in (data[start - 4:start], data[start - 8:start - 4])
    assert deserialize_message(data, AllKinds) == msg
