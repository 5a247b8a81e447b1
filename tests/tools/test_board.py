#!/usr/bin/env python3
"""Checks of the machine-facing tools: the one QEMU command line
(tools/qemu_board.py), the one runner that reads QEMU's console
(tools/qemu_run.py) and the capability checks of tools/install-deps.sh.
Prints TAP lines."""
import os
import re
import stat
import subprocess
import sys
import tempfile

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tools"))
import qemu_board  # noqa: E402

N = 0
FAILED = 0


def check(cond, what, detail=""):
    global N, FAILED
    N += 1
    FAILED += not cond
    print(f"{'ok' if cond else 'not ok'} {N} - {what}" + (f" ({detail})" if detail and not cond
                                                          else ""), flush=True)


def arg_after(cmd, flag):
    return cmd[cmd.index(flag) + 1] if flag in cmd else None


def test_command():
    hyp = qemu_board.command("m.elf", guest="g.bin", bootdesc="d.bin", smp=2, mem="1G")
    direct = qemu_board.command("k", hyp=False, initrd="i", append="a b", icount=True,
                                reboot=False)
    dump = qemu_board.dumpdtb_command("x.dtb")
    for name, cmd in (("minihyp", hyp), ("direct", direct), ("dumpdtb", dump)):
        # QEMU's default NIC needs efi-virtio.rom, which only the optional
        # ipxe-qemu package ships.
        check(arg_after(cmd, "-nic") == "none", f"{name}: no default NIC (-nic none)",
              " ".join(cmd))
    check(arg_after(hyp, "-machine") == "virt,virtualization=on,gic-version=2",
          "minihyp: virt board at EL2 with GICv2")
    check(arg_after(direct, "-machine") == "virt,gic-version=2",
          "direct: virt board at EL1 (no virtualization)")
    check(arg_after(dump, "-machine").endswith(",dumpdtb=x.dtb"), "dumpdtb: machine option")
    loads = [w for w in hyp if w.startswith("loader,")]
    check(loads == ["loader,file=g.bin,addr=0x44000000,force-raw=on",
                    "loader,file=d.bin,addr=0x43fff000,force-raw=on"],
          "minihyp: guest and boot descriptor where minihyp looks for them", str(loads))
    check(arg_after(direct, "-icount") == "shift=0,sleep=off" and "-no-reboot" in direct and
          arg_after(direct, "-append") == "a b", "direct: icount, -no-reboot, -append")
    out = subprocess.run([sys.executable, os.path.join(ROOT, "tools", "qemu_board.py"),
                          "--kernel", "m.elf", "--guest", "g.bin", "--print", "--", "-s", "-S"],
                         capture_output=True, text=True)
    check(out.returncode == 0 and out.stdout.split() == qemu_board.command(
        "m.elf", guest="g.bin", extra=["-s", "-S"]), "the command line for make is the same")


def test_one_place():
    """No other file of the project builds a QEMU command line of its own."""
    files = subprocess.run(["git", "ls-files", "*.py", "*.mk", "*.sh", "Makefile"], cwd=ROOT,
                           capture_output=True, text=True).stdout.split()
    own = re.compile(r"""(["']-machine["']|\$\(QEMU\)\s+-[a-zA-Z]|-device\s*["']?,?\s*loader|"""
                     r"""["']-kernel["'])""")
    found = []
    for f in files:
        if f in ("tools/qemu_board.py", "tests/tools/test_board.py"):
            continue
        with open(os.path.join(ROOT, f), errors="replace") as fh:
            for n, line in enumerate(fh, 1):
                if own.search(line) and not line.lstrip().startswith("#"):
                    found.append(f"{f}:{n}")
    check(not found, "QEMU command lines are built only by tools/qemu_board.py", ", ".join(found))


def test_board_facts():
    """qemu_board.py reads the board's addresses from examples/minihyp/platform.h;
    they are the board's (QEMU virt, the values typed in from its device tree),
    and no other Python file spells one out."""
    q = qemu_board
    check((q.RAM_BASE, q.BOARD_GICD_BASE, q.BOARD_GICC_BASE, q.BOARD_UART_BASE) ==
          (0x40000000, 0x08000000, 0x08010000, 0x09000000),
          "qemu_board: RAM, GICD, GICC and PL011 where QEMU's virt board has them")
    check((q.GUEST_RAM_IPA, q.GUEST_GICD_IPA, q.GUEST_GICC_IPA, q.GUEST_UART_IPA,
           q.GUEST_LOAD_PA, q.BOOT_DESC_PA) ==
          (0x40000000, 0x08000000, 0x08010000, 0x09000000, 0x44000000, 0x43fff000),
          "qemu_board: the guest board and minihyp's load addresses from platform.h")
    files = subprocess.run(["git", "ls-files", "*.py"], cwd=ROOT, capture_output=True,
                           text=True).stdout.split()
    fact = re.compile(r"0x0?(8000000|8010000|803[0-9a-f]{4}|804[0-9a-f]{4}|9000000|44000000|"
                      r"43fff000)\b", re.I)
    found = []
    for f in files:
        if f in ("tools/qemu_board.py", "tests/tools/test_board.py") or f.startswith("tests/gen/"):
            continue
        with open(os.path.join(ROOT, f), errors="replace") as fh:
            for n, line in enumerate(fh, 1):
                code = line.split("#", 1)[0]
                if fact.search(code):
                    found.append(f"{f}:{n}")
    check(not found, "no Python file but qemu_board.py spells out a board address",
          ", ".join(found))


