"""The parameter part of Node: declared parameters, their descriptors, callbacks and events.

Behaviour follows rclpy (Jazzy): overrides from ``parameter_overrides`` and the command line
(``-p``, ``--params-file``) replace declared defaults; descriptors give static typing, read-only
and ranges; the pre-set, on-set and post-set callbacks run around every change; each change is
published on ``/parameter_events``.  The six parameter services (rclpy.parameter_service) call
the public methods here.
"""

import math
from typing import Any, Callable, Dict, List, Optional, Tuple, Union
import warnings

from rcl_interfaces.msg import (FloatingPointRange, IntegerRange, ListParametersResult,
                                ParameterDescriptor, ParameterEvent, ParameterType,
                                ParameterValue, SetParametersResult)
from rcl_interfaces.msg import Parameter as ParameterMsg

from rclpy.exceptions import (InvalidParameterException, InvalidParameterTypeException,
                              InvalidParameterValueException, ParameterAlreadyDeclaredException,
                              ParameterImmutableException, ParameterNotDeclaredException,
                              ParameterUninitializedException)
from rclpy.parameter import Parameter, PARAMETER_SEPARATOR_STRING

PreSetCallback = Callable[[List[Parameter]], List[Parameter]]
OnSetCallback = Callable[[List[Parameter]], SetParametersResult]
PostSetCallback = Callable[[List[Parameter]], None]

# ListParameters.Request.DEPTH_RECURSIVE
_DEPTH_RECURSIVE = 0


