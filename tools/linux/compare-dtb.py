#!/usr/bin/env python3
"""Compare the minihyp guest device tree with the one QEMU builds for `virt`.

Dumps QEMU's DTB (`-machine virt,virtualization=on,gic-version=2,dumpdtb=`)
for the same CPU count and RAM size, then checks, node by node, that the
guest board describes the same hardware at the same addresses with the same
interrupts.  The differences that are meant to be there are checked as such:
PSCI goes through `hvc` (QEMU's own PSCI uses `smc` when it runs EL2
software), and the GIC node has only the distributor and CPU interface, at
their architectural sizes, with no maintenance interrupt.

Prints TAP lines; exits non-zero when a check fails.
"""
import argparse
import os
import struct
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import qemu_board  # noqa: E402  (the one QEMU command line)

FDT_MAGIC = 0xD00DFEED
FDT_BEGIN_NODE, FDT_END_NODE, FDT_PROP, FDT_NOP, FDT_END = 1, 2, 3, 4, 9


def parse_dtb(path):
    """{node path: {property name: raw bytes}} of a flattened device tree."""
    with open(path, "rb") as f:
        blob = f.read()
    magic, _, off_struct, off_strings = struct.unpack_from(">IIII", blob, 0)
    if magic != FDT_MAGIC:
        raise SystemExit(f"{path}: not a DTB")
    nodes = {}
    stack = []
    pos = off_struct
    while True:
        (tok,) = struct.unpack_from(">I", blob, pos)
        pos += 4
        if tok == FDT_BEGIN_NODE:
            end = blob.index(b"\0", pos)
            name = blob[pos:end].decode()
            pos = (end + 4) & ~3
            stack.append(name)
            path = "/" + "/".join(s for s in stack[1:])
            nodes[path] = {}
        elif tok == FDT_END_NODE:
            stack.pop()
        elif tok == FDT_PROP:
            length, nameoff = struct.unpack_from(">II", blob, pos)
            pos += 8
            end = blob.index(b"\0", off_strings + nameoff)
            pname = blob[off_strings + nameoff:end].decode()
            path = "/" + "/".join(s for s in stack[1:])
            nodes[path][pname] = blob[pos:pos + length]
            pos = (pos + length + 3) & ~3
        elif tok == FDT_NOP:
            continue
        elif tok == FDT_END:
            return nodes
        else:
            raise SystemExit(f"{path}: bad FDT token {tok}")


def cells(b):
    return list(struct.unpack(f">{len(b) // 4}I", b)) if b is not None else None


def strings(b):
    return b.rstrip(b"\0").decode().split("\0") if b is not None else None


