#!/usr/bin/env python3
"""Interference benchmark (issue 13): the real-time guest's timer latency
alone, and beside a Linux VM that loads its CPUs.

  bench_rt.py --build BUILD --root ROOT --out DIR [--gic 2|3] [--json FILE]

Both runs come from examples/minihyp/vms/linux-rt.yaml: Linux on physical
CPUs 0-2, the real-time guest (guests/rt) alone on CPU 3.  "alone" is the
file without its Linux VM (and the shared region that needs it); "beside
Linux" is the file with `minihyp.busy=1` on Linux's command line (its init
then loads every CPU: CPU loops, memory copies, pipes whose wake-ups are
IPIs).  The guest starts measuring 5 virtual seconds after boot, when
Linux's load runs (checked: its line comes first).  Both under -icount
shift=0,sleep=off: deterministic, 1 instruction = 1 ns.

What the figures are: QEMU runs the four CPUs one after another on one host
thread in this mode (round-robin, each CPU for a slice up to the next timer
deadline), so the real-time CPU waits for the Linux CPUs' slices as well as
for minihyp: under interference the figures bound both, and the minimum is
minihyp's own path, which the neighbour does not lengthen.
"""
import argparse
import json
import os
import re
import subprocess
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..")
sys.path.insert(0, os.path.join(ROOT, "tools"))
import qemu_board  # noqa: E402  (the one QEMU command line)
import qemu_run  # noqa: E402  (the one runner)

EXAMPLE = os.path.join(ROOT, "examples", "minihyp", "vms", "linux-rt.yaml")
RESULT = re.compile(r"^rt: rt-bench: samples=(\d+) min_ns=(\d+) mean_ns=([\d.]+) "
                    r"median_ns=(\d+) p99_ns=(\d+) max_ns=(\d+)$")
FIELDS = ("min", "mean", "median", "p99", "max")
TIMEOUT = 1200


def tool(*args):
    return subprocess.run([sys.executable, os.path.join(ROOT, "tools", "vmfile.py")] +
                          list(args), check=True, capture_output=True, text=True).stdout


def variants(gic):
    """(name, VM file dict): the real-time guest alone; beside busy Linux."""
    with open(EXAMPLE) as f:
        y = yaml.safe_load(f)
    y["board"]["gic"] = gic
    names = [v["name"] for v in y["vms"]]
    assert names == ["linux", "rt"], names
    alone = dict(y, vms=[y["vms"][1]], shared=[], console={"input": "rt"})
    busy = json.loads(json.dumps(y))
    busy["vms"][0]["image"]["cmdline"] += " minihyp.busy=1"
    return [("alone", alone), ("beside Linux", busy)]


def run(args, name, y):
    tag = name.split()[0]
    src = os.path.join(args.out, f"rt-{tag}-gic{args.gic}.yaml")
    blob = os.path.join(args.out, f"rt-{tag}-gic{args.gic}.vmb")
    with open(src, "w") as f:
        yaml.safe_dump(y, f)
    tool("build", "--root", args.root, src, "-o", blob)
    h = json.loads(tool("dump", blob))["header"]
    cmd = qemu_board.command(os.path.join(args.build, "minihyp.elf"), gic=args.gic,
                             smp=h["board_cpus"], mem=f"{h['board_ram_size'] >> 20}M",
                             icount=True, reboot=False, qemu=args.qemu,
                             extra=tool("qemu-args", "--root", args.root, src,
                                        "--blob", blob).split())
    res = qemu_run.run(cmd, TIMEOUT, stop_on="minihyp: event=vm_off vm=rt", strip_ansi=False)
    got = [RESULT.match(line) for line in res.lines]
    got = [m for m in got if m]
    if not got:
        for line in res.lines[-30:]:
            print(f"# {line}", file=sys.stderr)
        raise SystemExit(f"bench_rt: {name}: no rt-bench line (QEMU status {res.returncode})")
    m = got[0]
    fig = dict(zip(FIELDS, (float(m.group(i)) for i in range(2, 7))))
    fig["samples"] = int(m.group(1))
    if tag == "beside":
        at = [i for i, line in enumerate(res.lines) if line == "rt: rt-guest: measuring"]
        busy = [i for i, line in enumerate(res.lines) if "minihyp-busy: loading" in line]
        if not (at and busy and busy[0] < at[0]):
            raise SystemExit("bench_rt: Linux's load did not start before the measurement")
    return fig


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build", required=True, help="minihyp's build folder")
    ap.add_argument("--root", required=True, help="the images' root (the build folder)")
    ap.add_argument("--out", required=True)
    ap.add_argument("--gic", type=int, choices=(2, 3), default=2)
    ap.add_argument("--qemu", default="qemu-system-aarch64")
    ap.add_argument("--json", help="write the figures here too")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    figs = {name: run(args, name, y) for name, y in variants(args.gic)}
    a, b = figs["alone"], figs["beside Linux"]
    print(f"# interference (GICv{args.gic}): real-time guest's timer latency, deadline to "
          f"handler, {a['samples']} deadlines, ns")
    print(f"# {'figure':<8} {'alone':>12} {'beside Linux':>14} {'ratio':>9}")
    for k in FIELDS:
        print(f"# {k:<8} {a[k]:>12.2f} {b[k]:>14.2f} {b[k] / a[k]:>9.2f}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"gic": args.gic, "alone": a, "beside_linux": b}, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
