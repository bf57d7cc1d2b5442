"""Quality of service: QoSProfile, the policy enums, ROS 2's preset profiles and compatibility.

Enum values and presets equal rmw's (rmw/types.h, rmw/qos_profiles.h) and rcl's
(rcl_action status, /rosout); durations left "unspecified" by rmw are ``Duration()`` here.
"""

from enum import Enum, IntEnum
from typing import Any, List, Optional, Tuple, Union
import warnings

from rclpy.duration import Duration, Infinite


class QoSPolicyKind(IntEnum):
    """
    The QoS policies a publisher or subscription can set.

    The values match rmw's ``rmw_qos_policy_kind_t`` (one bit each).
    """

    INVALID = 1 << 0
    DURABILITY = 1 << 1
    DEADLINE = 1 << 2
    LIVELINESS = 1 << 3
    RELIABILITY = 1 << 4
    HISTORY = 1 << 5
    LIFESPAN = 1 << 6
    DEPTH = 1 << 7
    LIVELINESS_LEASE_DURATION = 1 << 8
    AVOID_ROS_NAMESPACE_CONVENTIONS = 1 << 9


def qos_policy_name_from_kind(policy_kind: Union[QoSPolicyKind, int]) -> str:
    """Get a QoS policy's name from its :class:`QoSPolicyKind`."""
    return QoSPolicyKind(policy_kind).name


class InvalidQoSProfileException(Exception):
    """Raised when constructing a QoSProfile with invalid arguments."""

    def __init__(self, *args: Any) -> None:
        Exception.__init__(self, 'Invalid QoSProfile', *args)


class QoSPolicyEnum(IntEnum):
    """
    Base for QoS policy enumerations.

    Adds the short, lower-case names used by command line tools.
    """

    @classmethod
    def short_keys(cls) -> List[str]:
        """Return the lower-case names of all values."""
        return [name.lower() for name in cls.__members__]

    @classmethod
    def get_from_short_key(cls, name: str) -> int:
        """Return the value whose name is ``name``, case-insensitive."""
        return cls[name.upper()].value

    @property
    def short_key(self) -> str:
        """The lower-case name of this value."""
        return self.name.lower()


class HistoryPolicy(QoSPolicyEnum):
    """QoS history settings; values match ``rmw_qos_history_policy_e``."""

    SYSTEM_DEFAULT = 0
    KEEP_LAST = 1
    KEEP_ALL = 2
    UNKNOWN = 3


class ReliabilityPolicy(QoSPolicyEnum):
    """QoS reliability settings; values match ``rmw_qos_reliability_policy_e``."""

    SYSTEM_DEFAULT = 0
    RELIABLE = 1
    BEST_EFFORT = 2
    UNKNOWN = 3
    BEST_AVAILABLE = 4


class DurabilityPolicy(QoSPolicyEnum):
    """QoS durability settings; values match ``rmw_qos_durability_policy_e``."""

    SYSTEM_DEFAULT = 0
    TRANSIENT_LOCAL = 1
    VOLATILE = 2
    UNKNOWN = 3
    BEST_AVAILABLE = 4


class LivelinessPolicy(QoSPolicyEnum):
    """QoS liveliness settings; values match ``rmw_qos_liveliness_policy_e``."""

    SYSTEM_DEFAULT = 0
    AUTOMATIC = 1
    MANUAL_BY_TOPIC = 3
    UNKNOWN = 4
    BEST_AVAILABLE = 5


class _DeprecatedValueName:
    """Class attribute that returns a policy value under its old rmw-style name, with a warning."""

    def __init__(self, old_name: str, name: str) -> None:
        self._old_name = old_name
        self._name = name

    def __get__(self, instance: object, policy_cls: Any) -> QoSPolicyEnum:
        warnings.warn(f'{policy_cls.__name__}.{self._old_name} is deprecated. '
                      f'Use {policy_cls.__name__}.{self._name} instead.')
        return policy_cls[self._name]


def _add_deprecated_value_names(policy_cls: Any, prefix: str, names: List[str]) -> None:
    for name in names:
        setattr(policy_cls, prefix + name, _DeprecatedValueName(prefix + name, name))


