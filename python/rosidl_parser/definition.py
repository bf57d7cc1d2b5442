"""Type objects describing message fields, as found in a message class's ``SLOT_TYPES``.

These mirror the names and attributes of ROS 2's ``rosidl_parser.definition`` so that code
written against rclpy (rosidl_runtime_py, ros2cli, user tools) can inspect rclx messages.
"""

from typing import Iterable, List, Tuple

BOOLEAN_TYPE = 'boolean'
OCTET_TYPE = 'octet'
FLOATING_POINT_TYPES = ('float', 'double', 'long double')
CHARACTER_TYPES = ('char', 'wchar')
SIGNED_NONEXPLICIT_INTEGER_TYPES = ('short', 'long', 'long long')
UNSIGNED_NONEXPLICIT_INTEGER_TYPES = ('unsigned short', 'unsigned long', 'unsigned long long')
NONEXPLICIT_INTEGER_TYPES = SIGNED_NONEXPLICIT_INTEGER_TYPES + UNSIGNED_NONEXPLICIT_INTEGER_TYPES
SIGNED_EXPLICIT_INTEGER_TYPES = ('int8', 'int16', 'int32', 'int64')
UNSIGNED_EXPLICIT_INTEGER_TYPES = ('uint8', 'uint16', 'uint32', 'uint64')
EXPLICIT_INTEGER_TYPES = SIGNED_EXPLICIT_INTEGER_TYPES + UNSIGNED_EXPLICIT_INTEGER_TYPES
SIGNED_INTEGER_TYPES = SIGNED_NONEXPLICIT_INTEGER_TYPES + SIGNED_EXPLICIT_INTEGER_TYPES
UNSIGNED_INTEGER_TYPES = UNSIGNED_NONEXPLICIT_INTEGER_TYPES + UNSIGNED_EXPLICIT_INTEGER_TYPES
INTEGER_TYPES = NONEXPLICIT_INTEGER_TYPES + EXPLICIT_INTEGER_TYPES
BASIC_TYPES = (
    *FLOATING_POINT_TYPES, *CHARACTER_TYPES, BOOLEAN_TYPE, OCTET_TYPE, *INTEGER_TYPES)

EMPTY_STRUCTURE_REQUIRED_MEMBER_NAME = 'structure_needs_at_least_one_member'
SERVICE_REQUEST_MESSAGE_SUFFIX = '_Request'
SERVICE_RESPONSE_MESSAGE_SUFFIX = '_Response'
SERVICE_EVENT_MESSAGE_SUFFIX = '_Event'
ACTION_GOAL_SUFFIX = '_Goal'
ACTION_RESULT_SUFFIX = '_Result'
ACTION_FEEDBACK_SUFFIX = '_Feedback'
ACTION_GOAL_SERVICE_SUFFIX = '_SendGoal'
ACTION_RESULT_SERVICE_SUFFIX = '_GetResult'
ACTION_FEEDBACK_MESSAGE_SUFFIX = '_FeedbackMessage'


class AbstractType:
    """Base of every type; two types are equal when they are the same kind with equal data."""

    __slots__ = ()

    def _key(self) -> Tuple:
        return ()

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other) and self._key() == other._key()  # type: ignore

    def __hash__(self) -> int:
        return hash((type(self).__name__, self._key()))

    def __repr__(self) -> str:
        args = ', '.join(repr(v) for v in self._key())
        return f'{type(self).__name__}({args})'


class AbstractNestableType(AbstractType):
    """A type that can be the element type of an array or sequence."""

    __slots__ = ()


class BasicType(AbstractNestableType):
    """A primitive type named by its IDL spelling ('boolean', 'octet', 'int32', 'double', ...)."""

    __slots__ = ('typename',)

    def __init__(self, typename: str) -> None:
        assert typename in BASIC_TYPES, typename
        self.typename = typename

    def _key(self) -> Tuple:
        return (self.typename,)