def test_one_runner():
    """Only tools/qemu_run.py starts QEMU and reads its console with a
    deadline: nothing else starts a process it reads as it runs, or a
    qemu_board command (other than the device-tree dump, which prints
    nothing to read)."""
    files = subprocess.run(["git", "ls-files", "*.py"], cwd=ROOT, capture_output=True,
                           text=True).stdout.split()
    own = re.compile(r"""(subprocess\.Popen\(|\.communicate\(|select\.select\(|"""
                     r"""os\.set_blocking\(|subprocess\.\w+\(\s*qemu_board\.command\()""")
    # tests/run_suites.py starts the test suites (not QEMU) and reads them.
    found = []
    for f in files:
        if f in ("tools/qemu_run.py", "tests/tools/test_board.py", "tests/run_suites.py"):
            continue
        with open(os.path.join(ROOT, f), errors="replace") as fh:
            for n, line in enumerate(fh, 1):
                if own.search(line) and not line.lstrip().startswith("#"):
                    found.append(f"{f}:{n}")
    check(not found, "QEMU is run and its console read only by tools/qemu_run.py",
          ", ".join(found))
    users = [f for f in files if re.search(r"^import qemu_run\b", open(
        os.path.join(ROOT, f), errors="replace").read(), re.M)]
    for f in ("tests/qemu/run.py", "tests/qemu/smp_direct.py", "tests/gicv3/run.py",
              "tools/linux/run-test.py"):
        check(f in users, f"{f} runs QEMU with tools/qemu_run.py")
    check(not os.path.exists(os.path.join(ROOT, "tools", "linux", "qemu_run.py")),
          "no second copy of the runner under tools/linux")


def fake_apt(tmp, ok):
    """A PATH directory whose apt-get records its calls (and does nothing)."""
    d = os.path.join(tmp, "bin")
    os.makedirs(d, exist_ok=True)
    log = os.path.join(tmp, "apt.log")
    for name in ("apt-get", "sudo"):
        p = os.path.join(d, name)
        with open(p, "w") as f:
            if name == "sudo":
                f.write('#!/bin/sh\nexec "$@"\n')
            else:
                f.write(f'#!/bin/sh\necho "$*" >>{log}\nexit {0 if ok else 100}\n')
        os.chmod(p, os.stat(p).st_mode | stat.S_IEXEC)
    return d, log


def run_deps(tmp, **env):
    e = dict(os.environ, INSTALL_DEPS_FORCE="1", BUILD=os.path.join(tmp, "build"), **env)
    return subprocess.run([os.path.join(ROOT, "tools", "install-deps.sh")], cwd=ROOT, env=e,
                          capture_output=True, text=True)


def test_install_deps():
    with tempfile.TemporaryDirectory() as tmp:
        d, log = fake_apt(tmp, ok=False)
        r = run_deps(tmp, PATH=d + os.pathsep + os.environ["PATH"])
        check(r.returncode == 0 and not os.path.exists(log),
              "install-deps: this machine has every capability, and no apt-get runs",
              (r.stderr.strip() or "apt-get was called: " + open(log).read().strip()
               if os.path.exists(log) else r.stderr.strip()))
        check(os.path.exists(os.path.join(tmp, "build", ".install-deps.ok")),
              "install-deps: a passing check leaves its stamp")
    with tempfile.TemporaryDirectory() as tmp:
        d, log = fake_apt(tmp, ok=True)
        r = run_deps(tmp, PATH=d + os.pathsep + os.environ["PATH"], QEMU="/nonexistent/qemu")
        lines = r.stderr.strip().splitlines()
        check(r.returncode != 0 and os.path.exists(log) and "qemu-system-arm" in open(log).read(),
              "install-deps: a QEMU that cannot start the board makes it install qemu-system-arm",
              r.stderr.strip())
        check(bool(lines) and lines[-1].startswith("install-deps: still failing after apt-get:")
              and "starts the virt board with virtualization=on" in lines[-1],
              "install-deps: still failing, it stops with one line that names the capability",
              lines[-1] if lines else "no message")
        check(not os.path.exists(os.path.join(tmp, "build", ".install-deps.ok")),
              "install-deps: a failing check leaves no stamp")


def main():
    test_command()
    test_one_place()
    test_one_runner()
    test_board_facts()
    test_install_deps()
    print(f"1..{N}")
    return 1 if FAILED else 0


if __name__ == "__main__":
    sys.exit(main())
