#!/usr/bin/env python3
"""Run the multi-vCPU guests directly under QEMU (no hypervisor).

The guests of examples/minihyp/guests/smp and smpbench are written against
the architecture and the guest board only, so QEMU's virt board with the
CPUs at EL1 (-machine virt,gic-version=2, or 3 with --gic 3, no
virtualization: QEMU answers PSCI on HVC) validates them before they run
under minihyp: on the GICv3, QEMU's own GICv3 checks the test guest's GICv3
expectations (IHI 0069) independently of minihyp's vGIC.

Test mode (default): for each --smp count, runs the test guest, re-prints
its TAP lines tagged with the CPU count, and adds one line of its own: the
run ended by PSCI SYSTEM_OFF (QEMU exit status 0) within the timeout, with
exactly the planned number of results.

With --hyp ELF the same runs happen under a hypervisor instead (QEMU with
virtualization=on, the guest's raw image loaded where minihyp looks for it), e.g.
minihyp with build/smpguest/smp-minihyp.elf.

Bench mode (--bench FILE): runs the bench guest under -icount shift=0, twice
per CPU count; the figures must be identical.  Prints the table and writes
FILE as JSON: {"smp<N>": {"<figure>": ns, ...}, ...}.
"""
import argparse
import atexit
import json
import os
import re
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tools"))
import qemu_board  # noqa: E402  (the one QEMU command line)
import qemu_run  # noqa: E402  (the one runner)

TIMEOUT = 180.0
PLAN = re.compile(r"^1\.\.(\d+)\s*$")
RESULT = re.compile(r"^(not ok|ok)\b\s*(\d+)?\s*(?:-\s*)?(.*)$")
BENCH = re.compile(r"^BENCH name=(\S+) ns=([0-9.]+)\s*$")


def qemu_cmd(args, smp, guest, icount=False):
    if args.hyp:
        # Under a hypervisor: it boots at EL2 and finds the guest image raw
        # where minihyp looks for it (the base of its guest RAM).
        image = guest[:-4] + ".bin" if guest.endswith(".elf") else guest
        desc = None
        if args.mkbootdesc:
            # a boot descriptor asking for one vCPU per CPU
            desc = os.path.join(tempfile.gettempdir(), f"smpguest-boot-{os.getpid()}-{smp}.bin")
            subprocess.run([sys.executable, args.mkbootdesc, "-o", desc,
                            "--nr-vcpus", str(smp)], check=True)
            atexit.register(lambda: os.path.exists(desc) and os.remove(desc))
        return qemu_board.command(args.hyp, cpu=args.cpu, smp=smp, mem="128M", guest=image,
                                  bootdesc=desc, icount=icount, reboot=False, qemu=args.qemu,
                                  gic=args.gic)
    return qemu_board.command(guest, hyp=False, cpu=args.cpu, smp=smp, mem="128M",
                              icount=icount, reboot=False, qemu=args.qemu, gic=args.gic)


def run_qemu(cmd, timeout):
    """Runs QEMU (tools/qemu_run.py); returns (lines, exit status or None on timeout)."""
    res = qemu_run.run(cmd, timeout, strip_ansi=False)
    return res.lines, res.returncode