_add_deprecated_value_names(HistoryPolicy, 'RMW_QOS_POLICY_HISTORY_',
                            ['SYSTEM_DEFAULT', 'KEEP_LAST', 'KEEP_ALL', 'UNKNOWN'])
_add_deprecated_value_names(ReliabilityPolicy, 'RMW_QOS_POLICY_RELIABILITY_',
                            ['SYSTEM_DEFAULT', 'RELIABLE', 'BEST_EFFORT', 'UNKNOWN'])
_add_deprecated_value_names(DurabilityPolicy, 'RMW_QOS_POLICY_DURABILITY_',
                            ['SYSTEM_DEFAULT', 'TRANSIENT_LOCAL', 'VOLATILE', 'UNKNOWN'])
_add_deprecated_value_names(LivelinessPolicy, 'RMW_QOS_POLICY_LIVELINESS_',
                            ['SYSTEM_DEFAULT', 'AUTOMATIC', 'MANUAL_BY_TOPIC'])
# rclpy spells liveliness' UNKNOWN alias with DURABILITY; kept for code that uses it.
_add_deprecated_value_names(LivelinessPolicy, 'RMW_QOS_POLICY_DURABILITY_', ['UNKNOWN'])

# The names rclpy used before the policies were renamed.
QoSHistoryPolicy = HistoryPolicy
QoSReliabilityPolicy = ReliabilityPolicy
QoSDurabilityPolicy = DurabilityPolicy
QoSLivelinessPolicy = LivelinessPolicy

#: Deadline that matches the majority of endpoints while being as strict as possible
#: (``RMW_QOS_DEADLINE_BEST_AVAILABLE``).
DeadlineBestAvailable = Duration(nanoseconds=Infinite.nanoseconds - 1)
#: Liveliness lease duration that matches the majority of endpoints while being as strict as
#: possible (``RMW_QOS_LIVELINESS_LEASE_DURATION_BEST_AVAILABLE``; the name's typo is rclpy's).
LivelinessLeaseDurationeBestAvailable = Duration(nanoseconds=Infinite.nanoseconds - 1)

# rmw_qos_profile_default, the base for settings a QoSProfile is not given.
_DEFAULTS = {
    'depth': 10,
    'reliability': ReliabilityPolicy.RELIABLE,
    'durability': DurabilityPolicy.VOLATILE,
    'lifespan': Duration(),
    'deadline': Duration(),
    'liveliness': LivelinessPolicy.SYSTEM_DEFAULT,
    'liveliness_lease_duration': Duration(),
    'avoid_ros_namespace_conventions': False,
}


