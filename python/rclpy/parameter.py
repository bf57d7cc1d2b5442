"""rclpy.parameter: a named, typed parameter value (the minimal part of rclpy's module)."""

from enum import IntEnum
from typing import Any, List, Optional, Tuple

__all__ = ['Parameter', 'parameter_value_to_python']


class Parameter:
    """A parameter: a name, a type and a value of that type."""

    class Type(IntEnum):
        """Parameter types; values equal rcl_interfaces/msg/ParameterType's constants."""

        NOT_SET = 0
        BOOL = 1
        INTEGER = 2
        DOUBLE = 3
        STRING = 4
        BYTE_ARRAY = 5
        BOOL_ARRAY = 6
        INTEGER_ARRAY = 7
        DOUBLE_ARRAY = 8
        STRING_ARRAY = 9

        @classmethod
        def from_parameter_value(cls, parameter_value: Any) -> 'Parameter.Type':
            """
            Get the type a Python value has as a parameter.

            :raises TypeError: if the value cannot be a parameter.
            """
            if parameter_value is None:
                return cls.NOT_SET
            if isinstance(parameter_value, bool):
                return cls.BOOL
            if isinstance(parameter_value, int):
                return cls.INTEGER
            if isinstance(parameter_value, float):
                return cls.DOUBLE
            if isinstance(parameter_value, str):
                return cls.STRING
            if isinstance(parameter_value, (list, tuple)) or type(parameter_value).__name__ in (
                    'array', 'ndarray'):
                items = list(parameter_value)
                if all(isinstance(v, bytes) for v in items):
                    return cls.BYTE_ARRAY
                if all(isinstance(v, bool) for v in items):
                    return cls.BOOL_ARRAY
                if all(isinstance(v, int) and not isinstance(v, bool) for v in items):
                    return cls.INTEGER_ARRAY
                if all(isinstance(v, float) for v in items):
                    return cls.DOUBLE_ARRAY
                if all(isinstance(v, str) for v in items):
                    return cls.STRING_ARRAY
                raise TypeError(
                    'The given value is not a list of one of the allowed types'
                    f" '{parameter_value}'.")
            raise TypeError(
                f"The given value is not one of the allowed types '{parameter_value}'.")

        def check(self, parameter_value: Any) -> bool:
            """Return True if ``parameter_value`` is a value of this type."""
            try:
                return Parameter.Type.from_parameter_value(parameter_value) == self
            except TypeError:
                return False

    @classmethod
    def from_parameter_msg(cls, param_msg: Any) -> 'Parameter':
        """Create a Parameter from an rcl_interfaces/msg/Parameter."""
        return cls(param_msg.name, Parameter.Type(param_msg.value.type),
                   parameter_value_to_python(param_msg.value))

    def __init__(self, name: str, type_: Optional['Parameter.Type'] = None,
                 value: Any = None) -> None:
        """
        Create a parameter.

        :param name: the parameter's name.
        :param type_: its type; inferred from ``value`` when None.
        :param value: its value.
        :raises TypeError: if ``type_`` is not a :class:`Parameter.Type`.
        :raises ValueError: if ``value`` is not of type ``type_``.
        """
        if type_ is None:
            type_ = Parameter.Type.from_parameter_value(value)
        if not isinstance(type_, Parameter.Type):
            raise TypeError("type must be an instance of '{}'".format(repr(Parameter.Type)))
        if not type_.check(value):
            raise ValueError("Type '{}' and value '{}' do not agree".format(type_, value))
        self._type_ = type_
        self._name = name
        self._value = value

    @property
    def name(self) -> str:
        """The parameter's name."""
        return self._name

    @property
    def type_(self) -> 'Parameter.Type':
        """The parameter's type."""
        return self._type_

    @property
    def value(self) -> Any:
        """The parameter's value."""
        return self._value

    def get_parameter_value(self) -> Any:
        """Return the value as an rcl_interfaces/msg/ParameterValue."""
        from rcl_interfaces.msg import ParameterValue
        msg = ParameterValue(type=int(self._type_))
        field = _VALUE_FIELDS.get(self._type_)
        if field is not None:
            setattr(msg, field, list(self._value) if self._type_ >= Parameter.Type.BYTE_ARRAY
                    else self._value)
        return msg

    def to_parameter_msg(self) -> Any:
        """Return the parameter as an rcl_interfaces/msg/Parameter."""
        from rcl_interfaces.msg import Parameter as ParameterMsg
        return ParameterMsg(name=self._name, value=self.get_parameter_value())

    def __repr__(self) -> str:
        return f'Parameter(name={self._name!r}, type_={self._type_!r}, value={self._value!r})'


_VALUE_FIELDS = {
    Parameter.Type.BOOL: 'bool_value',
    Parameter.Type.INTEGER: 'integer_value',
    Parameter.Type.DOUBLE: 'double_value',
    Parameter.Type.STRING: 'string_value',
    Parameter.Type.BYTE_ARRAY: 'byte_array_value',
    Parameter.Type.BOOL_ARRAY: 'bool_array_value',
    Parameter.Type.INTEGER_ARRAY: 'integer_array_value',
    Parameter.Type.DOUBLE_ARRAY: 'double_array_value',
    Parameter.Type.STRING_ARRAY: 'string_array_value',
}


def parameter_value_to_python(parameter_value: Any) -> Any:
    """
    Get the Python value held by an rcl_interfaces/msg/ParameterValue.

    :raises RuntimeError: if its type is unknown.
    """
    try:
        type_ = Parameter.Type(parameter_value.type)
    except ValueError:
        raise RuntimeError(f'unexpected parameter type {parameter_value.type}') from None
    if type_ == Parameter.Type.NOT_SET:
        return None
    value = getattr(parameter_value, _VALUE_FIELDS[type_])
    return list(value) if type_ >= Parameter.Type.BYTE_ARRAY else value


def _parse_override_value(text: str) -> Any:
    """Read a ``-p name:=value`` value as rcl does: as a YAML scalar or flow sequence."""
    try:
        import yaml
    except ImportError:  # a small reader for the common cases
        return _parse_scalar(text)
    try:
        value = yaml.safe_load(text)
    except yaml.YAMLError:
        return text
    if value is None:
        return text
    if isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, list) and all(isinstance(v, (bool, int, float, str)) for v in value):
        return value
    return text


def _parse_scalar(text: str) -> Any:
    stripped = text.strip()
    if stripped.startswith('[') and stripped.endswith(']'):
        inner = stripped[1:-1].strip()
        return [_parse_scalar(item) for item in inner.split(',')] if inner else []
    lowered = stripped.lower()
    if lowered in ('true', 'yes', 'on'):
        return True
    if lowered in ('false', 'no', 'off'):
        return False
    for convert in (int, float):
        try:
            return convert(stripped)
        except ValueError:
            pass
    if len(stripped) >= 2 and stripped[0] == stripped[-1] and stripped[0] in '\'"':
        return stripped[1:-1]
    return stripped


def _overrides_for_node(param_overrides: List[Tuple[str, str, str]],
                        node_name: str, node_fqn: str) -> List[Parameter]:
    """The command-line ``-p`` overrides that apply to a node, later ones winning."""
    by_name = {}
    for node, name, text in param_overrides:
        if node and node.lstrip('/') not in (node_name, node_fqn.lstrip('/'), '*', '**'):
            continue
        value = _parse_override_value(text)
        try:
            by_name[name] = Parameter(name, value=value)
        except TypeError:
            by_name[name] = Parameter(name, value=text)
    return list(by_name.values())
