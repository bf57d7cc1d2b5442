"""rclpy.parameter: a named, typed parameter value and its rcl_interfaces message forms."""

import array
from enum import Enum
from typing import Any, Dict, List, Optional, Tuple, TYPE_CHECKING, Union

from rcl_interfaces.msg import Parameter as ParameterMsg
from rcl_interfaces.msg import ParameterType, ParameterValue

__all__ = ['Parameter', 'PARAMETER_SEPARATOR_STRING', 'get_parameter_value',
           'parameter_value_to_python', 'parameter_dict_from_yaml_file']

#: Joins the parts of a nested parameter name ('robot.arm.length').
PARAMETER_SEPARATOR_STRING = '.'

if TYPE_CHECKING:
    AllowableParameterValue = Union[None, bool, int, float, str,
                                    List[bytes], Tuple[bytes, ...],
                                    List[bool], Tuple[bool, ...],
                                    List[int], Tuple[int, ...], 'array.array[int]',
                                    List[float], Tuple[float, ...], 'array.array[float]',
                                    List[str], Tuple[str, ...], 'array.array[str]']

_SEQUENCES = (list, tuple, array.array)


def _is_numpy_array(value: Any) -> bool:
    return type(value).__name__ == 'ndarray' and type(value).__module__ == 'numpy'


class Parameter:
    """A parameter: a name, a :class:`Parameter.Type` and a value of that type."""

    class Type(Enum):
        """Parameter types; values equal rcl_interfaces/msg/ParameterType's constants."""

        NOT_SET = ParameterType.PARAMETER_NOT_SET
        BOOL = ParameterType.PARAMETER_BOOL
        INTEGER = ParameterType.PARAMETER_INTEGER
        DOUBLE = ParameterType.PARAMETER_DOUBLE
        STRING = ParameterType.PARAMETER_STRING
        BYTE_ARRAY = ParameterType.PARAMETER_BYTE_ARRAY
        BOOL_ARRAY = ParameterType.PARAMETER_BOOL_ARRAY
        INTEGER_ARRAY = ParameterType.PARAMETER_INTEGER_ARRAY
        DOUBLE_ARRAY = ParameterType.PARAMETER_DOUBLE_ARRAY
        STRING_ARRAY = ParameterType.PARAMETER_STRING_ARRAY

        @classmethod
        def from_parameter_value(cls, parameter_value: Any) -> 'Parameter.Type':
            """
            Get the type a Python value has as a parameter.

            :return: the Parameter.Type of the value.
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
            if isinstance(parameter_value, _SEQUENCES):
                for type_, item_types in _ARRAY_ITEM_TYPES:
                    if all(isinstance(v, item_types) for v in parameter_value):
                        return type_
                raise TypeError('The given value is not a list of one of the allowed types'
                                f" '{parameter_value}'.")
            raise TypeError(f"The given value is not one of the allowed types '{parameter_value}'.")

        def check(self, parameter_value: Any) -> bool:
            """Return True if ``parameter_value`` is a valid value of this type."""
            checker = _CHECKS.get(self)
            return checker is not None and checker(parameter_value)

    @classmethod
    def from_parameter_msg(cls, param_msg: ParameterMsg) -> 'Parameter':
        """Create a Parameter from an rcl_interfaces/msg/Parameter."""
        type_ = Parameter.Type(param_msg.value.type)
        field = _VALUE_FIELDS.get(type_)
        value = None if field is None else getattr(param_msg.value, field)
        return cls(param_msg.name, type_, value)

    def __init__(self, name: str, type_: Optional['Parameter.Type'] = None,
                 value: Any = None) -> None:
        """
        Create a parameter.

        :param name: the parameter's name.
        :param type_: its type; inferred from ``value`` when None.
        :param value: its value.
        :raises TypeError: if ``type_`` is not a :class:`Parameter.Type`, or no type fits ``value``.
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

    def get_parameter_value(self) -> ParameterValue:
        """Return the value as an rcl_interfaces/msg/ParameterValue."""
        msg = ParameterValue(type=self._type_.value)
        field = _VALUE_FIELDS.get(self._type_)
        if field is not None:
            value = self._value
            if isinstance(value, array.array) or _is_numpy_array(value):
                value = value.tolist()
            setattr(msg, field, value)
        return msg

    def to_parameter_msg(self) -> ParameterMsg:
        """Return the parameter as an rcl_interfaces/msg/Parameter."""
        return ParameterMsg(name=self._name, value=self.get_parameter_value())

    def __repr__(self) -> str:
        return f'Parameter(name={self._name!r}, type_={self._type_}, value={self._value!r})'


