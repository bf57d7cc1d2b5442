"""REP 2011 type descriptions, RIHS01 type hashes and type sources of the interfaces rclx loads.

The loader records each class it builds (:func:`record_message`, :func:`record_service`,
:func:`record_action`, :func:`record_source`); nothing else happens then. The description of a
type is built the first time it is asked for and cached, the way rosidl_generator_type_description
builds it: the type's own IndividualTypeDescription plus those of every type it references
(directly or not), sorted by name. The hash is sha256 over that description in JSON with the
default values left out, prefixed ``RIHS01_``.
"""

import hashlib
import json
import threading
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

__all__ = ['RIHS01_PREFIX', 'parse_type_hash', 'type_description', 'type_hash', 'type_name',
           'type_sources']

RIHS01_PREFIX = 'RIHS01_'
HASH_SIZE = 32

# type_description_interfaces/msg/FieldType ids of the element kinds; arrays add an offset.
_ELEMENT_IDS = {
    'int8': 2, 'uint8': 3, 'char': 3, 'int16': 4, 'uint16': 5, 'int32': 6, 'uint32': 7,
    'int64': 8, 'uint64': 9, 'float32': 10, 'float64': 11, 'bool': 15, 'byte': 16,
    'string': 17, 'wstring': 18, 'message': 1,
}
_BOUNDED_STRING_IDS = {'string': 21, 'wstring': 22}
_ARRAY_OFFSETS = {'none': 0, 'fixed': 48, 'bounded': 96, 'unbounded': 144}
_UINT8 = 3
# rosidl gives a message without fields this one uint8 member (its CDR form carries one byte).
_PLACEHOLDER_MEMBER = 'structure_needs_at_least_one_member'

_lock = threading.RLock()
# class -> (its 'pkg/subfolder/Name', how to describe it: ('message', spec, nested classes),
# ('service' or 'action', None, [(member, function returning its class)])); written by the loader
# under its lock.
_recorded: Dict[type, Tuple[str, str, Any, Any]] = {}
# 'pkg/subfolder/Name' of a definition file's top-level type -> (encoding, file text).
_sources: Dict[str, Tuple[str, str]] = {}
# Built lazily, guarded by _lock: class -> individual description / full description / hash.
_individual: Dict[type, Dict[str, Any]] = {}
_full: Dict[type, Dict[str, Any]] = {}
_hashes: Dict[type, str] = {}


def record_message(cls: type, spec: Any, nested: Sequence[Optional[type]]) -> None:
    """Remember how to describe message class ``cls`` (``spec``: its core MessageSpec)."""
    name = f'{spec.package}/{spec.subfolder}/{spec.name}'
    _recorded[cls] = (name, 'message', spec, tuple(nested))


def record_service(cls: type, name: str, request: type, response: type,
                   event: Callable[[], Optional[type]]) -> None:
    """Remember the parts of service class ``cls`` named ``name`` ('pkg/srv/Name').

    ``event`` builds (or returns) the Event class when the description needs it; it returns None
    when service_msgs is missing, and the service then has no description.
    """
    parts = (('request_message', lambda: request), ('response_message', lambda: response),
             ('event_message', event))
    _recorded[cls] = (name, 'service', None, parts)


def record_action(cls: type, name: str, goal: type, result: type, feedback: type,
                  send_goal: type, get_result: type, feedback_message: type) -> None:
    """Remember the parts of action class ``cls`` named ``name`` ('pkg/action/Name')."""
    members = (('goal', goal), ('result', result), ('feedback', feedback),
               ('send_goal_service', send_goal), ('get_result_service', get_result),
               ('feedback_message', feedback_message))
    parts = tuple((member, (lambda part=part: part)) for member, part in members)
    _recorded[cls] = (name, 'action', None, parts)


def record_source(package: str, subfolder: str, name: str, text: str) -> None:
    """Remember the text of the definition file of ``package/subfolder/name``."""
    _sources[f'{package}/{subfolder}/{name}'] = (subfolder, text)


def type_name(cls: type) -> Optional[str]:
    """Return 'pkg/subfolder/Name' of a class the loader built, or None."""
    entry = _recorded.get(cls)
    return None if entry is None else entry[0]


def type_hash(cls: type) -> Optional[str]:
    """Return the RIHS01 hash string of a message, service or action class, or None.

    None means the class was not built by rclx's loader, or a part of it is missing (a
    service's Event needs service_msgs).
    """
    if not isinstance(cls, type):
        return None
    cached = _hashes.get(cls)
    if cached is not None:
        return cached
    with _lock:
        full = _full_description_l(cls)
        if full is None:
            return None
        digest = hashlib.sha256(_hash_json(full).encode('utf-8')).hexdigest()
        _hashes[cls] = RIHS01_PREFIX + digest
        return _hashes[cls]


def type_description(cls: type) -> Optional[Dict[str, Any]]:
    """Return the TypeDescription of a class as plain data, or None (see :func:`type_hash`).

    The shape is type_description_interfaces/msg/TypeDescription's: ``{'type_description':
    {'type_name', 'fields': [{'name', 'type': {'type_id', 'capacity', 'string_capacity',
    'nested_type_name'}, 'default_value'}]}, 'referenced_type_descriptions': [...]}``.
    The result is shared: do not modify it.
    """
    if not isinstance(cls, type):
        return None
    with _lock:
        return _full_description_l(cls)


