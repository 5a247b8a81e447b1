"""Run a QEMU command with a deadline, reading the guest console line by line.

Shared by run-test.py and bench-boot.py.
"""
import os
import re
import select
import subprocess
import sys
import time

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import qemu_board  # noqa: E402  (the one QEMU command line)


def direct_cmd(kernel, initrd, append, smp=2, mem="1G", dtb=None, icount=False, extra=()):
    """The kernel directly under QEMU at EL1 (the board of `make run-linux-direct`)."""
    return qemu_board.command(kernel, hyp=False, smp=smp, mem=mem, initrd=initrd or None,
                              dtb=dtb, append=append, icount=icount, reboot=False,
                              extra=extra)


class Result:
    def __init__(self):
        self.lines = []  # every console line, without line ends
        self.returncode = None  # None: killed at the deadline
        self.elapsed = 0.0


def run(cmd, timeout, on_line=None, log_path=None):
    """Run `cmd` until it exits or `timeout` seconds pass.

    on_line(line) is called for each console line and may return bytes to
    write to the guest's console input.  Returns a Result.
    """
    res = Result()
    start = time.monotonic()
    log = open(log_path, "w") if log_path else None
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    buf = b""
    fd = proc.stdout.fileno()

    def emit(raw):
        line = ANSI.sub("", raw.decode("utf-8", "replace")).rstrip("\r\n").replace("\r", "")
        res.lines.append(line)
        if log:
            log.write(line + "\n")
            log.flush()
        if on_line:
            reply = on_line(line)
            if reply:
                try:
                    proc.stdin.write(reply)
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
        if buf:
            emit(buf)
        if proc.poll() is None:
            try:
                res.returncode = proc.wait(timeout=max(0.0, start + timeout - time.monotonic()))
            except subprocess.TimeoutExpired:
                res.returncode = None
        else:
            res.returncode = proc.returncode
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        res.elapsed = time.monotonic() - start
        if log:
            log.close()
    return res
