"""TopicEndpointInfo: one publisher or subscription on a topic, as the graph reports it."""

from enum import IntEnum
from typing import Any, Dict, List, Union

from rclpy.qos import HistoryPolicy, QoSProfile, qos_profile_unknown
from rclpy.type_hash import TypeHash

__all__ = ['TopicEndpointInfo', 'TopicEndpointTypeEnum']


class TopicEndpointTypeEnum(IntEnum):
    """The kind of a topic endpoint (values as rmw_endpoint_type_t)."""

    INVALID = 0
    PUBLISHER = 1
    SUBSCRIPTION = 2


class TopicEndpointInfo:
    """Information about a publisher or subscription: its node, type, gid and QoS."""

    __slots__ = [
        '_node_name',
        '_node_namespace',
        '_topic_type',
        '_topic_type_hash',
        '_endpoint_type',
        '_endpoint_gid',
        '_qos_profile',
    ]

    def __init__(self, **kwargs: Any) -> None:
        assert all('_' + key in self.__slots__ for key in kwargs.keys()), \
            'Invalid arguments passed to constructor: %r' % kwargs.keys()
        self.node_name = kwargs.get('node_name', '')
        self.node_namespace = kwargs.get('node_namespace', '')
        self.topic_type = kwargs.get('topic_type', '')
        self.topic_type_hash = kwargs.get('topic_type_hash', TypeHash())
        self.endpoint_type = kwargs.get('endpoint_type', TopicEndpointTypeEnum.INVALID)
        self.endpoint_gid = kwargs.get('endpoint_gid', [])
        self.qos_profile = kwargs.get('qos_profile', qos_profile_unknown)

    @property
    def node_name(self) -> str:
        """The name of the node the endpoint belongs to."""
        return self._node_name

    @node_name.setter
    def node_name(self, value: str) -> None:
        assert isinstance(value, str)
        self._node_name = value

    @property
    def node_namespace(self) -> str:
        """The namespace of the node the endpoint belongs to."""
        return self._node_namespace

    @node_namespace.setter
    def node_namespace(self, value: str) -> None:
        assert isinstance(value, str)
        self._node_namespace = value

    @property
    def topic_type(self) -> str:
        """The topic's type, e.g. 'std_msgs/msg/String'."""
        return self._topic_type

    @topic_type.setter
    def topic_type(self, value: str) -> None:
        assert isinstance(value, str)
        self._topic_type = value

    @property
    def topic_type_hash(self) -> TypeHash:
        """The REP 2011 hash of the endpoint's type (str() is 'INVALID' when it announced none)."""
        return self._topic_type_hash

    @topic_type_hash.setter
    def topic_type_hash(self, value: Union[TypeHash, Dict[str, Any]]) -> None:
        if isinstance(value, TypeHash):
            self._topic_type_hash = value
        elif isinstance(value, dict):
            self._topic_type_hash = TypeHash(**value)  # {'version': int, 'value': bytes}
        else:
            assert False

    @property
    def endpoint_type(self) -> TopicEndpointTypeEnum:
        """PUBLISHER or SUBSCRIPTION."""
        return self._endpoint_type

    @endpoint_type.setter
    def endpoint_type(self, value: Union[TopicEndpointTypeEnum, int]) -> None:
        if isinstance(value, TopicEndpointTypeEnum):
            self._endpoint_type = value
        elif isinstance(value, int):
            self._endpoint_type = TopicEndpointTypeEnum(value)
        else:
            assert False, 'endpoint_type must be a TopicEndpointTypeEnum or int'

    @property
    def endpoint_gid(self) -> List[int]:
        """The endpoint's gid as a list of byte values."""
        return self._endpoint_gid

    @endpoint_gid.setter
    def endpoint_gid(self, value: List[int]) -> None:
        assert all(isinstance(x, int) for x in value)
        self._endpoint_gid = list(value)

    @property
    def qos_profile(self) -> QoSProfile:
        """The endpoint's QoS as discovered."""
        return self._qos_profile

    @qos_profile.setter
    def qos_profile(self, value: Union[QoSProfile, dict]) -> None:
        if isinstance(value, dict):
            self._qos_profile = QoSProfile(**value)
        else:
            assert isinstance(value, QoSProfile)
            self._qos_profile = value

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, TopicEndpointInfo):
            return False
        return all(getattr(self, slot) == getattr(other, slot) for slot in self.__slots__)

    def __str__(self) -> str:
        gid = '.'.join(format(x, '02x') for x in self.endpoint_gid)
        qos = self.qos_profile
        # rclpy prints an unknown (or absent) type hash as INVALID, and the depth only for KEEP_LAST.
        type_hash = str(self._topic_type_hash)
        history = qos.history.name
        if qos.history == HistoryPolicy.KEEP_LAST:
            history += f' ({qos.depth})'
        return '\n'.join([
            f'Node name: {self.node_name}',
            f'Node namespace: {self.node_namespace}',
            f'Topic type: {self.topic_type}',
            f'Topic type hash: {type_hash}',
            f'Endpoint type: {self.endpoint_type.name}',
            f'GID: {gid}',
            'QoS profile:',
            f'  Reliability: {qos.reliability.name}',
            f'  History (Depth): {history}',
            f'  Durability: {qos.durability.name}',
            f'  Lifespan: {qos.lifespan}',
            f'  Deadline: {qos.deadline}',
            f'  Liveliness: {qos.liveliness.name}',
            f'  Liveliness lease duration: {qos.liveliness_lease_duration}',
        ])