def type_sources(cls: type) -> Optional[List[Dict[str, str]]]:
    """Return the TypeSources of a class and of every type its description references.

    Each is ``{'type_name', 'encoding', 'raw_file_contents'}``: the definition file's text for
    the type a file defines ('msg', 'srv', 'action'), else encoding 'implicit' and no text
    (a service's Request, an action's Goal, ...), in the order of the description.
    """
    full = type_description(cls)
    if full is None:
        return None
    names = [full['type_description']['type_name']]
    names += [td['type_name'] for td in full['referenced_type_descriptions']]
    return [_source(name) for name in names]


def parse_type_hash(text: str) -> Optional[Tuple[int, bytes]]:
    """Parse 'RIHS01_<64 hex digits>' into (version, value), or return None if malformed.

    Accepts what rosidl_parse_type_hash_string accepts: version 1 only, hex digits of either
    case.
    """
    if not isinstance(text, str) or len(text) != len(RIHS01_PREFIX) + 2 * HASH_SIZE:
        return None
    if not text.startswith(RIHS01_PREFIX):
        return None
    hex_part = text[len(RIHS01_PREFIX):]
    if not all(c in '0123456789abcdefABCDEF' for c in hex_part):
        return None
    return 1, bytes.fromhex(hex_part)


def _source(name: str) -> Dict[str, str]:
    encoding, text = _sources.get(name, ('implicit', ''))
    # rosidl keeps the file's lines joined by '\n', without a final line break.
    return {'type_name': name, 'encoding': encoding,
            'raw_file_contents': '\n'.join(text.splitlines())}


def _hash_json(full: Dict[str, Any]) -> str:
    """The text REP 2011 hashes: the description without default values, JSON with ', ' and ': '."""
    def strip(td: Dict[str, Any]) -> Dict[str, Any]:
        return {'type_name': td['type_name'],
                'fields': [{'name': f['name'], 'type': f['type']} for f in td['fields']]}
    hashable = {'type_description': strip(full['type_description']),
                'referenced_type_descriptions': [strip(td) for td in
                                                 full['referenced_type_descriptions']]}
    return json.dumps(hashable, ensure_ascii=True, allow_nan=False, separators=(', ', ': '))


def _full_description_l(cls: type) -> Optional[Dict[str, Any]]:
    full = _full.get(cls)
    if full is not None:
        return full
    top = _individual_l(cls)
    if top is None:
        return None
    # Every type reachable from cls, each once.
    referenced: Dict[str, Dict[str, Any]] = {}
    pending = list(_references(cls))
    while pending:
        ref = pending.pop()
        td = _individual_l(ref)
        if td is None:
            return None
        if td['type_name'] not in referenced:
            referenced[td['type_name']] = td
            pending.extend(_references(ref))
    full = {'type_description': top,
            'referenced_type_descriptions': [referenced[k] for k in sorted(referenced)]}
    _full[cls] = full
    return full


def _references(cls: type) -> List[type]:
    _, kind, _, parts = _recorded[cls]
    if kind == 'message':
        return [n for n in parts if n is not None]
    return [part() for _, part in parts]


def _individual_l(cls: Optional[type]) -> Optional[Dict[str, Any]]:
    if cls is None:
        return None
    td = _individual.get(cls)
    if td is not None:
        return td
    entry = _recorded.get(cls)
    if entry is None:
        return None
    name, kind, spec, parts = entry
    if kind == 'message':
        fields = [_field(f, n) for f, n in zip(spec.fields, parts)]
        if not fields:
            fields = [_make_field(_PLACEHOLDER_MEMBER, _UINT8, 0, 0, '', '')]
    else:
        fields = []
        for member, get_part in parts:
            part = get_part()
            nested = type_name(part) if part is not None else None
            if nested is None:
                return None
            fields.append(_make_field(member, _ELEMENT_IDS['message'], 0, 0, nested, ''))
    td = {'type_name': name, 'fields': fields}
    _individual[cls] = td
    return td


def _make_field(name: str, type_id: int, capacity: int, string_capacity: int, nested: str,
                default: str) -> Dict[str, Any]:
    return {'name': name,
            'type': {'type_id': type_id, 'capacity': capacity, 'string_capacity': string_capacity,
                     'nested_type_name': nested},
            'default_value': default}


def _field(field: Any, nested: Optional[type]) -> Dict[str, Any]:
    t = field.type
    if t.kind in _BOUNDED_STRING_IDS and t.string_bound:
        element = _BOUNDED_STRING_IDS[t.kind]
    else:
        element = _ELEMENT_IDS[t.kind]
    capacity = t.array_size if t.array in ('fixed', 'bounded') else 0
    string_capacity = t.string_bound if t.kind in _BOUNDED_STRING_IDS else 0
    nested_name = (type_name(nested) or '') if nested is not None else ''
    return _make_field(field.name, element + _ARRAY_OFFSETS[t.array], capacity, string_capacity,
                       nested_name, _default_text(field))


def _default_text(field: Any) -> str:
    """A default value as rosidl writes it: the str() of the value rosidl_parser reads back."""
    value = field.default
    if value is None:
        return ''
    if isinstance(value, list):
        # rosidl_adapter hands array defaults to IDL as the repr() of a tuple of the values.
        return repr(tuple(_typed(field.type.kind, v) for v in value))
    return str(_typed(field.type.kind, value))


def _typed(kind: str, value: Any) -> Any:
    if kind == 'bool':
        return bool(value)
    if kind in ('float32', 'float64'):
        return float(value)
    return value
