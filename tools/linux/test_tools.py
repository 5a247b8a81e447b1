#!/usr/bin/env python3
"""Host checks of the Linux-guest tools, no network and no QEMU: apt source
selection, vmlinuz unpacking (raw, gzip, EFI zboot), the device-tree
generator.  Prints TAP lines."""
import gzip
import importlib.util
import os
import shutil
import struct
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


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
    if shutil.which("zstd"):
        z = subprocess.run(["zstd", "-q", "-c"], input=img, stdout=subprocess.PIPE).stdout
        out, how = fetch.raw_image(zboot(z, "zstd22"))
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
        if shutil.which("dtc"):
            c = subprocess.run(["dtc", "-q", "-I", "dts", "-O", "dtb", "-o", os.devnull],
                               input=t, text=True)
            check(c.returncode == 0, "gen-dts: output compiles with dtc")
        for bad in (["--cpus", "9"], ["--mem", "1000"], ["--initrd-start", "0x80000000",
                                                         "--initrd-size", "16"]):
            r = subprocess.run([sys.executable, gen] + bad, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
            check(r.returncode != 0, f"gen-dts: rejects {' '.join(bad)}")


def main():
    test_sources()
    test_images()
    test_dts()
    print(f"1..{N}")
    return 1 if FAILED else 0


if __name__ == "__main__":
    sys.exit(main())
