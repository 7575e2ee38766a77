"""Running ``mingraph`` in a real pseudo-terminal of a given size, as a user would."""

from __future__ import annotations

import fcntl
import os
import pty
import shutil
import struct
import subprocess
import termios
from dataclasses import dataclass

from wcwidth import wcswidth


@dataclass
class Screen:
    exit_code: int
    lines: list[str]  # what the terminal showed on standard output
    stderr: str

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def in_terminal(args: list[str], columns: int, rows: int = 50) -> Screen:
    """Run ``mingraph ARGS`` with its standard output on a terminal ``columns`` wide."""
    executable = shutil.which("mingraph")
    assert executable, "the mingraph console script is not installed"
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    process = subprocess.Popen(
        [executable, *args], stdin=slave, stdout=slave, stderr=subprocess.PIPE, env=env
    )
    os.close(slave)
    output = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the terminal closes when the process ends
            break
        if not chunk:
            break
        output += chunk
    os.close(master)
    stderr = process.stderr.read().decode("utf-8", "replace")
    process.wait(timeout=120)
    lines = output.decode("utf-8").replace("\r\n", "\n").split("\n")
    return Screen(process.returncode, lines, stderr)


def columns_used(line: str) -> int:
    """Display columns of a line, measured by wcwidth (not by mingraph's own code)."""
    width = wcswidth(line)
    assert width >= 0, f"a line holds a non-printable character: {line!r}"
    return width
