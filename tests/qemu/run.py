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

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tools"))
import qemu_board  # noqa: E402  (the one QEMU command line)
import qemu_run  # noqa: E402  (the one runner)

MH_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "examples", "minihyp")
TIMEOUT = 60.0

TAP = re.compile(r"^(not ok|ok)\b\s*(\d+)?\s*(?:-\s*)?(.*)$")
# minihyp prints each guest line whole behind the VM's name (console.c).
GUEST_PREFIX = "guest: "


def guest_line(line):
    """What the guest printed on this console line, None for a line of the
    hypervisor's."""
    return line[len(GUEST_PREFIX):] if line.startswith(GUEST_PREFIX) else None


def unprefixed(line):
    """The line without its guest prefix (guests run directly have none)."""
    g = guest_line(line)
    return line if g is None else g
PLAN = re.compile(r"^1\.\.(\d+)\s*$")
# minihyp's structured lines, beside its human ones:
# `minihyp: event=<name> key=value ...` (tests match these, not the wording).
EVENT = re.compile(r"^minihyp: event=(\w+)((?: \w+=\S*)*)$")


def events(lines, name):
    """The key=value fields of each `minihyp: event=<name>` line, in order."""
    out = []
    for line in lines:
        m = EVENT.match(line)
        if m and m.group(1) == name:
            out.append(dict(kv.split("=", 1) for kv in m.group(2).split()))
    return out


def event(lines, name, **want):
    """Whether some `event=<name>` line has every field of `want` (as text,
    ints compared by value)."""
    def same(v, w):
        return v == w if isinstance(w, str) else v is not None and int(v, 0) == w
    return any(all(same(e.get(k), w) for k, w in want.items()) for e in events(lines, name))


# minihyp's last line on a CPU that stops for good (hyp_panic, console.c).
CPU_STOP = "minihyp: event=cpu_stop"


def guest_fields(lines, prefix):
    """The key=value fields (values as numbers, hex without 0x) of the first
    guest line that starts with `prefix`; None if there is none."""
    for line in lines:
        g = guest_line(line)
        if g is not None and g.startswith(prefix):
            return {k: int(v, 16) for k, v in
                    (kv.split("=", 1) for kv in g[len(prefix):].split() if "=" in kv)}
    return None

# Budgets (ns of virtual time = instructions) checked by the bench test.
# vgic_eoi: the EOI goes to the GICV frame without a trap, so it must cost
# what one device store costs on bare hardware: the same as the ram_load
# baseline (one instruction inside the measurement window).
BUDGETS = {"hvc_null_round_trip": 145.0, "mmio_read": 400.0, "gicd_read": 300.0,
           "vgic_eoi": 3.0}


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


def qemu_cmd(args, cpu, guest, hyp=True, extra=(), elf="minihyp.elf", **kw):
    """minihyp (or `elf`) with `guest` loaded where minihyp looks for it, on
    the board's GIC of --gic unless `gic` says otherwise."""
    kw.setdefault("gic", args.gic)
    return qemu_board.command(os.path.join(args.build, elf), hyp=hyp, cpu=cpu, guest=guest,
                              reboot=False, extra=extra, qemu=args.qemu, **kw)


def run_qemu(cmd, timeout, stop_on=None):
    """Runs QEMU (tools/qemu_run.py), returns (lines, returncode): None on
    timeout, "stopped" when stop_on was seen.  Escape sequences are kept:
    the adversarial test checks that none reach the console."""
    res = qemu_run.run(cmd, timeout, stop_on=stop_on, strip_ansi=False)
    return res.lines, "stopped" if res.stopped else res.returncode


def tap_run(args, tap, label, cpu, guest, timeout=TIMEOUT, psci_off=False, **kw):
    """One QEMU run of a TAP-printing guest.  It ends with minihyp's
    shutdown hypercall, status 0 (or, psci_off, with PSCI SYSTEM_OFF)."""
    lines, rc = run_qemu(qemu_cmd(args, cpu, guest, **kw), timeout)
    plan = None
    results = 0
    for line in lines:
        g = guest_line(line)
        # results come from the guest's lines only
        m = TAP.match(g) if g is not None else None
        p = PLAN.match(g) if g is not None else None
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
    if psci_off:
        tap.result(event(lines, "vm_stop", by="psci_system_off"),
                   f"{label}: the guest ends with PSCI SYSTEM_OFF")
    else:
        tap.result(event(lines, "vm_stop", by="hvc_shutdown", status=0),
                   f"{label}: minihyp reports the guest's shutdown hypercall, status 0")
    return lines


