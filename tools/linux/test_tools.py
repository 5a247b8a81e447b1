#!/usr/bin/env python3
"""Host checks of the Linux-guest tools, no network and no QEMU: apt source
selection, vmlinuz unpacking (raw, gzip, EFI zboot), the device-tree
generator, the boot-descriptor writer and the minihyp guest layout
(minihyp-boot.py).  Prints TAP lines."""
import json
import gzip
import importlib.util
import os
import struct
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
import qemu_board  # noqa: E402  (where minihyp finds its guest and boot descriptor)


def load(name, file):
    spec = importlib.util.spec_from_file_location(name, os.path.join(HERE, file))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


fetch = load("fetch", "fetch.py")
N = 0
FAILED = 0


def check(cond, what):
    global N, FAILED
    N += 1
    FAILED += not cond
    print(f"{'ok' if cond else 'not ok'} {N} - {what}", flush=True)


def raises(fn):
    try:
        fn()
    except SystemExit:
        return True
    return False


def fake_image(size=4096):
    img = bytearray(os.urandom(size))
    img[0:2] = b"MZ"
    img[0x38:0x3C] = b"ARM\x64"
    return bytes(img)


def zboot(payload, kind):
    hdr = bytearray(0x40)
    hdr[0:4] = b"MZ\0\0"
    hdr[4:8] = b"zimg"
    struct.pack_into("<II", hdr, 8, 0x40, len(payload))
    hdr[0x18:0x18 + len(kind)] = kind.encode()
    # zboot appends the uncompressed size after the payload (not counted).
    return bytes(hdr) + payload + b"\x12\x34\x56\x78"


def test_sources():
    with tempfile.TemporaryDirectory() as etc:
        os.makedirs(os.path.join(etc, "apt/sources.list.d"))
        with open(os.path.join(etc, "os-release"), "w") as f:
            f.write('NAME="Debian GNU/Linux"\nVERSION_CODENAME=bookworm\n')
        with open(os.path.join(etc, "apt/sources.list"), "w") as f:
            f.write("# comment\n"
                    "deb [arch=amd64 signed-by=/k.gpg] http://mirror.example/debian bookworm main contrib\n"
                    "deb-src http://mirror.example/debian bookworm main\n"
                    "deb http://other.example/apt cloud-sdk-bookworm main\n")
        with open(os.path.join(etc, "apt/sources.list.d/debian.sources"), "w") as f:
            f.write("Types: deb\nURIs: http://sec.example/debian-security\n"
                    "Suites: bookworm-security\nComponents: main\n"
                    "Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg\n\n"
                    "Types: deb\nURIs: http://x.example/node\nSuites: nodistro\n"
                    "Components: main\nArchitectures: amd64\n\n"
                    "Types: deb\nURIs: http://off.example/debian\nSuites: bookworm\n"
                    "Components: main\nEnabled: no\n")
        with open(os.path.join(etc, "apt/sources.list.d/old.list.disabled"), "w") as f:
            f.write("deb http://disabled.example/debian bookworm main\n")
        entries = fetch.debian_sources(etc)
        uris = [e["uris"][0] for e in entries]
        check(uris == ["http://mirror.example/debian", "http://sec.example/debian-security"],
              f"apt sources: the machine's Debian entries only ({uris})")
        text = fetch.render_sources(entries)
        check(text.count("Architectures: arm64") == 2 and "contrib" not in text
              and "Signed-By: /k.gpg" in text and "amd64" not in text,
              "apt sources: re-targeted at arm64, component main, keyring kept")
        os.remove(os.path.join(etc, "apt/sources.list"))
        os.remove(os.path.join(etc, "apt/sources.list.d/debian.sources"))
        check(raises(lambda: fetch.debian_sources(etc)),
              "apt sources: no Debian source is an error")


def test_images():
    img = fake_image()
    out, how = fetch.raw_image(img)
    check(out == img and how == "uncompressed", "vmlinuz: raw Image accepted")
    out, how = fetch.raw_image(gzip.compress(img))
    check(out == img and how == "gzip", "vmlinuz: gzip'd Image decompressed")
    out, how = fetch.raw_image(zboot(gzip.compress(img), "gzip"))
    check(out == img and how == "EFI zboot (gzip)", "vmlinuz: EFI zboot (gzip) unpacked")
    # zstd is a dependency (tools/install-deps.sh): missing, it is a failure.
    out = None
    try:
        z = subprocess.run(["zstd", "-q", "-c"], input=img, stdout=subprocess.PIPE).stdout
        out, how = fetch.raw_image(zboot(z, "zstd22"))
    except OSError:
        pass
    check(out == img, "vmlinuz: EFI zboot (zstd22) unpacked")
    bad = bytearray(img)
    bad[0x38] = 0
    check(raises(lambda: fetch.raw_image(gzip.compress(bytes(bad)))),
          "vmlinuz: missing ARM\\x64 magic at 0x38 rejected")


