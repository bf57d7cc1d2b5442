"""``ros2``: the dispatcher for the command groups (action, interface, lifecycle, node, param, service, topic)."""

import argparse
import os
import signal
import sys
from typing import List, Optional

from rclx.cli import action, interface, lifecycle, node, param, service, topic

COMMANDS = {
    'action': action,
    'interface': interface,
    'lifecycle': lifecycle,
    'node': node,
    'param': param,
    'service': service,
    'topic': topic,
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog='ros2', description='ros2 is an extensible command-line tool for ROS 2.',
        formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(title='Commands', metavar='Call `ros2 <command> -h` for more detailed usage.')
    for name, module in sorted(COMMANDS.items()):
        sub = commands.add_parser(name, help=module.__doc__.strip().splitlines()[0],
                                  description=module.__doc__.strip().splitlines()[0])
        sub.set_defaults(_command_parser=sub)
        module.add_verbs(sub, f'ros2 {name}')
    return parser


def main(argv: Optional[List[str]] = None) -> int:
    """Parse the command line, run the verb; a returned string is an error for stderr (exit 1)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not hasattr(args, '_command_parser'):
        parser.print_help()
        return 0
    if not hasattr(args, '_verb'):
        args._command_parser.print_help()
        return 0
    try:
        rc = args._verb(args)
    except KeyboardInterrupt:
        rc = signal.SIGINT
    except BrokenPipeError:  # `ros2 ... | head` closed the pipe: stop quietly, as shell tools do
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except RuntimeError as e:
        rc = str(e)
    if isinstance(rc, str):
        print(rc, file=sys.stderr)
        return 1
    return rc or 0


if __name__ == '__main__':
    sys.exit(main())
