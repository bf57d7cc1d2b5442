"""Source code generation for message classes: setters, __init__, __eq__ and copies.

Each field gets a straight-line setter (no per-field dispatch at run time) that checks the
value like rosidl_generator_py's generated setters do, with the same AssertionError texts, and
stores it as exactly the type the C++ core reads from the slot:

  bool -> bool; byte -> bytes of length 1; char and integers -> int; floats -> float;
  string/wstring -> str; nested -> the nested class; fixed arrays of numeric kinds (char too)
  -> numpy.ndarray of shape (N,); sequences of numeric kinds -> array.array; arrays and
  sequences of bool/byte/string/nested -> list.

Names the generated code uses (``_N3``, ``_DT3``, ``_D3``, helpers) are put in its globals by
_msggen.build_message_class.
"""

import array
from collections import UserList, UserString
from collections.abc import Sequence, Set
import math
from typing import Any, Dict, List, Optional

import numpy

from rclx.interfaces import _kinds
from rclx.interfaces._kinds import KINDS

SEQ_TYPES = (Sequence, Set, UserList)
STR_TYPES = (str, UserString)
_FLOAT32_MAX = _kinds.FLOAT32_MAX


def float32_ok(values: array.array) -> bool:
    """Whether every double in ``values`` is finite within float32's range, or infinite/NaN."""
    if len(values) <= 64:
        return all(not (v < -_FLOAT32_MAX or v > _FLOAT32_MAX) or math.isinf(v)
                   for v in values)
    a = numpy.frombuffer(values, dtype=numpy.float64)
    return not bool(((numpy.abs(a) > _FLOAT32_MAX) & numpy.isfinite(a)).any())


def to_float32(values: array.array) -> array.array:
    """Convert an array.array('d') to array.array('f')."""
    if len(values) <= 64:
        return array.array('f', values)
    result = array.array('f')
    result.frombytes(numpy.frombuffer(values, dtype=numpy.float64).astype(numpy.float32).tobytes())
    return result


def from_ndarray(value: numpy.ndarray, info: Any) -> Optional[numpy.ndarray]:
    """A 1-D numpy array as a contiguous array of the field kind's dtype, or None if it cannot be.

    As array.array would: integer kinds take bool and integer arrays whose values are in range,
    float kinds take bool, integer and float arrays (float32: finite values within its range).
    The checks and the conversion run in numpy, without a Python loop over the elements.
    """
    if value.ndim != 1 or value.dtype.kind not in 'biuf':
        return None
    if info.float_bound is None:
        if value.dtype.kind == 'f':
            return None
        if value.size and (int(value.min()) < info.lo or int(value.max()) > info.hi):
            return None
    elif info.typecode == 'f' and value.dtype.kind == 'f' and value.size and \
            bool(((numpy.abs(value) > _FLOAT32_MAX) & numpy.isfinite(value)).any()):
        return None
    return numpy.ascontiguousarray(value, dtype=info.dtype)


def value_note(value: numpy.ndarray) -> str:
    """What an error about a numpy array says of it: its dtype and shape."""
    return f' (got a numpy.ndarray of dtype {value.dtype} and shape {value.shape})'


def sequence_equal(a: Any, b: Any) -> bool:
    """Equality of numeric sequences that may be array.array or (zero-copy) numpy views."""
    if type(a) is array.array and type(b) is array.array:
        return a == b
    a, b = numpy.asarray(a), numpy.asarray(b)
    return a.shape == b.shape and bool((a == b).all())


class Field:
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


def _range_suffix(f: Field) -> str:
    """rclpy's 'and each ... in [lo, hi]' message part for numeric element kinds."""
    info = f.info
    if info is None or info.py not in ('int', 'float'):
        return ''
    if info.float_bound is not None:
        b = info.float_bound
        return ' and each %s in [%f, %f]' % (info.idl, -b, b)
    word = 'integer' if info.signed else 'unsigned integer'
    return ' and each %s in [%d, %d]' % (word, info.lo, info.hi)


