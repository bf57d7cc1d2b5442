"""rclpy's exception classes: the one place that maps rclx failures to rclpy's exception types.

rclpy defines ``RCLError``, ``InvalidHandle`` and their siblings in its C extension
(``rclpy._rclpy_pybind11``); rclx defines them here, with the same names and bases, and the
bindings raise these classes.
"""

from typing import List, TYPE_CHECKING, Union

if TYPE_CHECKING:
    from rclpy.parameter import AllowableParameterValue, Parameter


class NotInitializedException(Exception):
    """Raised when the rclpy implementation is accessed before rclpy.init()."""

    def __init__(self, message: Union[str, None] = None) -> None:
        if message:
            Exception.__init__(self, f'rclpy.init() has not been called. msg:{message}')
        else:
            Exception.__init__(self, 'rclpy.init() has not been called.')


class NoTypeSupportImportedException(Exception):
    """Raised when there is no type support imported."""

    def __init__(self) -> None:
        Exception.__init__(self, 'no type_support imported')


class NameValidationException(Exception):
    """Raised when a topic name, node name, or namespace are invalid."""

    def __init__(self, name_type: str, name: str, error_msg: str, invalid_index: int) -> None:
        # Three lines: the reason, the name, and a caret under the first bad character.
        msg = (f'Invalid {name_type}: {error_msg}:\n'
               f"  '{name}'\n"
               f"   {' ' * invalid_index}^")
        Exception.__init__(self, msg)


class InvalidNamespaceException(NameValidationException):
    """Raised when a namespace is invalid."""

    def __init__(self, name: str, error_msg: str, invalid_index: int) -> None:
        NameValidationException.__init__(self, 'namespace', name, error_msg, invalid_index)


class InvalidNodeNameException(NameValidationException):
    """Raised when a node name is invalid."""

    def __init__(self, name: str, error_msg: str, invalid_index: int) -> None:
        NameValidationException.__init__(self, 'node name', name, error_msg, invalid_index)


class InvalidTopicNameException(NameValidationException):
    """Raised when a topic name is invalid."""

    def __init__(self, name: str, error_msg: str, invalid_index: int) -> None:
        NameValidationException.__init__(self, 'topic name', name, error_msg, invalid_index)


class InvalidServiceNameException(NameValidationException):
    """Raised when a service name is invalid."""

    def __init__(self, name: str, error_msg: str, invalid_index: int) -> None:
        NameValidationException.__init__(self, 'service name', name, error_msg, invalid_index)


class ParameterException(Exception):
    """Base exception for parameter-related errors."""

    def __init__(self, error_msg: str, parameters: Union[str, List[str]]) -> None:
        Exception.__init__(self, f'{error_msg}: {parameters}')


class ParameterNotDeclaredException(ParameterException):
    """Raised when handling an undeclared parameter when it is not allowed."""

    def __init__(self, parameters: Union[str, List[str]]) -> None:
        ParameterException.__init__(
            self, 'Invalid access to undeclared parameter(s)', parameters)


class ParameterAlreadyDeclaredException(ParameterException):
    """Raised when declaring a parameter that had been declared before."""

    def __init__(self, parameters: Union[str, List[str]]) -> None:
        ParameterException.__init__(self, 'Parameter(s) already declared', parameters)


class InvalidParameterException(ParameterException):
    """Raised when a parameter to be declared has an invalid name."""

    def __init__(self, parameter_name: str) -> None:
        ParameterException.__init__(self, 'Invalid parameter name', parameter_name)


class InvalidParameterTypeException(ParameterException):
    """Raised when a parameter is rejected for having an invalid type."""

    def __init__(self, desired_parameter: 'Parameter', expected_type: object) -> None:
        from rclpy.parameter import Parameter
        value = desired_parameter._value
        actual_type = Parameter.Type.from_parameter_value(value).name
        ParameterException.__init__(
            self,
            f"Trying to set parameter '{desired_parameter._name}' to '{value}'"
            f" of type '{actual_type}', expecting type '{expected_type}'",
            desired_parameter.name)


class InvalidParameterValueException(ParameterException):
    """Raised when a parameter is rejected by a user callback or when applying a descriptor."""

    def __init__(self, parameter: str, value: 'AllowableParameterValue', reason: str) -> None:
        ParameterException.__init__(
            self,
            f'Invalid parameter value ({value}) for parameter. Reason: {reason}',
            parameter)


class ParameterImmutableException(ParameterException):
    """Raised when a read-only parameter is modified."""

    def __init__(self, parameter_name: str) -> None:
        ParameterException.__init__(
            self, 'Attempted to modify read-only parameter', parameter_name)


class ParameterUninitializedException(ParameterException):
    """Raised when an uninitialized parameter is accessed."""

    def __init__(self, parameter_name: str) -> None:
        ParameterException.__init__(
            self, f"The parameter '{parameter_name}' is not initialized", parameter_name)


class ROSInterruptException(Exception):
    """Raised when an operation is canceled by rclpy shutting down."""

    def __init__(self) -> None:
        Exception.__init__(self, 'rclpy.shutdown() has been called')


# The classes below come from rclpy's C extension in rclpy (rclpy._rclpy_pybind11);
# rclx keeps them here.  Their message is whatever the failing layer reports.

class InvalidHandle(RuntimeError):
    """Raised when an entity is used after it was destroyed."""


class RCUtilsError(RuntimeError):
    """Raised when a utility-layer call fails."""


class RMWError(RuntimeError):
    """Raised when a middleware call fails."""


class RCLError(RuntimeError):
    """Raised when a client-library core call fails."""


class RCLInvalidROSArgsError(RCLError):
    """Raised when ``--ros-args`` contains an invalid argument."""


class UnknownROSArgsError(RuntimeError):
    """Raised when ``--ros-args`` contains arguments that are not ROS arguments."""


class NodeNameNonExistentError(RCLError):
    """Raised when a graph query names a node that does not exist."""


class UnsupportedEventTypeError(RCLError):
    """Raised when an event type is not supported by the middleware."""
