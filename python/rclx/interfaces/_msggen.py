"""Message class factory: turns a parsed MessageSpec into a class like rosidl_generator_py's.

The methods come from source generated per type (_codegen) and exec'd once; the loader caches
the class. Invariant relied on by the C++ core, which reads the slots directly and builds
instances without __init__: after __init__ or any setter, every slot holds exactly its value
type (listed in _codegen's docstring).
"""

import array
from collections.abc import Set
import copy
import math
import types
from typing import Any, Dict, List, Optional

import numpy

from rclx.interfaces import _codegen, _kinds
from rclx.interfaces._codegen import Field
from rclx.interfaces._kinds import KINDS


class _Metaclass(type):
    """Base of every message metaclass; holds the type support and the class constants."""

    _TYPE_SUPPORT = None

    @classmethod
    def __import_type_support__(cls) -> None:
        """Do nothing: rclx registers the type support when the class is built."""


def _make_check_kwargs(names: frozenset):
    allowed = names | {'check_fields'}  # Jazzy's switch; rclx always checks fields

    def _check_kwargs(kwargs: Dict[str, Any]) -> None:
        if not allowed.issuperset(kwargs):
            raise AssertionError('Invalid arguments passed to constructor: %s' % ', '.join(
                sorted(k for k in kwargs if k not in names)))
    return _check_kwargs


def _make_repr(fields: List[Field]):
    plain = [(f.name, f.slot, f.numeric_container and f.array != 'fixed') for f in fields]
    prefix_len = len("array('X', ")

    def __repr__(self) -> str:
        typename = self.__class__.__module__.split('.')
        typename.pop()
        typename.append(self.__class__.__name__)
        args = []
        for name, slot, is_array_array in plain:
            value = getattr(self, slot)
            text = repr(value)
            if is_array_array:
                # rclpy shows array.array fields like lists: strip "array('X', " and ")".
                text = '[]' if len(value) == 0 else text[prefix_len:-1]
            args.append(name + '=' + text)
        return '%s(%s)' % ('.'.join(typename), ', '.join(args))
    return __repr__


def _property(name: str, slot: str, setter) -> property:
    getter = eval(f'lambda self: self.{slot}')  # a direct slot read, no closure lookups
    return property(getter, setter, doc=f"Message field '{name}'.")


def _constant_value(constant) -> Any:
    kind, value = constant.type.kind, constant.value
    if kind == 'byte':
        return value if isinstance(value, bytes) else bytes([value])
    if kind == 'bool':
        return bool(value)
    if KINDS[kind].float_bound is not None:
        return float(value)
    return value


def build_message_class(spec: Any, nested: List[Optional[type]], module_name: str) -> type:
    """Create the Python class of message ``spec`` (a core MessageSpec).

    :param spec: the parsed message (package, subfolder, name, fields, constants).
    :param nested: aligned with ``spec.fields``: the class of each message field, else None.
    :param module_name: the ``__module__`` of the class, e.g. 'std_msgs.msg._string'.
    :returns: the class; its metaclass's ``_TYPE_SUPPORT`` is still None.
    """
    fields = [Field(i, f, n) for i, (f, n) in enumerate(zip(spec.fields, nested))]
    defaults = {f.index: _codegen.default_object(f) for f in fields if f.default is not None}
    ns: Dict[str, Any] = {
        '_numpy': numpy, '_ndarray': numpy.ndarray, '_array_type': array.array,
        '_sequence_equal': _codegen.sequence_equal,
        '_isinf': math.isinf, '_inf': math.inf, '_Set': Set,
        '_SEQ_TYPES': _codegen.SEQ_TYPES, '_STR_TYPES': _codegen.STR_TYPES,
        '_deepcopy': copy.deepcopy, '_float32_ok': _codegen.float32_ok,
        '_to_float32': _codegen.to_float32, '_from_ndarray': _codegen.from_ndarray,
        '_value_note': _codegen.value_note,
        '_check_kwargs': _make_check_kwargs(frozenset(f.name for f in fields)),
    }
    for f in fields:
        if f.nested is not None:
            ns[f'_N{f.index}'] = f.nested
        if f.numeric_container:
            ns[f'_DT{f.index}'] = numpy.dtype(f.info.dtype)
            ns[f'_K{f.index}'] = f.info
    for index, value in defaults.items():
        ns[f'_D{index}'] = value
    source = _codegen.class_source(fields, defaults)
    exec(compile(source, f'<rclx message {module_name}.{spec.name}>', 'exec'), ns)

    constants = {c.name: _constant_value(c) for c in spec.constants}
    meta_ns: Dict[str, Any] = {'__module__': module_name, '__doc__':
                               f"Metaclass of message '{spec.name}'."}
    for cname, cvalue in constants.items():
        meta_ns[cname] = property(lambda cls, v=cvalue: v, doc=f"Message constant '{cname}'.")
    for f in fields:
        if f.index in defaults:
            meta_ns[f.name.upper() + '__DEFAULT'] = property(
                _default_getter(f, defaults[f.index]),
                doc=f"Return default value for message field '{f.name}'.")
    meta = types.new_class(f'Metaclass_{spec.name}', (_Metaclass,), {},
                           lambda body: body.update(meta_ns))

    doc = f"Message class '{spec.name}'."
    if constants:
        doc = "\n    Message class '%s'.\n\n    Constants:\n%s\n    " % (
            spec.name, '\n'.join('      ' + c for c in constants))
    body: Dict[str, Any] = {
        '__module__': module_name,
        '__qualname__': spec.name,
        '__doc__': doc,
        '__slots__': [f.slot for f in fields],
        '_fields_and_field_types': {f.name: _kinds.type_string(f.type) for f in fields},
        'SLOT_TYPES': tuple(
            _kinds.slot_type(f.type, _namespaces(f.nested)) for f in fields),
        '__init__': ns['__init__'],
        '__eq__': ns['__eq__'],
        '__repr__': _make_repr(fields),
        '__copy__': ns['__copy__'],
        '__deepcopy__': ns['__deepcopy__'],
        'get_fields_and_field_types': classmethod(_get_fields_and_field_types),
    }
    body.update(constants)
    for f in fields:
        if f.index in defaults:
            body[f.name.upper() + '__DEFAULT'] = _default_getter(f, defaults[f.index])(None)
    for f in fields:
        body[f.name] = _property(f.name, f.slot, ns[f'_set{f.index}'])
    cls = meta(spec.name, (), body)
    _check_defaults(cls, fields, defaults)
    return cls


def _get_fields_and_field_types(cls) -> Dict[str, str]:
    """Return a copy of the mapping of field names to their rosidl type strings."""
    return dict(cls._fields_and_field_types)


def _default_getter(f: Field, value: Any):
    if f.array == 'none':
        return lambda cls: value
    if f.numeric_container and f.array == 'fixed':
        return lambda cls: value.copy()
    return lambda cls: value[:]


def _namespaces(nested: Optional[type]) -> Optional[List[str]]:
    if nested is None:
        return None
    return nested.__module__.split('.')[:2]


def _check_defaults(cls: type, fields: List[Field], defaults: Dict[int, Any]) -> None:
    """Run every default through its setter once, so bad defaults fail when loading."""
    probe = cls.__new__(cls)
    for f in fields:
        if f.index in defaults:
            try:
                setattr(probe, f.name, _default_getter(f, defaults[f.index])(None))
            except AssertionError as e:
                raise ValueError(f"invalid default value of field '{f.name}' of "
                                 f"'{cls.__name__}': {e}") from None
