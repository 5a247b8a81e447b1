#!/usr/bin/env python3
"""QEMU system tests and benchmark of minihyp.

Boots build/minihyp/minihyp.elf under qemu-system-aarch64 (virt,
virtualization=on, gic-version=2) with a guest image loaded raw at the base
of guest RAM, and reads the console.

Test mode (default): every guest TAP line (`ok N - ...` / `not ok N - ...`)
is forwarded, renumbered and tagged with the run's name; every other console
line is printed as a `# ` comment (so hypervisor logs never count as
results).  After each run one more TAP line says whether QEMU exited with
status 0 within the timeout and whether the number of results matches the
guest's plan.  Exits non-zero when anything failed.

Bench mode (--bench FILE): runs the bench guest under -icount shift=0,
prints its table and writes its JSON to FILE.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import time

MACHINE = "virt,virtualization=on,gic-version=2"
GUEST_LOAD_PA = "0x44000000"
BOOT_DESC_PA = "0x43fff000"
MH_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "examples", "minihyp")
TIMEOUT = 60.0

TAP = re.compile(r"^(not ok|ok)\b\s*(\d+)?\s*(?:-\s*)?(.*)$")
PLAN = re.compile(r"^1\.\.(\d+)\s*$")

# Budgets (ns of virtual time = instructions) checked by the bench test.
BUDGETS = {"hvc_null_round_trip": 145.0, "mmio_read": 400.0}


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def result(self, ok, name):
        self.n += 1
        if not ok:
            self.failed += 1
        print(f"{'ok' if ok else 'not ok'} {self.n} - {name}", flush=True)
        return ok


def qemu_cmd(args, cpu, guest, machine=MACHINE, extra=(), elf="minihyp.elf"):
    cmd = [args.qemu, "-machine", machine, "-cpu", cpu, "-nographic", "-no-reboot",
           "-kernel", os.path.join(args.build, elf)]
    if guest:
        cmd += ["-device", f"loader,file={guest},addr={GUEST_LOAD_PA},force-raw=on"]
    return cmd + list(extra)


def run_qemu(cmd, timeout, stop_on=None):
    """Runs QEMU, returns (lines, returncode or None on timeout)."""
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    os.set_blocking(proc.stdout.fileno(), False)
    deadline = time.monotonic() + timeout
    buf = b""
    rc = None
    stopped = False
    while True:
        try:
            chunk = proc.stdout.read()
        except BlockingIOError:
            chunk = None
        if chunk:
            buf += chunk
            if stop_on and stop_on.encode() in buf:
                stopped = True
                break
        elif chunk == b"" and proc.poll() is not None:
            break
        if time.monotonic() > deadline:
            break
        if not chunk:
            time.sleep(0.02)
    if proc.poll() is None:
        proc.kill()
        proc.wait()
        rc = "stopped" if stopped else None
    else:
        rest = proc.stdout.read() or b""
        buf += rest
        rc = proc.returncode
    text = buf.decode("utf-8", "replace").replace("\r", "")
    return text.split("\n"), rc


def tap_run(args, tap, label, cpu, guest, timeout=TIMEOUT, extra=()):
    """One QEMU run of a TAP-printing guest."""
    lines, rc = run_qemu(qemu_cmd(args, cpu, guest, extra=extra), timeout)
    plan = None
    results = 0
    for line in lines:
        m = TAP.match(line)
        p = PLAN.match(line)
        if m:
            results += 1
            tap.result(m.group(1) == "ok", f"{label}: {m.group(3)}")
        elif p:
            plan = int(p.group(1))
            print(f"# {label}: plan {plan}")
        elif line:
            print(f"# {line}")
    if rc is None:
        tap.result(False, f"{label}: QEMU timed out after {timeout:.0f} s")
        return lines
    tap.result(rc == 0, f"{label}: QEMU exit status {rc}")
    tap.result(plan is not None and plan == results,
               f"{label}: {results} results for a plan of {plan}")
    tap.result(any(l == "minihyp: guest shut down with status 0" for l in lines),
               f"{label}: minihyp reports the guest's shutdown hypercall, status 0")
    return lines


def bench_once(args, cpu="cortex-a57"):
    guest = os.path.join(args.build, "guests", "bench.bin")
    lines, rc = run_qemu(qemu_cmd(args, cpu, guest, extra=["-icount", "shift=0"]), TIMEOUT * 3)
    data = None
    for line in lines:
        if line.startswith("bench-json: "):
            data = json.loads(line[len("bench-json: "):])
    return lines, rc, data


def do_bench(args):
    lines, rc, data = bench_once(args)
    for line in lines:
        if line.startswith("# ") or line.startswith("minihyp: "):
            print(line)
    if rc != 0 or data is None:
        print(f"bench: failed (QEMU status {rc})", file=sys.stderr)
        return 1
    data["qemu_cpu"] = "cortex-a57"
    data["budgets"] = BUDGETS
    os.makedirs(os.path.dirname(os.path.abspath(args.bench)), exist_ok=True)
    with open(args.bench, "w") as f:
        json.dump(data, f, indent=2)
        f.write("\n")
    print(f"bench: wrote {args.bench}")
    over = [k for k, b in BUDGETS.items() if data["results"][k] > b]
    for k, b in BUDGETS.items():
        print(f"bench: {k} = {data['results'][k]} ns (budget {b})")
    return 1 if over else 0


def do_tests(args):
    tap = Tap()
    guests = os.path.join(args.build, "guests")
    tests = os.path.join(guests, "tests.bin")

    # The main test guest on both CPUs; on cortex-a57 with 1 GiB of RAM and a
    # boot descriptor (examples/minihyp/mkbootdesc.py) that sets x0..x3 and
    # gives the guest 512 MiB (x1 tells the guest its RAM size).
    desc = os.path.join(guests, "tests-bootdesc.bin")
    subprocess.run([sys.executable, os.path.join(MH_DIR, "mkbootdesc.py"), "-o", desc,
                    "--entry", "0x40000000", "--x0", "0x40100000", "--x1", "0x20000000",
                    "--x2", "0x2222", "--x3", "0x3333", "--ram-size", "0x20000000"],
                   check=True)
    lines = tap_run(args, tap, "tests/cortex-a57", "cortex-a57", tests,
                    extra=["-m", "1G", "-device",
                           f"loader,file={desc},addr={BOOT_DESC_PA},force-raw=on"])
    tap.result("# boot args: x0=40100000 x1=20000000 x2=2222 x3=3333" in lines,
               "tests/cortex-a57: the boot descriptor's x0..x3 reach the guest")
    tap.result(any("RAM IPA 40000000 -> PA 44000000 (512 MiB" in l for l in lines),
               "tests/cortex-a57: the boot descriptor's RAM size is mapped")
    tap_run(args, tap, "tests/max", "max", tests)

    # The demo guest of `make run`.
    lines, rc = run_qemu(qemu_cmd(args, "cortex-a57", os.path.join(guests, "hello.bin")),
                         TIMEOUT)
    text = "\n".join(lines)
    tap.result(rc == 0 and "hello from the guest at EL1" in text and
               "hello from the guest, via the console hypercall" in text and
               "guest called PSCI SYSTEM_OFF" in text,
               f"hello/cortex-a57: demo guest prints and powers off (status {rc})")

    # No guest image (`-kernel minihyp.elf` alone): the built-in demo guest.
    lines, rc = run_qemu(qemu_cmd(args, "cortex-a57", None), TIMEOUT)
    text = "\n".join(lines)
    tap.result(rc == 0 and "running the built-in demo guest" in text and
               "hello from the guest at EL1" in text,
               f"noguest/cortex-a57: no image loaded, the built-in demo guest runs (status {rc})")
    lines, rc = run_qemu(qemu_cmd(args, "max", None), TIMEOUT)
    text = "\n".join(lines)
    tap.result(rc == 0 and "hello from the guest at EL1" in text,
               f"noguest/max: the built-in demo guest runs on -cpu max (status {rc})")

    # Without virtualization=on QEMU starts the CPU at EL1: minihyp says so.
    lines, rc = run_qemu(qemu_cmd(args, "cortex-a57", None, machine="virt,gic-version=2"), 20,
                         stop_on="stopping")
    tap.result(any("not EL2" in l for l in lines),
               "el1/cortex-a57: started at EL1, minihyp says it needs EL2")

    # An exception taken at EL2 itself is reported (test build that faults).
    lines, rc = run_qemu(qemu_cmd(args, "cortex-a57", None, elf="minihyp-el2fault.elf"), 20,
                         stop_on="this CPU stops")
    text = "\n".join(lines)
    tap.result("exception taken at EL2: synchronous, EC 0x25" in text and
               "FAR_EL2 0000007000000000" in text and "this CPU stops" in text,
               "el2fault/cortex-a57: a fault at EL2 prints ESR/ELR/FAR/SPSR and stops")

    # Benchmark: runs, is deterministic, within budget.
    if os.path.exists(os.path.join(guests, "bench.bin")):
        _, rc1, d1 = bench_once(args)
        _, rc2, d2 = bench_once(args)
        tap.result(rc1 == 0 and d1 is not None, "bench/cortex-a57: runs under -icount shift=0")
        if d1 != d2:
            print(f"# first run:  {d1}\n# second run: {d2}")
        tap.result(d1 is not None and d1 == d2, "bench/cortex-a57: two runs give identical figures")
        for k, b in BUDGETS.items():
            v = d1["results"].get(k) if d1 else None
            tap.result(v is not None and v <= b, f"bench/cortex-a57: {k} = {v} ns <= {b}")

    print(f"# {tap.n - tap.failed} passed, {tap.failed} failed")
    return 1 if tap.failed else 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default="build/minihyp")
    ap.add_argument("--qemu", default="qemu-system-aarch64")
    ap.add_argument("--bench", metavar="JSON")
    args = ap.parse_args()
    if args.bench:
        return do_bench(args)
    return do_tests(args)


if __name__ == "__main__":
    sys.exit(main())
