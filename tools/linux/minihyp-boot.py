#!/usr/bin/env python3
"""Prepare and start a Linux guest under minihyp.

The one place where the guest's layout is decided: from the kernel Image's
header (text_offset, image_size) and the sizes of the DTB and initrd it
computes their guest-physical addresses (IPAs), writes the guest board's DTB
(tools/linux/gen-dts.py + dtc, with /chosen's bootargs and initrd range), a
version-2 boot descriptor of kind LINUX (examples/minihyp/mkbootdesc.py) with
the same ranges, and the QEMU command that loads minihyp and the pieces at
their physical addresses (PA = IPA - GUEST_RAM_IPA + GUEST_LOAD_PA, qemu_board.py).

Layout (guest RAM at IPA 0x40000000):
  Image   0x40200000 + text_offset (a 2 MiB aligned base, 2 MiB above RAM)
  DTB     the first 2 MiB boundary after the Image's image_size span
  initrd  2 MiB after the DTB (the DTB is at most 2 MiB)

  minihyp-boot.py --out DIR [--kernel K] [--initrd I|''] [--append A]
                  [--smp N] [--mem M] [--icount] [--exec | --print | --show]
--exec replaces itself with QEMU (interactive console), --print writes the
QEMU command on one line (for run-test.py / bench-boot.py), --show prints the
layout.  DIR gets guest.dts, guest.dtb, bootdesc.bin and layout.json.
"""
import argparse
import importlib.util
import json
import os
import shlex
import struct
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, ".."))
import qemu_board  # noqa: E402  (the one QEMU command line)

GUEST_RAM_IPA = qemu_board.GUEST_RAM_IPA  # examples/minihyp/platform.h
GUEST_RAM_PA = qemu_board.GUEST_LOAD_PA
HOST_RAM_BASE = qemu_board.RAM_BASE
HOST_EXTRA = 256 << 20  # QEMU -m = guest RAM + this (minihyp needs the first 64 MiB)
MIB2 = 2 << 20
IMAGE_BASE = GUEST_RAM_IPA + MIB2
FDT_MAX = 2 << 20
ARM64_MAGIC = 0x644D5241


