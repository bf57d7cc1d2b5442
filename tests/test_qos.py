"""Tests for rclpy.qos: QoSProfile rules, policy enums, presets and compatibility checks."""

import warnings

import pytest

from rclpy.duration import Duration
from rclpy.qos import (
    _qos_from_arg,
    DeadlineBestAvailable,
    DurabilityPolicy,
    HistoryPolicy,
    InvalidQoSProfileException,
    LivelinessLeaseDurationeBestAvailable,
    LivelinessPolicy,
    qos_check_compatible,
    qos_policy_name_from_kind,
    qos_profile_action_status_default,
    qos_profile_best_available,
    qos_profile_default,
    qos_profile_parameter_events,
    qos_profile_parameters,
    qos_profile_rosout_default,
    qos_profile_sensor_data,
    qos_profile_services_default,
    qos_profile_system_default,
    qos_profile_unknown,
    QoSCompatibility,
    QoSDurabilityPolicy,
    QoSHistoryPolicy,
    QoSLivelinessPolicy,
    QoSPolicyKind,
    QoSPresetProfiles,
    QoSProfile,
    QoSReliabilityPolicy,
    ReliabilityPolicy,
)


def profile_tuple(p: QoSProfile):
    return (p.history, p.depth, p.reliability, p.durability, p.lifespan.nanoseconds,
            p.deadline.nanoseconds, p.liveliness, p.liveliness_lease_duration.nanoseconds,
            p.avoid_ros_namespace_conventions)


def test_policy_values_equal_rmw():
    assert [int(v) for v in HistoryPolicy] == [0, 1, 2, 3]
    assert (ReliabilityPolicy.SYSTEM_DEFAULT, ReliabilityPolicy.RELIABLE,
            ReliabilityPolicy.BEST_EFFORT, ReliabilityPolicy.UNKNOWN,
            ReliabilityPolicy.BEST_AVAILABLE) == (0, 1, 2, 3, 4)
    assert (DurabilityPolicy.SYSTEM_DEFAULT, DurabilityPolicy.TRANSIENT_LOCAL,
            DurabilityPolicy.VOLATILE, DurabilityPolicy.UNKNOWN,
            DurabilityPolicy.BEST_AVAILABLE) == (0, 1, 2, 3, 4)
    assert (LivelinessPolicy.SYSTEM_DEFAULT, LivelinessPolicy.AUTOMATIC,
            LivelinessPolicy.MANUAL_BY_TOPIC, LivelinessPolicy.UNKNOWN,
            LivelinessPolicy.BEST_AVAILABLE) == (0, 1, 3, 4, 5)
    assert QoSHistoryPolicy is HistoryPolicy
    assert QoSReliabilityPolicy is ReliabilityPolicy
    assert QoSDurabilityPolicy is DurabilityPolicy
    assert QoSLivelinessPolicy is LivelinessPolicy


def test_policy_kind():
    assert QoSPolicyKind.RELIABILITY == 16
    assert QoSPolicyKind.AVOID_ROS_NAMESPACE_CONVENTIONS == 512
    assert qos_policy_name_from_kind(2) == 'DURABILITY'


def test_short_keys():
    assert ReliabilityPolicy.short_keys() == [
        'system_default', 'reliable', 'best_effort', 'unknown', 'best_available']
    assert HistoryPolicy.KEEP_ALL.short_key == 'keep_all'
    assert ReliabilityPolicy.get_from_short_key('Best_Effort') == 2
    assert DurabilityPolicy.get_from_short_key('transient_local') == 1
    with pytest.raises(KeyError):
        LivelinessPolicy.get_from_short_key('nope')
    assert 'sensor_data' in QoSPresetProfiles.short_keys()
    assert QoSPresetProfiles.get_from_short_key('SENSOR_DATA') == qos_profile_sensor_data


def test_deprecated_value_names_warn():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        value = ReliabilityPolicy.RMW_QOS_POLICY_RELIABILITY_BEST_EFFORT
    assert value is ReliabilityPolicy.BEST_EFFORT
    assert 'RMW_QOS_POLICY_RELIABILITY_BEST_EFFORT is deprecated' in str(caught[0].message)
    assert 'rmw_qos_policy_history_keep_last' not in HistoryPolicy.short_keys()


