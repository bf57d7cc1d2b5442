"""rclpy.parameter_service.ParameterService: a node's six rcl_interfaces parameter services.

They are named ``<node name>/<service>`` relative to the node's namespace (``/ns/talker/
get_parameters``) and answer with the node's public parameter API, as rclpy's do; a request
that names an undeclared or uninitialized parameter gets an empty answer.
"""

from typing import Any, Callable, List
import weakref

from rcl_interfaces.msg import ListParametersResult, SetParametersResult
from rcl_interfaces.srv import (DescribeParameters, GetParameters, GetParameterTypes,
                                ListParameters, SetParameters, SetParametersAtomically)

from rclpy.exceptions import ParameterNotDeclaredException, ParameterUninitializedException
from rclpy.parameter import Parameter
from rclpy.qos import qos_profile_parameters

__all__ = ['ParameterService']


class ParameterService:
    """Serves a node's parameters: describe, get, get types, list, set, set atomically."""

    def __init__(self, node: Any) -> None:
        """Create the six services on ``node`` (which this object does not keep alive)."""
        self._node_weak_ref = weakref.ref(node)
        name = node.get_name()
        for srv_type, service, callback in (
                (DescribeParameters, 'describe_parameters', self._describe_parameters_callback),
                (GetParameters, 'get_parameters', self._get_parameters_callback),
                (GetParameterTypes, 'get_parameter_types', self._get_parameter_types_callback),
                (ListParameters, 'list_parameters', self._list_parameters_callback),
                (SetParameters, 'set_parameters', self._set_parameters_callback),
                (SetParametersAtomically, 'set_parameters_atomically',
                 self._set_parameters_atomically_callback)):
            node.create_service(srv_type, f'{name}/{service}', callback,
                                qos_profile=qos_profile_parameters)

    def _get_node(self) -> Any:
        node = self._node_weak_ref()
        if node is None:
            raise ReferenceError('Expected valid node weak reference')
        return node

    def _each(self, names: List[str], lookup: Callable[[str], Any],
              errors: tuple = (ParameterNotDeclaredException,)) -> List[Any]:
        """``lookup`` of every name, or [] if one of them fails."""
        try:
            return [lookup(name) for name in names]
        except errors:
            return []

    def _describe_parameters_callback(self, request: Any, response: Any) -> Any:
        response.descriptors = self._each(request.names, self._get_node().describe_parameter)
        return response

    def _get_parameters_callback(self, request: Any, response: Any) -> Any:
        node = self._get_node()
        response.values = self._each(
            request.names, lambda name: node.get_parameter(name).get_parameter_value(),
            (ParameterNotDeclaredException, ParameterUninitializedException))
        return response

    def _get_parameter_types_callback(self, request: Any, response: Any) -> Any:
        node = self._get_node()
        response.types = self._each(
            request.names, lambda name: _type_number(node.get_parameter_type(name)))
        return response

    def _list_parameters_callback(self, request: Any, response: Any) -> Any:
        try:
            response.result = self._get_node().list_parameters(list(request.prefixes),
                                                               request.depth)
        except (TypeError, ValueError):
            response.result = ListParametersResult()
        return response

    def _set_parameters_callback(self, request: Any, response: Any) -> Any:
        node = self._get_node()
        response.results = [_set_atomically(node, [p]) for p in request.parameters]
        return response

    def _set_parameters_atomically_callback(self, request: Any, response: Any) -> Any:
        response.result = _set_atomically(self._get_node(), request.parameters)
        return response


def _type_number(type_: Any) -> int:
    return type_.value if isinstance(type_, Parameter.Type) else int(type_)


def _set_atomically(node: Any, messages: List[Any]) -> SetParametersResult:
    """Set rcl_interfaces/msg/Parameter messages; a malformed one fails the set, not the node."""
    try:
        parameters = [Parameter.from_parameter_msg(msg) for msg in messages]
    except ValueError as e:  # an unknown type number, or a value that does not fit its type
        return SetParametersResult(successful=False, reason=f'Invalid parameter message: {e}')
    try:
        return node.set_parameters_atomically(parameters)
    except ParameterNotDeclaredException as e:
        return SetParametersResult(successful=False, reason=str(e))
