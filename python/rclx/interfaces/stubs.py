"""Writes .pyi type stubs for interface packages, so editors and mypy know message fields.

Usage: ``python -m rclx.interfaces.stubs std_msgs geometry_msgs -o typings/``
writes ``typings/std_msgs/__init__.pyi`` and ``typings/std_msgs/msg/__init__.pyi`` (and srv/,
action/ where the package has them), plus the packages they refer to unless ``--no-deps``.
Point mypy's ``mypy_path`` (or an editor's stub path) at the output directory.
"""

import argparse
import importlib
import keyword
import os
import sys
from typing import Dict, List, Optional, Sequence, Set, Tuple

from rosidl_parser import definition as d

_SCALARS = {
    'boolean': 'bool', 'octet': 'bytes', 'float': 'float', 'double': 'float',
}
_DTYPES = {
    'float': 'float32', 'double': 'float64', 'int8': 'int8', 'uint8': 'uint8',
    'int16': 'int16', 'uint16': 'uint16', 'int32': 'int32', 'uint32': 'uint32',
    'int64': 'int64', 'uint64': 'uint64',
}


class _Writer:
    """Collects one stub module: its imports and its lines."""

    def __init__(self, module_name: str) -> None:
        self.module_name = module_name
        self.imports: Set[str] = {'import typing'}
        self.from_imports: Dict[str, Set[str]] = {}
        self.lines: List[str] = []
        self.local_names: Set[str] = set()

    def ref(self, cls: type) -> str:
        """Return how this stub names message class ``cls``, importing it if needed."""
        package, subfolder = cls.__module__.split('.')[:2]
        if f'{package}.{subfolder}' == self.module_name:
            self.local_names.add(cls.__name__)
            return cls.__name__
        alias = f'_{package}_{subfolder}_{cls.__name__}'
        self.from_imports.setdefault(f'{package}.{subfolder}', set()).add(
            f'{cls.__name__} as {alias}')
        return alias

    def text(self) -> str:
        head = [f'"""Type stubs for {self.module_name} (written by rclx.interfaces.stubs)."""',
                '']
        head += sorted(self.imports)
        for module, names in sorted(self.from_imports.items()):
            head.append(f'from {module} import {", ".join(sorted(names))}')
        return '\n'.join(head + [''] + self.lines) + '\n'


def _field_types(w: _Writer, t: d.AbstractType) -> Tuple[str, str]:
    """Return (getter type, setter type) of one field."""
    if isinstance(t, d.AbstractNestedType):
        vt = t.value_type
        if isinstance(vt, d.NamespacedType):
            nested = _resolve_nested(vt)
            elem = w.ref(nested) if nested is not None else 'typing.Any'
        elif isinstance(vt, d.BasicType):
            elem = _SCALARS.get(vt.typename, 'int')
        else:
            elem = 'str'
        if isinstance(vt, d.BasicType) and vt.typename in _DTYPES:
            if isinstance(t, d.Array):
                w.imports.update({'import numpy', 'import numpy.typing'})
                arr = f'numpy.typing.NDArray[numpy.{_DTYPES[vt.typename]}]'
                return arr, f'{arr} | typing.Sequence[{elem}]'
            w.imports.add('import array')
            return (f'array.array[{elem}]',
                    f'array.array[{elem}] | typing.Sequence[{elem}] | bytes'
                    if vt.typename == 'uint8' else
                    f'array.array[{elem}] | typing.Sequence[{elem}]')
        return f'list[{elem}]', f'typing.Sequence[{elem}]'
    if isinstance(t, d.NamespacedType):
        nested = _resolve_nested(t)
        ref = w.ref(nested) if nested is not None else 'typing.Any'
        return ref, ref
    if isinstance(t, d.BasicType):
        py = _SCALARS.get(t.typename, 'int')
        return py, py
    return 'str', 'str'


def _resolve_nested(t: d.NamespacedType) -> Optional[type]:
    package, subfolder = t.namespaces[0], t.namespaces[1]
    module = importlib.import_module(f'{package}.{subfolder}')
    return getattr(module, t.name, None)


def _message_stub(w: _Writer, cls: type) -> None:
    fields = cls.get_fields_and_field_types()
    # A field named like a Python keyword cannot be spelled in a stub; it is left out.
    typed = [(name, *_field_types(w, t)) for name, t in zip(fields, cls.SLOT_TYPES)
             if not keyword.iskeyword(name)]
    constants = [(k, v) for k, v in vars(type(cls)).items()
                 if isinstance(v, property) and not k.endswith('__DEFAULT') and k.isupper()]
    a = w.lines.append
    a(f'class {cls.__name__}:')
    a(f'    """Message class \'{cls.__name__}\'."""')
    a('')
    for cname, prop in constants:
        a(f'    {cname}: typing.ClassVar[{type(prop.fget(cls)).__name__}]')
    a('    SLOT_TYPES: typing.ClassVar[tuple[typing.Any, ...]]')
    a('')
    args = ''.join(f', {name}: {setter} = ...' for name, _, setter in typed)
    a(f'    def __init__(self, *{args}, check_fields: bool | None = ...) -> None: ...')
    a('    @classmethod')
    a('    def get_fields_and_field_types(cls) -> dict[str, str]: ...')
    for name, getter, setter in typed:
        a('    @property')
        a(f'    def {name}(self) -> {getter}: ...')
        a(f'    @{name}.setter')
        a(f'    def {name}(self, value: {setter}) -> None: ...')
    a('')


