"""rclx's default Cyclone DDS configuration, and CYCLONEDDS_URI taking precedence over it."""

import os
import subprocess
import sys

SCRIPT = "import rclpy; rclpy.init(); n = rclpy.create_node('cfg'); n.destroy_node(); rclpy.shutdown()"


def traced_config(tmp_path, extra_xml: str = '') -> str:
    trace = tmp_path / 'cyclone.trace'
    uri = ('<CycloneDDS><Domain><Tracing><Verbosity>config</Verbosity>'
           f'<OutputFile>{trace}</OutputFile></Tracing>{extra_xml}</Domain></CycloneDDS>')
    env = dict(os.environ, CYCLONEDDS_URI=uri)
    out = subprocess.run([sys.executable, '-c', SCRIPT], env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return trace.read_text()


def test_default_asks_for_a_large_receive_buffer(tmp_path):
    text = traced_config(tmp_path)
    # The user's tracing settings applied (the file exists) and rclx's default is in force.
    assert 'SocketReceiveBufferSize[@max]: 8 MiB' in text


def test_cyclonedds_uri_overrides_the_default(tmp_path):
    text = traced_config(tmp_path, '<Internal><SocketReceiveBufferSize max="2MB"/></Internal>')
    assert 'SocketReceiveBufferSize[@max]: 2 MiB' in text
