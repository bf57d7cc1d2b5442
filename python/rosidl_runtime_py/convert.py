"""Convert messages to ordered dictionaries, YAML text or comma-separated values.

Output formats are those of ROS 2's rosidl_runtime_py (what ``ros2 topic echo`` prints):
fields in definition order, bytes shown as characters, numpy / array.array values as lists.
"""

import array
from collections import OrderedDict
import sys
from typing import Any, Optional

import numpy
import rosidl_parser.definition as d
import yaml

_ARRAY_TYPES = (list, tuple, array.array, numpy.ndarray)


class _Dumper(yaml.Dumper):
    """YAML dumper that writes OrderedDicts as plain mappings, keeping their order."""


def _represent_ordereddict(dumper: yaml.Dumper, data: OrderedDict) -> yaml.Node:
    # A node without a flow style: messages always print in block style, while
    # ``flow_style`` only changes how sequences print (as ros2 topic echo does).
    items = [(dumper.represent_data(k), dumper.represent_data(v)) for k, v in data.items()]
    return yaml.nodes.MappingNode('tag:yaml.org,2002:map', items)


_Dumper.add_representer(OrderedDict, _represent_ordereddict)


def _type_name(value_type: d.AbstractType) -> str:
    if isinstance(value_type, d.BasicType):
        return value_type.typename
    if isinstance(value_type, d.AbstractString):
        return 'string'
    if isinstance(value_type, d.AbstractWString):
        return 'wstring'
    if isinstance(value_type, d.NamedType):
        return value_type.name
    if isinstance(value_type, d.NamespacedType):
        return '/'.join(value_type.namespaced_name())
    return 'unknown'


def _abbreviate_array(value: Any, field_type: d.AbstractType) -> str:
    """The short text shown instead of an array's content when ``no_arr`` is set."""
    if isinstance(field_type, d.Array):
        return f'<array type: {_type_name(field_type.value_type)}[{field_type.size}]>'
    if isinstance(field_type, d.BoundedSequence):
        return (f'<sequence type: {_type_name(field_type.value_type)}'
                f'[{field_type.maximum_size}], length: {len(value)}>')
    if isinstance(field_type, d.UnboundedSequence):
        return f'<sequence type: {_type_name(field_type.value_type)}, length: {len(value)}>'
    return 'unknown'


def message_to_yaml(msg: Any, *, truncate_length: Optional[int] = None, no_arr: bool = False,
                    no_str: bool = False, flow_style: bool = False) -> str:
    """
    Convert a ROS message to a YAML string.

    :param msg: The ROS message to convert.
    :param truncate_length: Truncate values for all message fields to this length.
        This does not truncate the list of message fields.
    :param no_arr: Exclude array fields of the message.
    :param no_str: Exclude string fields of the message.
    :param flow_style: Whether to use block style or flow style; defaults to block style.
    :returns: A YAML string representation of the input ROS message.
    """
    data = message_to_ordereddict(msg, truncate_length=truncate_length, no_arr=no_arr,
                                  no_str=no_str)
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, width=sys.maxsize,
                     default_flow_style=flow_style)


def message_to_csv(msg: Any, *, truncate_length: Optional[int] = None, no_arr: bool = False,
                   no_str: bool = False) -> str:
    """
    Convert a ROS message to string of comma-separated values.

    :param msg: The ROS message to convert.
    :param truncate_length: Truncate values for all message fields to this length.
        This does not truncate the list of message fields.
    :param no_arr: Exclude array fields of the message.
    :param no_str: Exclude string fields of the message.
    :returns: A string of comma-separated values representing the input message.
    """
    def to_text(value: Any, field_type: Optional[d.AbstractType] = None) -> str:
        if isinstance(value, _ARRAY_TYPES):
            if no_arr and field_type is not None:
                return _abbreviate_array(value, field_type)
            text = ''
            for i, item in enumerate(value):
                if text:
                    text += ','
                if truncate_length is not None and i >= truncate_length:
                    text += '...'
                    break
                text += to_text(item)
            return text
        if isinstance(value, (bool, bytes, float, int, str, numpy.number)):
            if no_str and isinstance(value, str):
                value = f'<string length: <{len(value)}>>'
            elif (isinstance(value, (bytes, str)) and truncate_length is not None and
                    len(value) > truncate_length):
                value = value[:truncate_length] + (b'...' if isinstance(value, bytes) else '...')
            return str(value)
        return message_to_csv(value, truncate_length=truncate_length, no_arr=no_arr,
                              no_str=no_str)

    columns = []
    for name, field_type in zip(msg.get_fields_and_field_types(), msg.SLOT_TYPES):
        columns.append(to_text(getattr(msg, name), field_type))
    return ','.join(columns)


def message_to_ordereddict(msg: Any, *, truncate_length: Optional[int] = None,
                           no_arr: bool = False, no_str: bool = False) -> OrderedDict:
    """
    Convert a ROS message to an OrderedDict.

    :param msg: The ROS message to convert.
    :param truncate_length: Truncate values for all message fields to this length.
        This does not truncate the list of fields (ie. the dictionary keys).
    :param no_arr: Exclude array fields of the message.
    :param no_str: Exclude string fields of the message.
    :returns: An OrderedDict where the keys are the ROS message fields and the values are
        set to the values of the input message.
    """
    result: OrderedDict = OrderedDict()
    for name, field_type in zip(msg.get_fields_and_field_types(), msg.SLOT_TYPES):
        result[name] = _convert_value(
            getattr(msg, name, None), field_type=field_type, truncate_length=truncate_length,
            no_arr=no_arr, no_str=no_str)
    return result


def _convert_value(value: Any, *, field_type: Optional[d.AbstractType] = None,
                   truncate_length: Optional[int] = None, no_arr: bool = False,
                   no_str: bool = False) -> Any:
    """Convert one field value (or element) to plain Python data for dicts and YAML."""
    def convert(item: Any) -> Any:
        return _convert_value(item, truncate_length=truncate_length, no_arr=no_arr,
                              no_str=no_str)

    if isinstance(value, bytes):
        shown = value if truncate_length is None else value[:truncate_length]
        text = ''.join(chr(c) for c in shown)
        return text + '...' if len(shown) < len(value) else text
    if isinstance(value, str):
        if no_str:
            return f'<string length: <{len(value)}>>'
        if truncate_length is not None and len(value) > truncate_length:
            return value[:truncate_length] + '...'
        return value
    if isinstance(value, _ARRAY_TYPES):
        container = tuple if isinstance(value, tuple) else list
        if no_arr and field_type is not None:
            return _abbreviate_array(value, field_type)
        if truncate_length is not None and len(value) > truncate_length:
            return container([convert(v) for v in value[:truncate_length]] + ['...'])
        return container([convert(v) for v in value])
    if isinstance(value, dict):
        # Keys are converted but never truncated (that could merge two keys).
        converted = OrderedDict() if isinstance(value, OrderedDict) else {}
        for k, v in value.items():
            converted[_convert_value(k)] = convert(v)
        return converted
    if isinstance(value, numpy.number):
        return value.item()
    if isinstance(value, (bool, float, int)):
        return value
    # Anything else is a nested message.
    return message_to_ordereddict(value, truncate_length=truncate_length, no_arr=no_arr,
                                  no_str=no_str)


def get_message_slot_types(msg: Any) -> OrderedDict:
    """
    Return an OrderedDict of the slot types of a message.

    :param msg: The ROS message to get members types from.
    :returns: An OrderedDict with message member names as keys and slot types as values.
    """
    return OrderedDict(zip(msg.get_fields_and_field_types(), msg.SLOT_TYPES))
