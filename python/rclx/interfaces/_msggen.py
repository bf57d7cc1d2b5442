"""Message class factory: turns a parsed MessageSpec into a class like rosidl_generator_py's.

The class is built from Python source generated per type and exec'd once; the loader caches
the result. The source keeps each setter a straight-line function (no per-field dispatch),
so assigning a field costs about what it costs in rclpy.

Invariant relied on by the C++ core, which reads the slots directly: after __init__ or any
setter, every slot holds exactly its value type (see ``_value_kinds`` below).
"""

import array
from collections import UserList, UserString
from collections.abc import Sequence, Set
import copy
import math
import types
from typing import Any, Dict, List, Optional

import numpy

from rclx.interfaces import _kinds
from rclx.interfaces._kinds import KINDS

_SEQ_TYPES = (Sequence, Set, UserList)
_STR_TYPES = (str, UserString)


class _Metaclass(type):
    """Base of every message metaclass; holds the type support and the class constants."""

    _TYPE_SUPPORT = None

    @classmethod
    def __import_type_support__(cls) -> None:
        """Do nothing: rclx registers the type support when the class is built."""


class _Field:
    """Everything the generator needs to know about one field."""

    def __init__(self, index: int, field: Any, nested: Optional[type]) -> None:
        self.index = index
        self.name: str = field.name
        self.slot = '_' + field.name
        self.type = field.type
        self.kind: str = field.type.kind
        self.array: str = field.type.array
        self.size: int = field.type.array_size
        self.string_bound: int = field.type.string_bound
        self.nested = nested
        self.info = KINDS.get(self.kind)
        self.default = field.default

    @property
    def numeric_container(self) -> bool:
        """Arrays/sequences stored in numpy.ndarray / array.array."""
        return self.array != 'none' and self.info is not None and self.info.numeric

    @property
    def py_name(self) -> str:
        """The Python type name rclpy's messages use for one element."""
        return self.nested.__name__ if self.kind == 'message' else self.info.py


def _range_suffix(f: _Field) -> str:
    """rclpy's 'and each ... in [lo, hi]' message part for numeric element kinds."""
    info = f.info
    if info is None or info.py not in ('int', 'float'):
        return ''
    if info.float_bound is not None:
        b = info.float_bound
        return ' and each %s in [%f, %f]' % (info.idl, -b, b)
    word = 'integer' if info.signed else 'unsigned integer'
    return ' and each %s in [%d, %d]' % (word, info.lo, info.hi)


def _container_message(f: _Field) -> str:
    parts = ['a set or sequence']
    if f.array == 'fixed':
        parts.append('with length %d' % f.size)
    elif f.array == 'bounded':
        parts.append('with length <= %d' % f.size)
    if f.kind in ('string', 'wstring') and f.string_bound:
        parts.append('and each string value not longer than %d' % f.string_bound)
    parts.append("and each value of type '%s'" % f.py_name)
    return "The '%s' field must be %s%s" % (f.name, ' '.join(parts), _range_suffix(f))


def _element_check(f: _Field, var: str) -> str:
    """A Python expression that is true when every element of ``var`` is acceptable."""
    k = f.kind
    if k == 'message':
        return f'all(isinstance(v, _N{f.index}) for v in {var})'
    if k == 'bool':
        return f'all(v.__class__ is bool for v in {var})'
    if k == 'byte':
        return f'all(isinstance(v, bytes) and len(v) == 1 for v in {var})'
    if k in ('string', 'wstring'):
        if f.string_bound:
            return (f'all(isinstance(v, str) and len(v) <= {f.string_bound} for v in {var})')
        return f'all(isinstance(v, str) for v in {var})'
    info = f.info
    if info.float_bound is not None:
        b = repr(info.float_bound)
        # ints are accepted for float fields (converted), as Jazzy's unchecked classes allow.
        return (f'all(isinstance(v, (float, int)) and v.__class__ is not bool and '
                f'(not (v < -{b} or v > {b}) or _isinf(v)) for v in {var})')
    return (f'all(isinstance(v, int) for v in {var}) and '
            f'(not {var} or (min({var}) >= {info.lo} and max({var}) <= {info.hi}))')


