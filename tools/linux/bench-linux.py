#!/usr/bin/env python3
"""Linux boot under minihyp against the same boot directly under QEMU.

Both runs boot the same kernel, initramfs and guest-board device tree with
`minihyp.bench=1` under `-icount shift=0` (one instruction = 1 ns of virtual
time): once directly at EL1 (QEMU loads the kernel, its PSCI answers `hvc`),
once under minihyp (tools/linux/minihyp-boot.py).  The figure is the
kernel's own uptime when /init starts (the printk timestamp of "Run /init as
init process", and /proc/uptime read first thing by /init).  Prints a table
and writes JSON; the budget is minihyp at most 5 % slower.
"""
import argparse
import datetime
import importlib.util
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
import qemu_run  # noqa: E402

spec = importlib.util.spec_from_file_location("bench_boot", os.path.join(HERE, "bench-boot.py"))
bench_boot = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench_boot)

APPEND = "console=ttyAMA0 panic=-1 minihyp.bench=1"
BUDGET = 1.05


def measure(name, cmd, timeout, log):
    found = {}

    def on_line(line):
        m = bench_boot.BENCH.match(line)
        if m:
            found["run_init"], found["uptime"] = (float(v) for v in m.groups())

    res = qemu_run.run(cmd, timeout, on_line, log)
    out = {"name": name, "qemu_status": res.returncode, "wall_s": round(res.elapsed, 2),
           "log": log}
    if not found:
        why = "timed out" if res.returncode is None else f"QEMU exited ({res.returncode})"
        print(f"bench-linux {name}: no figures from the guest ({why}); last console lines:")
        for line in res.lines[-30:]:
            print("  | " + line)
        return out
    out.update(found)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--kernel", required=True)
    ap.add_argument("--initrd", required=True)
    ap.add_argument("--smp", type=int, default=2)
    ap.add_argument("--mem", default="1G")
    ap.add_argument("--minihyp", required=True)
    ap.add_argument("--out", required=True, help="directory for DTBs, descriptor and logs")
    ap.add_argument("--json", required=True)
    ap.add_argument("--timeout", type=float, default=900.0)
    a = ap.parse_args()

    # minihyp's run first: it writes the guest board's DTB, which the direct
    # run then uses as well (QEMU fills in its own /chosen initrd range).
    mh_out = os.path.join(a.out, "mh-bench")
    boot = [sys.executable, os.path.join(HERE, "minihyp-boot.py"), "--out", mh_out,
            "--kernel", a.kernel, "--initrd", a.initrd, "--smp", str(a.smp), "--mem", a.mem,
            "--append", APPEND, "--minihyp", a.minihyp, "--icount", "--no-reboot", "--print"]
    mh_cmd = subprocess.run(boot, check=True, stdout=subprocess.PIPE,
                            text=True).stdout.split()
    dtb = os.path.join(mh_out, "guest.dtb")
    direct_cmd = qemu_run.direct_cmd(a.kernel, a.initrd, APPEND, a.smp, a.mem, dtb,
                                     icount=True)

    runs = [measure("direct", direct_cmd, a.timeout, os.path.join(a.out, "bench-linux-direct.log")),
            measure("minihyp", mh_cmd, a.timeout, os.path.join(a.out, "bench-linux-minihyp.log"))]
    d, m = runs
    result = {
        "what": "Linux kernel uptime when /init starts, -icount shift=0 (virtual s = 1e9 insns)",
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "kernel": a.kernel, "initrd": a.initrd, "smp": a.smp, "mem": a.mem,
        "runs": runs, "budget_ratio": BUDGET,
    }
    print(f"{'boot':10} {'Run /init (virtual s)':>22} {'/proc/uptime at init':>21} "
          f"{'host wall s':>12}")
    for r in runs:
        ri = f"{r['run_init']:.6f}" if "run_init" in r else "-"
        up = f"{r['uptime']:.2f}" if "uptime" in r else "-"
        print(f"{r['name']:10} {ri:>22} {up:>21} {r['wall_s']:>12.1f}")
    ok = "run_init" in d and "run_init" in m
    if ok:
        ratio = m["run_init"] / d["run_init"]
        result["ratio"] = round(ratio, 4)
        result["within_budget"] = ratio <= BUDGET
        print(f"ratio minihyp/direct: {ratio:.4f} (budget {BUDGET:.2f}: "
              f"{'within' if ratio <= BUDGET else 'OVER'})")
    else:
        result["ratio"] = None
        print("ratio minihyp/direct: - (a run gave no figures)")
    os.makedirs(os.path.dirname(os.path.abspath(a.json)), exist_ok=True)
    with open(a.json, "w") as f:
        json.dump(result, f, indent=1)
    print(f"written {a.json}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
