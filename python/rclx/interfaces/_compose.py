"""Service and action classes, assembled from message classes like rosidl_generator_py's.

A service class holds Request, Response and (when service_msgs is available) Event. An action
class holds Goal, Result, Feedback and Impl, whose SendGoal/GetResult services and
FeedbackMessage are message specs composed here as .msg text and parsed by the core.
"""

import types
from typing import Any, NamedTuple, Optional

from rclx import _core
from rclx.interfaces import _description


class ServiceTypeSupport(NamedTuple):
    """A service's ``_TYPE_SUPPORT``: the type supports of its request and response."""

    request: Any
    response: Any


class ActionTypeSupport(NamedTuple):
    """An action's ``_TYPE_SUPPORT``: the type supports of the types its endpoints carry."""

    send_goal: ServiceTypeSupport
    get_result: ServiceTypeSupport
    cancel_goal: ServiceTypeSupport
    feedback_message: Any
    goal_status: Any


class _ServiceMetaclass(type):
    _TYPE_SUPPORT = None

    @classmethod
    def __import_type_support__(cls) -> None:
        """Do nothing: rclx registers the type support when the class is built."""

    def __getattr__(cls, name: str) -> Any:
        # A service's Event class is built on first use (most programs never use one).
        build = cls.__dict__.get('_build_event') if name == 'Event' else None
        event = build() if build is not None else None
        if event is None:
            raise AttributeError(f"type object '{cls.__name__}' has no attribute '{name}'")
        return event


class _ActionMetaclass(_ServiceMetaclass):
    pass


def _no_service_instances(self) -> None:
    raise NotImplementedError('Service classes can not be instantiated')


def _no_action_instances(self) -> None:
    raise NotImplementedError('Action classes can not be instantiated')


def _event_class(package: str, subfolder: str, name: str, module: types.ModuleType,
                 file: str) -> Optional[type]:
    """Build <name>_Event (service introspection) if service_msgs is available, else None."""
    from rclx.interfaces import _registry
    try:
        _registry.resolve('service_msgs', 'ServiceEventInfo', f"'{package}/{name}_Event'")
    except _registry.InterfaceNotFoundError:
        return None
    text = (f'service_msgs/ServiceEventInfo info\n'
            f'{package}/{name}_Request[<=1] request\n'
            f'{package}/{name}_Response[<=1] response\n')
    spec = _core.parse_message(text, package, f'{name}_Event', file, subfolder)
    return _registry.add_message(spec, module)


def _service_class(package: str, subfolder: str, name: str, request: type, response: type,
                   module: types.ModuleType, file: str) -> type:
    from rclx.interfaces import _registry

    def build_event() -> Optional[type]:
        """The service's Event class, built (once) when first asked for; None without service_msgs."""
        with _registry._lock:
            event = cls.__dict__.get('Event')
            if event is None:
                event = _event_class(package, subfolder, name, module, file)
                if event is not None:
                    type.__setattr__(cls, 'Event', event)
            return event

    meta = types.new_class(f'Metaclass_{name}', (_ServiceMetaclass,), {}, lambda ns: ns.update(
        {'__module__': module.__name__, '__doc__': f"Metaclass of service '{name}'.",
         '_TYPE_SUPPORT': ServiceTypeSupport(type(request)._TYPE_SUPPORT,
                                             type(response)._TYPE_SUPPORT)}))
    body = {'__module__': module.__name__, '__qualname__': name,
            '__doc__': f"Service class '{name}'.", 'Request': request, 'Response': response,
            '__init__': _no_service_instances, '_build_event': build_event}
    cls = meta(name, (), body)
    _description.record_service(cls, f'{package}/{subfolder}/{name}', request, response,
                                build_event)
    _registry.add_class(package, subfolder, name, cls)
    return cls


def build_service(spec: Any, module: types.ModuleType) -> type:
    """Build, register and cache the classes of a parsed .srv file (a core ServiceSpec)."""
    from rclx.interfaces import _registry
    request = _registry.add_message(spec.request, module)
    response = _registry.add_message(spec.response, module)
    return _service_class(spec.package, 'srv', spec.name, request, response, module,
                          f'{spec.package}/srv/{spec.name}.srv')


def _compose_message(package: str, name: str, text: str, module: types.ModuleType) -> type:
    from rclx.interfaces import _registry
    spec = _core.parse_message(text, package, name, f'<{package}/action/{name}>', 'action')
    return _registry.add_message(spec, module)


def build_action(spec: Any, module: types.ModuleType) -> type:
    """Build, register and cache the classes of a parsed .action file (a core ActionSpec)."""
    from rclx.interfaces import _registry
    package, name = spec.package, spec.name
    goal = _registry.add_message(spec.goal, module)
    result = _registry.add_message(spec.result, module)
    feedback = _registry.add_message(spec.feedback, module)

    def service(service_name: str, request_text: str, response_text: str) -> type:
        request = _compose_message(package, f'{service_name}_Request', request_text, module)
        response = _compose_message(package, f'{service_name}_Response', response_text, module)
        return _service_class(package, 'action', service_name, request, response, module,
                              f'<{package}/action/{service_name}>')

    send_goal = service(f'{name}_SendGoal',
                        f'unique_identifier_msgs/UUID goal_id\n{package}/{name}_Goal goal\n',
                        'bool accepted\nbuiltin_interfaces/Time stamp\n')
    get_result = service(f'{name}_GetResult', 'unique_identifier_msgs/UUID goal_id\n',
                         f'int8 status\n{package}/{name}_Result result\n')
    feedback_message = _compose_message(
        package, f'{name}_FeedbackMessage',
        f'unique_identifier_msgs/UUID goal_id\n{package}/{name}_Feedback feedback\n', module)
    cancel_goal = _registry.resolve_interface('action_msgs', 'srv', 'CancelGoal',
                                              f"action '{package}/action/{name}'")
    goal_status = _registry.resolve_interface('action_msgs', 'msg', 'GoalStatusArray',
                                              f"action '{package}/action/{name}'")

    impl = type('Impl', (), {
        '__module__': module.__name__, '__qualname__': f'{name}.Impl',
        '__doc__': 'The services and messages that implement the action on the wire.',
        'SendGoalService': send_goal, 'GetResultService': get_result,
        'FeedbackMessage': feedback_message, 'CancelGoalService': cancel_goal,
        'GoalStatusMessage': goal_status})
    type_support = ActionTypeSupport(
        send_goal=type(send_goal)._TYPE_SUPPORT, get_result=type(get_result)._TYPE_SUPPORT,
        cancel_goal=type(cancel_goal)._TYPE_SUPPORT,
        feedback_message=type(feedback_message)._TYPE_SUPPORT,
        goal_status=type(goal_status)._TYPE_SUPPORT)
    meta = types.new_class(f'Metaclass_{name}', (_ActionMetaclass,), {}, lambda ns: ns.update(
        {'__module__': module.__name__, '__doc__': f"Metaclass of action '{name}'.",
         '_TYPE_SUPPORT': type_support}))
    cls = meta(name, (), {
        '__module__': module.__name__, '__qualname__': name,
        '__doc__': f"Action class '{name}'.", 'Goal': goal, 'Result': result,
        'Feedback': feedback, 'Impl': impl, '__init__': _no_action_instances})
    _description.record_action(cls, f'{package}/action/{name}', goal, result, feedback, send_goal,
                               get_result, feedback_message)
    _registry.add_class(package, 'action', name, cls)
    return cls
