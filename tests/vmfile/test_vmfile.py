#!/usr/bin/env python3
"""Tests of VM files (tools/vmfile.py, examples/minihyp/vmfile.c), as TAP.

    python3 tests/vmfile/test_vmfile.py --build BUILD --dump BIN [--dump BIN ...]

- every malformed file in tests/vmfile/bad/ is refused with exactly one
  message, the one its first line names (`# expect: ...`) after the file's
  name, and `build` writes nothing;
- tests/vmfile/good.yaml and the examples in examples/minihyp/vms/ are
  accepted (the examples' images are the build folder's: BUILD/linux/,
  BUILD/minihyp/guests/);
- the blob: the tool's struct layout is the compiler's (vmfile_dump
  --layout, built from examples/minihyp/vmfile.h), minihyp's parser reads
  back every field the tool wrote, and the values are the YAML's; minihyp
  refuses a blob on a smaller board, and a damaged one.
"""
import argparse
import glob
import os
import struct
import subprocess
import sys
import tempfile
import unittest
import zlib

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
TOOL = os.path.join(ROOT, "tools", "vmfile.py")
BAD = sorted(glob.glob(os.path.join(HERE, "bad", "*.yaml")))
GOOD = os.path.join(HERE, "good.yaml")
EXAMPLES = sorted(glob.glob(os.path.join(ROOT, "examples", "minihyp", "vms", "*.yaml")))
sys.path.insert(0, os.path.join(ROOT, "tests", "gen"))
from test_regen import TapResult  # noqa: E402  (one TAP printer for the Python suites)
sys.path.insert(0, os.path.join(ROOT, "tools"))
from qemu_board import GUEST_GICD_IPA, GUEST_LOAD_PA, loader  # noqa: E402  (the board's facts)

DUMPS = []  # the vmfile_dump binaries, one per compiler (--dump)
BUILD = None  # the build folder, the examples' image root (--build)
FIXTURES = None  # the images good.yaml and bad/ name
IPA_BITS = "40"  # examples/minihyp/vm.h GUEST_IPA_BITS, checked below
ARM64_MAGIC = 0x644D5241  # "ARM\x64", Linux Documentation/arch/arm64/booting.rst


def tool(*args):
    return subprocess.run([sys.executable, TOOL] + list(args), cwd=ROOT, capture_output=True,
                          text=True)


def rel(p):
    return os.path.relpath(p, ROOT)


def write_fixtures(d):
    """An arm64 Image header (text_offset 0, image_size 4 MiB, 4 KiB pages,
    little-endian), an initramfs and a bare-metal binary."""
    h = bytearray(64)
    struct.pack_into("<QQQ", h, 8, 0, 0x400000, 1 << 1)
    struct.pack_into("<I", h, 0x38, ARM64_MAGIC)
    with open(os.path.join(d, "Image"), "wb") as f:
        f.write(bytes(h) + bytes(0x1000))
    with open(os.path.join(d, "initrd.cpio"), "wb") as f:
        f.write(bytes(3000))
    with open(os.path.join(d, "guest.bin"), "wb") as f:
        f.write(bytes(0x2000))


def build(path, root, out):
    p = tool("build", "--root", root, rel(path), "-o", out)
    if p.returncode:
        raise AssertionError(p.stderr)
    with open(out, "rb") as f:
        return f.read()


def c_dump(binary, blob_path, cpus=4, irqs=288, ram=(0x40000000, 0x40000000), gic=2):
    return subprocess.run([binary, blob_path, str(cpus), str(irqs), hex(ram[0]), hex(ram[1]),
                           IPA_BITS, str(gic)], capture_output=True, text=True)


def size(v):
    if isinstance(v, str):
        return int(v[:-1]) << {"K": 10, "M": 20, "G": 30}[v[-1]]
    return v


class TestBadFiles(unittest.TestCase):
    def test_corpus_present(self):
        self.assertGreaterEqual(len(BAD), 50)