def find(nodes, compatible=None, name=None, unit=None):
    """Path of the first node with this compatible string (or node name) and
    unit address."""
    for path, props in nodes.items():
        base = path.rsplit("/", 1)[-1]
        nname, _, nunit = base.partition("@")
        if compatible and compatible not in (strings(props.get("compatible")) or []):
            continue
        if name and nname != name:
            continue
        if unit is not None and nunit != unit:
            continue
        return path
    return None


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def check(self, cond, what, detail=""):
        self.n += 1
        if not cond:
            self.failed += 1
        print(f"{'ok' if cond else 'not ok'} {self.n} - {what}" + (f": {detail}" if detail else ""))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dtb", help="the guest DTB (from tools/linux/gen-dts.py + dtc)")
    ap.add_argument("--cpus", type=int, default=2)
    ap.add_argument("--mem", default="1G")
    ap.add_argument("--qemu", default=qemu_board.QEMU)
    ap.add_argument("--qemu-dtb", help="use this QEMU DTB instead of dumping one")
    a = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        qdtb = a.qemu_dtb
        if not qdtb:
            qdtb = os.path.join(tmp, "virt.dtb")
            r = subprocess.run(qemu_board.dumpdtb_command(qdtb, smp=a.cpus, mem=a.mem,
                                                          qemu=a.qemu),
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            if r.returncode != 0:
                why = (r.stderr.strip().splitlines() or ["no message"])[-1]
                print(f"not ok - QEMU dumps its virt DTB (status {r.returncode}: {why})")
                return 1
        q = parse_dtb(qdtb)
    g = parse_dtb(a.dtb)
    t = Tap()
    print("1..15")

    def same(gpath, qpath, prop, what):
        gv, qv = g.get(gpath, {}).get(prop), q.get(qpath, {}).get(prop)
        t.check(gv is not None and gv == qv, what,
                f"guest {cells(gv) if gv and len(gv) % 4 == 0 else gv} "
                f"qemu {cells(qv) if qv and len(qv) % 4 == 0 else qv}")

    t.check(cells(g["/"].get("#address-cells")) == cells(q["/"]["#address-cells"]) == [2]
            and cells(g["/"].get("#size-cells")) == cells(q["/"]["#size-cells"]) == [2],
            "root #address-cells/#size-cells are 2/2 like QEMU's")

    gm, qm = find(g, name="memory"), find(q, name="memory")
    same(gm, qm, "reg", "memory: same base and size")

    # CPUs: same MPIDR values; the guest's all start through PSCI (QEMU
    # leaves enable-method out when there is a single CPU).
    def cpus(nodes):
        return sorted((cells(p["reg"])[0], strings(p.get("enable-method")))
                      for path, p in nodes.items() if path.startswith("/cpus/cpu@"))
    gc_, qc_ = cpus(g), cpus(q)
    t.check([r for r, _ in gc_] == [r for r, _ in qc_]
            and all(m == ["psci"] for _, m in gc_)
            and all(m in (None, ["psci"]) for _, m in qc_),
            "cpus: same MPIDRs, enable-method psci", f"guest {gc_} qemu {qc_}")

    gp, qp = find(g, name="psci"), find(q, name="psci")
    t.check(strings(g[gp].get("compatible")) == strings(q[qp].get("compatible")),
            "psci: same compatible (PSCI 1.0/0.2)", str(strings(g[gp].get("compatible"))))
    t.check(strings(g[gp].get("method")) == ["hvc"] and strings(q[qp].get("method")) == ["smc"],
            "psci: guest calls through hvc (QEMU's EL2 software uses smc)")
    t.check(all(g[gp].get(k) == q[qp].get(k) for k in ("cpu_on", "cpu_off", "cpu_suspend", "migrate")),
            "psci: same legacy function ids")

    gg = find(g, compatible="arm,cortex-a15-gic", unit=f"{qemu_board.GUEST_GICD_IPA:x}")
    qg = find(q, compatible="arm,cortex-a15-gic", unit=f"{qemu_board.BOARD_GICD_BASE:x}")
    greg, qreg = cells(g[gg]["reg"]), cells(q[qg]["reg"])
    t.check(len(greg) == 8 and greg[0:2] == qreg[0:2] and greg[4:6] == qreg[4:6]
            and greg[2:4] == [0, 0x1000] and greg[6:8] == [0, 0x2000],
            "gic: GICv2 distributor and CPU interface at QEMU's addresses (4 KiB, 8 KiB), "
            "no GICH/GICV", f"guest {[hex(x) for x in greg]}")
    t.check("interrupts" not in g[gg] and "interrupts" in q[qg],
            "gic: no maintenance interrupt described to the guest")
    t.check(cells(g[gg].get("#interrupt-cells")) == [3] and "interrupt-controller" in g[gg],
            "gic: interrupt-controller with 3 cells")

    gt = find(g, compatible="arm,armv8-timer")
    qt = find(q, compatible="arm,armv8-timer")
    same(gt, qt, "interrupts", "timer: PPIs 13, 14, 11, 10 with the same flags")

    gu = find(g, compatible="arm,pl011", unit=f"{qemu_board.GUEST_UART_IPA:x}")
    qu = find(q, compatible="arm,pl011", unit=f"{qemu_board.BOARD_UART_BASE:x}")
    t.check(gu is not None and all(g[gu].get(k) == q[qu].get(k)
                                   for k in ("reg", "interrupts", "compatible", "clock-names")),
            f"uart: pl011 at {qemu_board.GUEST_UART_IPA:#010x}, SPI 1, same compatible and "
            "clock names")
    gc = find(g, compatible="fixed-clock")
    qc = find(q, compatible="fixed-clock")
    t.check(gc is not None and g[gc].get("clock-frequency") == q[qc].get("clock-frequency"),
            "apb_pclk: same fixed clock frequency")

    def virtio(nodes):
        return [(path.rsplit("@", 1)[-1], cells(p["reg"]), cells(p["interrupts"]))
                for path, p in nodes.items()
                if "virtio,mmio" in (strings(p.get("compatible")) or [])]
    gv, qv = virtio(g), virtio(q)
    t.check(len(gv) == 32 and gv == qv,
            "virtio-mmio: the same 32 transports, in the same order, same SPIs",
            f"guest {len(gv)} qemu {len(qv)}")

    ch = g.get("/chosen", {})
    so = strings(ch.get("stdout-path"))
    t.check(so is not None and so[0].split(":")[0] == gu,
            "chosen: stdout-path names the pl011", str(so))
    t.check("bootargs" in ch, "chosen: bootargs present",
            str(strings(ch.get("bootargs"))))
    return 1 if t.failed else 0


if __name__ == "__main__":
    sys.exit(main())
