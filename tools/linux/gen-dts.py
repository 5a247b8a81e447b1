#!/usr/bin/env python3
"""Render the minihyp Linux guest device tree from its template.

Fills examples/minihyp/linux/guest-board.dts.j2 with the RAM size, the number
of CPUs, the kernel command line, the initrd location and the console, and
writes a .dts for dtc.  The initrd end comes from --initrd-size or from the
size of the --initrd file.
"""
import argparse
import os
import sys

import jinja2

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
import qemu_board  # noqa: E402  (the board's addresses, from examples/minihyp/platform.h)

TEMPLATE = os.path.join(HERE, "..", "..", "examples", "minihyp", "linux", "guest-board.dts.j2")
RAM_BASE = qemu_board.GUEST_RAM_IPA
GICV2_MAX_CPUS = 8
# QEMU virt's virtio-mmio transports: 0x200 bytes each from 0x0a000000, SPIs
# 16 up (INTIDs 48 up).
VIRTIO_BASE = 0x0a000000
VIRTIO_SLOT = 0x200
VIRTIO_SPI = 16


def size(text):
    """'1G', '512M', '0x40000000' or a plain number of bytes."""
    t = text.strip().upper()
    mult = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
    if t and t[-1] in mult:
        return int(t[:-1], 0) * mult[t[-1]]
    if t.endswith("B") and t[-2:-1] in mult:
        return int(t[:-2], 0) * mult[t[-2]]
    return int(t, 0)


def mpidr(n):
    # QEMU virt with a GICv2 puts 8 CPUs in each cluster: Aff1 = n / 8,
    # Aff0 = n % 8.  The hypervisor sets VMPIDR_EL2 to the same value.
    return ((n // 8) << 8) | (n % 8)


def render(cpus, mem_size, bootargs="console=ttyAMA0", gic=2, mem_base=RAM_BASE,
           initrd_start=None, initrd_end=None, stdout_path=None,
           gicd=qemu_board.GUEST_GICD_IPA, gicc=qemu_board.GUEST_GICC_IPA,
           gicr=qemu_board.GUEST_GICR_IPA, uart=qemu_board.GUEST_UART_IPA, uart_spi=1,
           virtio_base=VIRTIO_BASE, virtio_count=32, virtio_spi=VIRTIO_SPI,
           cpu_compatible="arm,cortex-a57"):
    """The .dts text of a guest with `cpus` CPUs and `mem_size` bytes of RAM
    at `mem_base`; the devices where the arguments say (SPIs counted from 0,
    INTID = 32 + SPI)."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(os.path.dirname(TEMPLATE)),
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
                             trim_blocks=True, lstrip_blocks=True)
    return env.get_template(os.path.basename(TEMPLATE)).render(
        cpus=cpus,
        mpidrs=[mpidr(n) for n in range(cpus)],
        mem_base=mem_base,
        gicd=gicd,
        gicc=gicc,
        gic=gic,
        gicr=gicr,
        # one redistributor (RD_base + SGI_base, 2 x 64 KiB) per vCPU
        gicr_size=cpus * 0x20000,
        uart=uart,
        uart_spi=uart_spi,
        mem_size=mem_size,
        hi=lambda v: f"{v >> 32:#x}",
        lo=lambda v: f"{v & 0xffffffff:#x}",
        bootargs=bootargs,
        stdout_path=stdout_path or f"/pl011@{uart:x}",
        initrd_start=initrd_start,
        initrd_end=initrd_end,
        # GICv2 PPI flags: CPU target mask in bits [15:8], level high (4).
        # GICv3: no CPU mask (affinity routing), level high.
        ppi_flags=((((1 << cpus) - 1) << 8) | 4) if gic == 2 else 4,
        cpu_compatible=cpu_compatible,
        # Same node order as in QEMU's DTB: lowest address first.
        virtio=[(virtio_base + n * VIRTIO_SLOT, virtio_spi + n) for n in range(virtio_count)],
    )


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mem", default="1G", help="guest RAM size (default 1G)")
    ap.add_argument("--cpus", type=int, default=2, help="number of CPUs (1..8)")
    ap.add_argument("--bootargs", default="console=ttyAMA0", help="kernel command line")
    ap.add_argument("--initrd-start", type=lambda s: int(s, 0), default=None,
                    help="guest physical address of the initrd")
    ap.add_argument("--initrd-size", type=size, default=None, help="initrd size in bytes")
    ap.add_argument("--initrd", default=None, help="initrd file (its size gives the end)")
    ap.add_argument("--stdout-path", default=None,
                    help="chosen/stdout-path (default: the PL011)")
    ap.add_argument("--virtio-mmio", type=int, default=32,
                    help="number of virtio-mmio transports to describe (0..32, default 32)")
    ap.add_argument("--cpu-compatible", default="arm,cortex-a57")
    ap.add_argument("--gic", type=int, choices=(2, 3), default=2,
                    help="the guest's GIC: 2 (GICD + GICC) or 3 (GICD + GICR)")
    ap.add_argument("-o", "--output", default="-")
    a = ap.parse_args()

    if not 1 <= a.cpus <= GICV2_MAX_CPUS:
        sys.exit(f"gen-dts: --cpus must be 1..{GICV2_MAX_CPUS} (GICv2 targets 8 CPUs)")
    if not 0 <= a.virtio_mmio <= 32:
        sys.exit("gen-dts: --virtio-mmio must be 0..32")
    mem = size(a.mem)
    if mem <= 0 or mem % 0x200000:
        sys.exit("gen-dts: --mem must be a positive multiple of 2 MiB")
    if '"' in a.bootargs or "\\" in a.bootargs:
        sys.exit("gen-dts: --bootargs must not contain '\"' or '\\'")
    initrd_size = a.initrd_size
    if a.initrd is not None:
        initrd_size = os.path.getsize(a.initrd)
    initrd_start = initrd_end = None
    if a.initrd_start is not None:
        if initrd_size is None:
            sys.exit("gen-dts: --initrd-start needs --initrd or --initrd-size")
        initrd_start = a.initrd_start
        initrd_end = initrd_start + initrd_size
        if not (RAM_BASE <= initrd_start and initrd_end <= RAM_BASE + mem):
            sys.exit(f"gen-dts: initrd [{initrd_start:#x}, {initrd_end:#x}) is outside RAM")

    text = render(a.cpus, mem, bootargs=a.bootargs, gic=a.gic, initrd_start=initrd_start,
                  initrd_end=initrd_end, stdout_path=a.stdout_path, virtio_count=a.virtio_mmio,
                  cpu_compatible=a.cpu_compatible)
    if a.output == "-":
        sys.stdout.write(text)
    else:
        tmp = a.output + ".tmp"
        with open(tmp, "w") as f:
            f.write(text)
        os.replace(tmp, a.output)


if __name__ == "__main__":
    main()
