"""The one runner: start a QEMU command (from qemu_board.py) with a deadline
and read the guest console line by line.

Every test and tool that boots the board uses run() (tests/qemu/run.py,
tests/qemu/smp_direct.py, tests/gicv3/run.py, tools/linux/*);
tests/tools/test_board.py checks that no other file reads QEMU's console.
"""
import os
import re
import select
import subprocess
import sys
import time

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qemu_board  # noqa: E402  (the one QEMU command line)


def direct_cmd(kernel, initrd, append, smp=2, mem="1G", dtb=None, icount=False, extra=()):
    """The kernel directly under QEMU at EL1 (the board of `make run-linux-direct`)."""
    return qemu_board.command(kernel, hyp=False, smp=smp, mem=mem, initrd=initrd or None,
                              dtb=dtb, append=append, icount=icount, reboot=False,
                              extra=extra)


class Result:
    def __init__(self):
        self.lines = []  # every console line, without line ends
        self.returncode = None  # None: killed at the deadline or on stop_on
        self.stopped = False  # stop_on was seen and QEMU killed there
        self.elapsed = 0.0


def run(cmd, timeout, on_line=None, log_path=None, stop_on=None, strip_ansi=True,
        on_rest=None):
    """Run `cmd` until it exits or `timeout` seconds pass.

    on_line(line) is called for each console line and may return bytes to
    write to the guest's console input (without on_line, stdin is empty).
    stop_on: a string; once the console shows it (in a line or in the
    unterminated rest), QEMU is killed and Result.stopped is set, for runs
    that end in a stopped CPU instead of a QEMU exit.  strip_ansi=False keeps
    escape sequences, for tests that check what reaches the console.
    on_rest(rest), when given, is called with the unterminated rest of the
    console (a prompt, an echo being typed) after each read that leaves one,
    and may return bytes to write, as on_line.
    Returns a Result.
    """
    res = Result()
    start = time.monotonic()
    log = open(log_path, "w") if log_path else None
    stdin = subprocess.PIPE if on_line or on_rest else subprocess.DEVNULL
    proc = subprocess.Popen(cmd, stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    buf = b""
    fd = proc.stdout.fileno()

    def emit(raw):
        line = raw.decode("utf-8", "replace")
        if strip_ansi:
            line = ANSI.sub("", line)
        line = line.rstrip("\r\n").replace("\r", "")
        res.lines.append(line)
        if log:
            log.write(line + "\n")
            log.flush()
        if on_line:
            reply(on_line(line))

    def reply(data):
        if data:
            try:
                proc.stdin.write(data)
                proc.stdin.flush()
            except OSError:
                pass

    try:
        while True:
            left = start + timeout - time.monotonic()
            if left <= 0:
                break
            ready, _, _ = select.select([fd], [], [], min(left, 1.0))
            if not ready:
                continue
            chunk = os.read(fd, 65536)
            if not chunk:
                break
            buf += chunk
            while b"\n" in buf:
                raw, buf = buf.split(b"\n", 1)
                emit(raw)
                if stop_on and stop_on in res.lines[-1]:
                    res.stopped = True
            if res.stopped or (stop_on and stop_on.encode() in buf):
                res.stopped = True
                break
            if on_rest and buf:
                rest = buf.decode("utf-8", "replace").replace("\r", "")
                reply(on_rest(ANSI.sub("", rest) if strip_ansi else rest))
        if buf:
            emit(buf)
        if not res.stopped:  # a stopped run is killed below: no status of its own
            try:
                res.returncode = proc.wait(timeout=max(0.0, start + timeout - time.monotonic()))
            except subprocess.TimeoutExpired:
                res.returncode = None
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        res.elapsed = time.monotonic() - start
        if log:
            log.close()
    return res
