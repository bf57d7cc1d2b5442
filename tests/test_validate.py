"""rclpy's name helpers: validate_*, expand_topic_name, topic_or_service_is_hidden, type_support.

Expected messages and results are rcl/rmw Jazzy's, as real rclpy reports them.
"""

import pytest

from rclpy.exceptions import (InvalidNamespaceException, InvalidNodeNameException,
                              InvalidParameterException, InvalidServiceNameException,
                              InvalidTopicNameException, NoTypeSupportImportedException)
from rclpy.expand_topic_name import expand_topic_name
from rclpy.topic_or_service_is_hidden import topic_or_service_is_hidden
from rclpy.type_support import check_for_type_support, check_is_valid_msg_type, check_is_valid_srv_type
from rclpy.validate_full_topic_name import validate_full_topic_name
from rclpy.validate_namespace import validate_namespace
from rclpy.validate_node_name import validate_node_name
from rclpy.validate_parameter_name import validate_parameter_name
from rclpy.validate_topic_name import TOPIC_SEPARATOR_STRING, validate_topic_name


def test_validate_topic_name_accepts_relative_private_and_substituted_names():
    for name in ('chatter', '/chatter', '~/chatter', '~', '{node}/chatter', 'a/b_c/d1', '_hidden'):
        assert validate_topic_name(name) is True
    assert TOPIC_SEPARATOR_STRING == '/'


@pytest.mark.parametrize('name, message, index', [
    ('', 'topic name must not be empty string', 0),
    ('/', 'topic name must not end with a forward slash', 0),
    ('foo/', 'topic name must not end with a forward slash', 3),
    ('1foo', 'topic name token must not start with a number', 0),
    ('/foo/1bar', 'topic name token must not start with a number', 5),
    ('foo bar', "topic name must not contain characters other than alphanumerics, '_', '~', '{', or '}'", 3),
    ('~foo', "topic name must not have a tilde '~' that is not followed by a forward slash '/'", 1),
    ('foo{', "topic name must not have unmatched (unbalanced) curly braces '{}'", 3),
])
def test_validate_topic_name_rejects_with_rcl_message_and_caret(name, message, index):
    with pytest.raises(InvalidTopicNameException) as info:
        validate_topic_name(name)
    assert str(info.value) == f"Invalid topic name: {message}:\n  '{name}'\n   {' ' * index}^"
    with pytest.raises(InvalidServiceNameException) as info:
        validate_topic_name(name, is_service=True)
    assert str(info.value).startswith(f'Invalid service name: {message}:')


def test_validate_full_topic_name_requires_absolute_expanded_names():
    assert validate_full_topic_name('/ns/chatter') is True
    with pytest.raises(InvalidTopicNameException) as info:
        validate_full_topic_name('chatter')
    assert "topic name must be absolute, it must lead with a '/'" in str(info.value)
    with pytest.raises(InvalidServiceNameException):
        validate_full_topic_name('~/srv', is_service=True)
    with pytest.raises(InvalidTopicNameException) as info:
        validate_full_topic_name('/foo//bar')
    assert "topic name must not contain repeated '/'" in str(info.value)
    with pytest.raises(InvalidTopicNameException) as info:
        validate_full_topic_name('/' + 'a' * 300)
    assert 'topic length should not exceed' in str(info.value)


def test_validate_namespace_and_node_name():
    assert validate_namespace('/') is True
    assert validate_namespace('/a/b') is True
    for namespace, message in (('', 'namespace must not be empty'),
                               ('ns', "namespace must be absolute, it must lead with a '/'"),
                               ('/ns/', "namespace must not end with a '/', unless only a '/'"),
                               ('/1ns', 'namespace must not have a token that starts with a number')):
        with pytest.raises(InvalidNamespaceException) as info:
            validate_namespace(namespace)
        assert str(info.value).startswith(f'Invalid namespace: {message}:')
    assert validate_node_name('my_node') is True
    for node_name, message, index in (('', 'node name must not be empty', 0),
                                      ('1node', 'node name must not start with a number', 0),
                                      ('my.node', "node name must not contain characters other than "
                                                  "alphanumerics or '_'", 2)):
        with pytest.raises(InvalidNodeNameException) as info:
            validate_node_name(node_name)
        assert str(info.value) == f"Invalid node name: {message}:\n  '{node_name}'\n   {' ' * index}^"


