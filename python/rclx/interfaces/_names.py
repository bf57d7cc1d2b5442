"""Naming rules shared by the loader and the generator: identifiers and module names.

Imported at interpreter start (by the import hook), so it imports nothing at module level.
"""

_patterns: tuple = ()  # the two compiled snake_case patterns, made on first use

SUBFOLDERS = ('msg', 'srv', 'action')
EXTENSIONS = {'msg': '.msg', 'srv': '.srv', 'action': '.action'}

# Type names derived from a .srv / .action file, longest suffix first.
SERVICE_SUFFIXES = ('_Request', '_Response', '_Event')
ACTION_SUFFIXES = ('_SendGoal_Request', '_SendGoal_Response', '_SendGoal_Event',
                   '_GetResult_Request', '_GetResult_Response', '_GetResult_Event',
                   '_SendGoal', '_GetResult', '_FeedbackMessage',
                   '_Goal', '_Result', '_Feedback')


def snake_case(name: str) -> str:
    """Return rosidl's module spelling of a type name: 'PointCloud2' -> 'point_cloud2'."""
    global _patterns
    if not _patterns:
        import re
        _patterns = (re.compile(r'(.)([A-Z][a-z]+)'), re.compile(r'([a-z0-9])([A-Z])'))
    before_word, after_lower = _patterns
    name = before_word.sub(r'\1_\2', name)
    return after_lower.sub(r'\1_\2', name).lower()


def type_module_name(package: str, subfolder: str, file_type_name: str) -> str:
    """Return the module generated code puts a type in: 'std_msgs.msg._string'."""
    return f'{package}.{subfolder}._{snake_case(file_type_name)}'


def split_derived(subfolder: str, name: str):
    """Split a derived type name into (file type name, suffix), or None if not derived.

    'AddTwoInts_Request' in srv -> ('AddTwoInts', '_Request');
    'Fibonacci_SendGoal_Request' in action -> ('Fibonacci', '_SendGoal_Request').
    """
    suffixes = SERVICE_SUFFIXES if subfolder == 'srv' else (
        ACTION_SUFFIXES if subfolder == 'action' else ())
    for suffix in suffixes:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[:-len(suffix)], suffix
    return None
