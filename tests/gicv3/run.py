#!/usr/bin/env python3
"""Boots the GICv3 driver test (tests/gicv3) at EL2 on QEMU's virt board
with gic-version=3, after checking in QEMU's own device tree that the GIC
sits where the test expects it.  Forwards the test's TAP lines and adds one
for the run itself.  Exits non-zero when anything failed."""
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tools"))
import qemu_board  # noqa: E402
import qemu_run  # noqa: E402

# main.c's addresses: GICD (examples/minihyp/platform.h's, as on GICv2), then
# the redistributor region.
GIC_REG = (f"reg = <0x00 {qemu_board.BOARD_GICD_BASE:#x} 0x00 0x10000 "
           "0x00 0x80a0000 0x00 0xf60000>;")
TAP = re.compile(r"^(not ok|ok)\b")


def main():
    elf = sys.argv[1]
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        dtb = os.path.join(tmp, "virt.dtb")
        r = subprocess.run(qemu_board.dumpdtb_command(dtb, gic=3), capture_output=True, text=True)
        dts = subprocess.run(["dtc", "-q", "-I", "dtb", "-O", "dts", dtb], capture_output=True,
                             text=True).stdout if r.returncode == 0 else ""
    ok = 'compatible = "arm,gic-v3";' in dts and GIC_REG in dts
    print(f"{'ok' if ok else 'not ok'} - QEMU's device tree: GICv3 distributor at "
          f"{qemu_board.BOARD_GICD_BASE:#x}, "
          "redistributors from 0x80a0000, 0xf60000 bytes")
    failed += not ok
    res = qemu_run.run(qemu_board.command(elf, gic=3, reboot=False), 60)
    results, plan = 0, None
    for line in res.lines:
        m = re.match(r"^1\.\.(\d+)$", line)
        if m:
            plan = int(m.group(1))
        print(line if TAP.match(line) else f"# {line}")
        if TAP.match(line):
            results += 1
            failed += line.startswith("not ok")
    ok = res.returncode == 0 and plan is not None and results == plan
    print(f"{'ok' if ok else 'not ok'} - the test ran to PSCI SYSTEM_OFF with all its results "
          f"(status {res.returncode}, {results} results for a plan of {plan})")
    failed += not ok
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