def _bad_case(path):
    def test(self):
        with open(path) as f:
            first = f.readline()
        self.assertTrue(first.startswith("# expect: "), "%s lacks '# expect:'" % path)
        want = "%s: %s" % (rel(path), first[len("# expect: "):].strip().replace(
            "{root}", FIXTURES))
        out = os.path.join(FIXTURES, "out.vmb")
        p = tool("build", "--root", FIXTURES, rel(path), "-o", out)
        self.assertEqual(p.returncode, 1, p.stderr)
        lines = p.stderr.splitlines()
        self.assertEqual(lines[-1], "vmfile: 1 error(s), nothing written")
        self.assertEqual(len(lines), 2, p.stderr)
        self.assertTrue(lines[0].startswith(want), "\nwant %s\ngot  %s" % (want, lines[0]))
        self.assertFalse(os.path.exists(out))
    return test


for _p in BAD:
    setattr(TestBadFiles, "test_" + os.path.basename(_p)[:-5], _bad_case(_p))


class TestGoodFiles(unittest.TestCase):
    def test_good(self):
        p = tool("check", "--root", FIXTURES, rel(GOOD))
        self.assertEqual((p.returncode, p.stderr), (0, ""))

    def test_examples_present(self):
        names = [os.path.basename(p) for p in EXAMPLES]
        for n in ("single.yaml", "two-linux.yaml", "linux-rt.yaml"):
            self.assertIn(n, names)
        with open(os.path.join(ROOT, "README.md")) as f:
            readme = f.read()
        for p in EXAMPLES:
            self.assertTrue(rel(p) in readme, "README.md does not name " + rel(p))

    def check_text(self, text):
        with tempfile.NamedTemporaryFile("w", suffix=".yaml", dir=FIXTURES) as f:
            f.write(text)
            f.flush()
            p = tool("check", "--root", FIXTURES, f.name)
        self.assertEqual(p.returncode, 1)
        return p.stderr.splitlines()

    def test_all_errors_reported(self):
        """Independent mistakes are all reported: of the schema, or (in a file
        the schema accepts) of the rules."""
        with open(GOOD) as f:
            good = f.read()
        lines = self.check_text(good.replace("cpus: [2]", "cpus: [7]").replace(
            "doorbell: 96}\n", "doorbell: 40}\n", 1))
        self.assertEqual(len(lines), 3, lines)
        self.assertTrue(lines[0].endswith(": vm b: cpus: physical CPU 7 is beyond the board's 4 "
                                          "(board.cpus, QEMU -smp)"))
        self.assertTrue(lines[1].endswith(": shared chan: between[0].doorbell: virtual INTID 40 "
                                          "is also interrupts[eth].virq (vm a)"))
        self.assertEqual(lines[2], "vmfile: 2 error(s)")
        lines = self.check_text(good.replace("cpus: [2]", "cpus: two").replace(
            "doorbell: 96}\n", "doorbell: 20}\n", 1))
        self.assertEqual(len(lines), 3, lines)
        self.assertEqual(sorted(line.split(": ", 1)[1] for line in lines[:2]), [
            "shared chan: between[0].doorbell: schema: 20 is less than the minimum of 32",
            "vm b: cpus: schema: 'two' is not of type 'array'"])


def _example_case(path):
    def test(self):
        p = tool("check", "--root", BUILD, rel(path))
        self.assertEqual((p.returncode, p.stderr), (0, ""))
    return test


for _p in EXAMPLES:
    setattr(TestGoodFiles, "test_example_" + os.path.basename(_p)[:-5].replace("-", "_"),
            _example_case(_p))