def _container_message(f: Field) -> str:
    parts = ['a set or sequence']
    if f.array == 'fixed':
        parts.append('with length %d' % f.size)
    elif f.array == 'bounded':
        parts.append('with length <= %d' % f.size)
    if f.kind in ('string', 'wstring') and f.string_bound:
        parts.append('and each string value not longer than %d' % f.string_bound)
    parts.append("and each value of type '%s'" % f.py_name)
    return "The '%s' field must be %s%s" % (f.name, ' '.join(parts), _range_suffix(f))


def _element_check(f: Field, var: str) -> str:
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
    raise ValueError(f'no element check for the numeric kind {k}: array.array checks them')


def _container_shape_check(f: Field, var: str) -> str:
    base = (f'({var}.__class__ is list or {var}.__class__ is tuple or '
            f'(isinstance({var}, _SEQ_TYPES) and not isinstance({var}, _STR_TYPES)))')
    if f.array == 'fixed':
        return f'{base} and len({var}) == {f.size}'
    if f.array == 'bounded':
        return f'{base} and len({var}) <= {f.size}'
    return base


def _setter_lines(f: Field) -> List[str]:
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
        a(f'        converted = _from_ndarray(value.reshape(-1), _K{i})')
        a('        if converted is None:')
        a(f"            raise AssertionError(\"The '{n}' numpy.ndarray() must have the dtype of "
          f"'numpy.{dtype}'\" + _value_note(value))")
        a('        value = converted')
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
        # numpy arrays (img.data = frame.ravel()) convert in numpy, checked as array.array would.
        a('if isinstance(value, _ndarray):')
        a(f'    converted = _from_ndarray(value, _K{i})')
        limit = f' or converted.size > {f.size}' if f.array == 'bounded' else ''
        a(f'    if converted is None{limit}:')
        a(f'        raise AssertionError({message!r} + _value_note(value))')
        a(f"    self.{s} = _array_type('{tc}')")
        a(f"    self.{s}.frombytes(memoryview(converted).cast('B'))")
        a('    return')
        if tc == 'B':
            # bytes are a sequence of ints in [0, 255]: skip the per-element check.
            limit = f' and len(value) <= {f.size}' if f.array == 'bounded' else ''
            a(f'if isinstance(value, (bytes, bytearray)){limit}:')
            a(f"    self.{s} = _array_type('B', value)")
            a('    return')
    a('if value.__class__ is not list and isinstance(value, _Set):')
    a('    value = list(value)')
    if not f.numeric_container:
        a(f'if not ({_container_shape_check(f, "value")} and {_element_check(f, "value")}):')
        a(f'    raise AssertionError({message!r})')
        a(f'self.{s} = value if value.__class__ is list else list(value)')
        return out
    # Numeric elements: array.array checks types and integer ranges at C speed.
    a(f'if not ({_container_shape_check(f, "value")}):')
    a(f'    raise AssertionError({message!r})')
    a('try:')
    a(f"    value = _array_type('{'d' if f.info.float_bound else f.info.typecode}', value)")
    a('except (TypeError, ValueError, OverflowError):')
    a(f'    raise AssertionError({message!r}) from None')
    if f.info.typecode == 'f':
        a('if not _float32_ok(value):')
        a(f'    raise AssertionError({message!r})')
    if f.array == 'fixed':
        a(f'self.{s} = _numpy.array(value, dtype=_DT{i})')
    elif f.info.typecode == 'f':
        a(f'self.{s} = _to_float32(value)')
    else:
        a(f'self.{s} = value')
    return out


def default_object(f: Field) -> Any:
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


def _init_expr(f: Field, has_default: bool) -> str:
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
        return '[]' if f.array != 'none' else f'_N{i}()'
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


def _deepcopy_expr(f: Field) -> str:
    src = f'self.{f.slot}'
    if f.array == 'none':
        return f'_deepcopy({src}, memo)' if f.kind == 'message' else src
    if f.kind == 'message':
        return f'[_deepcopy(v, memo) for v in {src}]'
    if f.numeric_container and f.array == 'fixed':
        return f'{src}.copy()'
    return f'{src}[:]'


def class_source(fields: List[Field], defaults: Dict[int, Any]) -> str:
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
        elif f.numeric_container:
            a(f'    if not _sequence_equal(self.{f.slot}, other.{f.slot}):')
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
