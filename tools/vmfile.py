#!/usr/bin/env python3
"""VM files: check a YAML description of minihyp's VMs and build its blob.

    vmfile.py check FILE...              check; print every problem, exit 1 if any
    vmfile.py build FILE -o BLOB         check, then write the blob minihyp loads and
                                         each Linux VM's device tree (BLOB.<vm>.dtb)
    vmfile.py dump BLOB [--flat]         decode a blob (JSON, or one field a line)
    vmfile.py qemu-args FILE --blob BLOB QEMU's generic-loader options that put the
                                         blob and every image where minihyp wants them
    vmfile.py layout                     the blob's structs: field offsets and sizes

Image files are read relative to --root (default: the current directory).
--gic 2|3 (check, build, qemu-args) names the board's GIC version instead
of the file's board.gic (make run VMS=F GIC=N): the blob carries it, and
minihyp refuses a blob whose GIC is not the board's.
The format is docs/vm-file.md; the blob's C definition examples/minihyp/
vmfile.h.  A file is first checked against tools/vmfile.schema.json, then
against the rules below, and every problem is printed as
`<file>: vm <name>: <field>: <rule>` (or `shared <name>`, `board`, ...).
Nothing is written when there is one.
"""
import argparse
import importlib.util
import json
import os
import struct
import subprocess
import sys
import zlib

import jsonschema
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "gen"))
sys.path.insert(0, HERE)
from qemu_board import loader, platform_h  # noqa: E402  (the one QEMU command line)
from regen import KeyDict, SpecLoader  # noqa: E402  (the register specs' strict YAML)

SCHEMA = os.path.join(HERE, "vmfile.schema.json")
MH = os.path.join(ROOT, "examples", "minihyp")
P = platform_h(os.path.join(MH, "platform.h"))
C = platform_h(os.path.join(MH, "vmfile.h"))
IPA_BITS = platform_h(os.path.join(MH, "vm.h"))["GUEST_IPA_BITS"]
LB = platform_h(os.path.join(MH, "linux_boot.h"))

KIB, MIB, GIB = 1 << 10, 1 << 20, 1 << 30
PAGE = P["PAGE_SIZE"]
RAM_ALIGN = C["VMFILE_RAM_ALIGN"]
# The hypervisor's own RAM: from the base of the machine's RAM to the guests'.
HYP_RAM = (P["BOARD_RAM_BASE"], P["GUEST_RAM_PA"])
# The board's MMIO ranges that are the hypervisor's (QEMU virt, platform.h),
# by GIC version (0: both): no VM may have them passed through.  GICv2: its
# four frames, and the GICv2m MSI frame, whose writes raise SPIs at
# minihyp's distributor; GICv3: the distributor, the ITS and the
# redistributors.  The UART is minihyp's console.  examples/minihyp/vmfile.c's
# hyp_mmio[] is the same list.
HYP_MMIO = [(name, P["BOARD_%s_BASE" % f], P["BOARD_%s_SIZE" % f], gic) for name, f, gic in (
    ("GIC distributor", "GICD", 0),
    ("GICv2 CPU interface", "GICC", 2),
    ("GICv2m MSI frame", "GICV2M", 2),
    ("GICv2 hypervisor interface", "GICH", 2),
    ("GICv2 virtual CPU interface", "GICV", 2),
    ("GICv3 ITS", "GITS", 3),
    ("GICv3 redistributors", "GICR", 3),
    ("PL011 UART (minihyp's console)", "UART", 0))]
DEV_SIZE = {"pl011": P["GUEST_UART_SIZE"], "testdev": P["GUEST_TESTDEV_SIZE"]}
DEV_TYPE = {"pl011": C["VMFILE_DEV_PL011"], "testdev": C["VMFILE_DEV_TESTDEV"],
            "virtio": C["VMFILE_DEV_VIRTIO"], "passthrough": C["VMFILE_DEV_PASSTHROUGH"]}
GIC_IRQS_DEFAULT = 64


