#!/usr/bin/env python3
"""The one place that builds a QEMU command line for this project.

Every make target, test runner and tool that starts QEMU takes its command
from `command()` here (Python) or from this script (make), so the board is
described once:

- `-machine virt,gic-version=2`, with `virtualization=on` for minihyp (it
  boots at EL2) and without it for the same software run directly at EL1;
- `-nic none`: no default network card.  QEMU's `virt` board otherwise adds a
  virtio-net-pci card whose option ROM (efi-virtio.rom) only Debian's
  ipxe-qemu ships, a package qemu-system-arm merely recommends.  Nothing
  here uses a network, so the board does not depend on optional firmware;
- `-nographic`: the PL011 UART is the console (stdio).

Command line (for make):

  qemu_board.py [--direct] [--cpu C] [--smp N] [--mem M] [--icount] [--no-reboot]
                --kernel ELF [--guest BIN] [--bootdesc BIN] [--load FILE@ADDR ...]
                [--initrd F] [--dtb F] [--append A] [--print] [-- QEMU-ARGS...]
  qemu_board.py [--direct] [--smp N] [--mem M] --dumpdtb FILE

It replaces itself with QEMU, or with --print writes the command on one line.
"""
import argparse
import os
import re
import shlex
import sys

QEMU = os.environ.get("QEMU", "qemu-system-aarch64")

PLATFORM_H = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "examples",
                          "minihyp", "platform.h")


def platform_h(path=PLATFORM_H):
    """The board's addresses as examples/minihyp/platform.h defines them for
    C (`#define NAME 0x...ul`, or `UINT64_C(0x...)`): one copy of each, read
    here for Python.  Other minihyp headers' numeric defines read the same."""
    with open(path) as f:
        return {m.group(1): int(m.group(2) or m.group(3), 0) for m in re.finditer(
            r"^#define\s+(\w+)\s+"
            r"(?:UINT64_C\((0x[0-9a-fA-F]+|\d+)\)|(0x[0-9a-fA-F]+|\d+)u?l?\b)", f.read(), re.M)}


_P = platform_h()
# The machine's RAM, and where minihyp finds its guest image and boot
# descriptor (physical addresses).
RAM_BASE = _P["BOARD_RAM_BASE"]
GUEST_LOAD_PA = _P["GUEST_RAM_PA"]
BOOT_DESC_PA = _P["HYP_BOOT_DESC_PA"]
# The devices of QEMU's virt board (GICv2).
BOARD_GICD_BASE = _P["BOARD_GICD_BASE"]
BOARD_GICC_BASE = _P["BOARD_GICC_BASE"]
BOARD_UART_BASE = _P["BOARD_UART_BASE"]
# The board minihyp shows its guests (intermediate physical addresses).
GUEST_RAM_IPA = _P["GUEST_RAM_IPA"]
GUEST_GICD_IPA = _P["GUEST_GICD_IPA"]
GUEST_GICC_IPA = _P["GUEST_GICC_IPA"]
GUEST_GICR_IPA = _P["GUEST_GICR_IPA"]
GUEST_UART_IPA = _P["GUEST_UART_IPA"]

# Deterministic time for benchmarks: every instruction advances virtual time
# by 1 ns, and with sleep=off an idle machine (every CPU in WFI) jumps to its
# next timer deadline instead of following the host's clock.
ICOUNT = "shift=0,sleep=off"


def machine(hyp=True, gic=2, opts=()):
    """The -machine value: virt with GICv`gic`, at EL2 when hyp."""
    m = ["virt"] + (["virtualization=on"] if hyp else []) + [f"gic-version={gic}"]
    return ",".join(m + list(opts))


def loader(path, addr):
    """A generic-loader device that puts a file's raw bytes at addr."""
    return ["-device", f"loader,file={path},addr={addr:#x},force-raw=on"]


