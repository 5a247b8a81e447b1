#!/usr/bin/env python3
"""Boots tinyhyp (examples/tinyhyp) with its guest on QEMU's virt board and
checks what both report, as TAP.  First, that the board facts tinyhyp.h
names are QEMU's (its device tree) and that the guest is linked where
tinyhyp enters it.  Then the guest's own observations of the GIC it was
given (the vGIC's distributor, GICV as its CPU interface, its virtual timer
and an SGI) and tinyhyp's summary: which exits its early handlers answered.

usage: run.py [--qemu QEMU] [--label L] TINYHYP_ELF GUEST_ELF
"""
import argparse
import os
import re
import struct
import subprocess
import sys
import tempfile

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tools"))
import qemu_board  # noqa: E402
import qemu_run  # noqa: E402

H = qemu_board.platform_h(os.path.join(ROOT, "examples", "tinyhyp", "tinyhyp.h"))
PPI_BASE = 16  # device-tree PPI numbers count from INTID 16 (IHI 0048B 2.2.1)
SMCCC_NOT_SUPPORTED = -1  # Arm DEN 0028
ICFGR0_SGIS = 0xAAAAAAAA  # IHI 0048B 4.3.13: SGIs are edge-triggered, Int_config 0b10, read-only
N = FAILED = 0
LABEL = "tinyhyp"


def check(ok, what, detail=""):
    global N, FAILED
    N += 1
    FAILED += not ok
    print(f"{'ok' if ok else 'not ok'} {N} - {LABEL}: {what}"
          + (f" ({detail})" if detail and not ok else ""), flush=True)


def cells(s):
    return [int(c, 0) for c in s.split()]


def device_tree(qemu):
    """QEMU's own description of the board, as dts text ('' if it failed)."""
    with tempfile.TemporaryDirectory() as tmp:
        dtb = os.path.join(tmp, "virt.dtb")
        r = subprocess.run(qemu_board.dumpdtb_command(dtb, qemu=qemu), capture_output=True,
                           text=True)
        if r.returncode != 0:
            return ""
        return subprocess.run(["dtc", "-q", "-I", "dtb", "-O", "dts", dtb], capture_output=True,
                              text=True).stdout


def node(dts, compatible):
    """The property text of the first node with that compatible string."""
    for m in re.finditer(r"\{([^{}]*)", dts):
        if f'compatible = "{compatible}' in m.group(1):
            return m.group(1)
    return ""


def prop(text, name):
    m = re.search(rf"^\s*{name} = <([^>]*)>;", text, re.M)
    return cells(m.group(1)) if m else []


def check_board(qemu):
    dts = device_tree(qemu)
    gic = node(dts, "arm,cortex-a15-gic")
    reg = prop(gic, "reg")  # (addr-hi, addr-lo, size-hi, size-lo) per frame: D, C, H, V
    frames = [(reg[i] << 32) | reg[i + 1] for i in range(0, len(reg), 4)]
    want = [H[f"TINYHYP_GIC{f}_PA"] for f in "DCHV"]
    check(frames == want, "tinyhyp.h's GICD, GICC, GICH, GICV are QEMU's GICv2 frames",
          f"device tree {[hex(f) for f in frames]}")
    uart = prop(node(dts, "arm,pl011"), "reg")
    check(uart[:2] == [0, H["TINYHYP_UART_PA"]], "tinyhyp.h's UART is QEMU's PL011", str(uart))
    maint = prop(gic, "interrupts")  # <type PPI=1, number, flags>
    check(maint[:2] == [1, H["TINYHYP_PPI_MAINT"] - PPI_BASE],
          "tinyhyp.h's maintenance interrupt is the GIC node's PPI", str(maint))
    timer = prop(node(dts, "arm,armv8-timer"), "interrupts")  # secure, phys, virt, hyp
    check(timer[6:8] == [1, H["TINYHYP_PPI_VTIMER"] - PPI_BASE],
          "tinyhyp.h's virtual timer interrupt is the timer node's third PPI", str(timer))


def elf_entry(path):
    with open(path, "rb") as f:
        head = f.read(32)
    return struct.unpack_from("<Q", head, 24)[0] if head[:4] == b"\x7fELF" else None


