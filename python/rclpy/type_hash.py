"""rclpy.type_hash: TypeHash, a REP 2011 interface type hash (version and 32-byte value)."""

__all__ = ['TypeHash']


class TypeHash:
    """
    The hash of an interface type (REP 2011), as endpoints announce it.

    ``str()`` gives the ``RIHS01_<hex>`` form, or ``INVALID`` for an unset hash (version 0 or
    less, or a value that is not 32 bytes).
    """

    _TYPE_HASH_SIZE = 32

    # rclpy keeps __slots__ here (ros2cli relies on them).
    __slots__ = [
        '_version',
        '_value',
    ]

    def __init__(self, version: int = -1, value: bytes = bytes(_TYPE_HASH_SIZE)) -> None:
        self.version = version
        self.value = value

    @property
    def version(self) -> int:
        """The hashing standard's version (1 for RIHS01); 0 or less when unset."""
        return self._version

    @version.setter
    def version(self, value: int) -> None:
        assert isinstance(value, int)
        self._version = value

    @property
    def value(self) -> bytes:
        """The hash itself: 32 bytes of sha256."""
        return self._value

    @value.setter
    def value(self, value: bytes) -> None:
        assert isinstance(value, bytes)
        self._value = value

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, TypeHash):
            return False
        return self._version == other._version and self._value == other._value

    def __str__(self) -> str:
        if self._version <= 0 or len(self._value) != self._TYPE_HASH_SIZE:
            return 'INVALID'
        return f'RIHS{self._version:02}_{self._value.hex()}'
