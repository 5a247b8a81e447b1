#!/usr/bin/env python3
"""Check that every generated system-register accessor compiles, for AArch64,
to the MRS/MSR of its own register.

    check_objdump.py MANIFEST.json OBJECT.o [OBJDUMP]

MANIFEST (written by `gen/regen.py --emit-tests`) lists, for each wrapper
function of the generated cross_regs.c, the expected instruction word with
Rt = 0.  The object is disassembled with llvm-objdump -d; each function must
contain an instruction whose word, Rt masked off, is the expected one.  Prints
one TAP line per register (per index for arrays), covering its read and write
wrappers.
"""
import json
import re
import subprocess
import sys

FUNC = re.compile(r"^[0-9a-f]+ <([^>]+)>:$")
INSN = re.compile(r"^\s*[0-9a-f]+:\s+((?:[0-9a-f]{2} ){4})\s*(.*)$")


def disassemble(objdump, obj):
    out = subprocess.run([objdump, "-d", obj], check=True, capture_output=True,
                         text=True).stdout
    funcs, cur = {}, None
    for line in out.splitlines():
        m = FUNC.match(line.strip())
        if m:
            cur = funcs.setdefault(m.group(1), [])
            continue
        m = INSN.match(line)
        if m and cur is not None:
            b = bytes(int(x, 16) for x in m.group(1).split())
            cur.append((int.from_bytes(b, "little"), m.group(2).strip()))
    return funcs


def main(argv):
    manifest, obj = argv[1], argv[2]
    objdump = argv[3] if len(argv) > 3 else "llvm-objdump"
    with open(manifest, encoding="utf-8") as f:
        entries = json.load(f)
    funcs = disassemble(objdump, obj)
    by_reg = {}
    for e in entries:
        by_reg.setdefault(e["name"].rsplit(" ", 1)[0], []).append(e)
    failed = 0
    n = 0
    print("1..%d" % (len(by_reg) + 1))
    for reg, es in by_reg.items():
        n += 1
        problems, kinds = [], []
        for e in es:
            kind = e["name"].rsplit(" ", 1)[1]
            insns = funcs.get(e["func"])
            if insns is None:
                problems.append("%s: function %s not found" % (kind, e["func"]))
                continue
            hits = [t for w, t in insns if w & ~0x1F == e["word"]]
            if len(hits) != 1:
                problems.append("%s: %d instruction(s) with word %#010x in %s: %s" % (
                    kind, len(hits), e["word"], e["func"], "; ".join(t for _, t in insns)))
            else:
                kinds.append(hits[0].replace("\t", " "))
        if problems:
            failed += 1
            print("not ok %d - %s (%s)" % (n, reg, es[0]["sysreg"]))
            for p in problems:
                print("#   " + p)
        else:
            print("ok %d - %s (%s): %s" % (n, reg, es[0]["sysreg"], "; ".join(kinds)))
    # The check must discriminate: with op2 changed, no wrapper may match.
    wrong = [e["func"] for e in entries
             if any(w & ~0x1F == e["word"] ^ (1 << 5) for w, _ in funcs.get(e["func"], []))]
    n += 1
    if entries and not wrong:
        print("ok %d - checker rejects a wrong encoding in all %d wrappers" % (n, len(entries)))
    else:
        failed += 1
        print("not ok %d - checker rejects a wrong encoding: matched in %s" % (
            n, ", ".join(wrong) or "(no wrappers)"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
