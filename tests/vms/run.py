#!/usr/bin/env python3
"""Several VMs at once under minihyp, from a VM file (docs/vm-file.md): TAP.

  run.py --build BUILD --gic 2|3

1. tests/vms/three.yaml (GICv3: three3.yaml) on -smp 4: three bare-metal
   VMs, each on its own physical CPUs.  alpha and beta run TAP test guests
   to the end of their plans, each line prefixed by its VM's name; gamma
   powers its VM off with PSCI SYSTEM_OFF at once, and the others run on;
   the machine powers off when the last VM is off, not before.
2. tests/vms/reset.yaml on -smp 3: alpha runs the PSCI guest on two vCPUs
   while gamma, tests/vms/reset_guest.S, resets its VM with PSCI
   SYSTEM_RESET at every boot: minihyp restarts gamma alone, from a copy of
   its image (every boot finds its image as loaded), and alpha runs to its
   end.
3. tests/vms/chan.yaml on -smp 3: alpha and beta (tests/vms/chan_guest.c)
   talk through a shared region and its doorbells, both ways, then test
   the doorbell's coalescing and errors (TAP from each); gamma powers off
   at once (the peer of beta's other region).
4. tests/vms/pair.yaml's blob, broken in one place at a time (RAM given to
   two VMs, a CPU given twice, a passed-through device given twice, a bad
   CRC, a GIC distributor where minihyp does not put one, a VM named like
   the hypervisor, the board's UART passed through, the blob made for the
   other GIC): minihyp refuses it at boot with a line naming the VM (or
   board), the field and the rule, and no VM runs.

The blobs are built for the board's GIC (vmfile.py build --gic), which
minihyp checks against its own.
"""
import argparse
import json
import os
import re
import struct
import subprocess
import sys
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..")
sys.path.insert(0, os.path.join(ROOT, "tools"))
import qemu_board  # noqa: E402  (the one QEMU command line)
import qemu_run  # noqa: E402  (the one runner)
import vmfile  # noqa: E402  (the blob's layout)

TIMEOUT = 240
TAP = re.compile(r"^(ok|not ok)\b\s*(\d+)?\s*-?\s*(.*)$")
PLAN = re.compile(r"^1\.\.(\d+)\s*$")
EVENT = re.compile(r"^minihyp: event=(\w+)((?: \w+=\S*)*)$")
CPU_STOP = "minihyp: event=cpu_stop"


class Tap:
    def __init__(self):
        self.n = self.failed = 0

    def result(self, ok, name):
        self.n += 1
        self.failed += not ok
        print(f"{'ok' if ok else 'not ok'} {self.n} - {name}", flush=True)
        return ok


def events(lines, name):
    """(line index, fields) of each `minihyp: event=<name>` line."""
    out = []
    for i, line in enumerate(lines):
        m = EVENT.match(line)
        if m and m.group(1) == name:
            out.append((i, dict(kv.split("=", 1) for kv in m.group(2).split())))
    return out


def tool(*args):
    return subprocess.run([sys.executable, os.path.join(ROOT, "tools", "vmfile.py")] +
                          list(args), check=True, capture_output=True, text=True).stdout


def build_blob(args, yaml, out):
    tool("build", "--gic", str(args.gic), "--root", args.root, yaml, "-o", out)
    return out


def qemu_cmd(args, yaml, blob, board_blob=None):
    """minihyp on the board the file names (-smp, -m, read from board_blob,
    default blob), the blob and the images loaded as tools/vmfile.py
    qemu-args says."""
    h = json.loads(tool("dump", board_blob or blob))["header"]
    return qemu_board.command(os.path.join(args.build, "minihyp.elf"), gic=args.gic,
                              smp=h["board_cpus"], mem=f"{h['board_ram_size'] >> 20}M",
                              reboot=False, qemu=args.qemu,
                              extra=tool("qemu-args", "--gic", str(args.gic), "--root",
                                         args.root, yaml, "--blob", blob).split())


def vm_lines(lines, name):
    """(line index, text) of the lines VM `name`'s console printed."""
    p = name + ": "
    return [(i, l[len(p):]) for i, l in enumerate(lines) if l.startswith(p)]


