#!/usr/bin/env python3
"""Writes a minihyp guest boot descriptor (examples/minihyp/bootdesc.h).

Load it with QEMU next to the guest image (tools/qemu_board.py --bootdesc
boot.bin puts it where minihyp looks for it).

Version 2 (the default) adds the kind of guest, the number of vCPUs and the
IPA ranges of a Linux guest's pieces:
  mkbootdesc.py -o boot.bin --kind linux --ram-size 0x40000000 --nr-vcpus 2 \\
      --image 0x40200000:Image --dtb 0x42400000:guest.dtb \\
      --initrd 0x42600000:initramfs.cpio.gz
A range is IPA:SIZE or IPA:FILE (the file's size).  For kind linux the
hypervisor derives the entry point and x0..x3 from the Image and the DTB.
--version 1 writes the old 64-byte layout (kind raw only).
"""
import argparse
import os
import struct

MAGIC = 0x544F4F4250594D48  # "HMYPBOOT"
VERSION = 2
KINDS = {"raw": 0, "linux": 1}
V1_FORMAT = "<QIIQ4QQ"
V2_FORMAT = V1_FORMAT + "II6Q"
SIZE_V1 = struct.calcsize(V1_FORMAT)  # 64
SIZE_V2 = struct.calcsize(V2_FORMAT)  # 120
GUEST_RAM_DEFAULT = 64 << 20


def num(s):
    return int(s, 0)


def range_arg(s):
    """IPA:SIZE or IPA:FILE -> (ipa, size)."""
    ipa, sep, rest = s.partition(":")
    if not sep:
        raise argparse.ArgumentTypeError(f"{s!r}: expected IPA:SIZE or IPA:FILE")
    try:
        ipa = int(ipa, 0)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{s!r}: bad IPA {ipa!r}")
    try:
        size = int(rest, 0)
    except ValueError:
        if not os.path.isfile(rest):
            raise argparse.ArgumentTypeError(f"{s!r}: {rest!r} is neither a size nor a file")
        size = os.path.getsize(rest)
    return ipa, size


def pack(version=VERSION, entry=0x40000000, x=(0, 0, 0, 0), ram_size=0, kind=0, nr_vcpus=0,
         image=(0, 0), dtb=(0, 0), initrd=(0, 0)):
    """The descriptor's bytes."""
    if version == 1:
        if kind or nr_vcpus or any(image + dtb + initrd):
            raise ValueError("version 1 has no kind, vCPU count or image/DTB/initrd ranges")
        return struct.pack(V1_FORMAT, MAGIC, 1, SIZE_V1, entry, *x, ram_size)
    if version != 2:
        raise ValueError(f"unknown version {version}")
    return struct.pack(V2_FORMAT, MAGIC, 2, SIZE_V2, entry, *x, ram_size, kind, nr_vcpus,
                       *image, *dtb, *initrd)


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-o", "--output", required=True)
    ap.add_argument("--version", type=int, choices=(1, 2), default=VERSION,
                    help=f"descriptor version (default {VERSION})")
    ap.add_argument("--entry", type=num, default=None,
                    help="IPA where the vCPU starts (default 0x40000000; kind linux: "
                    "the Image's address)")
    for i in range(4):
        ap.add_argument(f"--x{i}", type=num, default=None,
                        help=f"x{i} at entry" + (" (Linux: the DTB's IPA)" if i == 0 else ""))
    ap.add_argument("--ram-size", type=num, default=0,
                    help="guest RAM in bytes, a multiple of 2 MiB (default 0: 64 MiB)")
    ap.add_argument("--kind", choices=sorted(KINDS), default="raw",
                    help="raw: start at --entry with --x0..--x3; linux: an arm64 Image")
    ap.add_argument("--nr-vcpus", type=num, default=0,
                    help="number of vCPUs (default 0: the hypervisor's default)")
    ap.add_argument("--image", type=range_arg, default=(0, 0), metavar="IPA:SIZE|IPA:FILE")
    ap.add_argument("--dtb", type=range_arg, default=(0, 0), metavar="IPA:SIZE|IPA:FILE")
    ap.add_argument("--initrd", type=range_arg, default=(0, 0), metavar="IPA:SIZE|IPA:FILE")
    a = ap.parse_args()

    kind = KINDS[a.kind]
    if a.ram_size % (2 << 20):
        ap.error("--ram-size must be a multiple of 2 MiB")
    xs = [getattr(a, f"x{i}") for i in range(4)]
    entry = a.entry
    if kind == KINDS["linux"]:
        if not a.image[1] or not a.dtb[1]:
            ap.error("--kind linux needs --image and --dtb")
        # Informational for the linux kind (the hypervisor computes them),
        # but kept consistent so that a version-1 reader starts it the same.
        entry = a.image[0] if entry is None else entry
        xs = [a.dtb[0] if v is None and i == 0 else (v or 0) for i, v in enumerate(xs)]
    entry = 0x40000000 if entry is None else entry
    xs = [v or 0 for v in xs]
    try:
        data = pack(a.version, entry, xs, a.ram_size, kind, a.nr_vcpus, a.image, a.dtb,
                    a.initrd)
    except ValueError as e:
        ap.error(str(e))
    with open(a.output, "wb") as f:
        f.write(data)


if __name__ == "__main__":
    main()
