#!/usr/bin/env python3
"""Hostile VMs beside a victim, under minihyp from a VM file: TAP.

  isolation.py --build BUILD --gic 2|3 --out DIR

tests/vms/isolation.yaml on -smp 7, the GIC --gic (vmfile.py --gic):
  - victim (tests/vms/victim_guest.c, CPU 0) keeps a timer schedule of 2 ms
    deadlines until eve is off, and checks that every deadline was met, that
    it took its own SGIs and nothing else, and that its RAM, its view of
    `vault` and its passed-through device are as it left them;
  - eve (tests/vms/eve_guest.c, CPUs 1-3) maps the IPA space, loads and
    stores at the others' and minihyp's physical addresses and at the
    victim's IPA of `vault`, aims SGIs at every CPU number, calls PSCI on
    CPUs it has not, floods hypercalls and doorbells, then floods its
    console while its second vCPU loops on aborts for good and its third
    spins with interrupts masked, and powers off: minihyp stops all three;
  - mallory (the adversarial guest, guests/hostile, CPUs 3-4) runs its
    suite (tests/qemu/run.py checks it alone): minihyp's vGIC and exit
    paths attacked beside the victim, on CPUs 4-5;
  - gamma (CPU 6), the other end of `vault`, powers off at once.
The runner checks each VM's TAP, that the attacks ended before the victim's
schedule did (its end comes after eve's and mallory's), and that what eve
and mallory made minihyp print stays within minihyp's rate limits: at most
10 guest-triggered lines a second a VM (vm_log.h), and eve's console
flood cut to a bucket of 64 KiB refilled at 16 KiB a second (console.c),
the dropped lines counted.
"""
import argparse
import math
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import run as vms  # noqa: E402  (tests/vms/run.py: the VM-file runner's helpers)

TIMEOUT = 300
# minihyp's rate limits (vm_log.h: VM_LOG_BURST lines a second; console.c:
# GUEST_CONSOLE_BURST, GUEST_CONSOLE_RATE), as documented in
# docs/hypercall-abi.md and docs/minihyp.md
HYP_LINES_PER_S = 10
CONSOLE_BURST, CONSOLE_RATE = 64 << 10, 16 << 10
FLOOD = re.compile(r"^eve: eve-flood \d+: ")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default="build/minihyp", help="minihyp's build folder")
    ap.add_argument("--root", default="build", help="the VM files' image root")
    ap.add_argument("--qemu", default=vms.qemu_board.QEMU)
    ap.add_argument("--gic", type=int, choices=(2, 3), default=2)
    ap.add_argument("--out", default="build/vms/isolation")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    tap = vms.Tap()
    label = f"gic{args.gic}/isolation"

    yaml = os.path.join(HERE, "isolation.yaml")  # the board's GIC: --gic (run.py)
    blob = vms.build_blob(args, yaml, os.path.join(args.out, "isolation.vmb"))
    res = vms.qemu_run.run(vms.qemu_cmd(args, yaml, blob), TIMEOUT, strip_ansi=False)
    lines = res.lines
    with open(os.path.join(args.out, "console.log"), "w") as f:
        f.write("\n".join(lines) + "\n")
    flood = [l for l in lines if FLOOD.match(l)]
    for line in lines:
        if not FLOOD.match(line) and not re.match(r"^(victim|eve|mallory): (ok|not ok)\b",
                                                  line):
            print(f"# {line}")
    print(f"# ({len(flood)} lines of eve's console flood not shown: "
          f"{os.path.join(args.out, 'console.log')})")

    tap.result(res.returncode == 0,
               f"{label}: QEMU exits with status 0 (got {res.returncode}, "
               f"{res.elapsed:.0f} s)")
    created = {e["vm"]: e for _, e in vms.events(lines, "vm_create")}
    tap.result({v: e["cpus"] for v, e in created.items()} ==
               {"victim": "0", "eve": "1,2,3", "mallory": "4,5", "gamma": "6"},
               f"{label}: four VMs on physical CPUs 0 / 1,2,3 / 4,5 / 6")
    for name in ("victim", "eve", "mallory"):
        vms.tap_vm(tap, label, lines, name)

    stops = {e["vm"]: (i, e) for i, e in vms.events(lines, "vm_stop")}
    tap.result(stops.get("victim", (0, {}))[1].get("by") == "psci_system_off" and
               stops.get("eve", (0, {}))[1].get("by") == "psci_system_off" and
               stops.get("mallory", (0, {}))[1].get("by") == "hvc_shutdown",
               f"{label}: the victim and eve end by SYSTEM_OFF (eve's vCPU 1 in its abort "
               f"loop), mallory by the shutdown hypercall")
    # every vCPU of eve's reached its end (vm_vcpu_done: the summary is the
    # last one's), the one in its abort loop and the one that never exits
    summary = {e["vm"]: i for i, e in vms.events(lines, "vm_summary")}
    tap.result("eve" in summary and "eve" in stops and summary["eve"] > stops["eve"][0],
               f"{label}: minihyp stops all of eve's vCPUs after its SYSTEM_OFF, the one "
               f"looping on aborts and the one spinning with interrupts masked (vm_summary)")
    end = stops.get("victim", (-1, {}))[0]
    tap.result(all(v in stops and stops[v][0] < end for v in ("eve", "mallory")),
               f"{label}: eve and mallory stop before the victim's schedule ends: every "
               f"attack happened beside it")
    tap.result(not any("PANIC" in l or l.startswith("minihyp: event=cpu_stop") or
                       "event=el2_exception" in l for l in lines),
               f"{label}: no hypervisor panic, stopped CPU or EL2 exception")

    # what the attackers made minihyp print: rate-limited
    start = vms.events(lines, "cpus_started")
    first = start[0][0] if start else 0
    seconds = math.ceil(res.elapsed) + 1
    for name in ("eve", "mallory"):
        hyp = [l for l in lines[first:] if l.startswith(f"minihyp: vm {name}: ")]
        # and a console drop report at most every half burst's refill
        most = HYP_LINES_PER_S * seconds + seconds * CONSOLE_RATE * 2 // CONSOLE_BURST + 2
        tap.result(len(hyp) <= most,
                   f"{label}: minihyp printed {len(hyp)} lines about {name}'s thousands of "
                   f"faults and calls (at most {HYP_LINES_PER_S} a second: {most} in "
                   f"{seconds} s)")
    flood_bytes = sum(len(l) - len("eve: ") + 1 for l in flood)
    most = CONSOLE_BURST + CONSOLE_RATE * seconds
    dropped = [l for l in lines if re.match(r"^minihyp: vm eve: console: \d+ lines? dropped", l)]
    tap.result(0 < len(flood) < 4000 and flood_bytes <= most and dropped,
               f"{label}: eve's console flood: {len(flood)} of 4000 lines shown, "
               f"{flood_bytes} bytes (at most {most}), the rest counted: {dropped[:1]}")
    tap.result(not any(l.startswith(("minihyp: vm victim: console:",
                                     "minihyp: vm mallory: console:")) for l in lines),
               f"{label}: no line of the victim's or mallory's console dropped")
    print(f"# {tap.n - tap.failed} passed, {tap.failed} failed")
    return 1 if tap.failed else 0


if __name__ == "__main__":
    sys.exit(main())
