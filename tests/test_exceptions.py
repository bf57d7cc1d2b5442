"""Tests for rclpy.exceptions: names, bases and message formats as in rclpy."""

import pytest

from rclpy import exceptions as ex


def test_name_validation_message():
    error = ex.InvalidTopicNameException('/foo/1bar', 'name must not start with a number', 5)
    assert str(error) == ("Invalid topic name: name must not start with a number:\n"
                          "  '/foo/1bar'\n"
                          "        ^")
    assert isinstance(error, ex.NameValidationException)
    for cls, kind in ((ex.InvalidNamespaceException, 'namespace'),
                      (ex.InvalidNodeNameException, 'node name'),
                      (ex.InvalidServiceNameException, 'service name')):
        assert str(cls('n', 'bad', 0)).startswith(f'Invalid {kind}: bad:\n')


def test_parameter_exceptions():
    assert str(ex.ParameterNotDeclaredException(['a', 'b'])) == \
        "Invalid access to undeclared parameter(s): ['a', 'b']"
    assert str(ex.ParameterAlreadyDeclaredException('p')) == 'Parameter(s) already declared: p'
    assert str(ex.InvalidParameterException('1p')) == 'Invalid parameter name: 1p'
    assert str(ex.InvalidParameterValueException('p', 3, 'too big')) == \
        'Invalid parameter value (3) for parameter. Reason: too big: p'
    assert str(ex.ParameterImmutableException('p')) == \
        'Attempted to modify read-only parameter: p'
    assert str(ex.ParameterUninitializedException('p')) == \
        "The parameter 'p' is not initialized: p"
    for cls in (ex.ParameterNotDeclaredException, ex.ParameterAlreadyDeclaredException,
                ex.InvalidParameterException, ex.InvalidParameterValueException,
                ex.ParameterImmutableException, ex.ParameterUninitializedException,
                ex.InvalidParameterTypeException):
        assert issubclass(cls, ex.ParameterException)


def test_simple_exceptions():
    assert str(ex.NotInitializedException()) == 'rclpy.init() has not been called.'
    assert str(ex.NotInitializedException('cannot create node')) == \
        'rclpy.init() has not been called. msg:cannot create node'
    assert str(ex.NoTypeSupportImportedException()) == 'no type_support imported'
    assert str(ex.ROSInterruptException()) == 'rclpy.shutdown() has been called'


@pytest.mark.parametrize('cls, base', [
    (ex.InvalidHandle, RuntimeError),
    (ex.RCLError, RuntimeError),
    (ex.RMWError, RuntimeError),
    (ex.RCUtilsError, RuntimeError),
    (ex.RCLInvalidROSArgsError, ex.RCLError),
    (ex.UnknownROSArgsError, RuntimeError),
    (ex.NodeNameNonExistentError, ex.RCLError),
    (ex.UnsupportedEventTypeError, ex.RCLError),
])
def test_native_error_bases(cls, base):
    assert issubclass(cls, base)
    assert str(cls('what happened')) == 'what happened'