def bootdesc(path, *opts):
    subprocess.run([sys.executable, os.path.join(MH_DIR, "mkbootdesc.py"), "-o", path] +
                   list(opts), check=True)
    return path


def smp_bench_once(args, nr_cpus=2, direct=False):
    """The SMP benchmark guest (guests/smpbench, -icount shift=0): under
    minihyp with nr_cpus vCPUs on as many physical CPUs, or directly under
    QEMU at EL1 (the bare-hardware baseline).  Returns (lines, rc, data)."""
    # the GICv3 build of the guest (-DSMP_GIC3) on a GICv3 board
    name = "smpbench3" if args.gic == 3 else "smpbench"
    if direct:
        cmd = qemu_board.command(os.path.join(args.smpguest, f"{name}.elf"), hyp=False,
                                 smp=nr_cpus, icount=True, reboot=False, qemu=args.qemu,
                                 gic=args.gic)
    else:
        bd = os.path.join(args.build, "guests", f"smpbench-bootdesc-{nr_cpus}.bin")
        cmd = qemu_cmd(args, "cortex-a57", os.path.join(args.smpguest, f"{name}.bin"),
                       smp=nr_cpus, icount=True, bootdesc=bootdesc(bd, "--nr-vcpus", str(nr_cpus)))
    lines, rc = run_qemu(cmd, TIMEOUT * 3)
    data = None
    for line in lines:
        line = unprefixed(line)
        if line.startswith("bench-json: "):
            data = json.loads(line[len("bench-json: "):])
    return lines, rc, data


# Budgets of the SMP benchmark under minihyp (ns = instructions); the EOI
# must cost what it costs on bare hardware (the direct run).
SMP_BUDGETS = {"gicd_iidr": 300.0, "ipi": 1000.0}


# Issue 12: a GICv3 figure may be up to 10 % over its GICv2 one.
GIC3_SLACK = 1.10


def smp_bench_check(smp, direct, slack=1.0):
    """[(ok, name)] for the SMP figures against their budgets (times slack)."""
    out = []
    r = smp["results"] if smp else {}
    d = direct["results"] if direct else {}
    for k, b in SMP_BUDGETS.items():
        b = round(b * slack, 2)
        out.append((r.get(k) is not None and r[k] <= b, f"{k} = {r.get(k)} ns <= {b}"))
    out.append((r.get("eoi") is not None and d.get("eoi") is not None and r["eoi"] <= d["eoi"],
                f"eoi = {r.get('eoi')} ns, as on bare hardware ({d.get('eoi')} ns at EL1)"))
    return out


def bench_once(args, cpu="cortex-a57"):
    guest = os.path.join(args.build, "guests", "bench.bin")
    lines, rc = run_qemu(qemu_cmd(args, cpu, guest, icount=True), TIMEOUT * 3)
    data = None
    for line in lines:
        line = unprefixed(line)
        if line.startswith("bench-json: "):
            data = json.loads(line[len("bench-json: "):])
    return lines, rc, data


