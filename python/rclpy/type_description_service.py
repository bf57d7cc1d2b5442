"""rclpy.type_description_service: the ``~/get_type_description`` service of every node (REP 2011).

Answers type_description_interfaces/srv/GetTypeDescription for the types the node uses now (its
publishers, subscriptions, services, clients, actions and /rosout), found by type hash as rcl's
type cache finds them; the type name in the request is not consulted, as in rcl.
"""

import weakref
from typing import Any, Dict, Iterator, Optional

from rcl_interfaces.msg import ParameterDescriptor, ParameterType
from rclpy.logging import get_logger
from rclpy.parameter import Parameter
from rclpy.qos import qos_profile_services_default
from rclx.interfaces import _description
from type_description_interfaces.msg import (Field, FieldType, IndividualTypeDescription,
                                             TypeDescription, TypeSource)
from type_description_interfaces.srv import GetTypeDescription

__all__ = ['START_TYPE_DESCRIPTION_SERVICE_PARAM', 'TypeDescriptionService']

START_TYPE_DESCRIPTION_SERVICE_PARAM = 'start_type_description_service'


class TypeDescriptionService:
    """
    Starts a node's ``~/get_type_description`` service unless its parameter says not to.

    The read-only bool parameter ``start_type_description_service`` (default True) decides.
    A part of Node, not meant for direct use.
    """

    def __init__(self, node: Any) -> None:
        """Declare the parameter on ``node`` and start the service if it is true."""
        self._node_weak_ref = weakref.ref(node)
        self.service_name = node.get_name() + '/get_type_description'
        self._service: Any = None
        self.enabled = False
        if not node.has_parameter(START_TYPE_DESCRIPTION_SERVICE_PARAM):
            descriptor = ParameterDescriptor(
                name=START_TYPE_DESCRIPTION_SERVICE_PARAM,
                type=ParameterType.PARAMETER_BOOL,
                description='If enabled, start the ~/get_type_description service.',
                read_only=True)
            node.declare_parameter(START_TYPE_DESCRIPTION_SERVICE_PARAM, True, descriptor)
        param = node.get_parameter(START_TYPE_DESCRIPTION_SERVICE_PARAM)
        if param.type_ == Parameter.Type.BOOL:
            self.enabled = param.value
        elif param.type_ != Parameter.Type.NOT_SET:
            node.get_logger().error("Invalid type for parameter '{}' {!r} should be bool".format(
                START_TYPE_DESCRIPTION_SERVICE_PARAM, param.type_))
        else:
            node.get_logger().debug('Parameter {} not set, defaulting to true.'.format(
                START_TYPE_DESCRIPTION_SERVICE_PARAM))
        if self.enabled:
            self._start_service()

    def destroy(self) -> None:
        """Destroy the service (destroying the node does it too)."""
        node = self._node_weak_ref()
        if self._service is not None and node is not None:
            node.destroy_service(self._service)
        self._service = None

    def _start_service(self) -> None:
        node = self._get_node()
        self._service = node.create_service(
            GetTypeDescription, self.service_name, self._service_callback,
            qos_profile=qos_profile_services_default, callback_group=node.default_callback_group)

    def _service_callback(self, request: Any, response: Any) -> Any:
        parsed = _description.parse_type_hash(request.type_hash)
        if parsed is None:
            get_logger('rcl').error(f"Failed to parse type hash '{request.type_hash}'")
            response.successful = False
            response.failure_reason = 'Failed to parse type hash'
            return response
        cls = self._types_in_use().get(parsed[1])
        if cls is None:
            response.successful = False
            response.failure_reason = 'Type not currently in use by this node'
            return response
        response.type_description = _to_message(_description.type_description(cls))
        if request.include_type_sources:
            response.type_sources = [TypeSource(**source)
                                     for source in _description.type_sources(cls)]
        response.successful = True
        return response

    def _types_in_use(self) -> Dict[bytes, type]:
        """The node's types by the value of their hash, as rcl's node type cache holds them."""
        types: Dict[bytes, type] = {}
        for cls in _interfaces_of(self._get_node()):
            text = _description.type_hash(cls)
            parsed = _description.parse_type_hash(text) if text is not None else None
            if parsed is not None:
                types[parsed[1]] = cls
        return types

    def _get_node(self) -> Any:
        node = self._node_weak_ref()
        if node is None:
            raise ReferenceError('Expected valid node weak reference')
        return node


def _interfaces_of(node: Any) -> Iterator[type]:
    for publisher in node.publishers:
        yield publisher.msg_type
    for subscription in node.subscriptions:
        yield subscription.msg_type
    for service in node.services:
        yield service.srv_type
    for client in node.clients:
        yield client.srv_type
    for waitable in node.waitables:
        action_type: Optional[type] = getattr(waitable, '_action_type', None)
        if action_type is not None:  # an ActionServer or ActionClient
            yield action_type
    if getattr(node, '_rosout_publisher', None) is not None:
        from rcl_interfaces.msg import Log
        yield Log


def _to_message(description: Dict[str, Any]) -> TypeDescription:
    def individual(td: Dict[str, Any]) -> IndividualTypeDescription:
        return IndividualTypeDescription(type_name=td['type_name'], fields=[
            Field(name=f['name'], type=FieldType(**f['type']), default_value=f['default_value'])
            for f in td['fields']])
    return TypeDescription(
        type_description=individual(description['type_description']),
        referenced_type_descriptions=[individual(td) for td in
                                      description['referenced_type_descriptions']])