class QoSProfile:
    """Define Quality of Service policies."""

    __slots__ = [
        '_history',
        '_depth',
        '_reliability',
        '_durability',
        '_lifespan',
        '_deadline',
        '_liveliness',
        '_liveliness_lease_duration',
        '_avoid_ros_namespace_conventions',
    ]

    def __init__(self, *,
                 history: Union[HistoryPolicy, int, None] = None,
                 depth: Optional[int] = None,
                 reliability: Union[ReliabilityPolicy, int, None] = None,
                 durability: Union[DurabilityPolicy, int, None] = None,
                 lifespan: Optional[Duration] = None,
                 deadline: Optional[Duration] = None,
                 liveliness: Union[LivelinessPolicy, int, None] = None,
                 liveliness_lease_duration: Optional[Duration] = None,
                 avoid_ros_namespace_conventions: Optional[bool] = None) -> None:
        """
        Create a QoS profile; settings not given take rmw's default profile values.

        A history or a depth is required; a depth alone means ``KEEP_LAST``.

        :param history: history policy.
        :param depth: queue depth, used with ``KEEP_LAST``.
        :param reliability: reliability policy (default ``RELIABLE``).
        :param durability: durability policy (default ``VOLATILE``).
        :param lifespan: how long a sample stays valid (default unspecified, ``Duration()``).
        :param deadline: expected maximum period between samples (default unspecified).
        :param liveliness: liveliness policy (default ``SYSTEM_DEFAULT``).
        :param liveliness_lease_duration: liveliness lease (default unspecified).
        :param avoid_ros_namespace_conventions: use the topic name as the DDS topic name.
        :raises InvalidQoSProfileException: if neither history nor depth is given, or history
            is ``KEEP_LAST`` without a depth.
        """
        if history is None:
            if depth is None:
                raise InvalidQoSProfileException('History and/or depth settings are required.')
            history = HistoryPolicy.KEEP_LAST
        self.history = history
        if self.history == HistoryPolicy.KEEP_LAST and depth is None:
            raise InvalidQoSProfileException('History set to KEEP_LAST without a depth setting.')

        def given_or_default(name: str, value: Any) -> Any:
            return _DEFAULTS[name] if value is None else value

        self.depth = given_or_default('depth', depth)
        self.reliability = given_or_default('reliability', reliability)
        self.durability = given_or_default('durability', durability)
        self.lifespan = given_or_default('lifespan', lifespan)
        self.deadline = given_or_default('deadline', deadline)
        self.liveliness = given_or_default('liveliness', liveliness)
        self.liveliness_lease_duration = given_or_default(
            'liveliness_lease_duration', liveliness_lease_duration)
        self.avoid_ros_namespace_conventions = given_or_default(
            'avoid_ros_namespace_conventions', avoid_ros_namespace_conventions)

    # Setters check types with assert, as rclpy does (AssertionError on a wrong type).

    @property
    def history(self) -> HistoryPolicy:
        """
        Get field 'history'.

        :returns: history attribute
        :rtype: HistoryPolicy
        """
        return self._history

    @history.setter
    def history(self, value: Union[HistoryPolicy, int]) -> None:
        assert isinstance(value, (HistoryPolicy, int))
        self._history = HistoryPolicy(value)

    @property
    def depth(self) -> int:
        """
        Get field 'depth'.

        :returns: depth attribute
        :rtype: int
        """
        return self._depth

    @depth.setter
    def depth(self, value: int) -> None:
        assert isinstance(value, int)
        if self.history == HistoryPolicy.KEEP_LAST and value == 0:
            warnings.warn(
                "A zero depth with KEEP_LAST doesn't make sense; no data could be stored. "
                'This will be interpreted as SYSTEM_DEFAULT')
        self._depth = value

    @property
    def reliability(self) -> ReliabilityPolicy:
        """
        Get field 'reliability'.

        :returns: reliability attribute
        :rtype: ReliabilityPolicy
        """
        return self._reliability

    @reliability.setter
    def reliability(self, value: Union[ReliabilityPolicy, int]) -> None:
        assert isinstance(value, (ReliabilityPolicy, int))
        self._reliability = ReliabilityPolicy(value)

    @property
    def durability(self) -> DurabilityPolicy:
        """
        Get field 'durability'.

        :returns: durability attribute
        :rtype: DurabilityPolicy
        """
        return self._durability

    @durability.setter
    def durability(self, value: Union[DurabilityPolicy, int]) -> None:
        assert isinstance(value, (DurabilityPolicy, int))
        self._durability = DurabilityPolicy(value)

    @property
    def lifespan(self) -> Duration:
        """
        Get field 'lifespan'.

        :returns: lifespan attribute
        :rtype: Duration
        """
        return self._lifespan

    @lifespan.setter
    def lifespan(self, value: Duration) -> None:
        assert isinstance(value, Duration)
        self._lifespan = value

    @property
    def deadline(self) -> Duration:
        """
        Get field 'deadline'.

        :returns: deadline attribute
        :rtype: Duration
        """
        return self._deadline

    @deadline.setter
    def deadline(self, value: Duration) -> None:
        assert isinstance(value, Duration)
        self._deadline = value

    @property
    def liveliness(self) -> LivelinessPolicy:
        """
        Get field 'liveliness'.

        :returns: liveliness attribute
        :rtype: LivelinessPolicy
        """
        return self._liveliness

    @liveliness.setter
    def liveliness(self, value: Union[LivelinessPolicy, int]) -> None:
        assert isinstance(value, (LivelinessPolicy, int))
        self._liveliness = LivelinessPolicy(value)

    @property
    def liveliness_lease_duration(self) -> Duration:
        """
        Get field 'liveliness_lease_duration'.

        :returns: liveliness_lease_duration attribute
        :rtype: Duration
        """
        return self._liveliness_lease_duration

    @liveliness_lease_duration.setter
    def liveliness_lease_duration(self, value: Duration) -> None:
        assert isinstance(value, Duration)
        self._liveliness_lease_duration = value

    @property
    def avoid_ros_namespace_conventions(self) -> bool:
        """
        Get field 'avoid_ros_namespace_conventions'.

        :returns: avoid_ros_namespace_conventions attribute
        :rtype: bool
        """
        return self._avoid_ros_namespace_conventions

    @avoid_ros_namespace_conventions.setter
    def avoid_ros_namespace_conventions(self, value: bool) -> None:
        assert isinstance(value, bool)
        self._avoid_ros_namespace_conventions = value

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, QoSProfile):
            return False
        return all(getattr(self, slot) == getattr(other, slot) for slot in self.__slots__)

    # Mutable and compared by value, so not hashable (as in rclpy).
    __hash__ = None  # type: ignore[assignment]

    def __str__(self) -> str:
        fields = ', '.join(f'{slot[1:]}={getattr(self, slot)}' for slot in self.__slots__)
        return f'{type(self).__name__}({fields})'

    def __repr__(self) -> str:
        def show(value: object) -> str:
            if isinstance(value, Enum):
                return f'{type(value).__name__}.{value.name}'
            return repr(value)
        fields = ', '.join(f'{slot[1:]}={show(getattr(self, slot))}' for slot in self.__slots__)
        return f'{type(self).__name__}({fields})'