def bench_gic(args):
    """Both benchmarks on the board's GIC of args.gic: (data, failed budgets),
    data None when a run failed."""
    lines, rc, data = bench_once(args)
    for line in lines:
        if unprefixed(line).startswith("# ") or line.startswith("minihyp: "):
            print(unprefixed(line))
    if rc != 0 or data is None:
        print(f"bench: GICv{args.gic}: failed (QEMU status {rc})", file=sys.stderr)
        return None, []
    data["qemu_cpu"] = "cortex-a57"
    data["gic_version"] = args.gic
    data["budgets"] = BUDGETS
    smp_failed = []
    slines, src, smp = smp_bench_once(args)
    _, drc, direct = smp_bench_once(args, direct=True)
    for line in slines:
        if unprefixed(line).startswith("# "):
            print(unprefixed(line))
    if src != 0 or drc != 0 or smp is None or direct is None:
        print(f"bench: GICv{args.gic}: SMP benchmark failed (QEMU status {src}, direct {drc})",
              file=sys.stderr)
        return None, []
    print("# SMP figures (2 vCPUs on 2 physical CPUs) beside the same guest run directly")
    print(f"# at EL1 under QEMU (bare hardware), GICv{args.gic}:")
    print(f"# {'figure':<12} {'minihyp':>10} {'bare EL1':>10}")
    for k, v in smp["results"].items():
        print(f"# {k:<12} {v:>10.2f} {direct['results'].get(k, float('nan')):>10.2f}")
    data["smp"] = {"cpus": smp.get("cpus"), "minihyp": smp["results"],
                   "bare_el1": direct["results"], "budgets": SMP_BUDGETS}
    for ok, name in smp_bench_check(smp, direct, GIC3_SLACK if args.gic == 3 else 1.0):
        print(f"bench: GICv{args.gic}: smp {name}{'' if ok else '  OVER BUDGET'}")
        if not ok:
            smp_failed.append(name)
    return data, smp_failed


# The figures compared across GIC versions: (table, key, what).
GIC_FIGURES = [("results", "hvc_null_round_trip", "null hypercall round trip"),
               ("results", "gicd_read", "trapped GICD_IIDR read (1 vCPU)"),
               ("results", "vgic_eoi", "EOI of a virtual SGI (no trap)"),
               ("smp", "gicd_iidr", "trapped GICD_IIDR read (2 vCPUs)"),
               ("smp", "eoi", "EOI (2 vCPUs)"),
               ("smp", "ipi", "IPI round trip"),
               ("smp", "ipi_entry", "IPI to the target's handler"),
               ("smp", "vtimer", "virtual timer latency")]


def gic_figure(data, table, key, col="minihyp"):
    if data is None:
        return None
    return data["results"].get(key) if table == "results" else data["smp"][col].get(key)


def do_bench(args):
    runs = {}
    failed = []
    for g in args.gics:
        args.gic = g
        runs[g], f = bench_gic(args)
        failed += [f"GICv{g} {n}" for n in f]
        if runs[g] is None:
            return 1
    data = runs[args.gics[0]]
    for g in args.gics[1:]:
        data[f"gic{g}"] = runs[g]
    if len(args.gics) > 1:
        # side by side, each beside the same guest run directly at EL1
        # (the SMP figures; the 1-vCPU bench guest has no direct run)
        print("# minihyp on each GIC (ns of virtual time), bare EL1 where measured:")
        head = "".join(f" {f'GICv{g}':>9} {'bare':>7}" for g in args.gics)
        print(f"# {'figure':<20}{head} {'ratio':>6}  what (ratio: last GIC / first)")
        for table, key, what in GIC_FIGURES:
            row = ""
            for g in args.gics:
                v = gic_figure(runs[g], table, key)
                d = gic_figure(runs[g], table, key, "bare_el1") if table == "smp" else None
                row += f" {v:>9.2f}" if v is not None else f" {'-':>9}"
                row += f" {d:>7.2f}" if d is not None else f" {'-':>7}"
            a = gic_figure(runs[args.gics[0]], table, key)
            b = gic_figure(runs[args.gics[-1]], table, key)
            ratio = b / a if a and b is not None else None
            row += f" {ratio:>6.2f}" if ratio is not None else f" {'-':>6}"
            # issue 12: each GICv3 figure within 10 % of its GICv2 one
            flag = "  (> 1.10)" if ratio is not None and ratio > 1.10 else ""
            print(f"# {key:<20}{row}  {what}{flag}")
    smp_failed = failed
    os.makedirs(os.path.dirname(os.path.abspath(args.bench)), exist_ok=True)
    with open(args.bench, "w") as f:
        json.dump(data, f, indent=2)
        f.write("\n")
    print(f"bench: wrote {args.bench}")
    over = [k for k, b in BUDGETS.items() if data["results"][k] > b]
    for k, b in BUDGETS.items():
        print(f"bench: {k} = {data['results'][k]} ns (budget {b})"
              f"{'  OVER BUDGET' if k in over else ''}")
    # The budgets are asserted by the test suite (`make test`); the benchmark
    # itself reports.
    if over or smp_failed:
        print(f"bench: over budget: {', '.join(over + smp_failed)}")
    return 0