def test_depth_only_means_keep_last_with_defaults():
    p = QoSProfile(depth=7)
    assert profile_tuple(p) == (HistoryPolicy.KEEP_LAST, 7, ReliabilityPolicy.RELIABLE,
                                DurabilityPolicy.VOLATILE, 0, 0,
                                LivelinessPolicy.SYSTEM_DEFAULT, 0, False)
    assert isinstance(p.lifespan, Duration)


def test_history_or_depth_required():
    with pytest.raises(InvalidQoSProfileException) as e:
        QoSProfile()
    assert e.value.args == ('Invalid QoSProfile', 'History and/or depth settings are required.')
    with pytest.raises(InvalidQoSProfileException, match='KEEP_LAST without a depth'):
        QoSProfile(history=HistoryPolicy.KEEP_LAST)
    keep_all = QoSProfile(history=HistoryPolicy.KEEP_ALL)
    assert keep_all.depth == 10


def test_constructor_is_keyword_only():
    with pytest.raises(TypeError):
        QoSProfile(HistoryPolicy.KEEP_LAST, 10)  # type: ignore[misc]
    with pytest.raises(TypeError):
        QoSProfile(depth=1, queue_size=3)  # type: ignore[call-arg]


def test_keep_last_zero_depth_warns():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        QoSProfile(depth=0)
        QoSProfile(history=HistoryPolicy.KEEP_ALL, depth=0)
    assert len(caught) == 1
    assert "A zero depth with KEEP_LAST doesn't make sense" in str(caught[0].message)


def test_setters_convert_and_check():
    p = QoSProfile(depth=1)
    p.reliability = 2
    assert p.reliability is ReliabilityPolicy.BEST_EFFORT
    p.history = HistoryPolicy.KEEP_ALL
    with pytest.raises(ValueError):
        p.durability = 42
    with pytest.raises(AssertionError):
        p.lifespan = 5  # type: ignore[assignment]
    with pytest.raises(AssertionError):
        p.avoid_ros_namespace_conventions = 1  # type: ignore[assignment]
    with pytest.raises(AttributeError):
        p.queue = 1  # type: ignore[attr-defined]


def test_eq_and_repr():
    a = QoSProfile(depth=10)
    b = QoSProfile(history=HistoryPolicy.KEEP_LAST, depth=10,
                   reliability=ReliabilityPolicy.RELIABLE)
    assert a == b
    b.deadline = Duration(seconds=1)
    assert a != b
    assert a != 'not a profile'
    assert a == qos_profile_default
    assert repr(a).startswith('QoSProfile(history=HistoryPolicy.KEEP_LAST, depth=10, '
                              'reliability=ReliabilityPolicy.RELIABLE')
    assert 'lifespan=Duration(nanoseconds=0)' in repr(a)
    assert str(a).startswith('QoSProfile(history=')
    assert 'avoid_ros_namespace_conventions=False' in str(a)


@pytest.mark.parametrize('profile, expected', [
    (qos_profile_default, (1, 10, 1, 2)),
    (qos_profile_sensor_data, (1, 5, 2, 2)),
    (qos_profile_parameters, (1, 1000, 1, 2)),
    (qos_profile_services_default, (1, 10, 1, 2)),
    (qos_profile_parameter_events, (1, 1000, 1, 2)),
    (qos_profile_action_status_default, (1, 1, 1, 1)),
    (qos_profile_rosout_default, (1, 1000, 1, 1)),
    (qos_profile_system_default, (0, 0, 0, 0)),
    (qos_profile_unknown, (3, 0, 3, 3)),
])
def test_presets_equal_ros2(profile, expected):
    assert (profile.history, profile.depth, profile.reliability, profile.durability) == expected
    assert profile.deadline == Duration()
    assert profile.liveliness_lease_duration == Duration()
    assert profile.avoid_ros_namespace_conventions is False


