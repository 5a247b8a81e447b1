#!/usr/bin/env python3
"""minihyp refuses a Linux guest that breaks the arm64 boot protocol.

Boots minihyp with Debian's kernel and a boot descriptor (kind LINUX) whose
layout is wrong in one way at a time, and checks that minihyp names the
problem on its console and never enters the kernel.  minihyp stops its CPU
after refusing; the script then leaves QEMU with Ctrl-A x (a short
deadline otherwise).  Prints TAP lines.
"""
import argparse
import importlib.util
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
import qemu_run  # noqa: E402

spec = importlib.util.spec_from_file_location("minihyp_boot", os.path.join(HERE, "minihyp-boot.py"))
mb = importlib.util.module_from_spec(spec)
spec.loader.exec_module(mb)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--kernel", required=True)
    ap.add_argument("--minihyp", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--qemu", default=qemu_run.qemu_board.QEMU)
    ap.add_argument("--timeout", type=float, default=20.0)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)

    mem = 256 << 20
    text_offset, image_size = mb.image_header(a.kernel)
    ksize = os.path.getsize(a.kernel)
    image = mb.IMAGE_BASE + text_offset
    dtb = os.path.join(a.out, "guest.dtb")
    # the guest board's DTB for 256 MiB, 1 CPU, no initrd
    subprocess.run([sys.executable, os.path.join(HERE, "minihyp-boot.py"), "--out", a.out,
                    "--kernel", a.kernel, "--initrd", "", "--mem", "256M", "--smp", "1",
                    "--minihyp", a.minihyp], check=True, stdout=subprocess.DEVNULL)
    dsize = os.path.getsize(dtb)
    good_dtb = mb.align_up(image + max(image_size, ksize), mb.MIB2)
    bss_dtb = mb.align_up(image + ksize, 0x1000)  # after the file, inside image_size
    # (what, Image IPA, DTB IPA, guest RAM in the descriptor, expected message)
    cases = [
        ("DTB inside the kernel's image_size span (its BSS)", image, bss_dtb, mem,
         "overlaps the kernel Image's image_size span"),
        ("Image not on a 2 MiB aligned base + text_offset", image + 0x1000, good_dtb, mem,
         "2 MiB aligned base"),
        ("DTB not 8-byte aligned", image, good_dtb + 4, mem, "not 8-byte aligned"),
        ("DTB describing more RAM than the VM has", image, good_dtb, mem - (64 << 20),
         "the kernel would fault on it"),
    ]
    n = 0
    failed = 0
    for what, img_ipa, dtb_ipa, desc_ram, expect in cases:
        n += 1
        desc = os.path.join(a.out, f"refuse-{n}.bin")
        with open(desc, "wb") as f:
            f.write(mb.mkbootdesc.pack(2, entry=img_ipa, x=(dtb_ipa, 0, 0, 0), ram_size=desc_ram,
                                       kind=1, nr_vcpus=1, image=(img_ipa, ksize),
                                       dtb=(dtb_ipa, dsize), initrd=(0, 0)))
        cmd = mb.qemu_board.command(a.minihyp, smp=1, mem=f"{(mem + mb.HOST_EXTRA) >> 20}M",
                                    loads=[(a.kernel, mb.pa(img_ipa)), (dtb, mb.pa(dtb_ipa))],
                                    bootdesc=desc, reboot=False, qemu=a.qemu)
        seen = {}

        def on_line(line, seen=seen, expect=expect):
            # the Linux loader's check, or the same rule of the VM checks
            # that run first (the one-VM blob minihyp builds: vmfile.c)
            if line.startswith(("minihyp: linux: ", "minihyp: VM file: ")) and expect in line:
                seen["msg"] = line
            if "Booting Linux" in line:
                seen["booted"] = True
            if line.startswith("minihyp: PANIC"):
                return b"\x01x"  # minihyp stopped: leave QEMU (-nographic's Ctrl-A x)
            return None

        res = qemu_run.run(cmd, a.timeout, on_line, os.path.join(a.out, f"refuse-{n}.log"))
        ok = "msg" in seen and "booted" not in seen
        failed += not ok
        print(f"{'ok' if ok else 'not ok'} {n} - minihyp refuses: {what}")
        if ok:
            print(f"# {seen['msg']}")
        else:
            for line in res.lines[-20:]:
                print(f"# | {line}")
    print(f"1..{n}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