def do_smoke(args):
    """A second build of minihyp and its guests (another toolchain) boots:
    the main test guest, and the PSCI guest on 2 vCPUs."""
    tap = Tap()
    guests = os.path.join(args.build, "guests")
    name = args.smoke
    tap_run(args, tap, f"{name}/tests/cortex-a57", "cortex-a57", os.path.join(guests, "tests.bin"))
    bd = bootdesc(os.path.join(guests, "psci-bootdesc-2.bin"), "--nr-vcpus", "2")
    tap_run(args, tap, f"{name}/psci-smp2/cortex-a57", "cortex-a57",
            os.path.join(guests, "psci.bin"), smp=2, bootdesc=bd)
    print(f"# {tap.n - tap.failed} passed, {tap.failed} failed")
    return 1 if tap.failed else 0


def tests_guest(args, tap, pfx=""):
    """The main test guest (guests/tests) on both CPUs, on the board's GIC
    (the guest reads ID_AA64PFR0_EL1.GIC and tests the GIC it has); on
    cortex-a57 with 1 GiB of RAM and a boot descriptor
    (examples/minihyp/mkbootdesc.py) that sets x0..x3 and gives the guest
    512 MiB (x1 tells the guest its RAM size).  `pfx` starts every name."""
    guests = os.path.join(args.build, "guests")
    tests = os.path.join(guests, "tests.bin")
    desc = os.path.join(guests, "tests-bootdesc.bin")
    subprocess.run([sys.executable, os.path.join(MH_DIR, "mkbootdesc.py"), "-o", desc,
                    "--entry", hex(qemu_board.GUEST_RAM_IPA), "--x0", "0x40100000",
                    "--x1", "0x20000000",
                    "--x2", "0x2222", "--x3", "0x3333", "--ram-size", "0x20000000"],
                   check=True)
    lines = tap_run(args, tap, f"{pfx}tests/cortex-a57", "cortex-a57", tests,
                    mem="1G", bootdesc=desc)
    tap.result(f"# GICv{args.gic} (ID_AA64PFR0_EL1.GIC)" in
               [guest_line(l) for l in lines],
               f"{pfx}tests/cortex-a57: the guest finds the board's GICv{args.gic}")
    tap.result(guest_fields(lines, "# boot args:") ==
               {"x0": 0x40100000, "x1": 0x20000000, "x2": 0x2222, "x3": 0x3333},
               f"{pfx}tests/cortex-a57: the boot descriptor's x0..x3 reach the guest")
    tap.result(event(lines, "stage2", ram_ipa=qemu_board.GUEST_RAM_IPA,
                     ram_pa=qemu_board.GUEST_LOAD_PA, ram_size=512 << 20),
               f"{pfx}tests/cortex-a57: the boot descriptor's RAM size is mapped")
    tap_run(args, tap, f"{pfx}tests/max", "max", tests)


def smp_guest(args, tap, pfx=""):
    """The multi-vCPU test guest (guests/smp, built with -DSMP_UNDER_MINIHYP):
    2 and 4 vCPUs pinned to as many physical CPUs, on the board's GIC (the
    guest reads ID_AA64PFR0_EL1.GIC).  A missing image is a failure (QEMU
    refuses to start), never a skip."""
    guests = os.path.join(args.build, "guests")
    smp = os.path.join(args.smpguest, "smp-minihyp.bin")
    for nv, cpu in ((2, "cortex-a57"), (4, "cortex-a57"), (4, "max")):
        bd = os.path.join(guests, f"smp-bootdesc-{nv}.bin")
        lines = tap_run(args, tap, f"{pfx}smp{nv}/{cpu}", cpu, smp, timeout=TIMEOUT * 2,
                        psci_off=True, smp=nv, bootdesc=bootdesc(bd, "--nr-vcpus", str(nv)))
        tap.result(f"# minihyp SMP test guest: GICv{args.gic}, virtual timer, PSCI" in
                   [guest_line(l) for l in lines],
                   f"{pfx}smp{nv}/{cpu}: the guest finds the board's GICv{args.gic}")


