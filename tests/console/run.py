#!/usr/bin/env python3
"""Two Linux VMs at once under minihyp, and the console input: TAP.

  run.py --build BUILD --root ROOT --gic 2|3 --out DIR

A VM file (written here, as docs/vm-file.md describes) puts two Linux VMs,
linux0 on physical CPUs 0-1 and linux1 on 2-3, on a -smp 4 board with the
given GIC; each has an emulated PL011 console, its receive interrupt virtual
SPI 33.  Both run the scripted init (examples/minihyp/linux/init,
minihyp.test=1 minihyp.cpus=2 minihyp.shell=1): each checks its own CPUs
(2 online), that its arch_timer and IPI counts rise on both, its GIC, and
reads a line typed on its console through its PL011's receive interrupt;
each VM's results count here.  Then, driving QEMU's stdin (the board's
PL011 is minihyp's), this runner:

  1. types `minihyp-ping` for linux0 (which has the input first) and, in
     its shell, `$((6*7))-vm0`, Ctrl-A (busybox: start of line),
     `echo answer-`, Enter: `answer-42-vm0` must come out as a linux0 line
     and nowhere else (a lone Ctrl-A reaches the VM);
  2. types Ctrl-A three times: minihyp's line names linux1 as the input's;
  3. types `minihyp-ping` and the same command with two Ctrl-As for linux1:
     `answer-42-vm1` as a linux1 line only; then `echo echo-before-enter-`,
     whose echo must show as linux1's open line before Enter is typed (the
     VM with the input streams its line), and the rest; then a
     300-character command typed at once (ten times the PL011's FIFO): its
     answer whole;
  4. Ctrl-A three times again (linux0), `poweroff -f`: linux0 stops, the
     input moves to linux1 on its own, `poweroff -f`: the machine is off.

Every line of the console is minihyp's ("minihyp: ") or a VM's ("linux0: ",
"linux1: ").
"""
import argparse
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..")
sys.path.insert(0, os.path.join(ROOT, "tools"))
import qemu_board  # noqa: E402
import qemu_run  # noqa: E402

TIMEOUT = 420
VMS = ("linux0", "linux1")
TAP = re.compile(r"^(ok|not ok)\b\s*(\d+)?\s*-?\s*(.*)$")
PLAN = re.compile(r"^1\.\.(\d+)\s*$")
FOCUS = re.compile(r"^minihyp: console input: (\S+) \(Ctrl-A three times: next VM\)$")
CTRL_A = b"\x01"
# ten times the PL011's 32-entry FIFO, typed at once: it must arrive whole
# and in order (through the board PL011's flow control, and minihyp's
# waiting buffer whenever the VM's FIFO is full)
LONG_CMD = b"echo long-" + b"z" * 300 + b"-$((6*7))\n"
LONG_ANSWER = "long-" + "z" * 300 + "-42"
# typed in two parts: the first's echo must show before the second
ECHO_TYPED = b"echo echo-before-enter-"
ECHO_REST = b"$((6*7))\n"
ECHO_ANSWER = "echo-before-enter-42"


def vm_yaml(gic):
    cmdline = f"console=ttyAMA0 panic=-1 minihyp.test=1 minihyp.cpus=2 minihyp.gic={gic} " \
              "minihyp.shell=1"
    vms = ""
    for i, name in enumerate(VMS):
        vms += f"""  - name: {name}
    cpus: [{2 * i}, {2 * i + 1}]
    ram: {{ipa: 0x40000000, pa: {qemu_board.GUEST_LOAD_PA + i * 0x10000000:#x}, size: 256M}}
    gic: {{irqs: 128}}
    counter: boot
    image:
      type: linux
      dtb: {{ipa: 0x40000000}}
      kernel: {{file: linux/Image, ipa: 0x40200000}}
      initramfs: {{file: linux/initramfs.cpio.gz, ipa: 0x48000000}}
      cmdline: {cmdline}
    devices:
      - {{name: uart, type: pl011, ipa: {qemu_board.GUEST_UART_IPA:#x}, irq: 33}}
      - {{name: virtio, type: virtio, ipa: 0x0a000000, count: 32}}
    console: uart
"""
    return f"""version: 1
board:
  cpus: 4
  ram: {{base: 0x40000000, size: 1G}}
  irqs: 288
  gic: {gic}
console:
  input: linux0
vms:
{vms}"""


