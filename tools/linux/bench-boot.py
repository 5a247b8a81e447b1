#!/usr/bin/env python3
"""Measure how far into its boot a Linux guest is when /init starts.

Boots with `minihyp.bench=1` on the kernel command line: the guest's /init
reads /proc/uptime first thing, finds the printk timestamp of the kernel's
"Run /init as init process" line, prints both and powers off.  Under
`-icount shift=0` every guest instruction advances virtual time by 1 ns (the
CPUs run one after the other; when all of them wait in WFI, time jumps to the
next timer event), and the kernel's clock runs on the architected counter, so
these figures are virtual time, independent of the host: the same on every
machine, and from run to run up to a few 1e-4 (QEMU hands the guest a
random rng-seed and kaslr-seed on each boot).

Either give the QEMU command after `--` (it must carry `-icount shift=0` and
`minihyp.bench=1` itself), or --kernel/--initrd for a direct boot under QEMU
at EL1, which is the baseline.
"""
import argparse
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import qemu_run  # noqa: E402

BENCH = re.compile(r"^minihyp-bench: run-init-ts=(\S+) uptime-at-init=(\S+)")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--name", default="linux-direct")
    ap.add_argument("--timeout", type=float, default=600.0)
    ap.add_argument("--log", default=None)
    ap.add_argument("--kernel")
    ap.add_argument("--initrd")
    ap.add_argument("--dtb")
    ap.add_argument("--append", default="console=ttyAMA0 panic=-1 minihyp.bench=1")
    ap.add_argument("--smp", type=int, default=2)
    ap.add_argument("--mem", default="1G")
    ap.add_argument("--no-icount", action="store_true", help="real time instead of icount")
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    a = ap.parse_args()

    cmd = a.cmd[1:] if a.cmd[:1] == ["--"] else a.cmd
    if not cmd:
        if not a.kernel:
            ap.error("give --kernel (direct boot) or a QEMU command after --")
        cmd = qemu_run.direct_cmd(a.kernel, a.initrd, a.append, a.smp, a.mem, a.dtb,
                                  icount=not a.no_icount)
    found = {}

    def on_line(line):
        m = BENCH.match(line)
        if m:
            found["run_init"], found["uptime"] = m.groups()

    res = qemu_run.run(cmd, a.timeout, on_line, a.log)
    if not found:
        why = "timed out" if res.returncode is None else f"QEMU exited ({res.returncode})"
        print(f"bench-boot {a.name}: no figures from the guest ({why}); last console lines:")
        for line in res.lines[-40:]:
            print("  | " + line)
        return 1
    unit = "virtual s (icount shift=0: 1 insn = 1 ns)" if not a.no_icount else "s"
    print(f"bench-boot {a.name}: kernel 'Run /init' at {found['run_init']} {unit}; "
          f"/proc/uptime at init {found['uptime']}; host wall time {res.elapsed:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