def tap_vm(tap, label, lines, name):
    """VM `name`'s TAP results, each one a result here; its plan complete."""
    plan, results = None, 0
    for _, g in vm_lines(lines, name):
        m, p = TAP.match(g), PLAN.match(g)
        if m:
            results += 1
            tap.result(m.group(1) == "ok", f"{label}: vm {name}: {m.group(3)}")
        elif p:
            plan = int(p.group(1))
    tap.result(plan is not None and plan == results,
               f"{label}: vm {name}: {results} results for a plan of {plan}")


def boot_to_end(args, tap, yaml_name, blob_name, label):
    """minihyp with tests/vms/<yaml_name> until QEMU exits: its console
    lines (the others than alpha's and beta's TAP shown as comments), and
    a result for QEMU's exit status."""
    yaml = os.path.join(HERE, yaml_name)
    blob = build_blob(args, yaml, os.path.join(args.out, blob_name))
    res = qemu_run.run(qemu_cmd(args, yaml, blob), TIMEOUT, strip_ansi=False)
    for line in res.lines:
        if not re.match(r"^(alpha|beta): (ok|not ok)\b", line):
            print(f"# {line}")
    tap.result(res.returncode == 0, f"{label}: QEMU exits with status 0 (got {res.returncode})")
    return res.lines


def run_vms(args, tap):
    label = f"gic{args.gic}/three"
    lines = boot_to_end(args, tap, "three3.yaml" if args.gic == 3 else "three.yaml",
                        f"three-gic{args.gic}.vmb", label)
    created = {e["vm"]: e for _, e in events(lines, "vm_create")}
    tap.result(sorted(created) == ["alpha", "beta", "gamma"] and
               sorted(e["vmid"] for e in created.values()) == ["1", "2", "3"] and
               [created[v]["cpus"] for v in ("alpha", "beta", "gamma")] == ["0", "1,2", "3"],
               f"{label}: three VMs, VMIDs 1-3, on physical CPUs 0 / 1,2 / 3")
    tap.result(events(lines, "cpus_started") and
               events(lines, "cpus_started")[0][1].get("secondaries") == "3",
               f"{label}: minihyp started the 3 secondary physical CPUs the VMs own")
    for name in ("alpha", "beta"):
        tap_vm(tap, label, lines, name)
    tap.result(any("hello from the guest at EL1" in g for _, g in vm_lines(lines, "gamma")),
               f"{label}: vm gamma prints through its own emulated PL011, prefixed 'gamma: '")
    tap.result(not any(l.startswith("guest: ") for l in lines),
               f"{label}: no guest line without its VM's name")
    stops = {e["vm"]: (i, e) for i, e in events(lines, "vm_stop")}
    tap.result(sorted(stops) == ["alpha", "beta", "gamma"] and
               stops["gamma"][1]["by"] == "psci_system_off" and
               all(stops[v][1]["by"] == "hvc_shutdown" and stops[v][1]["status"] == "0"
                   for v in ("alpha", "beta")),
               f"{label}: gamma stops by PSCI SYSTEM_OFF, alpha and beta by the shutdown "
               f"hypercall with status 0")
    if "gamma" in stops:
        # the VMs still running when gamma stopped run on to their own end
        off = stops["gamma"][0]
        later = [v for v in ("alpha", "beta") if v in stops and stops[v][0] > off]
        after = {v: sum(1 for i, _ in vm_lines(lines, v) if i > off) for v in later}
        # (a VM at its last line as gamma stops may print nothing after it;
        # beta's 20 results take longer than gamma's three lines)
        tap.result(later and after.get("beta"),
                   f"{label}: after gamma's SYSTEM_OFF the VMs still running run on to "
                   f"their end (their lines after it: {after})")
    offs = [(i, e) for i, e in events(lines, "vm_off")]
    power = [i for i, l in enumerate(lines) if l == "minihyp: powering off"]
    summaries = [i for i, _ in events(lines, "vm_summary")]
    tap.result(len(offs) == 2 and [e["running"] for _, e in offs] == ["2", "1"] and
               len(power) == 1 and len(summaries) == 3 and
               power[0] > max(summaries),
               f"{label}: the machine powers off once, after the last of the three VMs")