def _container_shape_check(f: _Field, var: str) -> str:
    base = (f'isinstance({var}, _SEQ_TYPES) and not isinstance({var}, _STR_TYPES)')
    if f.array == 'fixed':
        return f'{base} and len({var}) == {f.size}'
    if f.array == 'bounded':
        return f'{base} and len({var}) <= {f.size}'
    return base


def _setter_lines(f: _Field) -> List[str]:
    """Body lines of the property setter of field ``f`` (argument ``value``)."""
    n, s, i = f.name, f.slot, f.index
    out: List[str] = []
    a = out.append
    if f.array == 'none':
        k = f.kind
        if k == 'message':
            a(f'if not isinstance(value, _N{i}):')
            a(f"    raise AssertionError(\"The '{n}' field must be a sub message of type "
              f"'{f.nested.__name__}'\")")
        elif k == 'bool':
            a('if value.__class__ is not bool:')
            a(f"    raise AssertionError(\"The '{n}' field must be of type 'bool'\")")
        elif k == 'byte':
            a('if not (isinstance(value, (bytes, bytearray)) and len(value) == 1):')
            a(f"    raise AssertionError(\"The '{n}' field must be of type 'bytes' or "
              f"'ByteString' with length 1\")")
            a('if value.__class__ is not bytes:')
            a('    value = bytes(value)')
        elif k in ('string', 'wstring'):
            if f.string_bound:
                a(f'if not (isinstance(value, _STR_TYPES) and len(value) <= {f.string_bound}):')
                a(f"    raise AssertionError(\"The '{n}' field must be string value \"")
                a(f"                         'not longer than {f.string_bound}')")
                a('if not isinstance(value, str):')
                a('    value = str(value)')
            else:
                a('if not isinstance(value, str):')
                a(f"    raise AssertionError(\"The '{n}' field must be of type 'str'\")")
        elif f.info.float_bound is not None:
            b = repr(f.info.float_bound)
            # Subclasses (numpy.float64) become float; ints are accepted and converted,
            # as Jazzy's unchecked classes let them through to the C conversion.
            a('if value.__class__ is not float:')
            a('    if not isinstance(value, (float, int)) or value.__class__ is bool:')
            a(f"        raise AssertionError(\"The '{n}' field must be of type 'float'\")")
            a('    try:')
            a('        value = float(value)')
            a('    except OverflowError:')
            a('        value = _inf if value > 0 else -_inf')
            a(f'if (value < -{b} or value > {b}) and not _isinf(value):')
            a(f"    raise AssertionError(\"The '{n}' field must be a {f.info.idl} in "
              f"[{-f.info.float_bound!r}, {b}]\")")
        else:
            word = 'an integer' if f.info.signed else 'an unsigned integer'
            a('if value.__class__ is not int:')
            a('    if not isinstance(value, int):')
            a(f"        raise AssertionError(\"The '{n}' field must be of type 'int'\")")
            a('    value = int(value)  # bool and IntEnum values are stored as plain int')
            a(f'if not ({f.info.lo} <= value <= {f.info.hi}):')
            a(f"    raise AssertionError(\"The '{n}' field must be {word} in "
              f"[{f.info.lo}, {f.info.hi}]\")")
        a(f'self.{s} = value')
        return out

    message = _container_message(f)
    if f.numeric_container and f.array == 'fixed':
        dtype = f.info.dtype
        a('if isinstance(value, _ndarray):')
        a(f'    if value.dtype != _DT{i}:')
        a(f"        raise AssertionError(\"The '{n}' numpy.ndarray() must have the dtype of "
          f"'numpy.{dtype}'\")")
        a(f'    if value.size != {f.size}:')
        a(f"        raise AssertionError(\"The '{n}' numpy.ndarray() must have a size of "
          f"{f.size}\")")
        a('    if value.ndim != 1 or not value.flags.c_contiguous:')
        a(f'        value = _numpy.ascontiguousarray(value).reshape({f.size})')
        a(f'    self.{s} = value')
        a('    return')
    elif f.numeric_container:
        tc = f.info.typecode
        a('if isinstance(value, _array_type):')
        a(f"    if value.typecode != '{tc}':")
        a(f"        raise AssertionError(\"The '{n}' array.array() must have the type code of "
          f"'{tc}'\")")
        if f.array == 'bounded':
            a(f'    if len(value) > {f.size}:')
            a(f"        raise AssertionError(\"The '{n}' array.array() must have a size <= "
              f"{f.size}\")")
        a(f'    self.{s} = value')
        a('    return')
        if tc == 'B':
            # bytes are a sequence of ints in [0, 255]: skip the per-element check.
            limit = f' and len(value) <= {f.size}' if f.array == 'bounded' else ''
            a(f'if isinstance(value, (bytes, bytearray)){limit}:')
            a(f"    self.{s} = _array_type('B', value)")
            a('    return')
    a('if isinstance(value, _Set):')
    a('    value = list(value)')
    a(f'if not ({_container_shape_check(f, "value")} and {_element_check(f, "value")}):')
    a(f'    raise AssertionError({message!r})')
    if f.numeric_container and f.array == 'fixed':
        a(f'self.{s} = _numpy.array(value, dtype=_DT{i})')
    elif f.numeric_container:
        a(f"self.{s} = _array_type('{f.info.typecode}', value)")
    else:
        a(f'self.{s} = value if value.__class__ is list else list(value)')
    return out


