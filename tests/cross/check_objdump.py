#!/usr/bin/env python3
"""Check that every generated system-register accessor compiles, for AArch64,
to the MRS/MSR of its own register.

    check_objdump.py [--no-names] MANIFEST.json OBJECT.o [OBJDUMP]

--no-names skips the comparison with LLVM's register names (for test specs
that give made-up names to real encodings).

MANIFEST (written by `gen/regen.py --emit-tests`) lists, for each wrapper
function of the generated cross_regs.c, the expected instruction word with
Rt = 0.  The object is disassembled with llvm-objdump -d; each function must
contain an instruction whose word, Rt masked off, is the expected one.

That checks the generator against the spec.  The spec is checked against LLVM
too: the object is disassembled with every architecture feature LLVM knows
enabled (MATTR), and wherever llvm-objdump prints a symbolic register name
(`mrs x0, PMCR_EL0`) instead of the generic S<op0>_<op1>_C<n>_C<m>_<op2>, that
name must be the register's (case-insensitive).  Encodings this LLVM has no
name for are counted and listed.  Prints one TAP line per register (per index
for arrays), covering its read and write wrappers.
"""
import json
import re
import subprocess
import sys

FUNC = re.compile(r"^[0-9a-f]+ <([^>]+)>:$")
GENERIC = re.compile(r"^S[0-3]_[0-7]_C[0-9]+_C[0-9]+_[0-7]$", re.I)
SYSREG_OPERAND = re.compile(r"^(?:mrs\s+\w+,\s*(\S+)|msr\s+([^,\s]+),)")
MATTR = "+v8.6a,+v9.2a,+sve,+sme,+mte,+spe,+ras,+rand,+pauth,+fgt,+ecv,+amvs"
INSN = re.compile(r"^\s*[0-9a-f]+:\s+((?:[0-9a-f]{2} ){4})\s*(.*)$")


def disassemble(objdump, obj):
    out = subprocess.run([objdump, "-d", "--mattr=" + MATTR, obj], check=True,
                         capture_output=True, text=True).stdout
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
    check_names = "--no-names" not in argv
    argv = [a for a in argv if a != "--no-names"]
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
    named, unnamed = set(), set()
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
                m = SYSREG_OPERAND.match(hits[0].replace("\t", " "))
                llvm = (m.group(1) or m.group(2)) if m else None
                if not check_names:
                    pass
                elif llvm is None or GENERIC.match(llvm):
                    unnamed.add(reg)
                elif llvm.upper() != reg.upper():
                    problems.append("%s: llvm-objdump names encoding %s %s, the spec %s" % (
                        kind, e["sysreg"], llvm, reg))
                else:
                    named.add(reg)
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
    unnamed -= named
    if check_names:
        print("# %d of %d registers confirmed by llvm-objdump's symbolic names; %d have no "
              "name in this LLVM: %s" % (len(named), len(by_reg), len(unnamed),
                                         " ".join(sorted(unnamed)) or "-"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
