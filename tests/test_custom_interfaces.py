"""Custom interface packages where users keep them: each case runs a real script in a fresh interpreter.

The import hook comes from rclx's .pth file, so `from my_interfaces.msg import Num` works before
`import rclpy` (isort's order), next to the script, from RCLX_INTERFACE_PATH and from an installed
workspace (AMENT_PREFIX_PATH); a folder that lacks a type says where rclx looked.
"""

import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Dict, Optional

import pytest

NUM = 'int64 num  # a number\n'
ADD = 'int64 a\nint64 b\n---\nint64 sum\n'
COUNT = 'int32 target\n---\nint32 reached\n---\nint32 current\n'

USE_ALL = '''
from rclpy.serialization import deserialize_message, serialize_message
msg = Num(num=42)
assert deserialize_message(serialize_message(msg), Num) == msg
assert AddInts.Request(a=1, b=2).b == 2 and AddInts.Response(sum=3).sum == 3
assert Count.Goal(target=5).target == 5
print(type(msg).__module__, msg)
'''


def make_package(parent: Path, name: str = 'my_interfaces', package_xml: bool = True) -> Path:
    """Write an interface package (msg, srv, action and maybe package.xml) under `parent`."""
    pkg = parent / name
    for sub, file, text in (('msg', 'Num.msg', NUM), ('srv', 'AddInts.srv', ADD),
                            ('action', 'Count.action', COUNT)):
        (pkg / sub).mkdir(parents=True, exist_ok=True)
        (pkg / sub / file).write_text(text)
    if package_xml:
        (pkg / 'package.xml').write_text(
            f'<?xml version="1.0"?>\n<package format="3"><name>{name}</name></package>\n')
    return pkg


def run(script_dir: Path, code: str, cwd: Path, env: Optional[Dict[str, str]] = None
        ) -> subprocess.CompletedProcess:
    """Run `code` as script_dir/script.py from `cwd` with no interface search path set."""
    script = script_dir / 'script.py'
    script.write_text(textwrap.dedent(code))
    environment = {k: v for k, v in os.environ.items()
                   if k not in ('RCLX_INTERFACE_PATH', 'AMENT_PREFIX_PATH', 'PYTHONPATH')}
    environment.update(env or {})
    return subprocess.run([sys.executable, str(script)], cwd=str(cwd), env=environment,
                          capture_output=True, text=True, timeout=60)