def do_tests(args):
    tap = Tap()
    guests = os.path.join(args.build, "guests")
    tests_guest(args, tap)

    # SMP and PSCI (minihyp's own smoke guest): 2 and 4 vCPUs on as many
    # physical CPUs, the vCPU count from a version-2 boot descriptor.
    psci = os.path.join(guests, "psci.bin")
    for nv, cpu in ((2, "cortex-a57"), (4, "max")):
        bd = os.path.join(guests, f"psci-bootdesc-{nv}.bin")
        subprocess.run([sys.executable, os.path.join(MH_DIR, "mkbootdesc.py"), "-o", bd,
                        "--nr-vcpus", str(nv)], check=True)
        lines = tap_run(args, tap, f"psci-smp{nv}/{cpu}", cpu, psci,
                        smp=nv, bootdesc=bd)
        tap.result(event(lines, "cpus_started", secondaries=nv - 1),
                   f"psci-smp{nv}/{cpu}: minihyp started {nv - 1} secondary physical CPUs")
    # PSCI SYSTEM_RESET resets the machine (QEMU -no-reboot: it exits).
    bd = os.path.join(guests, "psci-bootdesc-reset.bin")
    subprocess.run([sys.executable, os.path.join(MH_DIR, "mkbootdesc.py"), "-o", bd,
                    "--nr-vcpus", "2", "--x1", "0x52534554"], check=True)
    lines, rc = run_qemu(qemu_cmd(args, "cortex-a57", psci,
                                  smp=2, bootdesc=bd),
                         TIMEOUT)
    tap.result(rc == 0 and event(lines, "vm_reset", by="psci_system_reset") and
               not events(lines, "vm_stop"),
               "psci-reset/cortex-a57: SYSTEM_RESET resets the machine (QEMU exits, -no-reboot)")
    bd = os.path.join(guests, "psci-bootdesc-4.bin")

    # A configuration the board cannot hold: a clear error, no guest.
    lines, rc = run_qemu(qemu_cmd(args, "cortex-a57", psci,
                                  smp=2, bootdesc=bd),
                         20, stop_on=CPU_STOP)
    tap.result(event(lines, "vm_refused", vcpus=4, cpus=2) and
               not any(l.startswith("ok") for l in lines),
               "vmconfig/too-many-vcpus: 4 vCPUs on -smp 2 is refused with a clear error")

    smp_guest(args, tap)

    # A version-1 boot descriptor (64 bytes) is still accepted.
    lines, rc = run_qemu(qemu_cmd(args, "cortex-a57", os.path.join(guests, "hello.bin"),
                                  bootdesc=bootdesc(os.path.join(guests, "hello-bootdesc-v1.bin"),
                                                    "--version", "1", "--x0", "0x1234")),
                         TIMEOUT)
    tap.result(rc == 0 and event(lines, "bootdesc", version=1, pa=qemu_board.BOOT_DESC_PA,
                                 entry=qemu_board.GUEST_RAM_IPA, x0=0x1234) and
               any("hello from the guest at EL1" in l for l in lines),
               f"bootdesc-v1/cortex-a57: a version-1 descriptor is accepted (status {rc})")

    # The demo guest of `make run`.
    lines, rc = run_qemu(qemu_cmd(args, "cortex-a57", os.path.join(guests, "hello.bin")),
                         TIMEOUT)
    text = "\n".join(lines)
    tap.result(rc == 0 and "hello from the guest at EL1" in text and
               "hello from the guest, via the console hypercall" in text and
               event(lines, "vm_stop", by="psci_system_off"),
               f"hello/cortex-a57: demo guest prints and powers off (status {rc})")

    # No guest image (`-kernel minihyp.elf` alone): the built-in demo guest.
    lines, rc = run_qemu(qemu_cmd(args, "cortex-a57", None), TIMEOUT)
    text = "\n".join(lines)
    tap.result(rc == 0 and event(lines, "guest_image", source="builtin_demo") and
               "hello from the guest at EL1" in text,
               f"noguest/cortex-a57: no image loaded, the built-in demo guest runs (status {rc})")
    lines, rc = run_qemu(qemu_cmd(args, "max", None), TIMEOUT)
    text = "\n".join(lines)
    tap.result(rc == 0 and "hello from the guest at EL1" in text,
               f"noguest/max: the built-in demo guest runs on -cpu max (status {rc})")

    # Without virtualization=on QEMU starts the CPU at EL1: minihyp says so.
    # (stopped at the last field of minihyp's event=boot_refused line: the
    # CPU loops after it, with no cpu_stop event of its own)
    lines, rc = run_qemu(qemu_cmd(args, "cortex-a57", None, hyp=False), 20,
                         stop_on="need_el=2")
    tap.result(event(lines, "boot_refused", el=1, need_el=2),
               "el1/cortex-a57: started at EL1, minihyp says it needs EL2")


    # An exception taken at EL2 itself is reported (test build that faults).
    lines, rc = run_qemu(qemu_cmd(args, "cortex-a57", None, elf="minihyp-el2fault.elf"), 20,
                         stop_on=CPU_STOP)
    # vector 4: synchronous, current EL with SP_ELx; EC 0x25: data abort at EL2
    exc = events(lines, "el2_exception")
    tap.result(len(exc) == 1 and int(exc[0]["vector"]) == 4 and
               (int(exc[0]["esr"], 0) >> 26) & 0x3f == 0x25 and
               int(exc[0]["far"], 0) == 0x7000000000 and rc == "stopped",
               "el2fault/cortex-a57: a fault at EL2 prints ESR/ELR/FAR/SPSR and stops")

    # Benchmark: runs, is deterministic, within budget.
    _, rc1, d1 = bench_once(args)
    _, rc2, d2 = bench_once(args)
    tap.result(rc1 == 0 and d1 is not None, "bench/cortex-a57: runs under -icount shift=0")
    if d1 != d2:
        print(f"# first run:  {d1}\n# second run: {d2}")
    tap.result(d1 is not None and d1 == d2, "bench/cortex-a57: two runs give identical figures")
    for k, b in BUDGETS.items():
        v = d1["results"].get(k) if d1 else None
        tap.result(v is not None and v <= b, f"bench/cortex-a57: {k} = {v} ns <= {b}")

    # SMP benchmark: runs, deterministic, within budget, EOI as on bare hardware.
    _, rc1, s1 = smp_bench_once(args)
    _, rc2, s2 = smp_bench_once(args)
    _, rc3, d = smp_bench_once(args, direct=True)
    tap.result(rc1 == 0 and s1 is not None and rc3 == 0 and d is not None,
               "smpbench/cortex-a57: runs under minihyp (2 vCPUs) and directly at EL1")
    if s1 != s2:
        print(f"# first run:  {s1}\n# second run: {s2}")
    tap.result(s1 is not None and s1 == s2, "smpbench/cortex-a57: two runs give identical figures")
    for ok, name in smp_bench_check(s1, d):
        tap.result(ok, f"smpbench/cortex-a57: {name}")

    print(f"# {tap.n - tap.failed} passed, {tap.failed} failed")
    return 1 if tap.failed else 0


