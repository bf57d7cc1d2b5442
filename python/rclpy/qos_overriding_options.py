"""rclpy.qos_overriding_options: QoS policies of publishers and subscriptions set by read-only parameters."""

from typing import Callable, Iterable, List, Optional, Text, Type, TYPE_CHECKING, Union

from rcl_interfaces.msg import ParameterDescriptor, SetParametersResult

from rclpy.duration import Duration
from rclpy.exceptions import ParameterAlreadyDeclaredException
from rclpy.parameter import Parameter
from rclpy.publisher import Publisher
from rclpy import qos as _qos
from rclpy.qos import QoSPolicyKind, QoSProfile
from rclpy.subscription import Subscription

if TYPE_CHECKING:
    from rclpy.node import Node

__all__ = ['InvalidQosOverridesError', 'QosCallbackResult', 'QosCallbackType', 'QoSOverridingOptions']


class InvalidQosOverridesError(Exception):
    """The validation callback rejected the QoS profile that the overrides produced."""


#: What a QoS validation callback returns.
QosCallbackResult = SetParametersResult
#: A QoS validation callback: takes the overridden profile.
QosCallbackType = Callable[[QoSProfile], QosCallbackResult]

# Policies whose parameter holds the lower-case name of an enum value, and the enum.
_ENUM_POLICIES = {
    QoSPolicyKind.HISTORY: _qos.HistoryPolicy,
    QoSPolicyKind.RELIABILITY: _qos.ReliabilityPolicy,
    QoSPolicyKind.DURABILITY: _qos.DurabilityPolicy,
    QoSPolicyKind.LIVELINESS: _qos.LivelinessPolicy,
}
# Policies whose parameter holds nanoseconds.
_DURATION_POLICIES = (QoSPolicyKind.DEADLINE, QoSPolicyKind.LIFESPAN, QoSPolicyKind.LIVELINESS_LEASE_DURATION)


class QoSOverridingOptions:
    """Options to customize QoS parameter overrides."""

    def __init__(self, policy_kinds: Iterable[QoSPolicyKind], *,
                 callback: Optional[QosCallbackType] = None, entity_id: Optional[Text] = None) -> None:
        """
        Construct a QoSOverridingOptions object.

        :param policy_kinds: the QoS policies that get a parameter.
        :param callback: validates the QoS profile after the overrides were applied.
        :param entity_id: tells apart several publishers or subscriptions of one topic that need
            different policies.
        """
        self._policy_kinds = policy_kinds
        self._callback = callback
        self._entity_id = entity_id

    @property
    def policy_kinds(self) -> Iterable[QoSPolicyKind]:
        """The QoS policies that get a parameter."""
        return self._policy_kinds

    @property
    def callback(self) -> Optional[QosCallbackType]:
        """The validation callback."""
        return self._callback

    @property
    def entity_id(self) -> Optional[Text]:
        """The optional entity id."""
        return self._entity_id

    @classmethod
    def with_default_policies(cls, *, callback: Optional[QosCallbackType] = None,
                              entity_id: Optional[Text] = None) -> 'QoSOverridingOptions':
        """Options for the history, depth and reliability policies."""
        return cls(policy_kinds=(QoSPolicyKind.HISTORY, QoSPolicyKind.DEPTH, QoSPolicyKind.RELIABILITY),
                   callback=callback, entity_id=entity_id)


def _declare_qos_parameters(entity_type: Union[Type[Publisher], Type[Subscription]], node: 'Node',
                            topic_name: Text, qos: QoSProfile, options: QoSOverridingOptions) -> None:
    """
    Declare the QoS parameters of a publisher or subscription and apply their values to `qos`.

    The parameters are ``qos_overrides.<topic>.<publisher|subscription>[_<entity_id>].<policy>``,
    read-only, with the profile's value as default (so ``-p`` and parameter files override it).

    :param entity_type: Publisher or Subscription (or a subclass).
    :param node: the node that declares the parameters.
    :param topic_name: the fully qualified topic name.
    :param qos: the profile to override (changed in place).
    :param options: which policies get parameters, and the validation callback.
    :raises InvalidQosOverridesError: if the callback rejects the overridden profile.
    """
    if not issubclass(entity_type, (Publisher, Subscription)):
        raise TypeError('Argument `entity_type` should be a subclass of Publisher or Subscription')
    kind = 'publisher' if issubclass(entity_type, Publisher) else 'subscription'
    suffix = '' if options.entity_id is None else '_' + options.entity_id
    prefix = 'qos_overrides.{}.{}{}.'.format(topic_name, kind, suffix)
    what = ' for {} `{}` with id `{}`'.format(kind, topic_name, options.entity_id)
    allowed = _get_allowed_policies(entity_type)
    for policy in options.policy_kinds:
        if policy not in allowed:
            continue
        policy_name = policy.name.lower()
        descriptor = ParameterDescriptor(description=policy_name + what, read_only=True)
        try:
            param = node.declare_parameter(prefix + policy_name, _get_qos_policy_parameter(qos, policy),
                                           descriptor)
        except ParameterAlreadyDeclaredException:
            param = node.get_parameter(prefix + policy_name)
        _override_qos_policy_with_param(qos, policy, param)
    if options.callback is not None:
        result = options.callback(qos)
        if not result.successful:
            raise InvalidQosOverridesError(
                'Provided QoS overrides{}, are not valid: {}'.format(what, result.reason))


def _get_allowed_policies(entity_type: Union[Type[Publisher], Type[Subscription]]) -> List[QoSPolicyKind]:
    """Every policy kind, except lifespan for a subscription."""
    allowed = list(QoSPolicyKind.__members__.values())
    if issubclass(entity_type, Subscription):
        allowed.remove(QoSPolicyKind.LIFESPAN)
    return allowed


def _get_qos_policy_parameter(qos: QoSProfile, policy: QoSPolicyKind) -> Union[str, int, bool]:
    """The parameter value of a policy: an enum's lower-case name, nanoseconds, or the value itself."""
    value = getattr(qos, policy.name.lower())
    if isinstance(value, _qos.QoSPolicyEnum):
        name = value.name.lower()
        if name == 'unknown':
            raise ValueError('User provided QoS profile is invalid')
        return name
    if isinstance(value, Duration):
        return value.nanoseconds
    return value


def _override_qos_policy_with_param(qos: QoSProfile, policy: QoSPolicyKind, param: Parameter) -> None:
    """Set a policy of `qos` from its parameter's value."""
    value = param.value
    enum = _ENUM_POLICIES.get(policy)
    if enum is not None:
        try:
            value = enum[value.upper()]
        except KeyError:
            raise RuntimeError('Unexpected QoS override for policy `{}`: `{}`'.format(
                policy.name.lower(), value)) from None
    elif policy in _DURATION_POLICIES:
        value = Duration(nanoseconds=value)
    setattr(qos, policy.name.lower(), value)