def events(lines, prefix):
    """{event: {key: value}} of the structured lines that start with prefix."""
    out = {}
    for line in lines:
        if line.startswith(prefix + "event="):
            kv = dict(w.split("=", 1) for w in line[len(prefix):].split() if "=" in w)
            out[kv.pop("event")] = kv
    return out


def num(d, key):
    try:
        return int(d[key], 0)
    except (KeyError, ValueError):
        return None


def main():
    global LABEL
    ap = argparse.ArgumentParser()
    ap.add_argument("--qemu", default=qemu_board.QEMU)
    ap.add_argument("elf")
    ap.add_argument("guest_elf")
    ap.add_argument("--label", default=LABEL, help="what the TAP lines name")
    a = ap.parse_args()
    LABEL = a.label

    check_board(a.qemu)
    for path in (a.elf, a.guest_elf):
        check(os.path.isfile(path), f"{os.path.relpath(path, ROOT)} was built")
    entry = elf_entry(a.guest_elf) if os.path.isfile(a.guest_elf) else None
    check(entry == H["TINYHYP_GUEST_RAM_IPA"],
          "the guest is linked at the base of its RAM, where tinyhyp enters it",
          f"entry {entry and hex(entry)}")
    if not os.path.isfile(a.elf):
        return 1

    res = qemu_run.run(qemu_board.command(a.elf, reboot=False, qemu=a.qemu), 60)
    for line in res.lines:
        print(f"# {line}")
    hyp = events(res.lines, "tinyhyp: ")
    guest = events(res.lines, "guest: tinyguest: ")
    r, s = guest.get("result", {}), hyp.get("summary", {})

    check("start" in hyp, "booted at EL2, set up the GIC, stage 2 and the vGIC, entered the guest")
    check(bool(r), "the guest reported its results")
    n = H["TINYHYP_GUEST_NR_IRQS"]
    check(num(r, "itlines") == n // 32 - 1,
          f"GICD_TYPER.ITLinesNumber is {n // 32 - 1} for {n} interrupt IDs (IHI 0048B 4.3.2)",
          r.get("typer", "no result"))
    check(num(r, "cpus") == 1, "GICD_TYPER.CPUNumber + 1 is the VM's 1 vCPU", r.get("typer"))
    check(num(r, "icfgr0") == ICFGR0_SGIS,
          "GICD_ICFGR0 reads 0xaaaaaaaa: every SGI edge-triggered (IHI 0048B 4.3.13)",
          r.get("icfgr0"))
    check(num(r, "timer") == 1 and num(r, "timer_after_deadline") == 1,
          "the guest took its virtual timer's interrupt once, at or after the deadline",
          str(r))
    check(num(r, "sgi") == 1 and num(r, "sgi_src") == 0,
          "the guest took the SGI it sent itself through GICD_SGIR, from CPU 0", str(r))
    check(num(r, "spurious") == 0 and num(r, "other") == 0,
          "no spurious or unexpected interrupt", str(r))
    check(num(r, "isactiver0") == 0 and num(r, "ispendr0") == 0,
          "after its EOIs, the guest's distributor shows no SGI/PPI active or pending", str(r))
    check(num(s, "vtimer_injected") == 1 and num(s, "ppi_vtimer_active") == 0,
          "the timer went in hardware-linked; the guest's EOI deactivated the physical PPI",
          str(s))
    check(num(r, "unknown_hc") == SMCCC_NOT_SUPPORTED and num(s, "run_loop_hvc") == 1,
          "an unknown hypercall went to the run loop and got NOT_SUPPORTED", f"{r} {s}")
    made, early = num(s, "guest_hvcs"), num(s, "early_hvc")
    check(made is not None and early == made + 1 - (num(s, "run_loop_hvc") or 0),
          "the early HVC handler answered every console and done hypercall the guest made",
          f"guest made {made} (+ done), early {early}")
    check((num(s, "early_gicd") or 0) > 0 and num(s, "vgic_bad_access") == 0,
          "GICD accesses went to the vGIC from the early data-abort handler", str(s))
    check("el2_fault" not in hyp and "guest_abort" not in hyp and "unexpected" not in guest,
          "no fault at EL2, no abort injected, no unexpected guest exception")
    check(res.returncode == 0 and "summary" in hyp,
          "tinyhyp printed its summary and powered off (PSCI SYSTEM_OFF)",
          f"status {res.returncode}")
    print(f"1..{N}")
    return 1 if FAILED else 0


if __name__ == "__main__":
    sys.exit(main())
