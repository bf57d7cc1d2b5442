"""The parameter part of Node: a minimal local parameter store with rclpy's method names.

Overrides come from the Node constructor (``parameter_overrides``) and the command line
(``--ros-args -p name:=value``, global first, then the node's own ``cli_args``); a declared
parameter takes its override instead of its default.  Parameter services and
``/parameter_events`` are not part of this store.
"""

from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

from rclpy.exceptions import (InvalidParameterValueException, ParameterAlreadyDeclaredException,
                              ParameterNotDeclaredException)
from rclpy.parameter import _overrides_for_node, Parameter

OnSetParametersCallback = Callable[[List[Parameter]], Any]


class NodeParameters:
    """Mixin for Node: declare, get and set parameters, and on-set callbacks."""

    def _init_parameters(self, parameter_overrides: Optional[List[Parameter]],
                         command_line_overrides: Sequence[Tuple[str, str, str]],
                         allow_undeclared_parameters: bool,
                         automatically_declare: bool) -> None:
        self._parameters: Dict[str, Parameter] = {}
        self._allow_undeclared_parameters = allow_undeclared_parameters
        self._on_set_parameters_callbacks: List[OnSetParametersCallback] = []
        overrides: Dict[str, Parameter] = {}
        for param in _overrides_for_node(list(command_line_overrides), self.get_name(),
                                         self.get_fully_qualified_name()):
            overrides[param.name] = param
        for param in parameter_overrides or []:
            overrides[param.name] = param
        self._parameter_overrides = overrides
        if automatically_declare:
            for param in overrides.values():
                self._parameters[param.name] = param

    def declare_parameter(self, name: str, value: Any = None, descriptor: Any = None,
                          ignore_override: bool = False) -> Parameter:
        """
        Declare a parameter; its value is the override if one was given, else ``value``.

        :raises ParameterAlreadyDeclaredException: if it was declared before.
        :raises InvalidParameterValueException: if the on-set callbacks reject it.
        """
        if name in self._parameters:
            raise ParameterAlreadyDeclaredException([name])
        if isinstance(value, Parameter.Type):  # declare_parameter(name, Parameter.Type.X)
            value = None
        param = Parameter(name, value=value)
        override = self._parameter_overrides.get(name)
        if override is not None and not ignore_override:
            param = Parameter(name, override.type_, override.value)
        result = self._call_on_set_callbacks([param])
        if not getattr(result, 'successful', True):
            raise InvalidParameterValueException(name, param.value, getattr(result, 'reason', ''))
        self._parameters[name] = param
        return param

    def declare_parameters(self, namespace: str,
                           parameters: List[Tuple[Any, ...]],
                           ignore_override: bool = False) -> List[Parameter]:
        """Declare several parameters given as ``(name, value[, descriptor])`` tuples."""
        declared = []
        for entry in parameters:
            name = entry[0] if not namespace else f'{namespace}.{entry[0]}'
            value = entry[1] if len(entry) > 1 else None
            declared.append(self.declare_parameter(name, value, ignore_override=ignore_override))
        return declared

    def undeclare_parameter(self, name: str) -> None:
        """Forget a declared parameter."""
        if name not in self._parameters:
            raise ParameterNotDeclaredException(name)
        del self._parameters[name]

    def has_parameter(self, name: str) -> bool:
        """Return True if the parameter is declared."""
        return name in self._parameters

    def get_parameter(self, name: str) -> Parameter:
        """
        Get a parameter.

        :raises ParameterNotDeclaredException: if it is not declared and undeclared
            parameters are not allowed.
        """
        if name in self._parameters:
            return self._parameters[name]
        if self._allow_undeclared_parameters:
            return Parameter(name, Parameter.Type.NOT_SET, None)
        raise ParameterNotDeclaredException(name)

    def get_parameter_or(self, name: str, alternative_value: Optional[Parameter] = None) -> Parameter:
        """Get a parameter, or ``alternative_value`` if it is not declared."""
        if alternative_value is None:
            alternative_value = Parameter(name, Parameter.Type.NOT_SET)
        return self._parameters.get(name, alternative_value)

    def get_parameters(self, names: List[str]) -> List[Parameter]:
        """Get several parameters."""
        return [self.get_parameter(name) for name in names]

    def set_parameters(self, parameter_list: List[Parameter]) -> List[Any]:
        """Set parameters one at a time; returns one SetParametersResult per parameter."""
        return [self.set_parameters_atomically([param]) for param in parameter_list]

    def set_parameters_atomically(self, parameter_list: List[Parameter]) -> Any:
        """Set parameters all or none; returns one SetParametersResult."""
        from rcl_interfaces.msg import SetParametersResult
        for param in parameter_list:
            if param.name not in self._parameters and not self._allow_undeclared_parameters:
                raise ParameterNotDeclaredException(param.name)
        result = self._call_on_set_callbacks(parameter_list)
        if result is None:
            result = SetParametersResult(successful=True)
        if result.successful:
            for param in parameter_list:
                if param.type_ == Parameter.Type.NOT_SET:
                    self._parameters.pop(param.name, None)
                else:
                    self._parameters[param.name] = param
        return result

    def add_on_set_parameters_callback(self, callback: OnSetParametersCallback) -> None:
        """Add a callback that may reject parameter changes (called newest first)."""
        self._on_set_parameters_callbacks.insert(0, callback)

    def remove_on_set_parameters_callback(self, callback: OnSetParametersCallback) -> None:
        """Remove a callback added with :meth:`add_on_set_parameters_callback`."""
        self._on_set_parameters_callbacks.remove(callback)

    def _call_on_set_callbacks(self, parameter_list: List[Parameter]) -> Any:
        from rcl_interfaces.msg import SetParametersResult
        result = SetParametersResult(successful=True)
        for callback in list(self._on_set_parameters_callbacks):
            result = callback(parameter_list)
            if not result.successful:
                break
        return result