def _qos_from_arg(qos_or_depth: Union[QoSProfile, int]) -> QoSProfile:
    """
    Turn the ``qos_profile`` argument of Node's create_* methods into a profile.

    An int ``N`` means ``QoSProfile(depth=N)``: keep-last N, otherwise rmw's default settings.

    :raises ValueError: if the depth is negative.
    :raises TypeError: if the argument is neither a :class:`QoSProfile` nor an int.
    """
    if isinstance(qos_or_depth, QoSProfile):
        return qos_or_depth
    if isinstance(qos_or_depth, int):
        if qos_or_depth < 0:
            raise ValueError('history depth must be greater than or equal to zero')
        return QoSProfile(depth=qos_or_depth)
    raise TypeError(f'Expected QoSProfile or int, but received {type(qos_or_depth)!r}')


# Preset profiles.  The details are in ROS 2's QoS design article and rmw/qos_profiles.h.

#: Used for initialization. Should not be used as the actual QoS profile.
qos_profile_unknown = QoSProfile(
    history=HistoryPolicy.UNKNOWN, depth=0, reliability=ReliabilityPolicy.UNKNOWN,
    durability=DurabilityPolicy.UNKNOWN, liveliness=LivelinessPolicy.UNKNOWN)
#: rmw's default profile: keep last 10, reliable, volatile.
qos_profile_default = QoSProfile(depth=10)
#: Uses the default QoS settings defined in the DDS vendor tool.
qos_profile_system_default = QoSProfile(
    history=HistoryPolicy.SYSTEM_DEFAULT, depth=0,
    reliability=ReliabilityPolicy.SYSTEM_DEFAULT, durability=DurabilityPolicy.SYSTEM_DEFAULT)
#: For sensor data, using best effort reliability and small queue depth.
qos_profile_sensor_data = QoSProfile(
    depth=5, reliability=ReliabilityPolicy.BEST_EFFORT, durability=DurabilityPolicy.VOLATILE)
#: For services, using reliable reliability and volatile durability.
qos_profile_services_default = QoSProfile(
    depth=10, reliability=ReliabilityPolicy.RELIABLE, durability=DurabilityPolicy.VOLATILE)
