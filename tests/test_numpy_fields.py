"""numpy arrays assigned to array and sequence fields, accepted as Jazzy's rclpy accepts them."""

import array

import numpy as np
import pytest

from rclpy.serialization import deserialize_message, serialize_message
from sensor_msgs.msg import Image, Imu, JointState
from std_msgs.msg import Float32MultiArray, Int8MultiArray, UInt8MultiArray
from visualization_msgs.msg import ImageMarker


def round_trip(msg):
    return deserialize_message(serialize_message(msg), type(msg))


def test_sequences_take_numpy_arrays_of_any_fitting_dtype():
    m = Float32MultiArray(data=np.arange(8, dtype=np.float32))
    assert m.data == array.array('f', range(8))
    assert round_trip(m).data == m.data
    assert Float32MultiArray(data=np.linspace(0, 1, 3)).data == array.array('f', [0.0, 0.5, 1.0])
    assert Float32MultiArray(data=np.array([1, 2])).data == array.array('f', [1.0, 2.0])
    joints = JointState()
    joints.position = np.linspace(0.0, 1.0, 5)
    assert round_trip(joints).position == array.array('d', [0.0, 0.25, 0.5, 0.75, 1.0])
    image = Image(height=2, width=3, step=3, encoding='mono8')
    image.data = np.arange(6, dtype=np.uint8).reshape(2, 3).ravel()
    assert round_trip(image).data == array.array('B', range(6))
    assert UInt8MultiArray(data=np.array([True, False])).data == array.array('B', [1, 0])
    assert Int8MultiArray(data=np.array([-128, 127], dtype=np.int64)).data == array.array('b', [-128, 127])
    # A copy: changing the numpy array afterwards does not change the message.
    source = np.zeros(4, dtype=np.uint8)
    image.data = source
    source[0] = 9
    assert image.data[0] == 0


def test_fixed_arrays_take_numpy_arrays_of_other_dtypes():
    imu = Imu()
    imu.orientation_covariance = np.arange(9)
    assert imu.orientation_covariance.dtype == np.float64
    assert list(round_trip(imu).orientation_covariance) == list(range(9))
    imu.orientation_covariance = np.eye(3)  # 3x3 is 9 values, as Jazzy's numpy.array(...) takes it
    assert list(imu.orientation_covariance) == [1, 0, 0, 0, 1, 0, 0, 0, 1]


@pytest.mark.parametrize('assign, words', [
    (lambda: UInt8MultiArray(data=np.array([300, 1])), "'data' field .* unsigned integer in \\[0, 255\\]"),
    (lambda: UInt8MultiArray(data=np.array([-1])), "'data' field"),
    (lambda: UInt8MultiArray(data=np.array([0.5])), "'data' field .* of type 'int'"),
    (lambda: Float32MultiArray(data=np.array([1e300])), "'data' field .* each float in"),
    (lambda: UInt8MultiArray(data=np.zeros((2, 3), dtype=np.uint8)), 'shape \\(2, 3\\)'),
    (lambda: UInt8MultiArray(data=np.array(['a'])), "'data' field"),
    (lambda: setattr(Imu(), 'orientation_covariance', np.arange(8)), 'must have a size of 9'),
    (lambda: setattr(Imu(), 'orientation_covariance', np.array(['x'] * 9)), "dtype of 'numpy.float64'"),
    (lambda: setattr(ImageMarker(), 'points', np.zeros(3)), "'points' field"),
])
def test_a_numpy_array_that_does_not_fit_names_the_field(assign, words):
    with pytest.raises(AssertionError, match=words):
        assign()


def test_float32_keeps_infinity_and_nan():
    values = Float32MultiArray(data=np.array([np.inf, -np.inf, np.nan])).data
    assert values[0] == float('inf') and values[1] == float('-inf') and values[2] != values[2]