# The adversarial guest (guests/hostile): its 2-vCPU suite, then one run
# for each of the vGIC scenarios of issue 9 (findings 1-5).
HOSTILE_SCENARIOS = {1: "vgic finding 1 (maintenance storm)",
                     2: "vgic finding 2 (ICPENDR on the timer PPI)",
                     3: "vgic finding 3 (active SPIs starve the timer)",
                     4: "vgic finding 4 (deactivation never activated)",
                     5: "vgic finding 5 (timer level not followed)",
                     6: "random values at every GICD offset and width",
                     7: "vgic finding 4 with EOImode 1 (EOI, then DIR)"}
# At most this many hypervisor lines while the guest floods it (minihyp:
# 10 guest-triggered lines a second per VM, console.c / vm_log.h).
HOSTILE_MAX_HYP_LINES = 60


def do_adversarial(args):
    """The adversarial guest's runs on the board's GIC (--gic): the guest
    reads ID_AA64PFR0_EL1.GIC and attacks the GIC it has.  On a GICv3 every
    name starts with `gic3/`."""
    tap = Tap()
    pfx = "gic3/" if args.gic == 3 else ""
    guests = os.path.join(args.build, "guests")
    guest = os.path.join(guests, "hostile.bin")
    bd = bootdesc(os.path.join(guests, "hostile-bootdesc-0.bin"), "--nr-vcpus", "2")
    lines = tap_run(args, tap, f"{pfx}hostile/cortex-a57", "cortex-a57", guest,
                    timeout=TIMEOUT * 2, smp=2, bootdesc=bd)
    text = "\n".join(lines)
    tap.result(event(lines, "gic", version=args.gic) and
               f"guest: # minihyp adversarial guest, run 0, GICv{args.gic}" in lines,
               f"{pfx}hostile: minihyp and the guest both find the board's GICv{args.gic}")
    # finding 12: the console
    tap.result("minihyp: forged by the guest" not in lines and
               "guest: minihyp: forged by the guest" in lines,
               f"{pfx}hostile: a guest line starting 'minihyp: ' is shown as the guest's")
    tap.result(not any(c in text for c in "\x1b\x00\x07") and
               "guest: esc\\x1b[31mred\\x1b[0m bell\\x07 crback\\x00nul" in lines,
               f"{pfx}hostile: ESC, BEL, NUL from the guest reach the console escaped, CR dropped")
    tap.result("guest: partial-line-from-the-guest" in lines and
               "partial-line-from-the-guestminihyp" not in text,
               f"{pfx}hostile: an unterminated guest line is not glued to a hypervisor line")
    # finding 11: rate limit
    start = next((i for i, l in enumerate(lines) if EVENT.match(l) and
                  EVENT.match(l).group(1) == "vm_start"), 0)
    hyp = [l for l in lines[start:] if l.startswith("minihyp: ")]
    tap.result(len(hyp) <= HOSTILE_MAX_HYP_LINES,
               f"{pfx}hostile: {len(hyp)} hypervisor lines for thousands of guest-triggered "
               f"events (at most {HOSTILE_MAX_HYP_LINES})")
    summary = events(lines, "vm_summary")
    dropped = int(summary[0]["dropped"]) if summary else None
    tap.result(dropped is not None and dropped >= 1000,
               f"{pfx}hostile: the dropped messages are counted ({dropped})")
    for n, what in HOSTILE_SCENARIOS.items():
        bd = bootdesc(os.path.join(guests, f"hostile-bootdesc-{n}.bin"), "--x0", str(n))
        # -icount: the same interleaving of timer and guest every run
        tap_run(args, tap, f"{pfx}hostile-{n}/cortex-a57: {what}", "cortex-a57", guest,
                timeout=30, bootdesc=bd, icount=True)
    print(f"# {tap.n - tap.failed} passed, {tap.failed} failed")
    return 1 if tap.failed else 0