#: For parameter communication. Similar to service QoS profile but with larger
#: queue depth so that requests do not get lost.
qos_profile_parameters = QoSProfile(
    depth=1000, reliability=ReliabilityPolicy.RELIABLE, durability=DurabilityPolicy.VOLATILE)
#: For parameter change events. Currently same as the QoS profile for parameters.
qos_profile_parameter_events = QoSProfile(
    depth=1000, reliability=ReliabilityPolicy.RELIABLE, durability=DurabilityPolicy.VOLATILE)
#: Match the majority of endpoints currently available while keeping the highest level of
#: service.  Policies are chosen when the endpoint is created, so races with discovery can
#: give different results; use with care.
qos_profile_best_available = QoSProfile(
    depth=10, reliability=ReliabilityPolicy.BEST_AVAILABLE,
    durability=DurabilityPolicy.BEST_AVAILABLE, deadline=DeadlineBestAvailable,
    liveliness=LivelinessPolicy.BEST_AVAILABLE,
    liveliness_lease_duration=LivelinessLeaseDurationeBestAvailable)
#: For /rosout (rcl): keep last 1000, reliable, transient local, 10 s lifespan.
qos_profile_rosout_default = QoSProfile(
    depth=1000, reliability=ReliabilityPolicy.RELIABLE,
    durability=DurabilityPolicy.TRANSIENT_LOCAL, lifespan=Duration(seconds=10))
#: For action status topics (rcl_action): keep last 1, reliable, transient local.
qos_profile_action_status_default = QoSProfile(
    depth=1, reliability=ReliabilityPolicy.RELIABLE,
    durability=DurabilityPolicy.TRANSIENT_LOCAL)


class QoSPresetProfiles(Enum):
    """The preset profiles by name, as command line tools offer them."""

    UNKNOWN = qos_profile_unknown
    DEFAULT = qos_profile_default
    SYSTEM_DEFAULT = qos_profile_system_default
    SENSOR_DATA = qos_profile_sensor_data
    SERVICES_DEFAULT = qos_profile_services_default
    PARAMETERS = qos_profile_parameters
    PARAMETER_EVENTS = qos_profile_parameter_events
    ACTION_STATUS_DEFAULT = qos_profile_action_status_default
    BEST_AVAILABLE = qos_profile_best_available

    @classmethod
    def short_keys(cls) -> List[str]:
        """Return the lower-case names of all presets."""
        return [name.lower() for name in cls.__members__]

    @classmethod
    def get_from_short_key(cls, name: str) -> QoSProfile:
        """Return the preset whose name is ``name``, case-insensitive."""
        return cls[name.upper()].value


class QoSCompatibility(IntEnum):
    """Result of a QoS compatibility check; values match ``rmw_qos_compatibility_type_t``."""

    OK = 0
    WARNING = 1
    ERROR = 2


def qos_check_compatible(publisher_qos: QoSProfile,
                         subscription_qos: QoSProfile) -> Tuple[QoSCompatibility, str]:
    """
    Check if two QoS profiles are compatible.

    Two QoS profiles are compatible if a publisher and subscription using them can
    communicate with each other.  If a policy is "system default" or "unknown", compatibility
    may not be decidable; the result is then :attr:`QoSCompatibility.WARNING`.
    Follows rmw_dds_common's rules and reason texts.

    :param publisher_qos: the publisher's profile.
    :param subscription_qos: the subscription's profile.
    :return: the compatibility and the reasons, each ending with ``;``.
    """
    pub, sub = publisher_qos, subscription_qos
    reasons: List[str] = []
    unspecified = Duration()

    if (pub.reliability == ReliabilityPolicy.BEST_EFFORT and
            sub.reliability == ReliabilityPolicy.RELIABLE):
        reasons.append('ERROR: Best effort publisher and reliable subscription;')
    if (pub.durability == DurabilityPolicy.VOLATILE and
            sub.durability == DurabilityPolicy.TRANSIENT_LOCAL):
        reasons.append('ERROR: Volatile publisher and transient local subscription;')
    if pub.deadline == unspecified and sub.deadline != unspecified:
        reasons.append('ERROR: Subscription has a deadline, but publisher does not;')
    if (pub.deadline != unspecified and sub.deadline != unspecified and
            sub.deadline < pub.deadline):
        reasons.append('ERROR: Subscription deadline is less than publisher deadline;')
    if (pub.liveliness == LivelinessPolicy.AUTOMATIC and
            sub.liveliness == LivelinessPolicy.MANUAL_BY_TOPIC):
        reasons.append("ERROR: Publisher's liveliness is automatic and subscription's is "
                       'manual by topic;')
    pub_lease, sub_lease = pub.liveliness_lease_duration, sub.liveliness_lease_duration
    if pub_lease == unspecified and sub_lease != unspecified:
        reasons.append(
            'ERROR: Subscription has a liveliness lease duration, but publisher does not;')
    if pub_lease != unspecified and sub_lease != unspecified and sub_lease < pub_lease:
        reasons.append('ERROR: Subscription liveliness lease duration is less than publisher;')
    if reasons:
        return QoSCompatibility.ERROR, ''.join(reasons)

    reasons.extend(_compatibility_warnings(pub, sub))
    if reasons:
        return QoSCompatibility.WARNING, ''.join(reasons)
    return QoSCompatibility.OK, ''