def test_dts():
    gen = os.path.join(HERE, "gen-dts.py")
    with tempfile.TemporaryDirectory() as d:
        initrd = os.path.join(d, "initrd")
        with open(initrd, "wb") as f:
            f.write(b"\0" * 1000)
        p = subprocess.run([sys.executable, gen, "--cpus", "3", "--mem", "256M",
                            "--bootargs", "console=ttyAMA0 x=1", "--initrd", initrd,
                            "--initrd-start", "0x48000000"], stdout=subprocess.PIPE, text=True)
        t = p.stdout
        check(p.returncode == 0 and "linux,initrd-end = /bits/ 64 <0x480003e8>;" in t
              and "reg = <0x0 0x40000000 0x0 0x10000000>;" in t
              and t.count('enable-method = "psci";') == 3 and "<1 11 0x704>" in t,
              "gen-dts: initrd end, RAM size, 3 CPUs, PPI mask 0x7")
        c = subprocess.run(["dtc", "-q", "-I", "dts", "-O", "dtb", "-o", os.devnull],
                           input=t, text=True)
        check(c.returncode == 0, "gen-dts: output compiles with dtc")
        for bad in (["--cpus", "9"], ["--mem", "1000"], ["--initrd-start", "0x80000000",
                                                         "--initrd-size", "16"]):
            r = subprocess.run([sys.executable, gen] + bad, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
            check(r.returncode != 0, f"gen-dts: rejects {' '.join(bad)}")


MKBOOTDESC = os.path.join(HERE, "..", "..", "examples", "minihyp", "mkbootdesc.py")


def test_bootdesc():
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "b.bin")
        # the old command line (tests/qemu/run.py's) still works: v2, kind RAW
        r = subprocess.run([sys.executable, MKBOOTDESC, "-o", out, "--entry", "0x40000000",
                            "--x0", "0x40100000", "--x1", "0x20000000", "--x3", "0x3333",
                            "--ram-size", "0x20000000"])
        data = open(out, "rb").read() if r.returncode == 0 else b""
        f = struct.unpack("<QIIQ4QQII6Q", data) if len(data) == 120 else None
        check(f is not None and f[1:4] == (2, 120, 0x40000000)
              and f[4:8] == (0x40100000, 0x20000000, 0, 0x3333) and f[8] == 0x20000000
              and f[9:] == (0,) * 8, "mkbootdesc: old options give a v2 RAW descriptor")
        r = subprocess.run([sys.executable, MKBOOTDESC, "-o", out, "--version", "1",
                            "--x0", "5"])
        data = open(out, "rb").read() if r.returncode == 0 else b""
        check(len(data) == 64 and struct.unpack("<QIIQ4QQ", data)[1:5] == (1, 64, 0x40000000, 5),
              "mkbootdesc: --version 1 writes the 64-byte layout")
        img = os.path.join(d, "Image")
        with open(img, "wb") as fh:
            fh.write(b"\0" * 5000)
        r = subprocess.run([sys.executable, MKBOOTDESC, "-o", out, "--kind", "linux",
                            "--nr-vcpus", "4", "--ram-size", "0x10000000",
                            "--image", f"0x40200000:{img}", "--dtb", "0x40800000:0x1234",
                            "--initrd", "0x40a00000:77"])
        data = open(out, "rb").read() if r.returncode == 0 else b""
        f = struct.unpack("<QIIQ4QQII6Q", data) if len(data) == 120 else None
        check(f is not None and f[3] == 0x40200000 and f[4] == 0x40800000
              and f[9:] == (1, 4, 0x40200000, 5000, 0x40800000, 0x1234, 0x40a00000, 77),
              "mkbootdesc: --kind linux: kind, vCPUs, ranges (IPA:FILE, IPA:SIZE), entry/x0")
        for bad in (["--version", "1", "--kind", "linux", "--image", "0x40200000:1",
                     "--dtb", "0x40800000:1"], ["--kind", "linux"], ["--ram-size", "0x100000"],
                    ["--image", "0x40200000"]):
            r = subprocess.run([sys.executable, MKBOOTDESC, "-o", out] + bad,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            check(r.returncode != 0, f"mkbootdesc: rejects {' '.join(bad)}")


def test_minihyp_layout():
    boot = os.path.join(HERE, "minihyp-boot.py")
    with tempfile.TemporaryDirectory() as d:
        img = os.path.join(d, "Image")
        initrd = os.path.join(d, "initrd")
        hdr = bytearray(fake_image(8192))
        struct.pack_into("<QQQ", hdr, 8, 0, 0x300000, 0xA)  # text_offset, image_size, flags
        with open(img, "wb") as fh:
            fh.write(hdr)
        with open(initrd, "wb") as fh:
            fh.write(b"\1" * 3000)
        out = os.path.join(d, "out")
        p = subprocess.run([sys.executable, boot, "--out", out, "--kernel", img, "--initrd",
                            initrd, "--smp", "3", "--mem", "256M", "--append", "console=x y",
                            "--minihyp", "mh.elf", "--print"], stdout=subprocess.PIPE, text=True)
        cmd = p.stdout.split()
        lay = json.load(open(os.path.join(out, "layout.json"))) if p.returncode == 0 else {}
        check(lay.get("image_ipa") == 0x40200000 and lay.get("dtb_ipa") == 0x40600000
              and lay.get("initrd_ipa") == 0x40800000 and lay.get("initrd_size") == 3000,
              "minihyp-boot: Image at 0x40200000, DTB after image_size, initrd 2 MiB later")
        pa = qemu_board.GUEST_LOAD_PA  # guest RAM's base: IPA 0x40000000
        check(f"loader,file={img},addr={pa + 0x200000:#x},force-raw=on" in cmd
              and f"loader,file={os.path.join(out, 'guest.dtb')},addr={pa + 0x600000:#x},force-raw=on"
              in cmd
              and f"loader,file={initrd},addr={pa + 0x800000:#x},force-raw=on" in cmd
              and f"loader,file={os.path.join(out, 'bootdesc.bin')},"
              f"addr={qemu_board.BOOT_DESC_PA:#x},force-raw=on" in cmd and cmd[cmd.index("-m") + 1] == "512M" and cmd[cmd.index("-smp") + 1] == "3"
              and "virt,virtualization=on,gic-version=2" in cmd,
              "minihyp-boot: QEMU loads each piece at PA = IPA + 0x4000000, -m MEM+256M")
        data = open(os.path.join(out, "bootdesc.bin"), "rb").read() if lay else b""
        f = struct.unpack("<QIIQ4QQII6Q", data) if len(data) == 120 else None
        check(f is not None and f[8] == 256 << 20
              and f[9:] == (1, 3, 0x40200000, 8192, 0x40600000, lay["dtb_size"], 0x40800000, 3000),
              "minihyp-boot: the descriptor has the same ranges (kind LINUX, 3 vCPUs, 256 MiB)")
        dts = subprocess.run(["dtc", "-q", "-I", "dtb", "-O", "dts",
                              os.path.join(out, "guest.dtb")], stdout=subprocess.PIPE,
                             text=True).stdout if lay else ""
        check("linux,initrd-start = <0x00 0x40800000>;" in dts
              and "linux,initrd-end = <0x00 0x40800bb8>;" in dts
              and 'bootargs = "console=x y";' in dts and "reg = <0x00 0x40000000 0x00 0x10000000>;" in dts,
              "minihyp-boot: the DTB has the same initrd range, bootargs and RAM")
        # text_offset 0x80000: the Image moves, still on a 2 MiB base
        struct.pack_into("<Q", hdr, 8, 0x80000)
        with open(img, "wb") as fh:
            fh.write(hdr)
        p = subprocess.run([sys.executable, boot, "--out", out, "--kernel", img, "--initrd", "",
                            "--mem", "256M"], stdout=subprocess.PIPE, text=True)
        lay = json.load(open(os.path.join(out, "layout.json"))) if p.returncode == 0 else {}
        check(lay.get("image_ipa") == 0x40280000 and lay.get("dtb_ipa") == 0x40600000
              and lay.get("initrd_size") == 0, "minihyp-boot: text_offset honoured; no initrd")
        for bad, what in ((["--mem", "4M"], "a MEM too small for the kernel"),
                          (["--smp", "9"], "SMP 9 (GICv2: 8)"),
                          (["--kernel", initrd], "a kernel that is no Image")):
            args = [sys.executable, boot, "--out", out, "--kernel", img, "--initrd", ""] + bad
            r = subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            check(r.returncode != 0, f"minihyp-boot: rejects {what}")


def main():
    test_sources()
    test_images()
    test_dts()
    test_bootdesc()
    test_minihyp_layout()
    print(f"1..{N}")
    return 1 if FAILED else 0


if __name__ == "__main__":
    sys.exit(main())