def _service_stub(w: _Writer, cls: type) -> None:
    parts = [('Request', cls.Request), ('Response', cls.Response)]
    if hasattr(cls, 'Event'):
        parts.append(('Event', cls.Event))
    for _, part in parts:
        if part.__module__.split('.')[:2] == w.module_name.split('.'):
            _message_stub(w, part)
    a = w.lines.append
    a(f'class {cls.__name__}:')
    a(f'    """Service class \'{cls.__name__}\'."""')
    a('')
    for attr, part in parts:
        a(f'    {attr} = {w.ref(part)}')
    a('')


def _action_stub(w: _Writer, cls: type) -> None:
    for part in (cls.Goal, cls.Result, cls.Feedback):
        _message_stub(w, part)
    impl = cls.Impl
    for service in (impl.SendGoalService, impl.GetResultService):
        _service_stub(w, service)
    _message_stub(w, impl.FeedbackMessage)
    a = w.lines.append
    a(f'class {cls.__name__}:')
    a(f'    """Action class \'{cls.__name__}\'."""')
    a('')
    for attr in ('Goal', 'Result', 'Feedback'):
        a(f'    {attr} = {w.ref(getattr(cls, attr))}')
    a('')
    a('    class Impl:')
    for attr in ('SendGoalService', 'GetResultService', 'FeedbackMessage',
                 'CancelGoalService', 'GoalStatusMessage'):
        a(f'        {attr} = {w.ref(getattr(impl, attr))}')
    a('')


def module_stub(module_name: str) -> Tuple[str, Set[str]]:
    """Return the .pyi text of interface module ``module_name`` ('std_msgs.msg').

    :returns: the text and the set of other packages it refers to.
    """
    module = importlib.import_module(module_name)
    w = _Writer(module_name)
    subfolder = module_name.rpartition('.')[2]
    for name in getattr(module, '__all__'):
        cls = getattr(module, name)
        if subfolder == 'msg':
            _message_stub(w, cls)
        elif subfolder == 'srv':
            _service_stub(w, cls)
        else:
            _action_stub(w, cls)
    return w.text(), {m.partition('.')[0] for m in w.from_imports}


def write_stubs(packages: Sequence[str], outdir: str, with_deps: bool = True) -> List[str]:
    """Write stubs of ``packages`` (and the packages they use) under ``outdir``.

    :returns: the paths written.
    """
    written: List[str] = []
    todo, done = list(packages), set()
    while todo:
        package = todo.pop(0)
        if package in done:
            continue
        done.add(package)
        pkg_dir = os.path.join(outdir, package)
        found = False
        for subfolder in ('msg', 'srv', 'action'):
            try:
                text, uses = module_stub(f'{package}.{subfolder}')
            except ModuleNotFoundError as e:
                if e.name in (package, f'{package}.{subfolder}'):
                    continue
                raise
            found = True
            if with_deps:
                todo.extend(sorted(uses - done))
            os.makedirs(os.path.join(pkg_dir, subfolder), exist_ok=True)
            path = os.path.join(pkg_dir, subfolder, '__init__.pyi')
            with open(path, 'w', encoding='utf-8') as f:
                f.write(text)
            written.append(path)
        if not found:
            raise SystemExit(f"error: no interface package '{package}' found")
        path = os.path.join(pkg_dir, '__init__.pyi')
        with open(path, 'w', encoding='utf-8') as f:
            f.write(f'"""Type stubs for the interface package {package}."""\n')
        written.append(path)
    return written


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Command line entry point: ``python -m rclx.interfaces.stubs PKG... -o OUTDIR``."""
    parser = argparse.ArgumentParser(prog='python -m rclx.interfaces.stubs',
                                     description=__doc__.split('\n\n')[0])
    parser.add_argument('packages', nargs='+', help='interface packages, e.g. std_msgs')
    parser.add_argument('-o', '--output', required=True, help='directory to write stubs into')
    parser.add_argument('--no-deps', action='store_true',
                        help='do not also write stubs of the packages these packages use')
    args = parser.parse_args(argv)
    import rclx.interfaces  # noqa: F401  (installs the import hook for run-time packages)
    for path in write_stubs(args.packages, args.output, with_deps=not args.no_deps):
        print(path)
    return 0


if __name__ == '__main__':
    sys.exit(main())
