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


# -- the errors the API raises, as Jazzy's rclpy raises them --------------------------------------

def test_init_with_a_negative_domain_id_raises_rclpys_runtime_error():
    import rclpy
    from rclpy.context import Context
    context = Context()
    with pytest.raises(RuntimeError, match=r'^Domain id \(-1\) should not be lower than zero\.$'):
        rclpy.init(context=context, domain_id=-1)
    assert not context.ok()


def test_init_with_an_argument_that_is_not_utf8_raises_unicode_encode_error():
    import rclpy
    from rclpy.context import Context
    context = Context()
    with pytest.raises(UnicodeEncodeError, match='surrogates not allowed'):
        rclpy.init(context=context, args=['prog', '--ros-args', '-r', '\udcff:=a'])
    assert not context.ok()


def test_set_parameters_with_a_non_parameter_raises_type_error(context):
    import rclpy
    node = rclpy.create_node('exc_params', context=context)
    try:
        with pytest.raises(TypeError, match="parameter must be instance of type '<class 'rclpy.parameter.Parameter'>'"):
            node.set_parameters([42])
    finally:
        node.destroy_node()


def test_time_and_duration_compare_with_other_types_as_rclpy():
    """Equality with another type is False (Python's fallback), ordering and arithmetic raise TypeError."""
    from rclpy.clock_type import ClockType
    from rclpy.duration import Duration
    from rclpy.time import Time
    assert (Time() == 1) is False and (Time() != 1) is True
    assert (Duration() == 1) is False and (Duration() != 1) is True
    for operation in (lambda: Time() < 1, lambda: Time() >= 1, lambda: Time() + 1, lambda: Time() - 1,
                      lambda: Duration() > 1, lambda: Duration() + 1, lambda: Duration() * Duration()):
        with pytest.raises(TypeError):
            operation()
    with pytest.raises(TypeError, match="Can't compare times with different clock types"):
        Time() == Time(clock_type=ClockType.STEADY_TIME)


def test_client_call_returns_none_when_the_timeout_passes(context):
    import rclpy
    from rclpy.executors import SingleThreadedExecutor
    from example_interfaces.srv import AddTwoInts
    node = rclpy.create_node('exc_call', context=context)
    client = node.create_client(AddTwoInts, 'exc_nobody_serves_this')
    executor = SingleThreadedExecutor(context=context)
    executor.add_node(node)
    import threading
    spinner = threading.Thread(target=executor.spin, daemon=True)
    spinner.start()
    try:
        assert client.call(AddTwoInts.Request(a=1, b=2), timeout_sec=0.2) is None
        assert client._pending_requests == {}  # the abandoned request is forgotten
    finally:
        executor.shutdown()
        spinner.join(10)
        node.destroy_node()


def test_rate_sleep_after_destroy_and_after_shutdown_raises_as_rclpy():
    import rclpy
    from rclpy.context import Context
    context = Context()
    rclpy.init(context=context)
    node = rclpy.create_node('exc_rate', context=context)
    destroyed = node.create_rate(100.0)
    destroyed.destroy()
    with pytest.raises(RuntimeError, match='^Rate cannot sleep because it has been destroyed$'):
        destroyed.sleep()
    by_node = node.create_rate(100.0)
    node.destroy_rate(by_node)
    with pytest.raises(RuntimeError, match='^Rate cannot sleep because it has been destroyed$'):
        by_node.sleep()
    sleeping = node.create_rate(0.01)  # a period of 100 s: only the shutdown ends the sleep
    errors = []

    def sleeper() -> None:
        try:
            sleeping.sleep()
        except BaseException as e:  # noqa: B902
            errors.append(e)

    import threading
    import time
    thread = threading.Thread(target=sleeper)
    thread.start()
    time.sleep(0.2)
    later = node.create_rate(100.0)
    context.shutdown()
    thread.join(10)
    assert not thread.is_alive() and len(errors) == 1
    assert type(errors[0]) is ex.ROSInterruptException
    with pytest.raises(ex.ROSInterruptException):
        later.sleep()


@pytest.mark.parametrize('topic', ['', '1abc', 'a b', 'foo/', '~foo', 'a{b', 'fo-o', 'a?', '}'])
def test_invalid_topic_names_raise_invalid_topic_name_exception(context, topic):
    import rclpy
    from std_msgs.msg import String
    node = rclpy.create_node('exc_topics', context=context)
    try:
        with pytest.raises(ex.InvalidTopicNameException):
            node.create_publisher(String, topic, 10)
        with pytest.raises(ex.InvalidTopicNameException):
            node.create_subscription(String, topic, lambda msg: None, 10)
    finally:
        node.destroy_node()


@pytest.mark.parametrize('topic', ['/foo//bar', '//a', 'foo//bar'])
def test_repeated_slashes_raise_invalid_topic_name_exception(context, topic):
    import rclpy
    from std_msgs.msg import String
    node = rclpy.create_node('exc_slashes', context=context)
    try:
        with pytest.raises(ex.InvalidTopicNameException, match="topic name must not contain repeated '/'"):
            node.create_publisher(String, topic, 10)
    finally:
        node.destroy_node()


def test_unknown_substitutions_raise_value_error_as_rclpy(context):
    import rclpy
    from std_msgs.msg import String
    node = rclpy.create_node('exc_subst', context=context)
    try:
        with pytest.raises(ValueError, match=r"^topic name '\{bad\}' is invalid: unknown substitution: \{bad\}"):
            node.create_publisher(String, '{bad}', 10)
    finally:
        node.destroy_node()


def test_a_service_type_for_a_topic_and_a_message_type_for_a_service_raise_as_rclpy(context):
    import rclpy
    from example_interfaces.srv import AddTwoInts
    from std_msgs.msg import String
    node = rclpy.create_node('exc_types', context=context)
    try:
        with pytest.raises(RuntimeError, match='message type provided is not valid .* service or action'):
            node.create_publisher(AddTwoInts, 'wrong_kind', 10)
        with pytest.raises(RuntimeError, match='message type provided is not valid'):
            node.create_subscription(AddTwoInts, 'wrong_kind', lambda m: None, 10)
        with pytest.raises(RuntimeError, match='service type provided is not valid .* message or action'):
            node.create_service(String, 'wrong_kind', lambda req, resp: resp)
        with pytest.raises(RuntimeError, match='service type provided is not valid'):
            node.create_client(String, 'wrong_kind')
        with pytest.raises(AttributeError, match='should be a ROS 2 message type'):
            node.create_publisher(int, 'wrong_kind', 10)
    finally:
        node.destroy_node()