def _policy_str(value: QoSPolicyEnum) -> str:
    # rmw_qos_*_policy_to_str: the lower-case name, or "unknown" for UNKNOWN.
    return 'unknown' if value.name == 'UNKNOWN' else value.short_key


def _compatibility_warnings(pub: QoSProfile, sub: QoSProfile) -> List[str]:
    """Return rmw_dds_common's warnings for policies that cannot be judged."""
    def unknown(value: QoSPolicyEnum) -> bool:
        return value.name in ('SYSTEM_DEFAULT', 'UNKNOWN')

    warnings_found: List[str] = []

    pub_r, sub_r = pub.reliability, sub.reliability
    if unknown(pub_r) and unknown(sub_r):
        warnings_found.append(
            f'WARNING: Publisher reliability is {_policy_str(pub_r)} and subscription '
            f'reliability is {_policy_str(sub_r)};')
    elif unknown(pub_r) and sub_r == ReliabilityPolicy.RELIABLE:
        warnings_found.append(
            f'WARNING: Reliable subscription, but publisher is {_policy_str(pub_r)};')
    elif pub_r == ReliabilityPolicy.BEST_EFFORT and unknown(sub_r):
        warnings_found.append(
            f'WARNING: Best effort publisher, but subscription is {_policy_str(sub_r)};')

    pub_d, sub_d = pub.durability, sub.durability
    if unknown(pub_d) and unknown(sub_d):
        # "durabilty" is spelled as rmw_dds_common spells it.
        warnings_found.append(
            f'WARNING: Publisher durabilty is {_policy_str(pub_d)} and subscription '
            f'durability is {_policy_str(sub_d)};')
    elif unknown(pub_d) and sub_d == DurabilityPolicy.TRANSIENT_LOCAL:
        warnings_found.append(
            f'WARNING: Transient local subscription, but publisher is {_policy_str(pub_d)};')
    elif pub_d == DurabilityPolicy.VOLATILE and unknown(sub_d):
        warnings_found.append(
            f'WARNING: Volatile publisher, but subscription is {_policy_str(sub_d)};')

    pub_l, sub_l = pub.liveliness, sub.liveliness
    if unknown(pub_l) and unknown(sub_l):
        warnings_found.append(
            f'WARNING: Publisher liveliness is {_policy_str(pub_l)} and subscription '
            f'liveliness is {_policy_str(sub_l)};')
    elif unknown(pub_l) and sub_l == LivelinessPolicy.MANUAL_BY_TOPIC:
        warnings_found.append(
            "WARNING: Subscription's liveliness is manual by topic, but publisher's is "
            f'{_policy_str(pub_l)};')
    elif pub_l == LivelinessPolicy.AUTOMATIC and unknown(sub_l):
        warnings_found.append(
            "WARNING: Publisher's liveliness is automatic, but subscription's is "
            f'{_policy_str(sub_l)};')
    return warnings_found