def test_preset_durations_and_liveliness():
    assert qos_profile_rosout_default.lifespan == Duration(seconds=10)
    assert qos_profile_sensor_data.lifespan == Duration()
    assert qos_profile_unknown.liveliness == LivelinessPolicy.UNKNOWN
    assert qos_profile_default.liveliness == LivelinessPolicy.SYSTEM_DEFAULT
    assert qos_profile_best_available.reliability == ReliabilityPolicy.BEST_AVAILABLE
    assert qos_profile_best_available.deadline == DeadlineBestAvailable
    assert DeadlineBestAvailable.nanoseconds == 2**63 - 2
    assert LivelinessLeaseDurationeBestAvailable.nanoseconds == 2**63 - 2
    assert QoSPresetProfiles.SENSOR_DATA.value is qos_profile_sensor_data
    assert QoSPresetProfiles.ACTION_STATUS_DEFAULT.value is qos_profile_action_status_default


def test_qos_from_arg():
    assert _qos_from_arg(qos_profile_sensor_data) is qos_profile_sensor_data
    p = _qos_from_arg(3)
    assert profile_tuple(p) == profile_tuple(QoSProfile(depth=3))
    with pytest.raises(ValueError, match='history depth must be greater than or equal to zero'):
        _qos_from_arg(-1)
    with pytest.raises(TypeError, match=r"Expected QoSProfile or int, but received <class 'str'>"):
        _qos_from_arg('10')  # type: ignore[arg-type]


def test_compatibility_ok_and_errors():
    automatic = QoSProfile(depth=10, liveliness=LivelinessPolicy.AUTOMATIC)
    assert qos_check_compatible(automatic, automatic) == (QoSCompatibility.OK, '')
    # As in ROS 2, two default profiles only warn: their liveliness is "system default".
    assert qos_check_compatible(qos_profile_default, qos_profile_default) == (
        QoSCompatibility.WARNING,
        'WARNING: Publisher liveliness is system_default and subscription liveliness is '
        'system_default;')
    assert qos_check_compatible(qos_profile_sensor_data, qos_profile_parameter_events) == (
        QoSCompatibility.ERROR, 'ERROR: Best effort publisher and reliable subscription;')
    sub = QoSProfile(depth=1, durability=DurabilityPolicy.TRANSIENT_LOCAL,
                     deadline=Duration(seconds=1))
    compatibility, reason = qos_check_compatible(qos_profile_default, sub)
    assert compatibility == QoSCompatibility.ERROR
    assert reason == ('ERROR: Volatile publisher and transient local subscription;'
                      'ERROR: Subscription has a deadline, but publisher does not;')
    pub = QoSProfile(depth=1, deadline=Duration(seconds=2),
                     liveliness=LivelinessPolicy.AUTOMATIC,
                     liveliness_lease_duration=Duration(seconds=2))
    sub = QoSProfile(depth=1, deadline=Duration(seconds=1),
                     liveliness=LivelinessPolicy.MANUAL_BY_TOPIC,
                     liveliness_lease_duration=Duration(seconds=1))
    assert qos_check_compatible(pub, sub)[1] == (
        'ERROR: Subscription deadline is less than publisher deadline;'
        "ERROR: Publisher's liveliness is automatic and subscription's is manual by topic;"
        'ERROR: Subscription liveliness lease duration is less than publisher;')


def test_compatibility_warnings():
    compatibility, reason = qos_check_compatible(qos_profile_system_default,
                                                 qos_profile_default)
    assert compatibility == QoSCompatibility.WARNING
    assert reason == ('WARNING: Reliable subscription, but publisher is system_default;'
                      'WARNING: Publisher liveliness is system_default and subscription '
                      'liveliness is system_default;')
    pub = QoSProfile(depth=1, reliability=ReliabilityPolicy.BEST_EFFORT,
                     liveliness=LivelinessPolicy.AUTOMATIC)
    sub = QoSProfile(depth=1, reliability=ReliabilityPolicy.UNKNOWN,
                     durability=DurabilityPolicy.SYSTEM_DEFAULT,
                     liveliness=LivelinessPolicy.AUTOMATIC)
    assert qos_check_compatible(pub, sub) == (
        QoSCompatibility.WARNING,
        'WARNING: Best effort publisher, but subscription is unknown;'
        'WARNING: Volatile publisher, but subscription is system_default;')