def load_module(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


gen_dts = load_module("gen_dts", os.path.join(HERE, "gen-dts.py"))
mkbootdesc = load_module("mkbootdesc", os.path.join(ROOT, "examples", "minihyp",
                                                    "mkbootdesc.py"))


def align_up(v, a):
    return (v + a - 1) // a * a


def image_header(path):
    """(text_offset, image_size) of an arm64 Image, or exit with why not."""
    with open(path, "rb") as f:
        h = f.read(64)
    if len(h) < 64 or struct.unpack_from("<I", h, 0x38)[0] != ARM64_MAGIC:
        sys.exit(f"minihyp-boot: {path} is not an arm64 Image (no 'ARM\\x64' at 0x38); "
                 f"a vmlinuz can be unpacked with tools/linux/fetch.py --unpack")
    text_offset, image_size = struct.unpack_from("<QQ", h, 8)
    if image_size == 0:  # before Linux 3.17
        text_offset = 0x80000
    return text_offset, image_size


def layout(kernel, initrd, mem, dtb_size=FDT_MAX):
    text_offset, image_size = image_header(kernel)
    file_size = os.path.getsize(kernel)
    image = IMAGE_BASE + text_offset
    span = max(image_size, file_size)
    if image_size == 0:
        span = file_size + (32 << 20)  # unknown BSS: leave room
    dtb = align_up(image + span, MIB2)
    initrd_ipa = dtb + align_up(dtb_size, MIB2)
    initrd_size = os.path.getsize(initrd) if initrd else 0
    end = initrd_ipa + initrd_size if initrd_size else dtb + dtb_size
    if end > GUEST_RAM_IPA + mem:
        sys.exit(f"minihyp-boot: kernel, DTB and initrd need guest RAM up to {end:#x}; "
                 f"MEM={mem >> 20}M ends at {GUEST_RAM_IPA + mem:#x}")
    return {
        "ram_ipa": GUEST_RAM_IPA, "ram_size": mem,
        "image_ipa": image, "image_size": file_size, "text_offset": text_offset,
        "image_span": span,
        "dtb_ipa": dtb, "initrd_ipa": initrd_ipa if initrd_size else 0,
        "initrd_size": initrd_size,
    }


def pa(ipa):
    return ipa - GUEST_RAM_IPA + GUEST_RAM_PA


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True, help="directory for the DTB, descriptor, layout")
    ap.add_argument("--kernel", default=os.path.join("build", "linux", "Image"))
    ap.add_argument("--initrd", default=os.path.join("build", "linux", "initramfs.cpio.gz"),
                    help="initrd file ('' for none)")
    ap.add_argument("--append", default="console=ttyAMA0")
    ap.add_argument("--smp", type=int, default=2)
    ap.add_argument("--mem", default="1G")
    ap.add_argument("--minihyp", default=os.path.join("build", "minihyp", "minihyp.elf"))
    ap.add_argument("--qemu", default=qemu_board.QEMU)
    ap.add_argument("--cpu", default="cortex-a57")
    ap.add_argument("--gic", type=int, choices=(2, 3), default=2,
                    help="the board's GIC (-machine gic-version), and the guest's")
    ap.add_argument("--kind", choices=("linux", "raw"), default="linux",
                    help="descriptor kind (raw: entry and x0 given explicitly, for a "
                    "minihyp that predates linux_boot_prepare)")
    ap.add_argument("--icount", action="store_true", help="add -icount shift=0")
    ap.add_argument("--no-reboot", action="store_true")
    ap.add_argument("--qemu-extra", default="", help="more QEMU arguments (shell words)")
    mode = ap.add_mutually_exclusive_group()
    mode.add_argument("--exec", action="store_true", help="run QEMU in place of this script")
    mode.add_argument("--print", action="store_true", help="print the QEMU command")
    ap.add_argument("--show", action="store_true", help="print the layout (stderr)")
    a = ap.parse_args()

    mem = gen_dts.size(a.mem)
    if mem <= 0 or mem % MIB2:
        sys.exit("minihyp-boot: MEM must be a positive multiple of 2 MiB")
    if not 1 <= a.smp <= gen_dts.GICV2_MAX_CPUS:
        sys.exit(f"minihyp-boot: SMP must be 1..{gen_dts.GICV2_MAX_CPUS} (GICv2)")
    os.makedirs(a.out, exist_ok=True)
    lay = layout(a.kernel, a.initrd, mem)

    dts = os.path.join(a.out, "guest.dts")
    dtb = os.path.join(a.out, "guest.dtb")
    cmd = [sys.executable, os.path.join(HERE, "gen-dts.py"), "--mem", str(mem),
           "--cpus", str(a.smp), "--bootargs", a.append, "--gic", str(a.gic), "-o", dts]
    if lay["initrd_size"]:
        cmd += ["--initrd-start", hex(lay["initrd_ipa"]),
                "--initrd-size", str(lay["initrd_size"])]
    subprocess.run(cmd, check=True)
    subprocess.run(["dtc", "-q", "-I", "dts", "-O", "dtb", "-o", dtb, dts], check=True)
    lay["dtb_size"] = os.path.getsize(dtb)
    if lay["dtb_size"] > FDT_MAX:
        sys.exit("minihyp-boot: the DTB is larger than 2 MiB")

    desc = os.path.join(a.out, "bootdesc.bin")
    kind = mkbootdesc.KINDS[a.kind]
    data = mkbootdesc.pack(
        2, entry=lay["image_ipa"], x=(lay["dtb_ipa"], 0, 0, 0), ram_size=mem, kind=kind,
        nr_vcpus=a.smp, image=(lay["image_ipa"], lay["image_size"]),
        dtb=(lay["dtb_ipa"], lay["dtb_size"]),
        initrd=(lay["initrd_ipa"], lay["initrd_size"]))
    with open(desc, "wb") as f:
        f.write(data)

    host_mem_mib = (mem + HOST_EXTRA) >> 20
    loads = [(a.kernel, pa(lay["image_ipa"])), (dtb, pa(lay["dtb_ipa"]))]
    if lay["initrd_size"]:
        loads.append((a.initrd, pa(lay["initrd_ipa"])))
    qemu = qemu_board.command(a.minihyp, cpu=a.cpu, smp=a.smp, mem=f"{host_mem_mib}M",
                              loads=loads, bootdesc=desc, icount=a.icount, gic=a.gic,
                              reboot=not a.no_reboot, qemu=a.qemu)
    qemu += shlex.split(a.qemu_extra)
    lay.update({"smp": a.smp, "append": a.append, "kernel": a.kernel, "initrd": a.initrd,
                "dtb": dtb, "bootdesc": desc, "qemu": qemu})
    with open(os.path.join(a.out, "layout.json"), "w") as f:
        json.dump(lay, f, indent=1)

    if a.show or not (a.exec or a.print):
        out = sys.stderr if (a.exec or a.print) else sys.stdout
        for k in ("image", "dtb", "initrd"):
            ipa, size = lay[f"{k}_ipa"], lay[f"{k}_size"]
            if size:
                print(f"minihyp-boot: {k:6} IPA {ipa:#010x}-{ipa + size:#010x} "
                      f"PA {pa(ipa):#010x} ({size} bytes)", file=out)
        print(f"minihyp-boot: Image's image_size span {lay['image_span']:#x}; guest RAM "
              f"{mem >> 20} MiB, {a.smp} vCPUs; QEMU -m {host_mem_mib}M", file=out)
    if a.print:
        print(" ".join(shlex.quote(w) for w in qemu))
    if a.exec:
        sys.stdout.flush()
        os.execvp(qemu[0], qemu)
    return 0


if __name__ == "__main__":
    sys.exit(main())
