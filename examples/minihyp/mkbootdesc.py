#!/usr/bin/env python3
"""Writes a minihyp guest boot descriptor (examples/minihyp/bootdesc.h).

Load it with QEMU next to the guest image:
  -device loader,file=boot.bin,addr=0x43fff000,force-raw=on
"""
import argparse
import struct

MAGIC = 0x544F4F4250594D48  # "HMYPBOOT"
VERSION = 1


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-o", "--output", required=True)
    ap.add_argument("--entry", type=lambda s: int(s, 0), default=0x40000000,
                    help="IPA where the vCPU starts (default 0x40000000)")
    for i in range(4):
        ap.add_argument(f"--x{i}", type=lambda s: int(s, 0), default=0,
                        help=f"x{i} at entry" + (" (Linux: the DTB's IPA)" if i == 0 else ""))
    ap.add_argument("--ram-size", type=lambda s: int(s, 0), default=0,
                    help="guest RAM in bytes, a multiple of 2 MiB (default 0: 64 MiB)")
    a = ap.parse_args()
    size = 8 + 4 + 4 + 8 + 4 * 8 + 8
    data = struct.pack("<QIIQ4QQ", MAGIC, VERSION, size, a.entry, a.x0, a.x1, a.x2, a.x3,
                       a.ram_size)
    with open(a.output, "wb") as f:
        f.write(data)


if __name__ == "__main__":
    main()