def run_reset(args, tap):
    yaml = os.path.join(HERE, "reset.yaml")
    label = f"gic{args.gic}/reset"
    blob = build_blob(args, yaml, os.path.join(args.out, "reset.vmb"))
    res = qemu_run.run(qemu_cmd(args, yaml, blob), TIMEOUT,
                       stop_on="minihyp: event=vm_off vm=alpha", strip_ansi=False)
    lines = res.lines
    for line in lines[:40]:
        if not re.match(r"^alpha: (ok|not ok)\b", line):
            print(f"# {line}")
    tap.result(res.stopped, f"{label}: alpha ends while gamma keeps resetting itself "
               f"(QEMU stopped on alpha's vm_off)")
    tap_vm(tap, label, lines, "alpha")
    boots = [i for i, g in vm_lines(lines, "gamma") if g == "reset guest: pristine"]
    restarts = events(lines, "vm_restarted")
    alpha_stop = [i for i, e in events(lines, "vm_stop") if e.get("vm") == "alpha"]
    tap.result(len(boots) >= 2 and len(restarts) >= 1 and
               all(e["vm"] == "gamma" for _, e in restarts) and
               not any("NOT PRISTINE" in g for _, g in vm_lines(lines, "gamma")),
               f"{label}: gamma restarts from its pristine image at each SYSTEM_RESET "
               f"({len(boots)} boots, {len(restarts)} restarts, none saw its last boot's "
               f"write)")
    tap.result(alpha_stop and any(i < alpha_stop[0] for i, _ in restarts) and
               sum(1 for l in lines if l.startswith("minihyp: starting at EL2")) == 1,
               f"{label}: gamma's resets happen while alpha runs, and the machine is "
               f"never reset")


def run_chan(args, tap):
    """tests/vms/chan.yaml: alpha and beta (tests/vms/chan_guest.c) talk
    through a shared region and its doorbells (MINIHYP_HC_DOORBELL); gamma
    powers off at once, beta's other region's peer."""
    label = f"gic{args.gic}/chan"
    lines = boot_to_end(args, tap, "chan.yaml", "chan.vmb", label)
    for name in ("alpha", "beta"):
        tap_vm(tap, label, lines, name)
    stops = {e["vm"]: e for _, e in events(lines, "vm_stop")}
    tap.result(all(stops.get(v, {}).get("status") == "0" for v in ("alpha", "beta")),
               f"{label}: alpha and beta end by the shutdown hypercall with status 0")
    # alpha's and beta's NOT_SUPPORTED call: one line each; nothing about
    # the 1000 refused doorbells (an error code is no hypervisor message)
    start = events(lines, "cpus_started")
    hyp = [l for l in lines[start[0][0] if start else 0:]
           if l.startswith("minihyp: ") and not EVENT.match(l)]
    tap.result(start and len(hyp) <= 10 and not any("doorbell" in l for l in hyp),
               f"{label}: once the VMs run, minihyp prints {len(hyp)} lines (at most 10: "
               f"gamma's SYSTEM_OFF, the two NOT_SUPPORTED calls, the ends), none about "
               f"the thousands of doorbells rung")


def vm_field(name):
    return {f: (off, size, kind) for f, off, size, kind in vmfile.layout(name)}


def patch(blob, vm, field, fmt, value, sub=None, fix_crc=True):
    """The blob with VM `vm`'s `field` (of its devices[sub[0]] when sub; of
    the header when vm is None) set."""
    data = bytearray(blob)
    off = vmfile.sizeof("vmfile_header") + (vm or 0) * vmfile.sizeof("vmfile_vm")
    if vm is None:
        off = vm_field("vmfile_header")[field][0]
    elif sub is not None:
        off += vm_field("vmfile_vm")[sub[0]][0] + sub[1] * vmfile.sizeof("vmfile_device")
        off += vm_field("vmfile_device")[field][0]
    else:
        off += vm_field("vmfile_vm")[field][0]
    struct.pack_into("<" + fmt, data, off, value)
    if fix_crc:
        crc_off = vm_field("vmfile_header")["crc32"][0]
        struct.pack_into("<I", data, crc_off, 0)
        struct.pack_into("<I", data, crc_off, zlib.crc32(bytes(data)))
    return bytes(data)