def _sequence_of(item_types: Any, sequences: Tuple[type, ...] = _SEQUENCES) -> Any:
    return lambda v: isinstance(v, sequences) and all(isinstance(i, item_types) for i in v)


# The array types in the order a Python sequence's type is guessed (an empty list is a BYTE_ARRAY).
_ARRAY_ITEM_TYPES = (
    (Parameter.Type.BYTE_ARRAY, bytes),
    (Parameter.Type.BOOL_ARRAY, bool),
    (Parameter.Type.INTEGER_ARRAY, int),
    (Parameter.Type.DOUBLE_ARRAY, float),
    (Parameter.Type.STRING_ARRAY, str),
)

_CHECKS = {
    Parameter.Type.NOT_SET: lambda v: v is None,
    Parameter.Type.BOOL: lambda v: isinstance(v, bool),
    Parameter.Type.INTEGER: lambda v: isinstance(v, int),
    Parameter.Type.DOUBLE: lambda v: isinstance(v, float),
    Parameter.Type.STRING: lambda v: isinstance(v, str),
    Parameter.Type.BYTE_ARRAY: lambda v: isinstance(v, (list, tuple)) and all(
        isinstance(i, bytes) and len(i) == 1 for i in v),
    Parameter.Type.BOOL_ARRAY: _sequence_of(bool, (list, tuple)),
    Parameter.Type.INTEGER_ARRAY: _sequence_of(int),
    Parameter.Type.DOUBLE_ARRAY: _sequence_of(float),
    Parameter.Type.STRING_ARRAY: _sequence_of(str, (list, tuple)),
}

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


def get_parameter_value(string_value: str) -> ParameterValue:
    """
    Guess a parameter's type from its text, read as YAML, and return it as a ParameterValue.

    Text that is not a bool, number or list of one type stays a string.

    :param string_value: the text, e.g. ``'1'``, ``'[1.0, 2.0]'``, ``'hello'``.
    """
    import yaml
    try:
        yaml_value = yaml.safe_load(string_value)
    except yaml.YAMLError:  # not YAML (Jazzy catches only parser errors; 'a: b: c' raised there)
        yaml_value = string_value
    value = ParameterValue()
    if isinstance(yaml_value, bool):
        value.type, value.bool_value = ParameterType.PARAMETER_BOOL, yaml_value
    elif isinstance(yaml_value, int):
        value.type, value.integer_value = ParameterType.PARAMETER_INTEGER, yaml_value
    elif isinstance(yaml_value, float):
        value.type, value.double_value = ParameterType.PARAMETER_DOUBLE, yaml_value
    elif isinstance(yaml_value, list):
        for type_, item_types in _ARRAY_ITEM_TYPES[1:]:
            if all(isinstance(v, item_types) for v in yaml_value):
                value.type = type_.value
                setattr(value, _VALUE_FIELDS[type_], yaml_value)
                break
        else:
            value.type, value.string_value = ParameterType.PARAMETER_STRING, string_value
    else:
        value.type = ParameterType.PARAMETER_STRING
        value.string_value = string_value if yaml_value is None else yaml_value
    return value


def parameter_value_to_python(parameter_value: ParameterValue) -> Any:
    """
    Get the Python value held by an rcl_interfaces/msg/ParameterValue (None when NOT_SET).

    :raises RuntimeError: if its ``type`` is unknown.
    """
    try:
        type_ = Parameter.Type(parameter_value.type)
    except ValueError:
        raise RuntimeError(f'unexpected parameter type {parameter_value.type}') from None
    if type_ == Parameter.Type.NOT_SET:
        return None
    value = getattr(parameter_value, _VALUE_FIELDS[type_])
    return list(value) if type_.value >= ParameterType.PARAMETER_BYTE_ARRAY else value


def parameter_dict_from_yaml_file(parameter_file: str, use_wildcard: bool = False,
                                  target_nodes: Optional[List[str]] = None,
                                  namespace: str = '') -> Dict[str, ParameterMsg]:
    """
    Read a ROS 2 parameter file into rcl_interfaces/msg/Parameter messages keyed by name.

    :param parameter_file: the YAML file.
    :param use_wildcard: also take the ``/**`` entry's parameters (overridden by the nodes').
    :param target_nodes: the node entries to take; every entry when None or empty.
    :param namespace: prepended to every parameter name.
    :raises RuntimeError: if a target node is not in the file, or it is not a parameter file.
    """
    from rclpy.impl.parameter_files import parameter_dict_from_yaml_file as read
    return read(parameter_file, use_wildcard, target_nodes, namespace)
