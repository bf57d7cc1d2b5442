"""The shipped interface packages against ROS 2 Jazzy's own: definitions, fields, constants, defaults.

Jazzy's definition files and generated classes come from the ros-jazzy-* wheels in .venv-jazzy
(scripts/test.sh installs them). Two checks per package: Jazzy's parser (rosidl_adapter) reads the
same fields, types, bounds, defaults and constants from our file as from Jazzy's, and the classes
rclx builds have the same fields and types, default values and constant values as Jazzy's
generated classes. Tests skip, saying why, where .venv-jazzy or one of its packages is missing.
"""

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Dict, List, Tuple

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / 'interfaces'
JAZZY_VENV = Path(os.environ.get('RCLX_JAZZY_VENV', ROOT / '.venv-jazzy'))
JAZZY_PYTHON = JAZZY_VENV / 'bin' / 'python'
JAZZY_SHARE = JAZZY_VENV / 'share'
EXTENSIONS = {'msg': '.msg', 'srv': '.srv', 'action': '.action'}
PARTS = {'msg': [''], 'srv': ['Request', 'Response'], 'action': ['Goal', 'Result', 'Feedback']}

PACKAGES = sorted(p.name for p in SHIPPED.iterdir()
                  if p.is_dir() and any((p / s).is_dir() for s in EXTENSIONS))

# Runs in both interpreters: the classes' fields and types, default values and constants as JSON.
DUMP_CLASSES = r'''
import importlib, json, sys

def plain(v):
    if hasattr(v, 'get_fields_and_field_types'):
        return {k: plain(getattr(v, k)) for k in v.get_fields_and_field_types()}
    if isinstance(v, (bytes, bytearray)):
        return list(v)
    if hasattr(v, 'tolist'):
        return plain(v.tolist())
    if isinstance(v, (list, tuple)):
        return [plain(x) for x in v]
    return v

def describe(cls, constant_names):
    if constant_names is None:
        meta = type(cls)
        constants = getattr(meta, f'_{meta.__name__}__constants', {})
    else:
        constants = {n: getattr(cls, n) for n in constant_names}
    return {'fields': cls.get_fields_and_field_types(), 'defaults': plain(cls()),
            'constants': {k: plain(v) for k, v in constants.items()}}

request = json.load(sys.stdin)
out = {}
for key, (pkg, sub, name, parts, constants) in request.items():
    try:
        cls = getattr(importlib.import_module(f'{pkg}.{sub}'), name)
        out[key] = {part: describe(getattr(cls, part) if part else cls,
                                   None if constants is None else constants.get(part, []))
                    for part in parts}
    except Exception as e:  # reported per type by the test
        out[key] = {'error': f'{type(e).__name__}: {e}'}
json.dump(out, sys.stdout)
'''

# Runs in .venv-jazzy: Jazzy's parser on Jazzy's file and on ours, normalized to JSON.
PARSE_DEFINITIONS = r'''
import json, sys
from rosidl_adapter.parser import parse_action_string, parse_message_string, parse_service_string

def spec(s):
    return {'fields': [[str(f.type), f.name, repr(f.default_value)] for f in s.fields],
            'constants': [[c.type, c.name, repr(c.value)] for c in s.constants]}

def parse(pkg, sub, name, path):
    with open(path, encoding='utf-8') as f:
        text = f.read()
    if sub == 'msg':
        return {'': spec(parse_message_string(pkg, name, text))}
    if sub == 'srv':
        s = parse_service_string(pkg, name, text)
        return {'Request': spec(s.request), 'Response': spec(s.response)}
    s = parse_action_string(pkg, name, text)
    return {'Goal': spec(s.goal), 'Result': spec(s.result), 'Feedback': spec(s.feedback)}

out = {}
for key, (pkg, sub, name, ours, theirs) in json.load(sys.stdin).items():
    try:
        out[key] = {'ours': parse(pkg, sub, name, ours), 'jazzy': parse(pkg, sub, name, theirs)}
    except Exception as e:
        out[key] = {'error': f'{type(e).__name__}: {e}'}
json.dump(out, sys.stdout)
'''


def _jazzy_env() -> Dict[str, str]:
    return {k: v for k, v in os.environ.items()
            if k not in ('PYTHONPATH', 'PYTHONHOME', 'VIRTUAL_ENV', 'AMENT_PREFIX_PATH',
                         'RCLX_INTERFACE_PATH', '_ROS_WHEELS_BOOTSTRAP_COMPLETE')}