class NodeParameters:
    """Mixin for Node: rclpy's parameter API."""

    PARAM_REL_TOL = 1e-6

    def _init_parameters(self, overrides: Dict[str, Parameter],
                         parameter_overrides: Optional[List[Parameter]],
                         allow_undeclared_parameters: bool, automatically_declare: bool) -> None:
        """Set up the store; ``overrides`` come from the command line (node's own win)."""
        from rclpy.qos import qos_profile_parameter_events
        self._parameters: Dict[str, Parameter] = {}
        self._descriptors: Dict[str, ParameterDescriptor] = {}
        self._allow_undeclared_parameters = allow_undeclared_parameters
        self._pre_set_parameters_callbacks: List[PreSetCallback] = []
        self._on_set_parameters_callbacks: List[OnSetCallback] = []
        self._post_set_parameters_callbacks: List[PostSetCallback] = []
        self._parameter_event_publisher = self.create_publisher(
            ParameterEvent, '/parameter_events', qos_profile_parameter_events)
        self._parameter_overrides: Dict[str, Parameter] = dict(overrides)
        for param in parameter_overrides or []:
            self._parameter_overrides[param.name] = param
        if automatically_declare:
            self.declare_parameters(
                '', [(name, param.value, ParameterDescriptor())
                     for name, param in self._parameter_overrides.items()],
                ignore_override=True)

    # -- declaring --------------------------------------------------------------------------------

    def declare_parameter(self, name: str, value: Any = None,
                          descriptor: Optional[ParameterDescriptor] = None,
                          ignore_override: bool = False) -> Parameter:
        """
        Declare and initialize a parameter.

        Its value is the override given at node creation if any (unless ``ignore_override``),
        else ``value``. ``value`` may also be a :class:`Parameter.Type`: a statically typed
        parameter with no value yet. The on-set and post-set callbacks are called.

        :param name: the parameter's fully qualified name ('ns.name').
        :param value: its default value, or its type.
        :param descriptor: its descriptor (read_only, ranges, dynamic_typing, ...).
        :param ignore_override: True to ignore the override given at node creation.
        :return: the parameter with the value it got.
        :raises ParameterAlreadyDeclaredException: if it was declared before.
        :raises InvalidParameterException: if the name is invalid.
        :raises InvalidParameterTypeException: if the override's type differs from a static type.
        :raises InvalidParameterValueException: if a callback or the descriptor rejects the value.
        """
        if value is None and descriptor is None:
            args: Tuple[Any, ...] = (name,)
        else:
            args = (name, value, ParameterDescriptor() if descriptor is None else descriptor)
        return self.declare_parameters('', [args], ignore_override)[0]

    def declare_parameters(self, namespace: str, parameters: List[Tuple[Any, ...]],
                           ignore_override: bool = False) -> List[Parameter]:
        """
        Declare several parameters given as ``(name[, value_or_type[, descriptor]])`` tuples.

        Each is named ``namespace.name`` (just ``name`` when ``namespace`` is empty). Parameters
        are declared one at a time; one that is rejected raises and leaves the ones before it
        declared.

        :return: the declared parameters with the values they got.
        :raises TypeError: if a tuple is malformed.
        :raises ParameterAlreadyDeclaredException: if any was declared before (none is declared).
        """
        parameter_list: List[Parameter] = []
        descriptors: Dict[str, ParameterDescriptor] = {}
        for index, entry in enumerate(parameters):
            if len(entry) < 1 or len(entry) > 3:
                raise TypeError(f'Invalid parameter tuple length at index {index} in parameters '
                                f'list: {entry}; expecting length between 1 and 3')
            name = entry[0]
            if not isinstance(name, str):
                raise TypeError(f'First element {name} at index {index} in parameters list '
                                'is not a str.')
            if namespace:
                name = f'{namespace}.{name}'
            if not name:
                raise InvalidParameterException(name)
            second = entry[1] if len(entry) > 1 else None
            descriptor = entry[2] if len(entry) > 2 else ParameterDescriptor()
            if not isinstance(descriptor, ParameterDescriptor):
                raise TypeError(f'Third element {descriptor} at index {index} in parameters '
                                'list is not a ParameterDescriptor.')
            value = _declared_value(name, second, descriptor, len(entry))
            if not ignore_override and name in self._parameter_overrides:
                value = self._parameter_overrides[name].value
            parameter_list.append(Parameter(name, value=value))
            descriptors[name] = descriptor
        already = [p.name for p in parameter_list if p.name in self._parameters]
        if already:
            raise ParameterAlreadyDeclaredException(already)
        for param in parameter_list:
            result = self._set_parameters_atomically_common([param], descriptors,
                                                            allow_not_set_type=True)
            if not result.successful:
                if result.reason.startswith('Wrong parameter type'):
                    raise InvalidParameterTypeException(
                        param, Parameter.Type(descriptors[param.name].type).name)
                raise InvalidParameterValueException(param.name, param.value, result.reason)
        return [self._parameters[p.name] for p in parameter_list]

    def undeclare_parameter(self, name: str) -> None:
        """
        Undeclare a parameter (no set callbacks are called; a parameter event says it is gone).

        :raises ParameterNotDeclaredException: if it is not declared.
        :raises ParameterImmutableException: if it is read-only.
        """
        if not self.has_parameter(name):
            raise ParameterNotDeclaredException(name)
        if self._descriptors[name].read_only:
            raise ParameterImmutableException(name)
        del self._parameters[name]
        del self._descriptors[name]
        event = self._new_parameter_event()  # as a delete by set_parameters reports it
        event.deleted_parameters.append(Parameter(name).to_parameter_msg())
        self._parameter_event_publisher.publish(event)

    # -- reading ----------------------------------------------------------------------------------

    def has_parameter(self, name: str) -> bool:
        """Return True if the parameter is declared."""
        return name in self._parameters

    def get_parameter(self, name: str) -> Parameter:
        """
        Get a parameter by name.

        :return: the parameter; a NOT_SET one for an undeclared name if undeclared parameters
            are allowed.
        :raises ParameterNotDeclaredException: if it is not declared (and that is not allowed).
        :raises ParameterUninitializedException: if it is statically typed and has no value yet.
        """
        param = self._parameters.get(name)
        if param is not None:
            if param.type_ != Parameter.Type.NOT_SET or self._descriptors[name].dynamic_typing:
                return param
            raise ParameterUninitializedException(name)
        if self._allow_undeclared_parameters:
            return Parameter(name, Parameter.Type.NOT_SET, None)
        raise ParameterNotDeclaredException(name)

    def get_parameters(self, names: List[str]) -> List[Parameter]:
        """
        Get several parameters (see :meth:`get_parameter`).

        :raises TypeError: if a name is not a str.
        """
        if not all(isinstance(name, str) for name in names):
            raise TypeError('All names must be instances of type str')
        return [self.get_parameter(name) for name in names]

    def get_parameter_or(self, name: str,
                         alternative_value: Optional[Parameter] = None) -> Parameter:
        """
        Get a parameter, or ``alternative_value`` if it is undeclared or has no value.

        ``alternative_value`` defaults to a NOT_SET parameter of that name.
        """
        if alternative_value is None:
            alternative_value = Parameter(name, Parameter.Type.NOT_SET)
        param = self._parameters.get(name)
        if param is None or param.type_ == Parameter.Type.NOT_SET:
            return alternative_value
        return param

    def get_parameters_by_prefix(self, prefix: str) -> Dict[str, Parameter]:
        """
        Get the parameters whose names start with ``prefix.``, keyed by the rest of the name.

        An empty prefix matches every parameter.
        """
        if prefix:
            prefix += PARAMETER_SEPARATOR_STRING
        return {name[len(prefix):]: param for name, param in self._parameters.items()
                if name.startswith(prefix)}

    def get_parameter_type(self, name: str) -> Union[int, Parameter.Type]:
        """
        Get a parameter's type (as rclpy: the ParameterType number for a declared parameter).

        :raises ParameterNotDeclaredException: if it is not declared (and that is not allowed).
        """
        if name in self._parameters:
            return self._parameters[name].type_.value
        if self._allow_undeclared_parameters:
            return Parameter.Type.NOT_SET
        raise ParameterNotDeclaredException(name)

    def get_parameter_types(self, names: List[str]) -> List[Union[int, Parameter.Type]]:
        """Get several parameters' types (see :meth:`get_parameter_type`)."""
        if not all(isinstance(name, str) for name in names):
            raise TypeError('All names must be instances of type str')
        return [self.get_parameter_type(name) for name in names]

    def describe_parameter(self, name: str) -> ParameterDescriptor:
        """
        Get a parameter's descriptor (a default one for an undeclared name if allowed).

        :raises ParameterNotDeclaredException: if it is not declared (and that is not allowed).
        """
        descriptor = self._descriptors.get(name)
        if descriptor is not None:
            return descriptor
        if self._allow_undeclared_parameters:
            return ParameterDescriptor()
        raise ParameterNotDeclaredException(name)

    def describe_parameters(self, names: List[str]) -> List[ParameterDescriptor]:
        """Get several parameters' descriptors (see :meth:`describe_parameter`)."""
        return [self.describe_parameter(name) for name in names]

    def list_parameters(self, prefixes: List[str], depth: int) -> ListParametersResult:
        """
        List parameter names and their prefixes.

        :param prefixes: only names equal to one of these or below it ('prefix.'); all if empty.
        :param depth: how many levels of nesting below a prefix (or the root) to include;
            0 (DEPTH_RECURSIVE) for all.
        :raises TypeError: if the arguments have the wrong types.
        :raises ValueError: if depth is negative.
        """
        if not isinstance(prefixes, list):
            raise TypeError('The prefixes argument must be a list')
        if not all(isinstance(prefix, str) for prefix in prefixes):
            raise TypeError('All prefixes must be instances of type str')
        if not isinstance(depth, int):
            raise TypeError('The depth must be instance of type int')
        if depth < 0:
            raise ValueError('The depth must be greater than or equal to zero')
        sep = PARAMETER_SEPARATOR_STRING

        def shallow(name: str) -> bool:
            return name.count(sep) < depth

        def wanted(name: str) -> bool:
            if not prefixes:
                return depth == _DEPTH_RECURSIVE or shallow(name)
            return any(name == prefix or (name.startswith(prefix + sep) and (
                depth == _DEPTH_RECURSIVE or shallow(name[len(prefix) + 1:])))
                for prefix in prefixes)

        result = ListParametersResult()
        for name in self._parameters:
            if not wanted(name):
                continue
            result.names.append(name)
            cut = name.rfind(sep)
            if cut != -1 and name[:cut] not in result.prefixes:
                result.prefixes.append(name[:cut])
        return result

    # -- setting ----------------------------------------------------------------------------------

    def set_parameters(self, parameter_list: List[Parameter]) -> List[SetParametersResult]:
        """
        Set parameters one at a time, in order; return one result per parameter.

        A NOT_SET value undeclares a dynamically typed parameter. The pre-set, on-set and
        post-set callbacks run once per parameter; each change is published as an event.

        :raises ParameterNotDeclaredException: at the first undeclared parameter if undeclared
            parameters are not allowed (the ones before it stay set).
        """
        return [self._set_parameters_atomically([param]) for param in parameter_list]

    def set_parameters_atomically(self, parameter_list: List[Parameter]) -> SetParametersResult:
        """
        Set parameters all at once, or none of them; return one aggregate result.

        :raises ParameterNotDeclaredException: if any is undeclared and that is not allowed
            (then none is set).
        """
        return self._set_parameters_atomically(parameter_list)

    def _set_parameters_atomically(self, parameter_list: List[Parameter]) -> SetParametersResult:
        if self._pre_set_parameters_callbacks:
            modified: List[Parameter] = []
            for callback in self._pre_set_parameters_callbacks:
                modified.extend(callback(parameter_list))
            parameter_list = modified
            if not parameter_list:
                return SetParametersResult(
                    successful=False,
                    reason='parameter list cannot be empty, this might be due to '
                           'pre_set_parameters_callback modifying the original parameters list.')
        if not all(isinstance(param, Parameter) for param in parameter_list):
            raise TypeError("parameter must be instance of type '{}'".format(repr(Parameter)))
        undeclared = [p.name for p in parameter_list if p.name not in self._parameters]
        if undeclared and not self._allow_undeclared_parameters:
            raise ParameterNotDeclaredException(undeclared)
        return self._set_parameters_atomically_common(parameter_list)

    def _set_parameters_atomically_common(
            self, parameter_list: List[Parameter],
            descriptors: Optional[Dict[str, ParameterDescriptor]] = None,
            allow_not_set_type: bool = False) -> SetParametersResult:
        """Check descriptors and on-set callbacks, then store, publish and call post-set ones."""
        if descriptors is None:
            result = self._apply_descriptors(parameter_list, self._descriptors, True)
        else:
            result = self._apply_descriptors(parameter_list, descriptors, False)
        if not result.successful:
            return result
        for callback in self._on_set_parameters_callbacks:
            result = callback(parameter_list)
            if not isinstance(result, SetParametersResult):
                warnings.warn('Callback returned an invalid type, it should return '
                              'SetParameterResult.')
                return SetParametersResult(successful=False,
                                           reason='Callback returned an invalid type')
            if not result.successful:
                return result
        event = self._new_parameter_event()
        for param in parameter_list:
            if not allow_not_set_type and param.type_ == Parameter.Type.NOT_SET:
                event.deleted_parameters.append(param.to_parameter_msg())
                self._parameters.pop(param.name, None)
                self._descriptors.pop(param.name, None)
                continue
            if descriptors is not None:
                self._descriptors[param.name] = descriptors[param.name]
            elif param.name not in self._descriptors:
                self._descriptors[param.name] = ParameterDescriptor(dynamic_typing=True)
            previous = self._parameters.get(param.name)
            if previous is None or previous.type_ == Parameter.Type.NOT_SET:
                event.new_parameters.append(param.to_parameter_msg())
            else:
                event.changed_parameters.append(param.to_parameter_msg())
            self._parameters[param.name] = param
        self._parameter_event_publisher.publish(event)
        for post_callback in self._post_set_parameters_callbacks:
            post_callback(parameter_list)
        return SetParametersResult(successful=True)

    def _new_parameter_event(self) -> ParameterEvent:
        return ParameterEvent(stamp=self._clock.now().to_msg(),
                              node=self.get_fully_qualified_name())

    # -- descriptors ------------------------------------------------------------------------------

    def set_descriptor(self, name: str, descriptor: ParameterDescriptor,
                       alternative_value: Optional[ParameterValue] = None) -> ParameterValue:
        """
        Give a parameter a new descriptor; its name is set to ``name``.

        If the current value does not fit the new descriptor, ``alternative_value`` is set.

        :return: the parameter's value afterwards.
        :raises ParameterNotDeclaredException: if it is not declared (and that is not allowed).
        :raises ParameterImmutableException: if it is read-only.
        :raises InvalidParameterValueException: if neither value fits the descriptor.
        """
        if not self.has_parameter(name):
            if not self._allow_undeclared_parameters:
                raise ParameterNotDeclaredException(name)
            return self.get_parameter(name).get_parameter_value()
        if self.describe_parameter(name).read_only:
            raise ParameterImmutableException(name)
        current = self.get_parameter(name)
        if not self._apply_descriptor_and_set(current, descriptor):
            alternative = current if alternative_value is None else Parameter.from_parameter_msg(
                ParameterMsg(name=name, value=alternative_value))
            result = self._apply_descriptor(alternative, descriptor, False)
            if not result.successful:
                raise InvalidParameterValueException(name, alternative.value, result.reason)
            self._parameters[name] = alternative
        self._descriptors[name] = descriptor
        return self.get_parameter(name).get_parameter_value()

    def _apply_descriptor_and_set(self, parameter: Parameter,
                                  descriptor: ParameterDescriptor) -> bool:
        ok = self._apply_descriptor(parameter, descriptor, False).successful
        if ok:
            self._parameters[parameter.name] = parameter
        return ok

    def _apply_descriptors(self, parameter_list: List[Parameter],
                           descriptors: Dict[str, ParameterDescriptor],
                           check_read_only: bool = True) -> SetParametersResult:
        """Check each parameter that has a descriptor against it; the first failure wins."""
        for param in parameter_list:
            descriptor = descriptors.get(param.name)
            if descriptor is not None:
                result = self._apply_descriptor(param, descriptor, check_read_only)
                if not result.successful:
                    return result
        return SetParametersResult(successful=True)

    def _apply_descriptor(self, parameter: Parameter, descriptor: ParameterDescriptor,
                          check_read_only: bool = True) -> SetParametersResult:
        """Check one parameter against a descriptor (whose name and dynamic type it updates)."""
        descriptor.name = parameter.name
        if check_read_only and descriptor.read_only:
            return _failed(f'Trying to set a read-only parameter: {parameter.name}.')
        type_ = parameter.type_
        if descriptor.dynamic_typing:
            descriptor.type = type_.value
        elif self.has_parameter(parameter.name) and type_ == Parameter.Type.NOT_SET:
            return _failed('Static parameter cannot be undeclared')
        elif type_ != Parameter.Type.NOT_SET and type_.value != descriptor.type:
            return _failed("Wrong parameter type, expected "
                           f"'{Parameter.Type(descriptor.type)}' got '{type_}'")
        if type_ == Parameter.Type.INTEGER and descriptor.integer_range:
            return _check_integer_range(parameter, descriptor.integer_range[0])
        if type_ == Parameter.Type.DOUBLE and descriptor.floating_point_range:
            return _check_floating_point_range(parameter, descriptor.floating_point_range[0],
                                               self.PARAM_REL_TOL)
        return SetParametersResult(successful=True)

    # -- callbacks --------------------------------------------------------------------------------

    def add_pre_set_parameters_callback(self, callback: PreSetCallback) -> None:
        """
        Add a callback that may modify a list of parameters before it is validated and set.

        It returns the list to set instead (an empty one makes the set fail). Called by
        ``set_parameters*`` and the parameter services, not when declaring or undeclaring.
        """
        self._pre_set_parameters_callbacks.insert(0, callback)

    def add_on_set_parameters_callback(self, callback: OnSetCallback) -> None:
        """
        Add a callback (run before those added earlier) that may reject parameter changes.

        It returns a SetParametersResult; an unsuccessful one rejects the whole change.
        """
        if not callable(callback):
            raise TypeError('Callback must be callable, got {}', type(callback))
        self._on_set_parameters_callbacks.insert(0, callback)

    def add_post_set_parameters_callback(self, callback: PostSetCallback) -> None:
        """Add a callback called with the parameters after they were declared or set."""
        if not callable(callback):
            raise TypeError('Callback must be callable, got {}', type(callback))
        self._post_set_parameters_callbacks.insert(0, callback)

    def remove_pre_set_parameters_callback(self, callback: PreSetCallback) -> None:
        """Remove a pre-set callback (ValueError if it was not added)."""
        self._pre_set_parameters_callbacks.remove(callback)

    def remove_on_set_parameters_callback(self, callback: OnSetCallback) -> None:
        """Remove an on-set callback (ValueError if it was not added)."""
        self._on_set_parameters_callbacks.remove(callback)

    def remove_post_set_parameters_callback(self, callback: PostSetCallback) -> None:
        """Remove a post-set callback (ValueError if it was not added)."""
        self._post_set_parameters_callbacks.remove(callback)