def test_validate_parameter_name_only_rejects_the_empty_name():
    assert validate_parameter_name('a.b') is True
    assert validate_parameter_name('1 weird') is True  # rclpy checks nothing else
    with pytest.raises(InvalidParameterException):
        validate_parameter_name('')


@pytest.mark.parametrize('topic, node, namespace, expected', [
    ('chatter', 'my_node', '/my_ns', '/my_ns/chatter'),
    ('chatter', 'my_node', '/', '/chatter'),
    ('/abs', 'my_node', '/my_ns', '/abs'),
    ('~', 'my_node', '/my_ns', '/my_ns/my_node'),
    ('~/foo', 'my_node', '/', '/my_node/foo'),
    ('{node}/{node}', 'my_node', '/my_ns', '/my_ns/my_node/my_node'),
    ('{ns}/chatter', 'my_node', '/my_ns', '/my_ns/chatter'),
    ('{namespace}/chatter', 'my_node', '/', '//chatter'),  # not checked after expansion, as rcl
    ('foo//bar', 'my_node', '/my_ns', '/my_ns/foo//bar'),
])
def test_expand_topic_name_as_rcl(topic, node, namespace, expected):
    assert expand_topic_name(topic, node, namespace) == expected


@pytest.mark.parametrize('topic, node, namespace, message', [
    ('', 'n', '/', "topic name '' is invalid: topic name must not be empty string"),
    ('~foo', 'n', '/', "topic name '~foo' is invalid: topic name must not have a tilde '~' that is not "
                       "followed by a forward slash '/'"),
    ('{a}{b}', 'n', '/', "topic name '{a}{b}' is invalid: unknown substitution: {a}"),
    ('chatter', '1bad', '/ns', "node name '1bad' is invalid: node name must not start with a number"),
    ('chatter', 'n', '', "node namespace '' is invalid: namespace must not be empty"),
    ('chatter', 'n', 'ns', "node namespace 'ns' is invalid: namespace must be absolute, it must lead with a '/'"),
])
def test_expand_topic_name_rejects_bad_input_with_value_error(topic, node, namespace, message):
    with pytest.raises(ValueError) as info:
        expand_topic_name(topic, node, namespace)
    assert type(info.value) is ValueError
    assert str(info.value) == message


def test_topic_or_service_is_hidden():
    assert topic_or_service_is_hidden('/_hidden')
    assert topic_or_service_is_hidden('/a/_b/c')
    assert topic_or_service_is_hidden('_x')
    assert not topic_or_service_is_hidden('/a/b_c')
    assert not topic_or_service_is_hidden('/')


def test_type_support_checks():
    from example_interfaces.action import Fibonacci
    from example_interfaces.srv import AddTwoInts
    from std_msgs.msg import String
    check_for_type_support(String)
    check_for_type_support(AddTwoInts)
    check_for_type_support(Fibonacci)
    check_is_valid_msg_type(String)
    check_is_valid_msg_type(AddTwoInts.Request)
    check_is_valid_srv_type(AddTwoInts)
    with pytest.raises(RuntimeError, match=r'The message type provided is not valid .*AddTwoInts.*'
                                           r'this might be a service or action'):
        check_is_valid_msg_type(AddTwoInts)
    with pytest.raises(RuntimeError, match='this might be a service or action'):
        check_is_valid_msg_type(Fibonacci)
    with pytest.raises(RuntimeError, match='The service type provided is not valid .*String.*'
                                           'this might be a message or action'):
        check_is_valid_srv_type(String)
    with pytest.raises(RuntimeError, match='this might be a message or action'):
        check_is_valid_srv_type(Fibonacci)
    with pytest.raises(AttributeError, match='This might be a ROS 1 message type'):
        check_for_type_support(int)


def test_type_support_imports_missing_type_support():
    class Meta(type):
        _TYPE_SUPPORT = None

        @classmethod
        def __import_type_support__(cls):
            pass  # finds nothing

    class NoSupport(metaclass=Meta):
        pass

    with pytest.raises(NoTypeSupportImportedException):
        check_for_type_support(NoSupport)