def _default_object(f: _Field) -> Any:
    """The field's value for a new message, as its exact slot type (may be shared: copy it)."""
    info, default = f.info, f.default
    if f.kind == 'message' or default is None:
        return None

    def scalar(v):
        if f.kind == 'byte':
            return v if isinstance(v, bytes) else bytes([v])
        if f.kind == 'bool':
            return bool(v)
        if info.float_bound is not None:
            return float(v)
        if info.py == 'int':
            return int(v)
        return str(v)

    if f.array == 'none':
        return scalar(default)
    values = [scalar(v) for v in default]
    if f.numeric_container and f.array == 'fixed':
        return numpy.array(values, dtype=info.dtype)
    if f.numeric_container:
        return array.array(info.typecode, values)
    return values


def _init_expr(f: _Field, has_default: bool) -> str:
    """Expression creating a fresh value of field ``f`` for a new message."""
    i = f.index
    if has_default:
        if f.array == 'none':
            return f'_D{i}'
        if f.numeric_container and f.array == 'fixed':
            return f'_D{i}.copy()'
        return f'_D{i}[:]'
    if f.kind == 'message':
        if f.array == 'fixed':
            return f'[_N{i}() for _ in range({f.size})]'
        return f'[]' if f.array != 'none' else f'_N{i}()'
    if f.array == 'none':
        return {'bool': 'False', 'byte': "b'\\x00'", 'string': "''", 'wstring': "''"}.get(
            f.kind, '0.0' if f.info.float_bound is not None else '0')
    if f.numeric_container and f.array == 'fixed':
        return f'_numpy.zeros({f.size}, dtype=_DT{i})'
    if f.numeric_container:
        return f"_array_type('{f.info.typecode}')"
    if f.array == 'fixed':
        zero = {'bool': 'False', 'byte': "b'\\x00'"}.get(f.kind, "''")
        return f'[{zero}] * {f.size}'
    return '[]'


def _deepcopy_expr(f: _Field) -> str:
    src = f'self.{f.slot}'
    if f.array == 'none':
        return f'_deepcopy({src}, memo)' if f.kind == 'message' else src
    if f.kind == 'message':
        return f'[_deepcopy(v, memo) for v in {src}]'
    if f.numeric_container and f.array == 'fixed':
        return f'{src}.copy()'
    return f'{src}[:]'