def do_tests_gic3(args):
    """On a GICv3 board (-machine gic-version=3): minihyp reads the version
    from QEMU's device tree and gives its guest a GICv3.  The demo guest and
    the built-in one, the main test guest (its GICv3 checks), the PSCI guest
    at 2 and 4 vCPUs (SGIs both ways, the virtual timer), the multi-vCPU
    test guest at 2 and 4 vCPUs; the benchmarks.
    Every name starts with `gic3/`.  Linux on GICv3 at 2 and 4 vCPUs:
    mk/linux.mk test-linux."""
    tap = Tap()
    guests = os.path.join(args.build, "guests")
    tests_guest(args, tap, "gic3/")
    lines, rc = run_qemu(qemu_cmd(args, "cortex-a57", os.path.join(guests, "hello.bin")),
                         TIMEOUT)
    text = "\n".join(lines)
    tap.result(rc == 0 and event(lines, "gic", version=3) and
               "hello from the guest at EL1" in text and
               "hello from the guest, via the console hypercall" in text and
               event(lines, "vm_stop", by="psci_system_off") and
               not events(lines, "el2_exception"),
               f"gic3/hello/cortex-a57: minihyp finds the GICv3, the demo guest prints and "
               f"powers off (status {rc})")
    lines, rc = run_qemu(qemu_cmd(args, "max", None), TIMEOUT)
    tap.result(rc == 0 and event(lines, "gic", version=3) and
               "hello from the guest at EL1" in "\n".join(lines),
               f"gic3/noguest/max: the built-in demo guest runs on -cpu max (status {rc})")
    psci = os.path.join(guests, "psci.bin")
    for nv, cpu in ((2, "cortex-a57"), (4, "max")):
        bd = bootdesc(os.path.join(guests, f"psci-bootdesc-{nv}.bin"), "--nr-vcpus", str(nv))
        lines = tap_run(args, tap, f"gic3/psci-smp{nv}/{cpu}", cpu, psci, smp=nv, bootdesc=bd)
        tap.result(event(lines, "gic", version=3, cpus=nv) and
                   event(lines, "cpus_started", secondaries=nv - 1),
                   f"gic3/psci-smp{nv}/{cpu}: minihyp started {nv - 1} secondary physical CPUs "
                   f"on the GICv3")
    smp_guest(args, tap, "gic3/")

    # The benchmarks on the GICv3: run, deterministic, within the budgets
    # the GICv2 has (those it meets; make bench has them side by side).
    _, rc1, d1 = bench_once(args)
    _, rc2, d2 = bench_once(args)
    tap.result(rc1 == 0 and d1 is not None and d1 == d2,
               "gic3/bench/cortex-a57: runs under -icount shift=0, two runs identical")
    for k, b in BUDGETS.items():
        v = d1["results"].get(k) if d1 else None
        tap.result(v is not None and v <= b, f"gic3/bench/cortex-a57: {k} = {v} ns <= {b}")
    _, rc1, s1 = smp_bench_once(args)
    _, rc2, s2 = smp_bench_once(args)
    _, rc3, d = smp_bench_once(args, direct=True)
    tap.result(rc1 == 0 and s1 is not None and rc3 == 0 and d is not None and s1 == s2,
               "gic3/smpbench/cortex-a57: runs under minihyp (2 vCPUs) and directly at EL1, "
               "two runs identical")
    for ok, name in smp_bench_check(s1, d, GIC3_SLACK):
        tap.result(ok, f"gic3/smpbench/cortex-a57: {name}")
    print(f"# {tap.n - tap.failed} passed, {tap.failed} failed")
    return 1 if tap.failed else 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default="build/minihyp")
    ap.add_argument("--qemu", default=qemu_board.QEMU)
    ap.add_argument("--bench", metavar="JSON")
    ap.add_argument("--gic", type=int, choices=(2, 3), default=2,
                    help="the board's GIC (-machine gic-version)")
    ap.add_argument("--bench-gics", default=None,
                    help="with --bench: the GIC versions to run, side by side "
                    "(e.g. 2,3; default: --gic)")
    ap.add_argument("--smoke", metavar="NAME",
                    help="only boot the main test guest and the PSCI guest (a second "
                    "build of minihyp, e.g. by GCC), labelled NAME")
    ap.add_argument("--adversarial", action="store_true",
                    help="the adversarial guest's runs (make test-adversarial)")
    ap.add_argument("--smpguest", default=None,
                    help="directory of the multi-vCPU guests (default: BUILD/../smpguest)")
    args = ap.parse_args()
    args.gics = ([int(g) for g in args.bench_gics.split(",")] if args.bench_gics
                 else [args.gic])
    if args.smpguest is None:
        args.smpguest = os.path.join(os.path.dirname(os.path.abspath(args.build)), "smpguest")
    if args.bench:
        return do_bench(args)
    if args.smoke:
        return do_smoke(args)
    if args.adversarial:
        return do_adversarial(args)
    if args.gic == 3:
        return do_tests_gic3(args)
    return do_tests(args)


if __name__ == "__main__":
    sys.exit(main())