def _declared_value(name: str, second: Any, descriptor: ParameterDescriptor,
                    entry_length: int) -> Any:
    """The default value of a declaration, setting the descriptor's static type from it."""
    if entry_length == 1:
        warnings.warn(
            f"when declaring parameter named '{name}', declaring a parameter only providing its "
            'name is deprecated. You have to either:\n'
            '\t- Pass a name and a default value different to "PARAMETER NOT SET" '
            '(and optionally a descriptor).\n'
            '\t- Pass a name and a parameter type.\n'
            '\t- Pass a name and a descriptor with `dynamic_typing=True')
        descriptor.dynamic_typing = True
    if isinstance(second, Parameter.Type):
        if second == Parameter.Type.NOT_SET:
            raise ValueError(
                f'Cannot declare parameter {{{name}}} as statically typed of type NOT_SET')
        if descriptor.dynamic_typing:
            raise ValueError(
                f'When declaring parameter {{{name}}} passing a descriptor with'
                '`dynamic_typing=True` is not allowed when the parameter type is provided')
        descriptor.type = second.value
        return None
    if not descriptor.dynamic_typing:
        if isinstance(second, ParameterValue):
            descriptor.type = second.type
        else:
            descriptor.type = Parameter.Type.from_parameter_value(second).value
        if descriptor.type == ParameterType.PARAMETER_NOT_SET:
            raise ValueError('Cannot declare a statically typed parameter with default value '
                             'of type PARAMETER_NOT_SET')
    return second