def _run(python: str, code: str, request: dict, env: Dict[str, str]) -> dict:
    result = subprocess.run([python, '-c', code], input=json.dumps(request), capture_output=True,
                            text=True, timeout=240, env=env)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)


def _files(directory: Path, sub: str) -> List[str]:
    ext = EXTENSIONS[sub]
    return sorted(f[:-len(ext)] for f in os.listdir(directory / sub) if f.endswith(ext)) \
        if (directory / sub).is_dir() else []


@pytest.fixture(scope='module')
def jazzy() -> Dict[str, dict]:
    """Everything compared, computed once: {'parsed': ..., 'ours': ..., 'theirs': ...}."""
    if not JAZZY_PYTHON.exists():
        pytest.skip(f'{JAZZY_VENV} is missing (scripts/test.sh installs the ros-jazzy-* wheels there)')
    types: Dict[str, Tuple[str, str, str]] = {}
    for pkg in PACKAGES:
        for sub in EXTENSIONS:
            for name in _files(SHIPPED / pkg, sub):
                if (JAZZY_SHARE / pkg / sub / (name + EXTENSIONS[sub])).is_file():
                    types[f'{pkg}/{sub}/{name}'] = (pkg, sub, name)
    parsed = _run(str(JAZZY_PYTHON), PARSE_DEFINITIONS, {
        key: [pkg, sub, name, str(SHIPPED / pkg / sub / (name + EXTENSIONS[sub])),
              str(JAZZY_SHARE / pkg / sub / (name + EXTENSIONS[sub]))]
        for key, (pkg, sub, name) in types.items()}, _jazzy_env())
    theirs = _run(str(JAZZY_PYTHON), DUMP_CLASSES, {
        key: [pkg, sub, name, PARTS[sub], None] for key, (pkg, sub, name) in types.items()},
        _jazzy_env())
    ours = _run(sys.executable, DUMP_CLASSES, {
        key: [pkg, sub, name, PARTS[sub],
              {part: sorted(d.get('constants', {})) for part, d in theirs[key].items()}]
        for key, (pkg, sub, name) in types.items()}, dict(os.environ))
    return {'parsed': parsed, 'ours': ours, 'theirs': theirs}


def _needs_jazzy_package(pkg: str) -> None:
    if not JAZZY_PYTHON.exists():
        pytest.skip(f'{JAZZY_VENV} is missing (scripts/test.sh installs the ros-jazzy-* wheels there)')
    if not (JAZZY_SHARE / pkg).is_dir():
        pytest.skip(f"Jazzy's {pkg} is not installed in {JAZZY_VENV} (ros-jazzy-{pkg.replace('_', '-')})")


@pytest.mark.parametrize('pkg', PACKAGES)
def test_package_has_every_jazzy_interface(pkg):
    _needs_jazzy_package(pkg)
    for sub in EXTENSIONS:
        missing = sorted(set(_files(JAZZY_SHARE / pkg, sub)) - set(_files(SHIPPED / pkg, sub)))
        extra = sorted(set(_files(SHIPPED / pkg, sub)) - set(_files(JAZZY_SHARE / pkg, sub)))
        assert not missing, f'{pkg}/{sub}: Jazzy has {missing}, rclx does not ship them'
        assert not extra, f'{pkg}/{sub}: rclx ships {extra}, which Jazzy does not have'


@pytest.mark.parametrize('pkg', PACKAGES)
def test_definitions_parse_as_jazzy(pkg, jazzy):
    _needs_jazzy_package(pkg)
    keys = [k for k in jazzy['parsed'] if k.startswith(pkg + '/')]
    assert keys
    for key in keys:
        entry = jazzy['parsed'][key]
        assert 'error' not in entry, f'{key}: {entry.get("error")}'
        assert entry['ours'] == entry['jazzy'], key


@pytest.mark.parametrize('pkg', PACKAGES)
def test_classes_equal_jazzy(pkg, jazzy):
    _needs_jazzy_package(pkg)
    keys = [k for k in jazzy['theirs'] if k.startswith(pkg + '/')]
    assert keys
    for key in keys:
        theirs, ours = jazzy['theirs'][key], jazzy['ours'][key]
        assert 'error' not in theirs, f"{key}: Jazzy's class: {theirs.get('error')}"
        assert 'error' not in ours, f"{key}: rclx's class: {ours.get('error')}"
        for part in theirs:
            where = f'{key} {part}'.strip()
            assert ours[part]['fields'] == theirs[part]['fields'], where
            assert ours[part]['constants'] == theirs[part]['constants'], where
            assert ours[part]['defaults'] == theirs[part]['defaults'], where
