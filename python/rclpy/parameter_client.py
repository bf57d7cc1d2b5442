"""rclpy.parameter_client.AsyncParameterClient: reads and changes another node's parameters."""

import time
from typing import Any, Callable, List, Optional, Sequence, Union

from rcl_interfaces.msg import Parameter as ParameterMsg
from rcl_interfaces.msg import ParameterEvent
from rcl_interfaces.srv import DescribeParameters
from rcl_interfaces.srv import GetParameters
from rcl_interfaces.srv import GetParameterTypes
from rcl_interfaces.srv import ListParameters
from rcl_interfaces.srv import SetParameters
from rcl_interfaces.srv import SetParametersAtomically
from rclpy.callback_groups import CallbackGroup
from rclpy.node import Node
from rclpy.parameter import Parameter
from rclpy.parameter import parameter_dict_from_yaml_file
from rclpy.qos import qos_profile_parameter_events
from rclpy.qos import qos_profile_services_default
from rclpy.qos import QoSProfile
from rclpy.subscription import Subscription
from rclpy.task import Future

__all__ = ['AsyncParameterClient']

# How often wait_for_services looks at the six clients.
_POLL_S = 0.01


class AsyncParameterClient:
    """
    Calls the six parameter services of one remote node; every call returns a Future.

    Usage example:

    .. code-block:: python

        client = AsyncParameterClient(node, 'example_node')
        client.wait_for_services(timeout_sec=5.0)
        future = client.set_parameters([Parameter('int_param', Parameter.Type.INTEGER, 88)])
        rclpy.spin_until_future_complete(node, future)
        results = future.result()  # rcl_interfaces.srv.SetParameters.Response
    """

    def __init__(
        self,
        node: Node,
        remote_node_name: str,
        qos_profile: QoSProfile = qos_profile_services_default,
        callback_group: Optional[CallbackGroup] = None,
    ) -> None:
        """
        Create the six service clients on ``node``.

        :param node: the node that owns the clients (spin it to complete the futures).
        :param remote_node_name: the node whose parameters are served; a relative name is in
            ``node``'s namespace, as service names are.
        :param qos_profile: QoS of the six clients.
        :param callback_group: their callback group; ``None``: the node's default group.
        """
        self.remote_node_name = remote_node_name
        self.node = node

        def client(srv_type: Any, service: str) -> Any:
            return node.create_client(srv_type, f'{remote_node_name}/{service}',
                                      qos_profile=qos_profile, callback_group=callback_group)

        self._get_parameter_client = client(GetParameters, 'get_parameters')
        self._list_parameter_client = client(ListParameters, 'list_parameters')
        self._set_parameter_client = client(SetParameters, 'set_parameters')
        self._get_parameter_types_client = client(GetParameterTypes, 'get_parameter_types')
        self._describe_parameters_client = client(DescribeParameters, 'describe_parameters')
        self._set_parameters_atomically_client = client(SetParametersAtomically,
                                                        'set_parameters_atomically')

    def _clients(self) -> List[Any]:
        return [self._list_parameter_client, self._set_parameter_client,
                self._get_parameter_client, self._get_parameter_types_client,
                self._describe_parameters_client, self._set_parameters_atomically_client]

    def services_are_ready(self) -> bool:
        """Return whether a server is matched for each of the six parameter services."""
        return all(c.service_is_ready() for c in self._clients())

    def wait_for_services(self, timeout_sec: Optional[float] = None) -> bool:
        """
        Block until the six parameter services are matched.

        :param timeout_sec: how long to wait at most; ``None`` waits without limit, 0 or less
            only looks.
        :return: whether they are all ready.
        """
        end = None if timeout_sec is None else time.monotonic() + timeout_sec
        # Also ends when the context shuts down: nothing could become ready after that.
        while not self.services_are_ready() and self.node.context.ok():
            remaining = None if end is None else end - time.monotonic()
            if remaining is not None and remaining <= 0.0:
                break
            time.sleep(_POLL_S if remaining is None else min(_POLL_S, remaining))
        return self.services_are_ready()

    @staticmethod
    def _call(client: Any, request: Any, callback: Optional[Callable]) -> Future:
        future = client.call_async(request)
        if callback:
            future.add_done_callback(callback)
        return future

    @staticmethod
    def _to_msgs(parameters: Sequence[Union[Parameter, ParameterMsg]]) -> List[ParameterMsg]:
        return [p.to_parameter_msg() if isinstance(p, Parameter) else p for p in parameters]

    def list_parameters(
        self,
        prefixes: Optional[List[str]] = None,
        depth: Optional[int] = None,
        callback: Optional[Callable] = None
    ) -> Future:
        """
        Ask for the names (and name prefixes) of the remote node's parameters.

        :param prefixes: only names under these prefixes; ``None`` or empty: all.
        :param depth: how many levels below the prefixes; ``None`` or 0: any.
        :param callback: called with the future once it is done.
        :return: a Future of ``rcl_interfaces.srv.ListParameters.Response``.
        """
        request = ListParameters.Request()
        if prefixes:
            request.prefixes = prefixes
        if depth:
            request.depth = depth
        return self._call(self._list_parameter_client, request, callback)

    def get_parameters(self, names: List[str], callback: Optional[Callable] = None) -> Future:
        """
        Ask for the values of parameters.

        :param names: the parameters' names.
        :param callback: called with the future once it is done.
        :return: a Future of ``rcl_interfaces.srv.GetParameters.Response`` (its ``values`` are
            empty if any name is not declared).
        """
        request = GetParameters.Request()
        request.names = names
        return self._call(self._get_parameter_client, request, callback)

    def set_parameters(
        self,
        parameters: Sequence[Union[Parameter, ParameterMsg]],
        callback: Optional[Callable] = None
    ) -> Future:
        """
        Set parameters one by one: each is accepted or rejected on its own.

        :param parameters: ``rclpy.parameter.Parameter`` objects or
            ``rcl_interfaces.msg.Parameter`` messages.
        :param callback: called with the future once it is done.
        :return: a Future of ``rcl_interfaces.srv.SetParameters.Response`` (one result each).
        """
        request = SetParameters.Request()
        request.parameters = self._to_msgs(parameters)
        return self._call(self._set_parameter_client, request, callback)

    def describe_parameters(self, names: List[str],
                            callback: Optional[Callable] = None) -> Future:
        """
        Ask for the descriptors of parameters.

        :param names: the parameters' names.
        :param callback: called with the future once it is done.
        :return: a Future of ``rcl_interfaces.srv.DescribeParameters.Response``.
        """
        request = DescribeParameters.Request()
        request.names = names
        return self._call(self._describe_parameters_client, request, callback)

    def get_parameter_types(self, names: List[str],
                            callback: Optional[Callable] = None) -> Future:
        """
        Ask for the types of parameters (``rcl_interfaces.msg.ParameterType`` values).

        :param names: the parameters' names.
        :param callback: called with the future once it is done.
        :return: a Future of ``rcl_interfaces.srv.GetParameterTypes.Response``.
        """
        request = GetParameterTypes.Request()
        request.names = names
        return self._call(self._get_parameter_types_client, request, callback)

    def set_parameters_atomically(
        self,
        parameters: Sequence[Union[Parameter, ParameterMsg]],
        callback: Optional[Callable] = None
    ) -> Future:
        """
        Set parameters all together: all are accepted, or none is applied.

        :param parameters: ``rclpy.parameter.Parameter`` objects or
            ``rcl_interfaces.msg.Parameter`` messages.
        :param callback: called with the future once it is done.
        :return: a Future of ``rcl_interfaces.srv.SetParametersAtomically.Response``.
        """
        request = SetParametersAtomically.Request()
        request.parameters = self._to_msgs(parameters)
        return self._call(self._set_parameters_atomically_client, request, callback)

    def delete_parameters(self, names: List[str],
                          callback: Optional[Callable] = None) -> Future:
        """
        Delete parameters by setting them to NOT_SET (only dynamically typed ones allow it).

        :param names: the parameters' names.
        :param callback: called with the future once it is done.
        :return: a Future of ``rcl_interfaces.srv.SetParameters.Response`` (one result each).
        """
        request = SetParameters.Request()
        request.parameters = [Parameter(name=name).to_parameter_msg() for name in names]
        return self._call(self._set_parameter_client, request, callback)

    def load_parameter_file(
        self,
        parameter_file: str,
        use_wildcard: bool = False,
        callback: Optional[Callable] = None
    ) -> Future:
        """
        Set, one by one, the parameters of every node entry of a YAML parameter file.

        The file is read with ``rclpy.parameter.parameter_dict_from_yaml_file``.

        :param parameter_file: the file's path.
        :param use_wildcard: also take the ``/**`` entry's parameters.
        :param callback: called with the future once it is done.
        :return: a Future of ``rcl_interfaces.srv.SetParameters.Response``.
        """
        param_dict = parameter_dict_from_yaml_file(parameter_file, use_wildcard)
        return self.set_parameters(list(param_dict.values()), callback=callback)

    def load_parameter_file_atomically(
        self,
        parameter_file: str,
        use_wildcard: bool = False,
        callback: Optional[Callable] = None
    ) -> Future:
        """
        Set all together the parameters of every node entry of a YAML parameter file.

        The file is read with ``rclpy.parameter.parameter_dict_from_yaml_file``.

        :param parameter_file: the file's path.
        :param use_wildcard: also take the ``/**`` entry's parameters.
        :param callback: called with the future once it is done.
        :return: a Future of ``rcl_interfaces.srv.SetParametersAtomically.Response``.
        """
        param_dict = parameter_dict_from_yaml_file(parameter_file, use_wildcard)
        return self.set_parameters_atomically(list(param_dict.values()), callback=callback)

    def on_parameter_event(
        self, callback: Callable,
        qos_profile: QoSProfile = qos_profile_parameter_events,
        *,
        callback_group: Optional[CallbackGroup] = None,
        event_callbacks: Any = None,
        qos_overriding_options: Any = None,
        raw: bool = False
    ) -> Subscription:
        """
        Subscribe to ``/parameter_events`` (the events of every node, not only the remote one).

        :param callback: called with each ``rcl_interfaces.msg.ParameterEvent``.
        :return: the subscription, created on this client's node.
        """
        return self.node.create_subscription(
            ParameterEvent, '/parameter_events', callback, qos_profile,
            callback_group=callback_group, event_callbacks=event_callbacks,
            qos_overriding_options=qos_overriding_options, raw=raw)

    def destroy(self) -> None:
        """Destroy the six service clients (pending futures are never completed)."""
        for client in self._clients():
            self.node.destroy_client(client)