def _gen_dts():
    """tools/linux/gen-dts.py (a file name Python cannot import by name)."""
    spec = importlib.util.spec_from_file_location("gen_dts",
                                                  os.path.join(HERE, "linux", "gen-dts.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod
MAX_GIC_IRQS = platform_h(os.path.join(ROOT, "include", "vgic", "vgic.h"))["VGIC_MAX_IRQS"]

# ---------------------------------------------------------------------------
# The blob: examples/minihyp/vmfile.h, struct by struct.  Fields follow each
# other with no implicit padding (layout() refuses a misaligned field), so
# these offsets are C's; tests/vmfile compares them with offsetof().
# ---------------------------------------------------------------------------

NAME = "%ds" % C["VMFILE_NAME_LEN"]
STRUCTS = {
    "vmfile_header": [
        ("magic", "Q"), ("version", "I"), ("header_size", "I"), ("vm_size", "I"),
        ("shared_size", "I"), ("nr_vms", "I"), ("nr_shared", "I"), ("total_size", "I"),
        ("crc32", "I"), ("board_cpus", "I"), ("console_input", "I"),
        ("board_ram_base", "Q"), ("board_ram_size", "Q"), ("board_gic", "I"),
        ("reserved", "60B")],
    "vmfile_image": [("ipa", "Q"), ("size", "Q"), ("file_size", "Q"), ("reserved", "Q")],
    "vmfile_device": [("name", NAME), ("type", "I"), ("irq", "I"), ("ipa", "Q"), ("size", "Q"),
                      ("pa", "Q")],
    "vmfile_irq": [("name", NAME), ("virq", "I"), ("pirq", "I"), ("flags", "I"),
                   ("reserved", "I")],
    "vmfile_vm": [
        ("name", NAME), ("kind", "I"), ("nr_cpus", "I"), ("cpus", "%dB" % C["VMFILE_MAX_CPUS"]),
        ("ram_ipa", "Q"), ("ram_pa", "Q"), ("ram_size", "Q"), ("entry_ipa", "Q"),
        ("gic_irqs", "I"), ("flags", "I"), ("gicd_ipa", "Q"), ("gicc_ipa", "Q"),
        ("images", ("vmfile_image", C["VMFILE_NR_IMAGES"])),
        ("nr_devices", "I"), ("nr_irqs", "I"), ("console", "I"), ("reserved", "I"),
        ("devices", ("vmfile_device", C["VMFILE_MAX_DEVICES"])),
        ("irqs", ("vmfile_irq", C["VMFILE_MAX_IRQS"])),
        ("cmdline", "%ds" % C["VMFILE_CMDLINE_LEN"])],
    "vmfile_shared_end": [("vm", "I"), ("doorbell", "I"), ("ipa", "Q")],
    "vmfile_shared": [("name", NAME), ("pa", "Q"), ("size", "Q"),
                      ("ends", ("vmfile_shared_end", 2))],
}


def _field_size(kind):
    """(size, alignment) of one field."""
    if isinstance(kind, tuple):
        return sizeof(kind[0]) * kind[1], _align(kind[0])
    size = struct.calcsize("<" + kind)
    return size, 1 if kind.endswith(("s", "B")) else size


def _align(name):
    return max(_field_size(k)[1] for _, k in STRUCTS[name])


def layout(name):
    """[(field, offset, size, kind)] of a struct, checked for implicit padding."""
    out, off = [], 0
    for field, kind in STRUCTS[name]:
        size, align = _field_size(kind)
        if off % align:
            raise AssertionError("%s.%s at %d is not %d-aligned" % (name, field, off, align))
        out.append((field, off, size, kind))
        off += size
    if off % _align(name):
        raise AssertionError("%s ends with padding" % name)
    return out


def sizeof(name):
    f, off, size, _ = layout(name)[-1]
    return off + size


def pack(name, value):
    """Bytes of struct `name` from a dict (absent fields and array entries: 0)."""
    out = bytearray()
    for field, _, size, kind in layout(name):
        v = value.get(field)
        if isinstance(kind, tuple):
            items = list(v or [])
            for i in range(kind[1]):
                out += pack(kind[0], items[i] if i < len(items) else {})
        elif kind.endswith("B"):
            items = list(v or [])
            out += bytes(items + [0] * (size - len(items)))
        elif kind.endswith("s"):
            b = (v or "").encode()
            assert len(b) < size, (name, field, v)  # the checks keep a NUL
            out += b.ljust(size, b"\0")
        else:
            out += struct.pack("<" + kind, v or 0)
    return bytes(out)


def unpack(name, data, base=0):
    """A dict of struct `name` at data[base:]; strings up to their NUL."""
    out = {}
    for field, off, size, kind in layout(name):
        at = base + off
        if isinstance(kind, tuple):
            n = sizeof(kind[0])
            out[field] = [unpack(kind[0], data, at + i * n) for i in range(kind[1])]
        elif kind.endswith("B"):
            out[field] = list(data[at:at + size])
        elif kind.endswith("s"):
            out[field] = data[at:at + size].split(b"\0")[0].decode("utf-8", "replace")
        else:
            out[field] = struct.unpack_from("<" + kind, data, at)[0]
    return out


def flat(value, prefix=""):
    """`path=value` lines of a decoded blob (tests compare them with C's)."""
    lines = []
    if isinstance(value, dict):
        for k, v in value.items():
            lines += flat(v, prefix + ("." if prefix else "") + k)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            lines += flat(v, "%s[%d]" % (prefix, i))
    elif isinstance(value, str):
        lines.append("%s=\"%s\"" % (prefix, value))
    else:
        lines.append("%s=0x%x" % (prefix, value))
    return lines


def decode(data):
    """The blob as a dict: header, vms, shared.  Raises ValueError if it is not one."""
    hs = sizeof("vmfile_header")
    if len(data) < hs:
        raise ValueError("%d bytes: shorter than the header (%d)" % (len(data), hs))
    h = unpack("vmfile_header", data)
    if h["magic"] != C["VMFILE_MAGIC"] or h["version"] != C["VMFILE_VERSION"]:
        raise ValueError("not a version-%d VM file blob" % C["VMFILE_VERSION"])
    vs, ss = sizeof("vmfile_vm"), sizeof("vmfile_shared")
    if h["total_size"] != len(data) or h["total_size"] != hs + h["nr_vms"] * vs + \
            h["nr_shared"] * ss:
        raise ValueError("total_size %d does not match" % h["total_size"])
    if zlib.crc32(pack("vmfile_header", dict(h, crc32=0)) + data[hs:]) != h["crc32"]:
        raise ValueError("CRC-32 mismatch")
    return {"header": h,
            "vms": [unpack("vmfile_vm", data, hs + i * vs) for i in range(h["nr_vms"])],
            "shared": [unpack("vmfile_shared", data, hs + h["nr_vms"] * vs + i * ss)
                       for i in range(h["nr_shared"])]}


# ---------------------------------------------------------------------------
# Loading and checking a VM file
# ---------------------------------------------------------------------------


class Errors:
    def __init__(self, display):
        self.display = display
        self.items = []

    def add(self, where, field, rule):
        """where: "vm <name>", "shared <name>", "board", ... or None (the file)."""
        self.items.append(": ".join(p for p in (self.display, where, field, rule) if p))


def _item_name(items, i):
    it = items[i] if isinstance(items, list) and i < len(items) else None
    n = it.get("name") if isinstance(it, dict) else None
    return n if isinstance(n, str) else "#%d" % i


def locate(data, path):
    """(where, field) of a path into the file, e.g. ("vm linux0", "devices[uart].pa")."""
    path = list(path)
    where = None
    if len(path) >= 2 and path[0] in ("vms", "shared") and isinstance(path[1], int):
        where = "%s %s" % ("vm" if path[0] == "vms" else "shared",
                           _item_name(data.get(path[0]), path[1]))
        node = data[path[0]][path[1]]
        path = path[2:]
    elif path and path[0] in ("board", "console"):
        where, node, path = path[0], data[path[0]], path[1:]
    else:
        node = data
    field = ""
    for p in path:
        if isinstance(p, int):
            named = isinstance(node, list) and isinstance(node[p], dict) and "name" in node[p]
            field += "[%s]" % (_item_name(node, p) if named else p)
        else:
            field += ("." if field else "") + str(p)
        node = node[p] if isinstance(node, (list, dict)) else None
    return where, field or None


def _dups(root, data, errors, path=()):
    """Keys given twice in a mapping (YAML keeps the last one silently)."""
    if isinstance(data, KeyDict):
        where, field = locate(root, path)
        for k in data.dups:
            errors.add(where, ".".join(x for x in (field, str(k)) if x), "key given twice")
    if isinstance(data, dict):
        for k, v in data.items():
            _dups(root, v, errors, path + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            _dups(root, v, errors, path + (i,))


def load(path, display, errors):
    """The file's data if it loads and fits the schema, else None."""
    try:
        with open(path, encoding="utf-8") as f:
            data = yaml.load(f, Loader=SpecLoader)  # noqa: S506 (a safe loader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as e:
        errors.add(None, None, "cannot load: %s" % str(e).replace("\n", " "))
        return None
    if not isinstance(data, dict):
        errors.add(None, None, "schema: the top level must be a mapping")
        return None
    _dups(data, data, errors)
    with open(SCHEMA, encoding="utf-8") as f:
        schema = json.load(f)
    errs = sorted(jsonschema.Draft7Validator(schema).iter_errors(data),
                  key=lambda e: [str(p) for p in e.absolute_path])
    for e in errs:
        where, field = locate(data, e.absolute_path)
        errors.add(where, field, "schema: %s" % e.message)
    return None if errs or errors.items else data


def size_of(v):
    if isinstance(v, str):
        return int(v[:-1]) * {"K": KIB, "M": MIB, "G": GIB}[v[-1]]
    return v


def rng(base, size):
    return "0x%x-0x%x" % (base, base + size)


def overlap(a, asz, b, bsz):
    return a < b + bsz and b < a + asz


class Checker:
    """The rules of docs/vm-file.md on a schema-valid file; builds the model
    the blob is packed from."""

    def __init__(self, data, errors, root, gic=None):
        self.d, self.e, self.root = data, errors, root
        self.board = data["board"]
        self.cpus = self.board["cpus"]
        self.ram = (self.board["ram"]["base"], size_of(self.board["ram"]["size"]))
        self.irqs = self.board.get("irqs")
        self.gic = gic or self.board.get("gic", 2)
        self.vms = []

    def run(self):
        names = {}
        for v in self.d["vms"]:
            if v["name"] in names:
                self.e.add("vm %s" % v["name"], "name", "given to two VMs")
            names[v["name"]] = len(names)
        self.index = names
        for v in self.d["vms"]:
            self.vms.append(self.vm(v))
        self.across()
        self.shared = [self.shm(s) for s in self.d.get("shared", [])]
        inp = self.d.get("console", {}).get("input")
        if inp is not None and inp not in names:
            self.e.add("console", "input", "names no VM (%s)" % ", ".join(names))
        self.console_input = names.get(inp, 0)

    def guest_ram(self, w, field, pa, size):
        """RAM a VM or shared region takes: the board's, not the hypervisor's."""
        if pa < self.ram[0] or pa + size > self.ram[0] + self.ram[1]:
            self.e.add(w, field, "%s is not inside the board's RAM %s (board.ram, QEMU -m)"
                       % (rng(pa, size), rng(*self.ram)))
        if overlap(pa, size, HYP_RAM[0], HYP_RAM[1] - HYP_RAM[0]):
            self.e.add(w, field, "%s overlaps the hypervisor's memory %s"
                       % (rng(pa, size), rng(HYP_RAM[0], HYP_RAM[1] - HYP_RAM[0])))

    # -- one VM -------------------------------------------------------------

    def vm(self, v):
        w = "vm %s" % v["name"]
        m = {"name": v["name"], "src": v, "ipa_ranges": []}
        seen = set()
        for c in v["cpus"]:
            if c in seen:
                self.e.add(w, "cpus", "physical CPU %d given twice" % c)
            if c >= self.cpus:
                self.e.add(w, "cpus", "physical CPU %d is beyond the board's %d (board.cpus, "
                           "QEMU -smp)" % (c, self.cpus))
            seen.add(c)
        m["cpus"] = v["cpus"]

        r = v["ram"]
        ipa, pa, size = r["ipa"], r["pa"], size_of(r["size"])
        m.update(ram_ipa=ipa, ram_pa=pa, ram_size=size)
        for f, val in (("ipa", ipa), ("pa", pa), ("size", size)):
            if val % RAM_ALIGN:
                self.e.add(w, "ram." + f, "0x%x is not 2 MiB aligned (stage-2 blocks)" % val)
        self.guest_ram(w, "ram.pa", pa, size)
        if ipa + size > 1 << IPA_BITS:
            self.e.add(w, "ram.ipa", "%s is beyond the %d-bit IPA space" % (rng(ipa, size),
                                                                           IPA_BITS))
        m["ipa_ranges"].append(("ram", ipa, size))

        gic = v.get("gic", {})
        m["gic_irqs"] = gic.get("irqs", GIC_IRQS_DEFAULT)
        if m["gic_irqs"] % 32 or m["gic_irqs"] > MAX_GIC_IRQS:
            self.e.add(w, "gic.irqs", "%d interrupt IDs: must be a multiple of 32 from 32 to %d"
                       % (m["gic_irqs"], MAX_GIC_IRQS))
        m["gicd_ipa"] = gic.get("gicd", P["GUEST_GICD_IPA"])
        m["gicc_ipa"] = gic.get("gicc", P["GUEST_GICC_IPA"])
        # minihyp's own rules (vm_fits(), examples/minihyp/vm.c), told early
        if m["gicd_ipa"] != P["GUEST_GICD_IPA"]:
            self.e.add(w, "gic.gicd", "0x%x, but minihyp gives a VM its distributor at 0x%x "
                       "only (its exit path looks for it there)"
                       % (m["gicd_ipa"], P["GUEST_GICD_IPA"]))
        if v["name"] == "minihyp":
            self.e.add(w, "name", '"minihyp" is the hypervisor\'s own console prefix')
        for f, size in (("gicd", P["GUEST_GICD_SIZE"]), ("gicc", P["GUEST_GICC_SIZE"])):
            if m[f + "_ipa"] % PAGE:
                self.e.add(w, "gic." + f, "0x%x is not 4 KiB aligned (stage-2 pages)"
                           % m[f + "_ipa"])
            m["ipa_ranges"].append(("gic." + f, m[f + "_ipa"], size))
        if self.gic == 3:
            # minihyp emulates a GICv3 VM's redistributors there (vm_fits())
            m["ipa_ranges"].append(("the GICv3 redistributors", P["GUEST_GICR_IPA"],
                                    P["GUEST_GICR_SIZE"]))
        m["flags"] = C["VMFILE_VM_CNTVOFF_BOOT"] if v.get("counter") == "boot" else 0

        self.image(w, v["image"], m)
        self.devices(w, v, m)
        self.interrupts(w, v, m)
        con = v.get("console")
        m["console"] = C["VMFILE_NONE"]
        if con is not None:
            found = [i for i, dv in enumerate(v.get("devices", [])) if dv["name"] == con]
            if not found or v["devices"][found[0]]["type"] != "pl011":
                self.e.add(w, "console", "%s is not a pl011 device of this VM" % con)
            else:
                m["console"] = found[0]
        if m["kind"] == C["VMFILE_KIND_LINUX"] and (con is None or
                                                    m["console"] != C["VMFILE_NONE"]):
            con = m["console"] != C["VMFILE_NONE"] and m["devices"][m["console"]]
            if not con or not con["irq"]:
                self.e.add(w, "console", "a Linux VM needs a pl011 console with its irq (its "
                           "device tree describes the UART)")
        self.ipa_overlaps(w, m["ipa_ranges"])
        return m

    def file_size(self, w, field, name):
        p = os.path.normpath(os.path.join(self.root, name))
        try:
            with open(p, "rb") as f:
                head = f.read(64)
            return os.path.getsize(p), head
        except OSError as e:
            self.e.add(w, field, "cannot read %s: %s" % (p, e.strerror))
            return None, None

    def in_ram(self, w, field, m, ipa, size):
        if ipa < m["ram_ipa"] or ipa + size > m["ram_ipa"] + m["ram_size"]:
            self.e.add(w, field, "%s is not inside the VM's RAM %s"
                       % (rng(ipa, size), rng(m["ram_ipa"], m["ram_size"])))

    def image(self, w, im, m):
        imgs = []  # (field, ipa, size, file size, file)
        if im["type"] == "baremetal":
            m["kind"] = C["VMFILE_KIND_BAREMETAL"]
            n, _ = self.file_size(w, "image.file", im["file"])
            if n is not None:
                imgs.append(("image", im["ipa"], n, n, im["file"]))
                self.in_ram(w, "image.ipa", m, im["ipa"], n)
            m["entry_ipa"] = im.get("entry", im["ipa"])
            if m["entry_ipa"] % 4:
                self.e.add(w, "image.entry", "0x%x is not 4-byte aligned (an A64 instruction)"
                           % m["entry_ipa"])
            if n is not None and not im["ipa"] <= m["entry_ipa"] < im["ipa"] + n:
                self.e.add(w, "image.entry", "0x%x is not inside the image %s"
                           % (m["entry_ipa"], rng(im["ipa"], n)))
        else:
            m["kind"] = C["VMFILE_KIND_LINUX"]
            k = im["kernel"]
            m["entry_ipa"] = k["ipa"]
            n, head = self.file_size(w, "image.kernel.file", k["file"])
            if n is not None:
                if len(head) < 64 or struct.unpack_from("<I", head, LB["LINUX_IMAGE_MAGIC_OFF"])[
                        0] != LB["LINUX_IMAGE_MAGIC"]:
                    self.e.add(w, "image.kernel.file", "%s is not an arm64 Image (no 'ARM\\x64' "
                               "magic at 0x38)" % k["file"])
                else:
                    text_offset, image_size = struct.unpack_from(
                        "<QQ", head, LB["LINUX_IMAGE_TEXT_OFFSET_OFF"])
                    if image_size == 0:  # before Linux 3.17
                        text_offset = LB["LINUX_IMAGE_OLD_TEXT_OFFSET"]
                    if (k["ipa"] - text_offset) % LB["LINUX_IMAGE_ALIGN"]:
                        self.e.add(w, "image.kernel.ipa", "0x%x is not text_offset (0x%x) above "
                                   "a 2 MiB aligned base (arm64 boot protocol)"
                                   % (k["ipa"], text_offset))
                    size = max(n, image_size)
                    imgs.append(("image.kernel", k["ipa"], size, n, k["file"]))
                    self.in_ram(w, "image.kernel.ipa", m, k["ipa"], size)
            ird = im.get("initramfs")
            if ird:
                n, _ = self.file_size(w, "image.initramfs.file", ird["file"])
                if n is not None:
                    imgs.append(("image.initramfs", ird["ipa"], n, n, ird["file"]))
                    self.in_ram(w, "image.initramfs.ipa", m, ird["ipa"], n)
            dtb = im["dtb"]["ipa"]
            if dtb % LB["LINUX_FDT_ALIGN"]:
                self.e.add(w, "image.dtb.ipa", "0x%x is not 8-byte aligned (arm64 boot protocol)"
                           % dtb)
            imgs.append(("image.dtb", dtb, LB["LINUX_FDT_MAX_SIZE"], 0, None))
            self.in_ram(w, "image.dtb.ipa", m, dtb, LB["LINUX_FDT_MAX_SIZE"])
            m["initrd"] = (ird["ipa"], n) if ird and n is not None else None
            m["cmdline"] = im.get("cmdline", "")
            if len(m["cmdline"].encode()) >= C["VMFILE_CMDLINE_LEN"]:
                self.e.add(w, "image.cmdline", "%d bytes of UTF-8: at most %d"
                           % (len(m["cmdline"].encode()), C["VMFILE_CMDLINE_LEN"] - 1))
        for i, a in enumerate(imgs):
            for b in imgs[:i]:
                if overlap(a[1], a[2], b[1], b[2]):
                    self.e.add(w, a[0] + ".ipa", "%s overlaps %s (%s)"
                               % (rng(a[1], a[2]), b[0], rng(b[1], b[2])))
        slots = {"image": 0, "image.kernel": 0, "image.initramfs": 1, "image.dtb": 2}
        m["images"] = [{}] * C["VMFILE_NR_IMAGES"]
        m["files"] = []
        for f, ipa, size, fsize, name in imgs:
            m["images"][slots[f]] = {"ipa": ipa, "size": size, "file_size": fsize}
            if name:
                m["files"].append((name, m["ram_pa"] + ipa - m["ram_ipa"]))

    def devices(self, w, v, m):
        m["devices"] = []
        names = set()
        for dv in v.get("devices", []):
            f = "devices[%s]" % dv["name"]
            if dv["name"] in names:
                self.e.add(w, f + ".name", "given to two devices of this VM")
            names.add(dv["name"])
            t = dv["type"]
            size = {"virtio": lambda: dv["count"] * P["GUEST_VIRTIO_SLOT_SIZE"],
                    "passthrough": lambda: size_of(dv["size"])}.get(t, lambda: DEV_SIZE[t])()
            d = {"name": dv["name"], "type": DEV_TYPE[t], "irq": dv.get("irq", 0),
                 "ipa": dv["ipa"], "size": size, "pa": dv.get("pa", 0)}
            if d["ipa"] % PAGE:
                self.e.add(w, f + ".ipa", "0x%x is not 4 KiB aligned (stage-2 pages)" % d["ipa"])
            if t == "passthrough":
                if d["pa"] % PAGE or size % PAGE:
                    self.e.add(w, f + ".pa", "%s is not 4 KiB aligned and sized (stage-2 "
                               "pages)" % rng(d["pa"], size))
                self.passthrough_pa(w, f + ".pa", d["pa"], size)
            m["devices"].append(d)
            m["ipa_ranges"].append((f, d["ipa"], size))

    def passthrough_pa(self, w, field, pa, size):
        """A passed-through range: none of the board's RAM, the hypervisor's
        least, nor the hypervisor's MMIO on the board's GIC."""
        if overlap(pa, size, HYP_RAM[0], HYP_RAM[1] - HYP_RAM[0]):
            self.e.add(w, field, "%s overlaps the hypervisor's memory %s"
                       % (rng(pa, size), rng(HYP_RAM[0], HYP_RAM[1] - HYP_RAM[0])))
        elif overlap(pa, size, *self.ram):
            self.e.add(w, field, "%s is in the board's RAM %s" % (rng(pa, size), rng(*self.ram)))
        for name, base, bsize, gic in HYP_MMIO:
            if gic in (0, self.gic) and overlap(pa, size, base, bsize):
                self.e.add(w, field, "%s overlaps the board's %s %s: the hypervisor's"
                           % (rng(pa, size), name, rng(base, bsize)))

    def virq(self, w, field, m, virq):
        """virq: an SPI of the VM, used once in it."""
        if virq >= m["gic_irqs"]:
            self.e.add(w, field, "virtual INTID %d is not an SPI of the VM (32..%d, gic.irqs)"
                       % (virq, m["gic_irqs"] - 1))
        if virq in m["virqs"]:
            self.e.add(w, field, "virtual INTID %d is also %s" % (virq, m["virqs"][virq]))
        else:
            m["virqs"][virq] = "%s (%s)" % (field, w)

    def virtio_irqs(self, w, m):
        """A Linux VM's device tree describes its empty virtio-mmio slots as
        QEMU virt does, slot n with SPI VIRTIO_SPI + n (INTID 48 + n): those
        must be SPIs of the VM that nothing else of it uses."""
        spi = _gen_dts().VIRTIO_SPI
        for d in m["devices"]:
            if d["type"] != DEV_TYPE["virtio"]:
                continue
            f = "devices[%s]" % d["name"]
            n = d["size"] // P["GUEST_VIRTIO_SLOT_SIZE"]
            if 32 + spi + n > m["gic_irqs"]:
                self.e.add(w, f + ".count", "%d slots take virtual INTIDs %d..%d (QEMU virt's, "
                           "in the device tree), beyond the VM's 32..%d (gic.irqs)"
                           % (n, 32 + spi, 32 + spi + n - 1, m["gic_irqs"] - 1))
                continue
            for i in range(n):
                virq = 32 + spi + i
                if virq in m["virqs"]:
                    self.e.add(w, f + ".count", "slot %d's virtual INTID %d (QEMU virt's, in the "
                               "device tree) is also %s" % (i, virq, m["virqs"][virq]))
                else:
                    m["virqs"][virq] = "%s slot %d (%s)" % (f, i, w)

    def interrupts(self, w, v, m):
        m["virqs"] = {}
        m["irqs"] = []
        for d in m["devices"]:
            if d["irq"]:
                self.virq(w, "devices[%s].irq" % d["name"], m, d["irq"])
        if m["kind"] == C["VMFILE_KIND_LINUX"]:
            self.virtio_irqs(w, m)
        for q in v.get("interrupts", []):
            f = "interrupts[%s]" % q["name"]
            virq = q.get("virq", q["pirq"])
            if self.irqs is not None and q["pirq"] >= self.irqs:
                self.e.add(w, f + ".pirq", "physical INTID %d is beyond the board's %d "
                           "interrupt lines (board.irqs)" % (q["pirq"], self.irqs))
            self.virq(w, f + ".virq", m, virq)
            m["irqs"].append({"name": q["name"], "virq": virq, "pirq": q["pirq"],
                              "flags": C["VMFILE_IRQ_EDGE"] if q.get("trigger") == "edge"
                              else 0})

    def ipa_overlaps(self, w, ranges):
        for i, (f, a, asz) in enumerate(ranges):
            if a + asz > 1 << IPA_BITS and f != "ram":
                self.e.add(w, f + ".ipa", "%s is beyond the %d-bit IPA space"
                           % (rng(a, asz), IPA_BITS))
            for g, b, bsz in ranges[:i]:
                if overlap(a, asz, b, bsz):
                    self.e.add(w, f + (".ipa" if f != "ram" else ""), "IPA %s overlaps %s (%s)"
                               % (rng(a, asz), g, rng(b, bsz)))

    # -- across VMs ---------------------------------------------------------

    def across(self):
        owner_cpu, owner_pirq, pas = {}, {}, []
        for m in self.vms:
            w = "vm %s" % m["name"]
            for c in sorted(set(m["cpus"])):
                if c in owner_cpu:
                    self.e.add(w, "cpus", "physical CPU %d is also vm %s's" % (c, owner_cpu[c]))
                owner_cpu.setdefault(c, m["name"])
            for q in m["irqs"]:
                f = "interrupts[%s].pirq" % q["name"]
                if q["pirq"] in owner_pirq:
                    self.e.add(w, f, "physical INTID %d is also %s" % (q["pirq"],
                                                                       owner_pirq[q["pirq"]]))
                owner_pirq.setdefault(q["pirq"], "%s of vm %s" % (f, m["name"]))
            here = [("ram.pa", m["ram_pa"], m["ram_size"])]
            here += [("devices[%s].pa" % d["name"], d["pa"], d["size"]) for d in m["devices"]
                     if d["type"] == DEV_TYPE["passthrough"]]
            for f, a, asz in here:
                for g, b, bsz in pas:
                    if overlap(a, asz, b, bsz):
                        what = "a device given to two VMs" if "devices" in f + g else "overlap"
                        self.e.add(w, f, "PA %s overlaps %s (%s): %s" % (rng(a, asz), g,
                                                                        rng(b, bsz), what))
            pas += [("%s of vm %s" % (f, m["name"]), a, asz) for f, a, asz in here]
        self.pas = pas

    def shm(self, s):
        w = "shared %s" % s["name"]
        pa, size = s["pa"], size_of(s["size"])
        out = {"name": s["name"], "pa": pa, "size": size, "ends": []}
        if pa % PAGE or size % PAGE:
            self.e.add(w, "pa", "%s is not 4 KiB aligned and sized (stage-2 pages)"
                       % rng(pa, size))
        self.guest_ram(w, "pa", pa, size)
        for g, b, bsz in self.pas:
            if overlap(pa, size, b, bsz):
                self.e.add(w, "pa", "PA %s overlaps %s (%s)" % (rng(pa, size), g, rng(b, bsz)))
        self.pas.append(("pa of shared %s" % s["name"], pa, size))
        for i, end in enumerate(s["between"]):
            f = "between[%d]" % i
            if end["vm"] not in self.index:
                self.e.add(w, f + ".vm", "names no VM (%s)" % ", ".join(self.index))
                continue
            if i and end["vm"] == s["between"][0]["vm"]:
                self.e.add(w, f + ".vm", "both ends are vm %s" % end["vm"])
            m = self.vms[self.index[end["vm"]]]
            if end["ipa"] % PAGE:
                self.e.add(w, f + ".ipa", "0x%x is not 4 KiB aligned (stage-2 pages)"
                           % end["ipa"])
            for g, b, bsz in m["ipa_ranges"]:
                if overlap(end["ipa"], size, b, bsz):
                    self.e.add(w, f + ".ipa", "IPA %s overlaps %s (%s) of vm %s"
                               % (rng(end["ipa"], size), g, rng(b, bsz), end["vm"]))
            m["ipa_ranges"].append(("shared %s" % s["name"], end["ipa"], size))
            self.virq(w, f + ".doorbell", m, end["doorbell"])
            out["ends"].append({"vm": self.index[end["vm"]], "doorbell": end["doorbell"],
                                "ipa": end["ipa"]})
        return out

    # -- the blob -----------------------------------------------------------

    def dts(self, m):
        """The device tree source of Linux VM m: its CPUs, RAM, GIC, console
        PL011, initramfs and command line (tools/linux/gen-dts.py's
        template).  Its empty virtio-mmio slots are described as QEMU
        virt's (virtio_irqs()), so that Linux probes them and finds no device
        is behind them."""
        uart = m["devices"][m["console"]]
        virtio = [d for d in m["devices"] if d["type"] == DEV_TYPE["virtio"]][:1]
        start, end = None, None
        if m["initrd"]:
            start, end = m["initrd"][0], m["initrd"][0] + m["initrd"][1]
        return _gen_dts().render(
            len(m["cpus"]), m["ram_size"], bootargs=m["cmdline"], gic=self.gic,
            mem_base=m["ram_ipa"], initrd_start=start, initrd_end=end, gicd=m["gicd_ipa"],
            gicc=m["gicc_ipa"], gicr=P["GUEST_GICR_IPA"], uart=uart["ipa"],
            uart_spi=uart["irq"] - 32,
            virtio_base=virtio[0]["ipa"] if virtio else 0,
            virtio_count=virtio[0]["size"] // P["GUEST_VIRTIO_SLOT_SIZE"] if virtio else 0)

    def make_dtbs(self, blob_path, compile_them):
        """Each Linux VM's device tree, BLOB.<vm>.dtb: compiled with dtc
        (build) or found where build left it (qemu-args); the blob names
        it as the VM's DTB image, qemu-args loads it.  Returns the error
        lines (empty: done)."""
        errors = []
        for m in self.vms:
            if m["kind"] != C["VMFILE_KIND_LINUX"]:
                continue
            out = "%s.%s.dtb" % (blob_path, m["name"])
            if compile_them:
                p = subprocess.run(["dtc", "-q", "-I", "dts", "-O", "dtb", "-o", out, "-"],
                                   input=self.dts(m), capture_output=True, text=True)
                if p.returncode:
                    errors.append("vm %s: image.dtb: dtc failed: %s"
                                  % (m["name"], p.stderr.strip()))
                    continue
            elif not os.path.exists(out):
                errors.append("vm %s: image.dtb: %s does not exist (vmfile.py build writes it "
                              "beside the blob)" % (m["name"], out))
                continue
            n = os.path.getsize(out)
            dtb = m["images"][C["VMFILE_IMG_DTB"]]
            if n > dtb["size"]:
                errors.append("vm %s: image.dtb: %d bytes of device tree, more than the %d "
                              "kept for it" % (m["name"], n, dtb["size"]))
            m["images"][C["VMFILE_IMG_DTB"]] = dict(dtb, file_size=n)
            m["files"].append((os.path.abspath(out), m["ram_pa"] + dtb["ipa"] - m["ram_ipa"]))
        return errors

    def blob(self):
        hs, vs, ss = sizeof("vmfile_header"), sizeof("vmfile_vm"), sizeof("vmfile_shared")
        body = b""
        for m in self.vms:
            body += pack("vmfile_vm", dict(m, nr_cpus=len(m["cpus"]),
                                           nr_devices=len(m["devices"]),
                                           nr_irqs=len(m["irqs"])))
        for s in self.shared:
            body += pack("vmfile_shared", s)
        h = {"magic": C["VMFILE_MAGIC"], "version": C["VMFILE_VERSION"], "header_size": hs,
             "vm_size": vs, "shared_size": ss, "nr_vms": len(self.vms),
             "nr_shared": len(self.shared), "total_size": hs + len(body),
             "board_cpus": self.cpus, "console_input": self.console_input,
             "board_ram_base": self.ram[0], "board_ram_size": self.ram[1],
             "board_gic": self.gic}
        h["crc32"] = zlib.crc32(pack("vmfile_header", h) + body)
        return pack("vmfile_header", h) + body


def display_name(path):
    rel = os.path.relpath(os.path.abspath(path), ROOT)
    return path if rel.startswith("..") else rel.replace(os.sep, "/")


def check_file(path, root=".", gic=None):
    """(Checker or None, [error lines]); gic: the board's, instead of board.gic."""
    errors = Errors(display_name(path))
    data = load(path, errors.display, errors)
    if data is None:
        return None, errors.items
    c = Checker(data, errors, root, gic)
    c.run()
    return (None if errors.items else c), errors.items


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    gic = argparse.ArgumentParser(add_help=False)
    gic.add_argument("--gic", type=int, choices=(2, 3),
                     help="the board's GIC version, instead of the file's board.gic")
    p = sub.add_parser("check", help="check VM files", parents=[gic])
    p.add_argument("files", nargs="+")
    p.add_argument("--root", default=".", help="image paths are relative to this")
    p = sub.add_parser("build", help="check a VM file and write its blob", parents=[gic])
    p.add_argument("file")
    p.add_argument("-o", "--output", required=True)
    p.add_argument("--root", default=".")
    p = sub.add_parser("dump", help="decode a blob")
    p.add_argument("blob")
    p.add_argument("--flat", action="store_true", help="one path=value line per field")
    p = sub.add_parser("qemu-args", help="QEMU loader options for the blob and the images",
                       parents=[gic])
    p.add_argument("file")
    p.add_argument("--blob", required=True)
    p.add_argument("--root", default=".")
    sub.add_parser("layout", help="struct field offsets, as offsetof() gives them")
    a = ap.parse_args(argv)

    if a.cmd == "layout":
        for name in STRUCTS:
            print("%s %d" % (name, sizeof(name)))
            for field, off, size, _ in layout(name):
                print("%s.%s %d %d" % (name, field, off, size))
        return 0
    if a.cmd == "dump":
        with open(a.blob, "rb") as f:
            data = f.read()
        try:
            d = decode(data)
        except ValueError as e:
            print("%s: %s" % (a.blob, e), file=sys.stderr)
            return 1
        print("\n".join(flat(d)) if a.flat else json.dumps(d, indent=1))
        return 0
    bad = 0
    for path in getattr(a, "files", None) or [a.file]:
        c, errors = check_file(path, a.root, getattr(a, "gic", None))
        for e in errors:
            print(e, file=sys.stderr)
        bad += len(errors)
    if bad:
        print("vmfile: %d error(s)%s" % (bad, "" if a.cmd == "check" else ", nothing written"),
              file=sys.stderr)
        return 1
    if a.cmd == "check":
        return 0
    errors = c.make_dtbs(a.output if a.cmd == "build" else a.blob, a.cmd == "build")
    for e in errors:
        print("%s: %s" % (display_name(a.file), e), file=sys.stderr)
    if errors:
        print("vmfile: %d error(s), nothing written" % len(errors), file=sys.stderr)
        return 1
    if a.cmd == "build":
        with open(a.output, "wb") as f:
            f.write(c.blob())
    elif a.cmd == "qemu-args":
        args = loader(a.blob, P["HYP_VMFILE_PA"])
        for m in c.vms:
            for name, pa in m["files"]:
                args += loader(os.path.normpath(os.path.join(a.root, name)), pa)
        print(" ".join(args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
