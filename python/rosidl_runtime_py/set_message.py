"""Fill a message from a dictionary, as ``ros2 topic pub`` does with its YAML argument."""

import array
from functools import partial
from typing import Any, Callable, Dict, List

import numpy

from rosidl_parser.definition import AbstractNestedType
from rosidl_parser.definition import NamespacedType
from rosidl_runtime_py.convert import get_message_slot_types
from rosidl_runtime_py.import_message import import_message_from_namespaced_type

_HEADER = 'std_msgs.msg._header.Header'
_TIME = 'builtin_interfaces.msg._time.Time'


def set_message_fields(msg: Any, values: Dict[str, Any], expand_header_auto: bool = False,
                       expand_time_now: bool = False) -> List[Callable[..., Any]]:
    """
    Set the fields of a ROS message.

    :param msg: The ROS message to populate.
    :param values: The values to set in the ROS message. The keys of the dictionary represent
        fields of the message.
    :param expand_header_auto: If enabled and 'auto' is passed as a value to a
        'std_msgs.msg.Header' field, an empty Header will be instantiated and a setter function
        will be returned so that its 'stamp' field can be set to the current time.
    :param expand_time_now: If enabled and 'now' is passed as a value to a
        'builtin_interfaces.msg.Time' field, a setter function will be returned so that
        its value can be set to the current time.
    :returns: A list of setter functions that can be used to update 'builtin_interfaces.msg.Time'
        fields, useful for setting them to the current time. The list will be empty if the message
        does not have any 'builtin_interfaces.msg.Time' fields, or if expand_header_auto and
        expand_time_now are false.
    :raises AttributeError: If the message does not have a field provided in the input dictionary.
    :raises TypeError: If a message value does not match its field type.
    """
    setters: List[Callable[..., Any]] = []
    _fill(msg, values, setters, expand_header_auto, expand_time_now)
    return setters


def _fill(msg: Any, values: Any, setters: List[Callable[..., Any]], header_auto: bool,
          time_now: bool) -> None:
    try:
        items = list(values.items())
    except AttributeError:
        raise TypeError(f"Value '{values}' is expected to be a dictionary but is a "
                        f'{type(values).__name__}') from None
    for name, given in items:
        current = getattr(msg, name)  # AttributeError names the missing field
        kind = type(current)
        qualified = f'{kind.__module__}.{kind.__name__}'
        if kind is array.array:
            value: Any = array.array(current.typecode, given)
        elif kind is numpy.ndarray:
            value = numpy.array(given, dtype=current.dtype)
        elif type(given) is kind:
            value = given
        elif qualified == _HEADER and given == 'auto' and header_auto:
            setters.append(partial(setattr, current, 'stamp'))
            continue
        elif qualified == _TIME and given == 'now' and time_now:
            setters.append(partial(setattr, msg, name))
            continue
        else:
            try:
                value = kind(given)
            except TypeError:
                # A nested message: build a fresh one and fill it from the dictionary.
                value = kind()
                _fill(value, given, setters, header_auto, time_now)
        slot_type = get_message_slot_types(msg)[name]
        if (isinstance(slot_type, AbstractNestedType) and
                isinstance(slot_type.value_type, NamespacedType)):
            element_class = import_message_from_namespaced_type(slot_type.value_type)
            value = list(value)
            for i, element in enumerate(value):
                nested = element_class()
                _fill(nested, element, setters, header_auto, time_now)
                value[i] = nested
        setattr(msg, name, value)