def _class_source(fields: List[_Field], defaults: Dict[int, Any]) -> str:
    lines: List[str] = []
    a = lines.append
    for f in fields:
        a(f'def _set{f.index}(self, value):')
        lines.extend('    ' + line for line in _setter_lines(f))
        a('')
    a('def __init__(self, **kwargs):')
    a('    if kwargs:')
    a('        _check_kwargs(kwargs)')
    # (every branch ends with 'pass' so that messages without fields compile)
    for f in fields:
        a(f'        if {f.name!r} in kwargs:')
        a(f'            _set{f.index}(self, kwargs[{f.name!r}])')
        a('        else:')
        a(f'            self.{f.slot} = {_init_expr(f, f.index in defaults)}')
    a('        pass')
    a('    else:')
    for f in fields:
        a(f'        self.{f.slot} = {_init_expr(f, f.index in defaults)}')
    a('        pass')
    a('')
    a('def __eq__(self, other):')
    a('    if not isinstance(other, self.__class__):')
    a('        return False')
    for f in fields:
        if f.numeric_container and f.array == 'fixed':
            a(f'    if (self.{f.slot} != other.{f.slot}).any():')
        else:
            a(f'    if self.{f.slot} != other.{f.slot}:')
        a('        return False')
    a('    return True')
    a('')
    a('def __copy__(self):')
    a('    new = self.__class__.__new__(self.__class__)')
    for f in fields:
        a(f'    new.{f.slot} = self.{f.slot}')
    a('    return new')
    a('')
    a('def __deepcopy__(self, memo):')
    a('    new = self.__class__.__new__(self.__class__)')
    a('    memo[id(self)] = new')
    for f in fields:
        a(f'    new.{f.slot} = {_deepcopy_expr(f)}')
    a('    return new')
    return '\n'.join(lines) + '\n'


def _make_check_kwargs(names: frozenset):
    allowed = names | {'check_fields'}  # Jazzy's switch; rclx always checks fields

    def _check_kwargs(kwargs: Dict[str, Any]) -> None:
        if not allowed.issuperset(kwargs):
            raise AssertionError('Invalid arguments passed to constructor: %s' % ', '.join(
                sorted(k for k in kwargs if k not in names)))
    return _check_kwargs


def _make_repr(fields: List[_Field]):
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
    fields = [_Field(i, f, n) for i, (f, n) in enumerate(zip(spec.fields, nested))]
    defaults = {f.index: _default_object(f) for f in fields if f.default is not None}
    ns: Dict[str, Any] = {
        '_numpy': numpy, '_ndarray': numpy.ndarray, '_array_type': array.array,
        '_isinf': math.isinf, '_inf': math.inf, '_Set': Set,
        '_SEQ_TYPES': _SEQ_TYPES, '_STR_TYPES': _STR_TYPES, '_deepcopy': copy.deepcopy,
        '_check_kwargs': _make_check_kwargs(frozenset(f.name for f in fields)),
    }
    for f in fields:
        if f.nested is not None:
            ns[f'_N{f.index}'] = f.nested
        if f.numeric_container:
            ns[f'_DT{f.index}'] = numpy.dtype(f.info.dtype)
    for index, value in defaults.items():
        ns[f'_D{index}'] = value
    exec(compile(_class_source(fields, defaults), f'<rclx message {module_name}.{spec.name}>',
                 'exec'), ns)

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


def _default_getter(f: _Field, value: Any):
    if f.array == 'none':
        return lambda cls: value
    if f.numeric_container and f.array == 'fixed':
        return lambda cls: value.copy()
    return lambda cls: value[:]


def _namespaces(nested: Optional[type]) -> Optional[List[str]]:
    if nested is None:
        return None
    return nested.__module__.split('.')[:2]


def _check_defaults(cls: type, fields: List[_Field], defaults: Dict[int, Any]) -> None:
    """Run every default through its setter once, so bad defaults fail when loading."""
    probe = cls.__new__(cls)
    for f in fields:
        if f.index in defaults:
            try:
                setattr(probe, f.name, _default_getter(f, defaults[f.index])(None))
            except AssertionError as e:
                raise ValueError(f"invalid default value of field '{f.name}' of "
                                 f"'{cls.__name__}': {e}") from None