def _failed(reason: str) -> SetParametersResult:
    return SetParametersResult(successful=False, reason=reason)


def _check_integer_range(parameter: Parameter, limits: IntegerRange) -> SetParametersResult:
    low = min(limits.from_value, limits.to_value)
    high = max(limits.from_value, limits.to_value)
    value = parameter.value
    if value in (low, high):
        return SetParametersResult(successful=True)
    if not low < value < high:
        return _failed(f'Parameter {parameter.name} out of range. '
                       f'Min: {low}, Max: {high}, value: {value}')
    if limits.step != 0 and (value - low) % limits.step != 0:
        return _failed(f'The parameter value for {parameter.name} is not a valid step. '
                       f'Min: {low}, max: {high}, value: {value}, step: {limits.step}')
    return SetParametersResult(successful=True)


def _check_floating_point_range(parameter: Parameter, limits: FloatingPointRange,
                                rel_tol: float) -> SetParametersResult:
    low = min(limits.from_value, limits.to_value)
    high = max(limits.from_value, limits.to_value)
    value = parameter.value
    if math.isclose(value, low, rel_tol=rel_tol) or math.isclose(value, high, rel_tol=rel_tol):
        return SetParametersResult(successful=True)
    if not low < value < high:
        return _failed(f'Parameter {parameter.name} out of range '
                       f'Min: {low}, Max: {high}, value: {value}')
    if limits.step != 0.0:
        steps = round((value - low) / limits.step)
        if not math.isclose(low + steps * limits.step, value, rel_tol=rel_tol):
            return _failed(
                f'The parameter value for {parameter.name} is not close enough to a valid step. '
                f'Min: {low}, max: {high}, value: {value}, step: {limits.step}')
    return SetParametersResult(successful=True)