def run_refused(args, tap):
    yaml = os.path.join(HERE, "pair.yaml")
    good_path = build_blob(args, yaml, os.path.join(args.out, "pair.vmb"))
    good = open(good_path, "rb").read()
    # what pair.yaml gives alpha, as the blob has it
    alpha = vmfile.unpack("vmfile_vm", good, vmfile.sizeof("vmfile_header"))
    ram, page = (alpha["ram_pa"], alpha["ram_size"]), alpha["devices"][1]["pa"]
    gicd = qemu_board.GUEST_GICD_IPA
    uart = qemu_board.BOARD_UART_BASE
    cases = [
        ("overlapping-ram", patch(good, 1, "ram_pa", "Q", ram[0]),
         f"minihyp: VM file: vm beta: ram.pa: {ram[0]:#x}-{ram[0] + ram[1]:#x} overlaps "
         f"vm alpha's RAM"),
        ("cpu-twice", patch(good, 1, "cpus", "B", alpha["cpus"][0]),
         f"minihyp: VM file: vm beta: cpus: physical CPU {alpha['cpus'][0]} is also "
         f"vm alpha's"),
        ("device-twice", patch(good, 1, "pa", "Q", page, sub=("devices", 1)),
         f"minihyp: VM file: vm beta: devices[page].pa: {page:#x} is also vm alpha's "
         f"devices[page]: a device given to two VMs"),
        ("bad-crc", patch(good, 1, "ram_size", "Q", 2 * ram[1], fix_crc=False),
         "minihyp: VM file: header: crc32: 0x"),
        ("gicd-elsewhere", patch(good, 0, "gicd_ipa", "Q", gicd + 0x100000),
         f"minihyp: VM file: vm alpha: gic.gicd: {gicd + 0x100000:#x}, but minihyp gives a "
         f"VM its distributor at {gicd:#x} only (its exit path looks for it there)"),
        ("name-minihyp", patch(good, 1, "name", "16s", b"minihyp"),
         "minihyp: VM file: vm minihyp: name: \"minihyp\" is the hypervisor's own console "
         "prefix"),
        ("uart-passthrough", patch(good, 0, "pa", "Q", uart, sub=("devices", 1)),
         f"minihyp: VM file: vm alpha: devices[page].pa: {uart:#x}-{uart + 0x1000:#x} overlaps "
         f"the board's PL011 UART (minihyp's console) {uart:#x}-{uart + 0x1000:#x}: the "
         f"hypervisor's"),
        ("other-gic", patch(good, None, "board_gic", "I", 5 - args.gic),
         f"minihyp: VM file: board: gic: version {5 - args.gic}, but the board's GIC is "
         f"version {args.gic} (QEMU gic-version)"),
    ]
    for name, data, want in cases:
        label = f"gic{args.gic}/refused/{name}"
        path = os.path.join(args.out, f"{name}.vmb")
        with open(path, "wb") as f:
            f.write(data)
        res = qemu_run.run(qemu_cmd(args, yaml, path, good_path), 30, stop_on=CPU_STOP, strip_ansi=False)
        lines = res.lines
        for line in lines:
            if line.startswith("minihyp: VM file:") or "refused" in line:
                print(f"# {line}")
        tap.result(any(l.startswith(want) for l in lines) and events(lines, "vmfile_refused") and
                   not events(lines, "vm_create") and
                   not any(l.startswith(("alpha: ", "beta: ")) for l in lines),
                   f"{label}: minihyp refuses the blob at boot: '{want}'")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default="build/minihyp", help="minihyp's build folder")
    ap.add_argument("--root", default="build", help="the VM files' image root")
    ap.add_argument("--qemu", default=qemu_board.QEMU)
    ap.add_argument("--gic", type=int, choices=(2, 3), default=2)
    ap.add_argument("--out", default="build/vms")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    tap = Tap()
    run_vms(args, tap)
    run_reset(args, tap)
    run_chan(args, tap)
    run_refused(args, tap)
    print(f"# {tap.n - tap.failed} passed, {tap.failed} failed")
    return 1 if tap.failed else 0


if __name__ == "__main__":
    sys.exit(main())