def test_mode(args):
    failed = 0
    for smp in args.smp:
        tag = f"[gic3 smp {smp}]" if args.gic == 3 else f"[smp {smp}]"
        t0 = time.monotonic()
        lines, rc = run_qemu(qemu_cmd(args, smp, args.guest), args.timeout)
        took = time.monotonic() - t0
        plan, results, bad = None, 0, 0
        for line in lines:
            m = PLAN.match(line)
            if m and plan is None:
                plan = int(m.group(1))
                continue
            m = RESULT.match(line)
            if m:
                results += 1
                if m.group(1) == "not ok":
                    bad += 1
                num = f" {m.group(2)}" if m.group(2) else ""
                print(f"{m.group(1)}{num} - {tag} {m.group(3)}")
            elif line.startswith("#"):
                print(f"# {tag} {line[1:].strip()}")
            else:
                print(f"# {tag} {line}")
        if rc is None:
            why = f"QEMU timed out after {args.timeout:.0f} s"
        elif rc != 0:
            why = f"QEMU exited with status {rc}"
        elif plan is None:
            why = "no TAP plan"
        elif results != plan:
            why = f"{results} results for a plan of {plan}"
        else:
            why = None
        ok = why is None
        desc = (f"{tag} test guest ran {results}/{plan} tests and ended with "
                f"PSCI SYSTEM_OFF (QEMU status 0) in {took:.1f} s")
        print(f"{'ok' if ok else 'not ok'} - {desc}" + ("" if ok else f": {why}"))
        failed += (not ok) + bad
    return 1 if failed else 0


def bench_once(args, smp):
    lines, rc = run_qemu(qemu_cmd(args, smp, args.guest, icount=True),
                         args.timeout)
    figs = {}
    for line in lines:
        m = BENCH.match(line)
        if m:
            figs[m.group(1)] = float(m.group(2))
    return lines, rc, figs


def bench_mode(args):
    out, status = {}, 0
    for smp in args.smp:
        l1, rc1, f1 = bench_once(args, smp)
        l2, rc2, f2 = bench_once(args, smp)
        for line in l1:
            if line.startswith("#"):
                print(f"# [smp {smp}] {line[1:].strip()}")
        fail = [ln for ln in l1 + l2 if re.match(r"^BENCH name=\S+ failed", ln)]
        ok = rc1 == 0 and rc2 == 0 and f1 and f1 == f2 and not fail
        print(f"{'ok' if ok else 'not ok'} - [smp {smp}] bench guest under -icount shift=0: "
              f"{len(f1)} figures, identical in two runs")
        if not ok:
            status = 1
            print(f"# run 1: status {rc1} {f1}\n# run 2: status {rc2} {f2}")
            for ln in fail:
                print(f"# {ln}")
        out[f"smp{smp}"] = f1
    if args.bench:
        os.makedirs(os.path.dirname(os.path.abspath(args.bench)), exist_ok=True)
        with open(args.bench, "w") as f:
            where = (f"under {args.hyp}" if args.hyp else
                     "directly under QEMU (EL1, no hypervisor)")
            json.dump({"method": f"{where}, -icount shift=0, average over 65536 "
                                 "iterations, ns", "results": out},
                      f, indent=2, sort_keys=True)
            f.write("\n")
        print(f"# wrote {args.bench}")
    return status


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--qemu", default=qemu_board.QEMU)
    ap.add_argument("--cpu", default="cortex-a57")
    ap.add_argument("--guest", required=True, help="guest ELF")
    ap.add_argument("--smp", type=int, nargs="+", default=[2, 4])
    ap.add_argument("--gic", type=int, choices=(2, 3), default=2,
                    help="the board's GIC (-machine gic-version)")
    ap.add_argument("--timeout", type=float, default=TIMEOUT)
    ap.add_argument("--bench", metavar="FILE", help="bench mode; JSON output file")
    ap.add_argument("--hyp", metavar="ELF",
                    help="run under this hypervisor (EL2) instead of directly; the "
                         "guest's .bin beside the given .elf is loaded where minihyp looks for it")
    ap.add_argument("--mkbootdesc", metavar="SCRIPT",
                    help="with --hyp: write a boot descriptor with this script "
                         "(minihyp: examples/minihyp/mkbootdesc.py) asking for one vCPU "
                         "per CPU, loaded where minihyp looks for it")
    args = ap.parse_args()
    if not os.path.exists(args.guest):
        print(f"not ok - guest image {args.guest} missing")
        return 1
    return bench_mode(args) if args.bench else test_mode(args)


if __name__ == "__main__":
    sys.exit(main())
