#!/usr/bin/env python3
"""Every header under include/ compiles on its own, in every configuration.

    check_headers.py [--include DIR] [--jobs N] [--cc CLANG] [--gcc GCC] ...

Headers are found at run time (include/**/*.h), so headers added later are
checked too.  Each one is compiled (syntax only) from a one-line translation
unit that includes it twice (the include guard must hold) with
-Wall -Wextra -Werror -pedantic in these configurations: C11 and C++17 with
clang and with GCC for the host, C11 with the mock system-register backend,
C11 and C++17 with clang for aarch64-none-elf (-ffreestanding), C11 without
FP/SIMD registers (-mgeneral-regs-only) with clang and with
aarch64-linux-gnu-gcc, and as assembler-with-cpp (assembled) with
clang and GCC for the host and clang (and aarch64-linux-gnu-gcc if installed)
for AArch64.  Prints one TAP line per header and
configuration, with the compiler's messages as TAP comments on failure.
"""
import argparse
import concurrent.futures
import glob
import os
import subprocess
import sys
import tempfile

WARN = ["-Wall", "-Wextra", "-Werror", "-pedantic"]


def out_args(name):
    # -fsyntax-only does not assemble; assembler configurations assemble for real
    return ["-c", "-o", os.devnull] if name.endswith("-asm") else ["-fsyntax-only"]


def configs(a):
    cross = ["--target=aarch64-none-elf", "-ffreestanding"]
    return [
        ("clang-c11", [a.clang, "-x", "c", "-std=c11"]),
        ("clang-c++17", [a.clangxx, "-x", "c++", "-std=c++17"]),
        ("gcc-c11", [a.gcc, "-x", "c", "-std=c11"]),
        ("g++-c++17", [a.gxx, "-x", "c++", "-std=c++17"]),
        ("aarch64-clang-c11", [a.clang] + cross + ["-x", "c", "-std=c11"]),
        ("aarch64-clang-c++17", [a.clangxx] + cross + ["-x", "c++", "-std=c++17"]),
        # as freestanding EL2 code is built: no FP/SIMD registers, and GCC too
        ("aarch64-clang-c11-gpr", [a.clang] + cross + ["-mgeneral-regs-only", "-x", "c",
                                                        "-std=c11"]),
        ("aarch64-gcc-c11", [a.cross_gcc, "-ffreestanding", "-mgeneral-regs-only", "-x", "c",
                             "-std=c11"]),
        # the system-register accessors' mock backend, as the host tests use it
        ("mock-c11", [a.clang, "-DAARCH64_SYSREG_MOCK", "-x", "c", "-std=c11"]),
        # constants must be usable from .S files: the C parts are guarded
        ("clang-asm", [a.clang, "-x", "assembler-with-cpp"]),
        ("gcc-asm", [a.gcc, "-x", "assembler-with-cpp"]),
        ("aarch64-clang-asm", [a.clang] + cross + ["-x", "assembler-with-cpp"]),
        ("aarch64-gcc-asm", [a.cross_gcc, "-x", "assembler-with-cpp"]),
    ]


def main(argv):
    ap = argparse.ArgumentParser()
    ap.add_argument("--include", default="include")
    ap.add_argument("-I", dest="extra", action="append", default=[],
                    help="extra include directory (after --include)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--clang", default="clang")
    ap.add_argument("--clangxx", default="clang++")
    ap.add_argument("--gcc", default="gcc")
    ap.add_argument("--gxx", default="g++")
    ap.add_argument("--cross-gcc", default="aarch64-linux-gnu-gcc",
                    help="GCC for AArch64 (assembler configuration; absent, it fails)")
    a = ap.parse_args(argv[1:])
    inc = os.path.abspath(a.include)
    headers = sorted(os.path.relpath(h, inc).replace(os.sep, "/")
                     for h in glob.glob(os.path.join(inc, "**", "*.h"), recursive=True))
    cfgs = configs(a)
    jobs = [(h, name, cmd) for h in headers for name, cmd in cfgs]
    print("1..%d" % len(jobs), flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        def run(job):
            h, name, cmd = job
            src = os.path.join(tmp, h.replace("/", "__") + ".c")
            p = subprocess.run(cmd + WARN + out_args(name) + ["-I", inc] + ["-I" + d for d in a.extra] + [src], capture_output=True, text=True)
            return job, p.returncode, p.stdout + p.stderr

        # write the sources first so that workers never race on them
        for h in headers:
            with open(os.path.join(tmp, h.replace("/", "__") + ".c"), "w",
                      encoding="utf-8") as f:
                f.write('#include "%s"\n#include "%s"\n' % (h, h))
        failed = 0
        with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, a.jobs)) as ex:
            for i, ((h, name, _), rc, out) in enumerate(ex.map(run, jobs), 1):
                if rc == 0:
                    print("ok %d - %s %s" % (i, h, name))
                else:
                    failed += 1
                    print("not ok %d - %s %s" % (i, h, name))
                    for line in out.splitlines()[:20]:
                        print("#   " + line)
                sys.stdout.flush()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
