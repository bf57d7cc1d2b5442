"""Facts about each primitive field kind: IDL name, Python type, value range, array storage.

One table, read by the class generator (_msggen), the SLOT_TYPES builder and the stub writer,
so the mapping from ROS types to Python types is written down exactly once.
"""

from dataclasses import dataclass
from typing import Optional

from rosidl_parser import definition as d


@dataclass(frozen=True)
class Kind:
    """How one primitive kind of .msg field behaves in Python."""

    idl: str                     # rosidl's spelling ('boolean', 'octet', 'uint8' for char, ...)
    py: str                      # Python type name in checks and messages ('int', 'float')
    lo: Optional[float] = None   # inclusive range of integer kinds
    hi: Optional[float] = None
    float_bound: Optional[float] = None  # largest finite magnitude of float kinds
    dtype: Optional[str] = None          # numpy dtype name of fixed arrays (numeric kinds only)
    typecode: Optional[str] = None       # array.array typecode of sequences (numeric kinds only)
    signed: bool = False

    @property
    def numeric(self) -> bool:
        """Whether arrays of this kind live in numpy arrays / array.array (not lists)."""
        return self.dtype is not None


def _int(idl: str, bits: int, signed: bool, typecode: str) -> Kind:
    lo = -(1 << (bits - 1)) if signed else 0
    hi = (1 << (bits - 1)) - 1 if signed else (1 << bits) - 1
    return Kind(idl, 'int', lo, hi, None, idl, typecode, signed)


FLOAT32_MAX = 3.402823466e+38
FLOAT64_MAX = 1.7976931348623157e+308

# 'char' in a .msg file is uint8 in ROS 2's IDL mapping; 'byte' is octet.
KINDS = {
    'bool': Kind('boolean', 'bool'),
    'byte': Kind('octet', 'bytes'),
    'char': _int('uint8', 8, False, 'B'),
    'float32': Kind('float', 'float', float_bound=FLOAT32_MAX, dtype='float32', typecode='f'),
    'float64': Kind('double', 'float', float_bound=FLOAT64_MAX, dtype='float64', typecode='d'),
    'int8': _int('int8', 8, True, 'b'),
    'uint8': _int('uint8', 8, False, 'B'),
    'int16': _int('int16', 16, True, 'h'),
    'uint16': _int('uint16', 16, False, 'H'),
    'int32': _int('int32', 32, True, 'i'),
    'uint32': _int('uint32', 32, False, 'I'),
    'int64': _int('int64', 64, True, 'q'),
    'uint64': _int('uint64', 64, False, 'Q'),
    'string': Kind('string', 'str'),
    'wstring': Kind('wstring', 'str'),
}

# Typenames whose sequences rclpy stores in array.array (used by __repr__ like rclpy does).
ARRAY_TYPENAMES = ('float', 'double', 'int8', 'uint8', 'int16', 'uint16',
                   'int32', 'uint32', 'int64', 'uint64')


def element_type(field_type, nested_namespaces=None) -> d.AbstractNestableType:
    """Return the rosidl_parser type of one element of ``field_type`` (a core FieldType).

    ``nested_namespaces`` is ``[package, subfolder]`` of the nested class for message fields.
    """
    kind = field_type.kind
    if kind == 'message':
        return d.NamespacedType(nested_namespaces, field_type.name)
    bound = field_type.string_bound
    if kind == 'string':
        return d.BoundedString(bound) if bound else d.UnboundedString()
    if kind == 'wstring':
        return d.BoundedWString(bound) if bound else d.UnboundedWString()
    return d.BasicType(KINDS[kind].idl)


def slot_type(field_type, nested_namespaces=None) -> d.AbstractType:
    """Return the rosidl_parser type of a field (what SLOT_TYPES holds)."""
    elem = element_type(field_type, nested_namespaces)
    if field_type.array == 'fixed':
        return d.Array(elem, field_type.array_size)
    if field_type.array == 'bounded':
        return d.BoundedSequence(elem, field_type.array_size)
    if field_type.array == 'unbounded':
        return d.UnboundedSequence(elem)
    return elem


def type_string(field_type) -> str:
    """Return rosidl's spelling of a field type for get_fields_and_field_types().

    Examples: 'int32', 'uint8' (for char), 'octet' (for byte), 'string<5>', 'double[3]',
    'sequence<int32, 4>', 'sequence<geometry_msgs/Point>'.
    """
    kind = field_type.kind
    if kind == 'message':
        base = f'{field_type.package}/{field_type.name}'
    elif kind in ('string', 'wstring'):
        bound = field_type.string_bound
        base = f'{kind}<{bound}>' if bound else kind
    else:
        base = KINDS[kind].idl
    array = field_type.array
    if array == 'fixed':
        return f'{base}[{field_type.array_size}]'
    if array == 'bounded':
        return f'sequence<{base}, {field_type.array_size}>'
    if array == 'unbounded':
        return f'sequence<{base}>'
    return base