def command(kernel, *, hyp=True, cpu="cortex-a57", smp=None, mem=None, gic=2,
            guest=None, bootdesc=None, loads=(), initrd=None, dtb=None, append=None,
            icount=False, reboot=True, machine_opts=(), extra=(), qemu=None):
    """The QEMU command (a list) that boots `kernel` on the project's board.

    guest/bootdesc: files loaded raw where minihyp looks for them; loads:
    more (path, address) pairs; reboot=False adds -no-reboot (a guest's
    reset ends QEMU); extra: more arguments, appended last.
    """
    cmd = [qemu or QEMU, "-machine", machine(hyp, gic, machine_opts), "-cpu", cpu,
           "-nographic", "-nic", "none"]
    if smp is not None:
        cmd += ["-smp", str(smp)]
    if mem is not None:
        cmd += ["-m", str(mem)]
    if not reboot:
        cmd.append("-no-reboot")
    if icount:
        cmd += ["-icount", ICOUNT]
    cmd += ["-kernel", kernel]
    if guest:
        cmd += loader(guest, GUEST_LOAD_PA)
    if bootdesc:
        cmd += loader(bootdesc, BOOT_DESC_PA)
    for path, addr in loads:
        cmd += loader(path, addr)
    if initrd:
        cmd += ["-initrd", initrd]
    if dtb:
        cmd += ["-dtb", dtb]
    if append is not None:
        cmd += ["-append", append]
    return cmd + list(extra)


def dumpdtb_command(path, *, hyp=True, cpu="cortex-a57", smp=None, mem=None, gic=2,
                    qemu=None):
    """QEMU writing the device tree it builds for the board to `path`, then exiting."""
    cmd = [qemu or QEMU, "-machine", machine(hyp, gic, [f"dumpdtb={path}"]), "-cpu", cpu,
           "-nographic", "-nic", "none"]
    if smp is not None:
        cmd += ["-smp", str(smp)]
    if mem is not None:
        cmd += ["-m", str(mem)]
    return cmd


def _load(s):
    path, sep, addr = s.rpartition("@")
    if not sep or not path:
        raise argparse.ArgumentTypeError(f"--load wants FILE@ADDR, not {s!r}")
    return path, int(addr, 0)


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--qemu", default=QEMU)
    ap.add_argument("--direct", action="store_true",
                    help="no virtualization: the CPUs start at EL1 (bare-hardware baseline)")
    ap.add_argument("--gic", type=int, default=2, choices=(2, 3))
    ap.add_argument("--cpu", default="cortex-a57")
    ap.add_argument("--smp")
    ap.add_argument("--mem")
    ap.add_argument("--icount", action="store_true", help=f"-icount {ICOUNT}")
    ap.add_argument("--no-reboot", action="store_true")
    ap.add_argument("--kernel")
    ap.add_argument("--dumpdtb", metavar="FILE",
                    help="write the board's device tree to FILE and exit (no --kernel)")
    ap.add_argument("--guest", help=f"a raw guest image, loaded at {GUEST_LOAD_PA:#x}")
    ap.add_argument("--bootdesc", help=f"a boot descriptor, loaded at {BOOT_DESC_PA:#x}")
    ap.add_argument("--load", type=_load, action="append", default=[], metavar="FILE@ADDR")
    ap.add_argument("--initrd")
    ap.add_argument("--dtb")
    ap.add_argument("--append")
    ap.add_argument("--print", action="store_true", help="print the command instead of running it")
    ap.add_argument("extra", nargs=argparse.REMAINDER, help="-- more QEMU arguments")
    a = ap.parse_args(argv)
    extra = a.extra[1:] if a.extra[:1] == ["--"] else a.extra
    if a.dumpdtb:
        cmd = dumpdtb_command(a.dumpdtb, hyp=not a.direct, cpu=a.cpu, smp=a.smp, mem=a.mem,
                              gic=a.gic, qemu=a.qemu)
    elif not a.kernel:
        ap.error("give --kernel (or --dumpdtb)")
    else:
        cmd = command(a.kernel, hyp=not a.direct, cpu=a.cpu, smp=a.smp, mem=a.mem, gic=a.gic,
                      guest=a.guest, bootdesc=a.bootdesc, loads=a.load, initrd=a.initrd,
                      dtb=a.dtb, append=a.append, icount=a.icount, reboot=not a.no_reboot,
                      extra=extra, qemu=a.qemu)
    if a.print:
        print(" ".join(shlex.quote(w) for w in cmd))
        return 0
    sys.stdout.flush()
    os.execvp(cmd[0], cmd)
    return 127


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