class TestBlob(unittest.TestCase):
    def test_dump_binaries(self):
        self.assertGreaterEqual(len(DUMPS), 2, "--dump: one vmfile_dump per compiler")
        for d in DUMPS:
            self.assertTrue(os.access(d, os.X_OK), d)

    def test_ipa_bits(self):
        with open(os.path.join(ROOT, "examples", "minihyp", "vm.h")) as f:
            self.assertIn("#define GUEST_IPA_BITS %su" % IPA_BITS, f.read())

    def test_layout_agrees(self):
        py = tool("layout")
        self.assertEqual(py.returncode, 0, py.stderr)
        for d in DUMPS:
            c = subprocess.run([d, "--layout"], capture_output=True, text=True)
            self.assertEqual(c.returncode, 0, c.stderr)
            self.assertEqual(py.stdout, c.stdout, d)

    def round_trip(self, path, root):
        out = os.path.join(FIXTURES, os.path.basename(path) + ".vmb")
        blob = build(path, root, out)
        self.assertEqual(blob, build(path, root, out + "2"), "deterministic")
        py = tool("dump", "--flat", out)
        self.assertEqual(py.returncode, 0, py.stderr)
        for d in DUMPS:
            c = c_dump(d, out)
            self.assertEqual((c.returncode, c.stderr), (0, ""), c.stdout)
            self.assertEqual(py.stdout, c.stdout, d)
        got = dict(line.split("=", 1) for line in py.stdout.splitlines())
        with open(path) as f:
            y = yaml.safe_load(f)
        # The header: "MHVMFILE", version 2, CRC-32 over the blob with its field 0.
        self.assertEqual(blob[:8], b"MHVMFILE")
        self.assertEqual(struct.unpack_from("<I", blob, 8)[0], 2)
        self.assertEqual(int(got["header.total_size"], 16), len(blob))
        crc = struct.unpack_from("<I", blob, 36)[0]
        self.assertEqual(zlib.crc32(blob[:36] + bytes(4) + blob[40:]), crc)
        self.assertEqual(int(got["header.nr_vms"], 16), len(y["vms"]))
        self.assertEqual(int(got["header.board_cpus"], 16), y["board"]["cpus"])
        self.assertEqual(int(got["header.board_gic"], 16), y["board"].get("gic", 2))
        for i, v in enumerate(y["vms"]):
            p = "vms[%d]." % i
            self.assertEqual(got[p + "name"], '"%s"' % v["name"])
            self.assertEqual(int(got[p + "nr_cpus"], 16), len(v["cpus"]))
            for j, c in enumerate(v["cpus"]):
                self.assertEqual(int(got[p + "cpus[%d]" % j], 16), c)
            for k in ("ipa", "pa", "size"):
                self.assertEqual(int(got[p + "ram_" + k], 16), size(v["ram"][k]))
            self.assertEqual(int(got[p + "kind"], 16), v["image"]["type"] == "linux")
            for j, dv in enumerate(v.get("devices", [])):
                self.assertEqual(got[p + "devices[%d].name" % j], '"%s"' % dv["name"])
                self.assertEqual(int(got[p + "devices[%d].ipa" % j], 16), dv["ipa"])
            if v["image"]["type"] == "linux":
                self.assertEqual(got[p + "cmdline"], '"%s"' % v["image"].get("cmdline", ""))
                self.assertEqual(int(got[p + "entry_ipa"], 16), v["image"]["kernel"]["ipa"])
                self.assertEqual(int(got[p + "images[2].ipa"], 16), v["image"]["dtb"]["ipa"])
            else:
                self.assertEqual(int(got[p + "entry_ipa"], 16),
                                 v["image"].get("entry", v["image"]["ipa"]))
        for i, s in enumerate(y.get("shared", [])):
            p = "shared[%d]." % i
            self.assertEqual(int(got[p + "pa"], 16), s["pa"])
            self.assertEqual(int(got[p + "size"], 16), size(s["size"]))
            for j, e in enumerate(s["between"]):
                names = [v["name"] for v in y["vms"]]
                self.assertEqual(int(got[p + "ends[%d].vm" % j], 16), names.index(e["vm"]))
                self.assertEqual(int(got[p + "ends[%d].doorbell" % j], 16), e["doorbell"])
        return out

    def test_round_trip_good(self):
        out = self.round_trip(GOOD, FIXTURES)
        with open(out, "rb") as f:
            blob = f.read()
        # The fixture Image: 4 MiB image_size in RAM, its 0x1040 bytes loaded.
        got = dict(line.split("=", 1) for line in tool("dump", "--flat", out).stdout.split())
        self.assertEqual(got["vms[0].images[0].size"], "0x400000")
        self.assertEqual(got["vms[0].images[0].file_size"], "0x1040")
        self.assertEqual(got["vms[0].devices[2].pa"], "0xc000000")
        self.assertEqual(got["vms[0].irqs[0].pirq"], "0x28")
        self.assertEqual(got["vms[0].flags"], "0x1")  # counter: boot
        self.assertEqual(len(blob), 128 + 2 * 1608 + 64)

    def test_round_trip_examples(self):
        for p in EXAMPLES:
            with self.subTest(p):
                self.round_trip(p, BUILD)

    def test_qemu_args(self):
        out = os.path.join(FIXTURES, "qa.vmb")
        build(GOOD, FIXTURES, out)
        p = tool("qemu-args", "--root", FIXTURES, rel(GOOD), "--blob", out)
        with open(GOOD) as f:
            a = yaml.safe_load(f)["vms"][0]
        # the DTB at the PA its IPA has in vm a's RAM
        dtb_pa = a["ram"]["pa"] + a["image"]["dtb"]["ipa"] - a["ram"]["ipa"]
        self.assertEqual(p.returncode, 0, p.stderr)
        # The blob where minihyp looks; each image at its VM's PA for its IPA.
        self.assertEqual(p.stdout.split(), loader(out, 0x43f00000) +
                         loader(os.path.join(FIXTURES, "Image"), 0x44200000) +
                         loader(os.path.join(FIXTURES, "initrd.cpio"), 0x46000000) +
                         loader(os.path.abspath(out + ".a.dtb"), dtb_pa) +
                         loader(os.path.join(FIXTURES, "guest.bin"), 0x48000000))

    def fdtget(self, dtb, node, prop, fmt="x"):
        p = subprocess.run(["fdtget", "-t", fmt, dtb, node, prop], capture_output=True,
                           text=True)
        self.assertEqual(p.returncode, 0, p.stderr)
        return p.stdout.strip()

    def cells(self, dtb, node, prop):
        return [int(c, 16) for c in self.fdtget(dtb, node, prop).split()]

    def check_dtb(self, y, v, dtb, blob_dump, index, image_root):
        """vm v's device tree against its YAML (and the board's GIC)."""
        ram = v["ram"]
        self.assertEqual(self.cells(dtb, "/memory@%x" % ram["ipa"], "reg"),
                         [ram["ipa"] >> 32, ram["ipa"] & 0xffffffff, 0, size(ram["size"])])
        cpus = subprocess.run(["fdtget", "-l", dtb, "/cpus"], capture_output=True, text=True)
        self.assertEqual(len(cpus.stdout.split()), len(v["cpus"]))
        self.assertEqual(self.fdtget(dtb, "/chosen", "bootargs", "s"), v["image"]["cmdline"])
        ird = v["image"]["initramfs"]
        n = os.path.getsize(os.path.join(image_root, ird["file"]))
        self.assertEqual(self.cells(dtb, "/chosen", "linux,initrd-start"), [0, ird["ipa"]])
        self.assertEqual(self.cells(dtb, "/chosen", "linux,initrd-end"), [0, ird["ipa"] + n])
        uart = [d for d in v["devices"] if d["name"] == v["console"]][0]
        node = "/pl011@%x" % uart["ipa"]
        self.assertEqual(self.cells(dtb, node, "reg"), [0, uart["ipa"], 0, 0x1000])
        # <SPI, number, level high>: INTID 32 + number (IHI 0048B, the GIC binding)
        self.assertEqual(self.cells(dtb, node, "interrupts"), [0, uart["irq"] - 32, 4])
        self.assertEqual(self.fdtget(dtb, "/chosen", "stdout-path", "s"), node)
        gic = y["board"].get("gic", 2)
        gicd = v.get("gic", {}).get("gicd", GUEST_GICD_IPA)
        gnode = "/interrupt-controller@%x" % gicd
        self.assertEqual(self.fdtget(dtb, gnode, "compatible", "s").split()[0],
                         "arm,gic-v3" if gic == 3 else "arm,cortex-a15-gic")
        self.assertEqual(self.cells(dtb, gnode, "reg")[:2], [0, gicd])
        self.assertEqual(int(blob_dump["vms[%d].images[2].file_size" % index], 16),
                         os.path.getsize(dtb))
        # the empty virtio-mmio slots, as QEMU virt describes its own: slot n
        # 0x200 bytes at ipa + n * 0x200, SPI 16 + n (INTID 48 + n), edge rising
        nodes = subprocess.run(["fdtget", "-l", dtb, "/"], capture_output=True,
                               text=True).stdout.split()
        virtio = [d for d in v.get("devices", []) if d["type"] == "virtio"]
        want = ["virtio_mmio@%x" % (virtio[0]["ipa"] + n * 0x200)
                for n in range(virtio[0]["count"])] if virtio else []
        self.assertEqual([n for n in nodes if n.startswith("virtio_mmio@")], want)
        for n, node in enumerate(want):
            self.assertEqual(self.fdtget(dtb, "/" + node, "compatible", "s"), "virtio,mmio")
            self.assertEqual(self.cells(dtb, "/" + node, "reg"),
                             [0, virtio[0]["ipa"] + n * 0x200, 0, 0x200])
            self.assertEqual(self.cells(dtb, "/" + node, "interrupts"), [0, 16 + n, 1])

    def test_guest_dtbs(self):
        """build writes a device tree per Linux VM beside the blob, with
        that VM's CPUs, RAM, console, initramfs, command line and GIC,
        and the blob gives its size; on either GIC."""
        for path, root in [(GOOD, FIXTURES)] + [(p, BUILD) for p in EXAMPLES]:
            with open(path) as f:
                y = yaml.safe_load(f)
            for gic in (2, 3):
                with self.subTest(path=path, gic=gic):
                    y["board"]["gic"] = gic
                    src = os.path.join(FIXTURES, "gic%d-%s" % (gic, os.path.basename(path)))
                    with open(src, "w") as f:
                        yaml.safe_dump(y, f)
                    out = os.path.join(FIXTURES, "dtb%d.vmb" % gic)
                    p = tool("build", "--root", root, src, "-o", out)
                    self.assertEqual(p.returncode, 0, p.stderr)
                    got = dict(line.split("=", 1)
                               for line in tool("dump", "--flat", out).stdout.split())
                    self.assertEqual(got["header.board_gic"], "0x%x" % gic)
                    linux = [i for i, v in enumerate(y["vms"]) if v["image"]["type"] == "linux"]
                    for i, v in enumerate(y["vms"]):
                        dtb = "%s.%s.dtb" % (out, v["name"])
                        self.assertEqual(os.path.exists(dtb), i in linux, dtb)
                        if i in linux:
                            self.check_dtb(y, v, dtb, got, i, root)

    def test_minihyp_refuses_smaller_board(self):
        out = os.path.join(FIXTURES, "board.vmb")
        build(GOOD, FIXTURES, out)
        for d in DUMPS:
            c = c_dump(d, out, cpus=2, irqs=32 + 8, ram=(0x40000000, 0x7000000))
            self.assertEqual(c.returncode, 1)
            for want in ("vm a: ram.pa: 0x%x-0x48000000 is not inside the board's RAM "
                         "0x40000000-0x47000000 (QEMU -m)" % GUEST_LOAD_PA,
                         "vm a: interrupts[eth].pirq: physical INTID 40 is not an SPI of the "
                         "board (32..39)",
                         "vm b: cpus: physical CPU 2 is beyond the board's 2 (QEMU -smp)",
                         "shared chan: pa: 0x4c000000-0x4c200000 is not 4 KiB aligned and sized "
                         "inside the board's RAM"):
                self.assertIn("minihyp: VM file: " + want, c.stdout)

    def test_board_gic(self):
        """The blob carries the board's GIC (board.gic, default 2; build --gic
        overrides it, as make run VMS=F GIC=N does), and minihyp refuses a
        blob made for the other GIC: its Linux VMs' device trees describe
        the blob's."""
        out = os.path.join(FIXTURES, "gic.vmb")
        for args, gic in (((), 2), (("--gic", "3"), 3), (("--gic", "2"), 2)):
            p = tool("build", "--root", FIXTURES, rel(GOOD), "-o", out, *args)
            self.assertEqual(p.returncode, 0, p.stderr)
            got = dict(line.split("=", 1) for line in tool("dump", "--flat", out).stdout.split())
            self.assertEqual(got["header.board_gic"], "0x%x" % gic)
            for d in DUMPS:
                self.assertEqual(c_dump(d, out, gic=gic).returncode, 0)
                c = c_dump(d, out, gic=5 - gic)
                self.assertEqual(c.returncode, 1)
                self.assertEqual(c.stdout, "minihyp: VM file: board: gic: version %d, but the "
                                 "board's GIC is version %d (QEMU gic-version): the Linux VMs' "
                                 "device trees describe the file's\n" % (gic, 5 - gic))

    def test_passthrough_by_gic(self):
        """The hypervisor's frames are its GIC's: the GICv2 hypervisor
        interface's address is free on a GICv3 board, the ITS's on a GICv2
        one; build --gic checks against the GIC it names."""
        with open(os.path.join(HERE, "bad", "passthrough_gic.yaml")) as f:
            v2 = f.read()
        with open(os.path.join(HERE, "bad", "passthrough_gic3_its.yaml")) as f:
            its = f.read()
        for text, args in ((v2.replace("  irqs: 288\n", "  irqs: 288\n  gic: 3\n"), ()),
                           (v2, ("--gic", "3")), (its.replace("  gic: 3\n", ""), ())):
            with tempfile.NamedTemporaryFile("w", suffix=".yaml", dir=FIXTURES) as f:
                f.write(text)
                f.flush()
                p = tool("check", "--root", FIXTURES, f.name, *args)
            self.assertEqual((p.returncode, p.stderr), (0, ""))
        its_path = rel(os.path.join(HERE, "bad", "passthrough_gic3_its.yaml"))
        p = tool("check", "--root", FIXTURES, its_path, "--gic", "2")
        self.assertEqual((p.returncode, p.stderr), (0, ""))

    def test_minihyp_refuses_damaged_blob(self):
        out = os.path.join(FIXTURES, "damaged.vmb")
        blob = build(GOOD, FIXTURES, out)
        cases = [
            (blob[:-1], "minihyp: VM file: header: total_size: 3408 bytes, but 2 VMs and 1 "
             "shared regions take 3408 (3407 loaded)"),
            (blob[:200] + bytes([blob[200] ^ 1]) + blob[201:], "minihyp: VM file: header: "
             "crc32: 0x"),
            (blob[:8] + struct.pack("<I", 1) + blob[12:], "minihyp: VM file: header: version: "
             "1, this minihyp reads version 2"),
            (b"MHVMFILX" + blob[8:], "minihyp: VM file: header: magic: 0x584c49464d56484d is "
             "not \"MHVMFILE\""),
        ]
        for data, want in cases:
            with open(out, "wb") as f:
                f.write(data)
            self.assertNotEqual(tool("dump", out).returncode, 0)
            for d in DUMPS:
                c = c_dump(d, out)
                self.assertEqual(c.returncode, 1, want)
                self.assertEqual(len(c.stdout.splitlines()), 1, c.stdout)
                self.assertTrue(c.stdout.startswith(want), "\nwant %s\ngot  %s" % (want,
                                                                                  c.stdout))


def main():
    global FIXTURES, BUILD
    ap = argparse.ArgumentParser()
    ap.add_argument("--dump", action="append", default=[], help="a vmfile_dump binary")
    ap.add_argument("--build", required=True, help="the build folder")
    a = ap.parse_args()
    DUMPS.extend(a.dump)
    BUILD = os.path.abspath(a.build)
    suite = unittest.defaultTestLoader.loadTestsFromModule(sys.modules[__name__])
    print("1..%d" % suite.countTestCases())
    with tempfile.TemporaryDirectory() as d:
        FIXTURES = d
        write_fixtures(d)
        result = TapResult()
        suite.run(result)
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
