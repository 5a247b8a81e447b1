#!/usr/bin/env python3
"""Boot a Linux guest with the scripted-test init and report TAP lines.

The guest's /init (examples/minihyp/linux/init, selected by `minihyp.test=1`
on the kernel command line) prints a plan and `ok N - ...` / `not ok N - ...`
lines, then powers off.  This script forwards those lines and adds its own
`not ok` when the guest does not finish: timeout, missing results, a kernel
panic, or QEMU failing.  On any failure the console log is attached (as `#`
lines) and also kept in --log.

Either the QEMU command is given after `--` (e.g. QEMU running minihyp with
the kernel, initrd and device tree as loader images), or --kernel/--initrd/
--append describe a direct boot under QEMU at EL1.

When the guest prints the line `minihyp-test: send console input`, a line of
input is typed on the console for the guest to read (exercising the UART's
receive interrupt).
"""
import argparse
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import qemu_run  # noqa: E402

TAP = re.compile(r"^(ok|not ok)\b|^1\.\.\d+\s*$|^#")
PLAN = re.compile(r"^1\.\.(\d+)\s*$")
INFO = re.compile(r"^minihyp-(init|bench):")
RESULT = re.compile(r"^(ok|not ok)\b")
INPUT_PROMPT = "minihyp-test: send console input"
INPUT_TEXT = b"minihyp-ping\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--name", default="linux", help="name used in the runner's own TAP lines")
    ap.add_argument("--timeout", type=float, default=300.0, help="seconds (default 300)")
    ap.add_argument("--log", default=None, help="write the whole console log here")
    ap.add_argument("--tail", type=int, default=120,
                    help="console lines attached on failure (default 120, 0: all)")
    ap.add_argument("--kernel")
    ap.add_argument("--initrd")
    ap.add_argument("--dtb")
    ap.add_argument("--append", default="console=ttyAMA0 panic=-1 minihyp.test=1")
    ap.add_argument("--smp", type=int, default=2)
    ap.add_argument("--mem", default="1G")
    ap.add_argument("cmd", nargs=argparse.REMAINDER, help="-- QEMU command")
    a = ap.parse_args()

    cmd = a.cmd[1:] if a.cmd[:1] == ["--"] else a.cmd
    if not cmd:
        if not a.kernel:
            ap.error("give --kernel (direct boot) or a QEMU command after --")
        append = a.append
        if "minihyp.cpus=" not in append:
            append += f" minihyp.cpus={a.smp}"
        cmd = qemu_run.direct_cmd(a.kernel, a.initrd, append, a.smp, a.mem, a.dtb)

    state = {"plan": None, "results": 0, "failed": 0, "panic": False}

    def on_line(line):
        if TAP.match(line):
            print(line, flush=True)
        elif INFO.match(line):
            print("# " + line, flush=True)
        m = PLAN.match(line)
        if m and state["plan"] is None:
            state["plan"] = int(m.group(1))
        m = RESULT.match(line)
        if m:
            state["results"] += 1
            if m.group(1) == "not ok":
                state["failed"] += 1
        if "Kernel panic" in line:
            state["panic"] = True
        if line.strip() == INPUT_PROMPT:
            return INPUT_TEXT
        return None

    res = qemu_run.run(cmd, a.timeout, on_line, a.log)

    problems = []
    if res.returncode is None:
        problems.append(f"timed out after {a.timeout:g} s")
    elif res.returncode != 0:
        problems.append(f"QEMU exited with status {res.returncode}")
    if state["panic"]:
        problems.append("kernel panic")
    if state["plan"] is None:
        problems.append("the guest printed no test plan (init did not run the tests)")
    elif state["results"] != state["plan"]:
        problems.append(f"the guest printed {state['results']} of {state['plan']} results")
    ok = not problems
    if problems:
        print(f"not ok - {a.name}: guest test did not complete: {'; '.join(problems)}")
    else:
        print(f"ok - {a.name}: guest test completed in {res.elapsed:.1f} s")
    if problems or state["failed"]:
        lines = res.lines if a.tail == 0 else res.lines[-a.tail:]
        where = f" (whole log in {a.log})" if a.log else ""
        print(f"# console log, last {len(lines)} of {len(res.lines)} lines{where}:")
        for line in lines:
            print("# | " + line)
    sys.stdout.flush()
    return 0 if ok and not state["failed"] else 1


if __name__ == "__main__":
    sys.exit(main())