def ok(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 0, f'script failed ({result.returncode}):\n{result.stdout}\n{result.stderr}'
    return result.stdout


BEFORE_RCLPY = '''
from my_interfaces.action import Count
from my_interfaces.msg import Num
from my_interfaces.srv import AddInts
import rclpy
''' + USE_ALL

AFTER_RCLPY = '''
import rclpy
from my_interfaces.msg import Num
from my_interfaces.srv import AddInts
from my_interfaces.action import Count
''' + USE_ALL


@pytest.mark.parametrize('code', [BEFORE_RCLPY, AFTER_RCLPY], ids=['before_rclpy', 'after_rclpy'])
def test_package_next_to_the_script(tmp_path, code):
    make_package(tmp_path, package_xml=False)
    elsewhere = tmp_path / 'elsewhere'
    elsewhere.mkdir()
    out = ok(run(tmp_path, code, cwd=elsewhere))
    assert out.strip() == 'my_interfaces.msg._num my_interfaces.msg.Num(num=42)'


def test_hook_is_installed_at_interpreter_start_without_heavy_imports(tmp_path):
    out = ok(run(tmp_path, '''
        import sys
        print(sum(type(f).__name__ == 'InterfaceFinder' for f in sys.meta_path))
        print(sorted(m for m in ('numpy', 'rclx._core', 'rclx.interfaces._registry', 'rclpy')
                     if m in sys.modules))
        ''', cwd=tmp_path))
    assert out.splitlines() == ['1', '[]']


@pytest.mark.parametrize('code', [BEFORE_RCLPY, AFTER_RCLPY], ids=['before_rclpy', 'after_rclpy'])
def test_rclx_interface_path(tmp_path, code):
    root = tmp_path / 'my_root'
    make_package(root)
    script_dir = tmp_path / 'scripts'
    script_dir.mkdir()
    out = ok(run(script_dir, code, cwd=tmp_path, env={'RCLX_INTERFACE_PATH': str(root)}))
    assert 'my_interfaces.msg.Num(num=42)' in out


@pytest.mark.parametrize('code', [BEFORE_RCLPY, AFTER_RCLPY], ids=['before_rclpy', 'after_rclpy'])
def test_installed_workspace_via_ament_prefix_path(tmp_path, code):
    prefix = tmp_path / 'install'
    make_package(prefix / 'share')
    script_dir = tmp_path / 'scripts'
    script_dir.mkdir()
    out = ok(run(script_dir, code, cwd=tmp_path,
                 env={'AMENT_PREFIX_PATH': os.pathsep.join([str(tmp_path / 'missing'), str(prefix)])}))
    assert 'my_interfaces.msg.Num(num=42)' in out


def test_folder_without_the_type_says_where_rclx_looked(tmp_path):
    pkg = make_package(tmp_path)
    result = run(tmp_path, '''
        from my_interfaces.msg import Nope
        ''', cwd=tmp_path)
    assert result.returncode == 1
    assert (f"ImportError: cannot import name 'Nope' from 'my_interfaces.msg': no file 'Nope.msg' "
            f"in {pkg / 'msg'}") in result.stderr, result.stderr
    assert 'unknown location' not in result.stderr


def test_missing_type_in_a_search_path_package_says_where_rclx_looked(tmp_path):
    root = tmp_path / 'root'
    pkg = make_package(root)
    result = run(tmp_path, '''
        import rclpy
        from my_interfaces.srv import Nope
        ''', cwd=tmp_path, env={'RCLX_INTERFACE_PATH': str(root)})
    assert f"no file 'Nope.srv' in {pkg / 'srv'}" in result.stderr, result.stderr


def test_missing_subfolder_says_where_rclx_looked(tmp_path):
    pkg = tmp_path / 'my_interfaces'
    (pkg / 'msg').mkdir(parents=True)
    (pkg / 'msg' / 'Num.msg').write_text(NUM)
    result = run(tmp_path, 'from my_interfaces.srv import AddInts\n', cwd=tmp_path)
    assert result.returncode == 1
    assert "No module named 'my_interfaces.srv'" in result.stderr
    assert str(pkg / 'srv') in result.stderr, result.stderr


def test_attribute_access_still_raises_attribute_error(tmp_path):
    make_package(tmp_path)
    out = ok(run(tmp_path, '''
        import my_interfaces.msg as m
        print(hasattr(m, 'Nope'), getattr(m, 'Nope', None), m.Num.__name__)
        ''', cwd=tmp_path))
    assert out.strip() == 'False None Num'


def test_script_side_package_wins_over_search_path(tmp_path):
    make_package(tmp_path)
    root = tmp_path / 'root'
    (root / 'my_interfaces' / 'msg').mkdir(parents=True)
    (root / 'my_interfaces' / 'msg' / 'Num.msg').write_text('string text\n')
    out = ok(run(tmp_path, '''
        from my_interfaces.msg import Num
        print(Num.get_fields_and_field_types())
        ''', cwd=tmp_path, env={'RCLX_INTERFACE_PATH': str(root)}))
    assert out.strip() == "{'num': 'int64'}"


def test_real_python_packages_and_plain_namespace_packages_are_untouched(tmp_path):
    regular = tmp_path / 'regular_pkg'
    (regular / 'msg').mkdir(parents=True)
    (regular / '__init__.py').write_text('KIND = "regular"\n')
    (regular / 'msg' / '__init__.py').write_text('Num = "python code"\n')
    (regular / 'msg' / 'Num.msg').write_text(NUM)
    plain = tmp_path / 'plain_ns' / 'action'
    plain.mkdir(parents=True)
    (plain / 'helpers.py').write_text('VALUE = 7\n')
    out = ok(run(tmp_path, '''
        import rclpy
        from regular_pkg import KIND
        from regular_pkg.msg import Num
        from plain_ns.action.helpers import VALUE
        import plain_ns
        print(KIND, Num, VALUE, plain_ns.__spec__.loader is None or
              type(plain_ns.__spec__.loader).__name__)
        ''', cwd=tmp_path))
    assert out.strip() == 'regular python code 7 NamespaceLoader'


def test_python_modules_inside_an_interface_package_still_import(tmp_path):
    pkg = make_package(tmp_path)
    (pkg / 'tools.py').write_text('ANSWER = 42\n')
    out = ok(run(tmp_path, '''
        from my_interfaces.msg import Num
        from my_interfaces.tools import ANSWER
        print(Num(num=ANSWER).num)
        ''', cwd=tmp_path))
    assert out.strip() == '42'


def test_shipped_packages_import_first_too(tmp_path):
    out = ok(run(tmp_path, '''
        from test_msgs.action import NestedMessage
        from test_msgs.msg import Builtins
        from nav_msgs.msg import Goals
        import rclpy
        print(Builtins().duration_value.sec, len(Goals().goals),
              NestedMessage.Goal().nested_field.bool_value)
        ''', cwd=tmp_path))
    assert out.strip() == '0 0 False'