class NamedType(AbstractNestableType):
    """A type referred to by a plain name (a typedef in IDL)."""

    __slots__ = ('name',)

    def __init__(self, name: str) -> None:
        self.name = name

    def _key(self) -> Tuple:
        return (self.name,)


class NamespacedType(AbstractNestableType):
    """A message type: namespaces such as ['std_msgs', 'msg'] and a name such as 'Header'."""

    __slots__ = ('namespaces', 'name')

    def __init__(self, namespaces: Iterable[str], name: str) -> None:
        self.namespaces: List[str] = list(namespaces)
        self.name = name

    def namespaced_name(self) -> Tuple[str, ...]:
        """Return the namespaces followed by the name, e.g. ('std_msgs', 'msg', 'Header')."""
        return (*self.namespaces, self.name)

    def _key(self) -> Tuple:
        return (self.namespaces, self.name)

    def __hash__(self) -> int:
        return hash(('NamespacedType', self.namespaced_name()))


class AbstractGenericString(AbstractNestableType):
    """A string of 8-bit or wide characters, with or without a maximum size."""

    __slots__ = ()

    def has_maximum_size(self) -> bool:
        raise NotImplementedError('Only implemented in subclasses')


class AbstractString(AbstractGenericString):
    """A string of 8-bit characters."""

    __slots__ = ()


class UnboundedString(AbstractString):
    """``string``."""

    __slots__ = ()

    def has_maximum_size(self) -> bool:
        return False


class BoundedString(AbstractString):
    """``string<=N``: at most ``maximum_size`` characters."""

    __slots__ = ('maximum_size',)

    def __init__(self, maximum_size: int) -> None:
        assert maximum_size > 0
        self.maximum_size = maximum_size

    def has_maximum_size(self) -> bool:
        return True

    def _key(self) -> Tuple:
        return (self.maximum_size,)


class AbstractWString(AbstractGenericString):
    """A string of wide characters."""

    __slots__ = ()


class UnboundedWString(AbstractWString):
    """``wstring``."""

    __slots__ = ()

    def has_maximum_size(self) -> bool:
        return False


class BoundedWString(AbstractWString):
    """``wstring<=N``: at most ``maximum_size`` characters."""

    __slots__ = ('maximum_size',)

    def __init__(self, maximum_size: int) -> None:
        assert maximum_size > 0
        self.maximum_size = maximum_size

    def has_maximum_size(self) -> bool:
        return True

    def _key(self) -> Tuple:
        return (self.maximum_size,)


class AbstractNestedType(AbstractType):
    """A repeated type (array or sequence) of ``value_type`` elements."""

    __slots__ = ('value_type',)

    def __init__(self, value_type: AbstractNestableType) -> None:
        assert isinstance(value_type, AbstractNestableType), value_type
        self.value_type = value_type

    def has_maximum_size(self) -> bool:
        raise NotImplementedError('Only implemented in subclasses')

    def _key(self) -> Tuple:
        return (self.value_type,)


class Array(AbstractNestedType):
    """``T[N]``: exactly ``size`` elements."""

    __slots__ = ('size',)

    def __init__(self, value_type: AbstractNestableType, size: int) -> None:
        super().__init__(value_type)
        self.size = size

    def has_maximum_size(self) -> bool:
        return True

    def _key(self) -> Tuple:
        return (self.value_type, self.size)


class AbstractSequence(AbstractNestedType):
    """A variable-length sequence."""

    __slots__ = ()


class UnboundedSequence(AbstractSequence):
    """``T[]``: any number of elements."""

    __slots__ = ()

    def has_maximum_size(self) -> bool:
        return False


class BoundedSequence(AbstractSequence):
    """``T[<=N]``: at most ``maximum_size`` elements."""

    __slots__ = ('maximum_size',)

    def __init__(self, value_type: AbstractNestableType, maximum_size: int) -> None:
        super().__init__(value_type)
        self.maximum_size = maximum_size

    def has_maximum_size(self) -> bool:
        return True

    def _key(self) -> Tuple:
        return (self.value_type, self.maximum_size)