def tool(*args):
    return subprocess.run([sys.executable, os.path.join(ROOT, "tools", "vmfile.py")] +
                          list(args), check=True, capture_output=True, text=True).stdout


class Tap:
    def __init__(self, label):
        self.n = self.failed = 0
        self.label = label

    def result(self, ok, name):
        self.n += 1
        self.failed += not ok
        print(f"{'ok' if ok else 'not ok'} {self.n} - {self.label}: {name}", flush=True)
        return ok


class Driver:
    """What to type, and when: each step waits for lines of the console."""

    def __init__(self):
        self.step = 0
        self.seen = set()
        self.focus = []  # (line index, VM) of each focus line
        self.n = 0
        self.typed = []  # (step, line index) when each step typed
        self.rest = ""  # the console's unterminated rest, last seen
        self.rest_seen = []  # each rest that showed the typed echo

    def cmd(self, vm, ctrl_as):
        return (f"$((6*7))-{vm}".encode() + CTRL_A * ctrl_as + b"echo answer-\n")

    def echo_shown(self):
        """linux1's line is open on the console, ending with what was typed
        (after its prompt)."""
        return self.rest.startswith("linux1: ") and self.rest.endswith(ECHO_TYPED.decode())

    def on_rest(self, rest):
        self.rest = rest
        if self.echo_shown():
            self.rest_seen.append(rest)
        return self.advance()

    def on_line(self, line):
        self.rest = ""
        self.n += 1
        m = FOCUS.match(line)
        if m:
            self.focus.append((self.n, m.group(1)))
        for vm in VMS:
            p = vm + ": "
            if line.startswith(p):
                self.seen.add((vm, line[len(p):].strip()))
        return self.advance()

    def advance(self):
        steps = [
            (lambda: ("linux0", "minihyp-test: send console input") in self.seen,
             b"minihyp-ping\n"),
            (lambda: ("linux0", "minihyp-test: prompt") in self.seen, self.cmd("vm0", 1)),
            (lambda: ("linux0", "answer-42-vm0") in self.seen, CTRL_A * 3),
            (lambda: self.focus[-1][1] == "linux1" and
             ("linux1", "minihyp-test: send console input") in self.seen, b"minihyp-ping\n"),
            (lambda: ("linux1", "minihyp-test: prompt") in self.seen, self.cmd("vm1", 2)),
            # the echo of what is typed shows before Enter: the VM with
            # the input streams its line (docs/minihyp.md)
            (lambda: ("linux1", "answer-42-vm1") in self.seen, ECHO_TYPED),
            (self.echo_shown, ECHO_REST),
            (lambda: ("linux1", ECHO_ANSWER) in self.seen, LONG_CMD),
            (lambda: ("linux1", LONG_ANSWER) in self.seen, CTRL_A * 3),
            (lambda: self.focus[-1][1] == "linux0" and len(self.focus) >= 3,
             b"poweroff -f\n"),
            (lambda: self.focus[-1][1] == "linux1" and len(self.focus) >= 4,
             b"poweroff -f\n"),
        ]
        out = b""
        while self.step < len(steps) and steps[self.step][0]():
            out += steps[self.step][1]
            self.typed.append((self.step, self.n))
            self.step += 1
        return out or None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build", required=True, help="minihyp's build directory")
    ap.add_argument("--root", required=True, help="the VM file's root (build/)")
    ap.add_argument("--qemu", default="qemu-system-aarch64")
    ap.add_argument("--gic", type=int, choices=(2, 3), default=2)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()

    os.makedirs(a.out, exist_ok=True)
    label = f"gic{a.gic}/two-linux"
    tap = Tap(label)
    yaml = os.path.join(a.out, f"two-linux-gic{a.gic}.yaml")
    blob = os.path.join(a.out, f"two-linux-gic{a.gic}.vmb")
    with open(yaml, "w") as f:
        f.write(vm_yaml(a.gic))
    tool("build", "--root", a.root, yaml, "-o", blob)
    cmd = qemu_board.command(os.path.join(a.build, "minihyp.elf"), gic=a.gic, smp=4, mem="1G",
                             reboot=False, qemu=a.qemu,
                             extra=["-echr", "20"] +  # QEMU's escape: Ctrl-T, not Ctrl-A
                             tool("qemu-args", "--root", a.root, yaml, "--blob", blob).split())
    d = Driver()
    log = os.path.join(a.out, f"two-linux-gic{a.gic}.log")
    res = qemu_run.run(cmd, TIMEOUT, d.on_line, log, strip_ansi=False, on_rest=d.on_rest)
    lines = res.lines

    tap.result(res.returncode == 0, f"QEMU exits with status 0 (got {res.returncode})")
    # each VM's own checks: CPUs, timers, IPIs, GIC, PL011 receive interrupt
    for vm in VMS:
        plan, results = None, 0
        for line in lines:
            if not line.startswith(vm + ": "):
                continue
            g = line[len(vm) + 2:].strip()
            m, p = TAP.match(g), PLAN.match(g)
            if m and re.search(r"#\s*skip\b", m.group(3), re.I):
                # a check that does not apply here (virtio-mmio, in a device
                # tree without slots): a diagnostic, not a result
                results += 1
                print(f"# {label}: vm {vm}: not applicable: {m.group(3)}")
            elif m:
                results += 1
                tap.result(m.group(1) == "ok", f"vm {vm}: {m.group(3)}")
            elif p:
                plan = int(p.group(1))
        tap.result(plan is not None and plan == results,
                   f"vm {vm}: {results} results for a plan of {plan}")
    foci = [vm for _, vm in d.focus]
    tap.result(foci[:1] == ["linux0"], f"the input is linux0's first (focus lines: {foci})")
    for vm in ("vm0", "vm1"):
        owner = "linux0" if vm == "vm0" else "linux1"
        answer = f"answer-42-{vm}"
        where = [line for line in lines if answer in line and "echo" not in line]
        tap.result(where == [f"{owner}: {answer}"],
                   f"typed into {owner}'s shell ({'one Ctrl-A' if vm == 'vm0' else 'two'} "
                   f"inside the command): its answer as one {owner} line only ({where})")
    where = [line for line in lines if LONG_ANSWER in line]
    tap.result(where == [f"linux1: {LONG_ANSWER}"],
               "a 300-character line typed at once into linux1: its answer whole, once")
    tap.result(foci[1:2] == ["linux1"],
               "Ctrl-A three times: minihyp's line gives the input to linux1")
    tap.result(foci[2:4] == ["linux0", "linux1"],
               "Ctrl-A three times again: linux0; linux0 powered off: the input moves to "
               f"linux1 ({foci[2:]})")
    tap.result(d.step == 11, f"every step of the dialogue done ({d.step} of 11)")
    tap.result(bool(d.rest_seen) and ("linux1", ECHO_ANSWER) in d.seen,
               f"linux1 has the input: '{ECHO_TYPED.decode()}' typed shows on the console "
               f"before Enter, as linux1's open line ({d.rest_seen[-1:]}), then the answer "
               f"'{ECHO_ANSWER}'")
    stray = [line for line in lines
             if line.strip() and not re.match(r"^(minihyp|linux0|linux1): ", line)]
    tap.result(not stray, f"every line is minihyp's or a VM's ({len(stray)} others: "
               f"{stray[:3]})")
    drops = [line for line in lines if "characters dropped" in line]
    tap.result(not drops, f"no console input dropped ({drops[:2]})")
    if tap.failed:
        print(f"# console log, last 150 of {len(lines)} lines (whole log in {log}):")
        for line in lines[-150:]:
            print("# | " + line)
    return 1 if tap.failed else 0


if __name__ == "__main__":
    sys.exit(main())
