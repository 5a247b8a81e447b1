#!/usr/bin/env python3
"""Check that every generated system-register accessor compiles, for AArch64,
to an MRS (read) or MSR (write) of its own register, as someone other than
the generator names it.

    check_objdump.py [--no-names] MANIFEST.json OBJECT.o [OBJDUMP]

MANIFEST (written by `gen/regen.py --emit-tests`) lists the wrapper
functions of the generated cross_regs.c: for each, the register's name and
whether it reads or writes.  The object is disassembled with llvm-objdump
-d, with every architecture feature LLVM knows enabled (MATTR).  Each read
wrapper must hold exactly one MRS, each write wrapper exactly one MSR
(register), and the two wrappers of one register must use the same
encoding <op0, op1, CRn, CRm, op2>, decoded here from the instruction word.

Which register that encoding is, is checked against sources other than the
spec the accessors were generated from:
  - llvm-objdump's symbolic name (`mrs x0, PMCR_EL0`): it must be the
    register's name (case-insensitive);
  - where this LLVM has no name for the encoding (it prints the generic
    S<op0>_<op1>_C<n>_C<m>_<op2>), the encoding typed in below (TYPED) from
    the Arm ARM, each with its source;
  - a register in neither is listed, at the end, as checked only by
    tests/host/test_regs_known.c (typed-in values too).
A handful of registers every LLVM names (NAMED_BASELINE) must come out
named, so an objdump that names nothing cannot pass by saying nothing.

--no-names is for the generator's own test specs (tests/gen/specs), which
give made-up names to real encodings: there the generator is what is under
test and the spec is its input, so the decoded encoding is compared with
the one the manifest records from the spec (`word`).

Prints one TAP line per register (per index for arrays), covering its read
and write wrappers.
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

# MRS <Xt>, <systemreg> and MSR <systemreg>, <Xt> (Arm ARM, A64 base
# instructions "MRS" and "MSR (register)"): 1101 0101 00 L 1 o0 op1 CRn CRm op2 Rt, L = 1 for MRS.
SYSMOVE_MASK = 0xFFF00000
MRS_BITS = 0xD5300000
MSR_BITS = 0xD5100000

# Encodings (op0, op1, CRn, CRm, op2) of registers this LLVM prints no name
# for, typed in from the Arm ARM (DDI 0487), each register's description,
# "Accessing <register>"; the same values are in Linux's independent
# transcription (arch/arm64/tools/sysreg, arch/arm64/include/asm/sysreg.h).
TYPED = {
    "ALLINT": ((3, 0, 4, 3, 0), "Arm ARM: ALLINT, FEAT_NMI; Linux SYS_ALLINT"),
    "HAFGRTR_EL2": ((3, 4, 3, 1, 6), "Arm ARM: HAFGRTR_EL2, FEAT_AMUv1 + FEAT_FGT; "
                    "Linux SYS_HAFGRTR_EL2"),
    "ID_AA64ISAR3_EL1": ((3, 0, 0, 6, 3), "Arm ARM: ID_AA64ISAR3_EL1; Linux sysreg"),
    "ID_AA64MMFR3_EL1": ((3, 0, 0, 7, 3), "Arm ARM: ID_AA64MMFR3_EL1; Linux sysreg"),
    "ID_AA64MMFR4_EL1": ((3, 0, 0, 7, 4), "Arm ARM: ID_AA64MMFR4_EL1; Linux sysreg"),
    "ID_AA64PFR2_EL1": ((3, 0, 0, 4, 2), "Arm ARM: ID_AA64PFR2_EL1; Linux sysreg"),
}

# Registers of Armv8.0 that every llvm-objdump names.
NAMED_BASELINE = ("HCR_EL2", "ESR_EL2", "VTTBR_EL2", "VTCR_EL2", "SCTLR_EL1", "MPIDR_EL1")


def decode(word):
    """(op0, op1, CRn, CRm, op2) of an MRS/MSR (register) word."""
    return (2 + ((word >> 19) & 1), (word >> 16) & 7, (word >> 12) & 15, (word >> 8) & 15,
            (word >> 5) & 7)


def enc_text(enc):
    return "S%d_%d_C%d_C%d_%d" % enc


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
            cur.append((int.from_bytes(b, "little"), m.group(2).strip().replace("\t", " ")))
    return funcs


def check_register(reg, entries, funcs, check_names):
    """Problems (list) and, if none, (encoding, llvm name or None, text)."""
    problems, encs, names, texts = [], set(), set(), []
    for e in entries:
        kind = e["name"].rsplit(" ", 1)[1]
        want = MRS_BITS if kind == "read" else MSR_BITS
        insns = funcs.get(e["func"])
        if insns is None:
            problems.append("%s: function %s not found" % (kind, e["func"]))
            continue
        moves = [(w, t) for w, t in insns if w & SYSMOVE_MASK in (MRS_BITS, MSR_BITS)]
        if len(moves) != 1 or moves[0][0] & SYSMOVE_MASK != want:
            problems.append("%s: want one %s in %s, found: %s" % (
                kind, "MRS" if kind == "read" else "MSR", e["func"],
                "; ".join(t for _, t in insns)))
            continue
        word, text = moves[0]
        enc = decode(word)
        encs.add(enc)
        texts.append(text)
        if not check_names and word & ~0x1F != e["word"]:
            problems.append("%s: %s, the spec says %#010x" % (kind, text, e["word"]))
        m = SYSREG_OPERAND.match(text)
        llvm = (m.group(1) or m.group(2)) if m else None
        if llvm is not None and not GENERIC.match(llvm):
            names.add(llvm.upper())
    if len(encs) > 1:
        problems.append("read and write use different encodings: %s" % ", ".join(
            enc_text(x) for x in sorted(encs)))
    if check_names and names and names != {reg.upper()}:
        problems.append("llvm-objdump names encoding %s %s, the spec %s" % (
            ", ".join(enc_text(x) for x in sorted(encs)), "/".join(sorted(names)), reg))
    if check_names and not names and encs and reg in TYPED:
        typed, source = TYPED[reg]
        if encs != {typed}:
            problems.append("encoding %s, typed in from the Arm ARM: %s (%s)" % (
                enc_text(next(iter(encs))), enc_text(typed), source))
    if problems:
        return problems, None
    return [], (next(iter(encs)), next(iter(names)) if names else None, "; ".join(texts))


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
    named, typed, only_known = [], [], []
    print("1..%d" % (len(by_reg) + (1 if check_names else 0)))
    for reg, es in by_reg.items():
        n += 1
        problems, got = check_register(reg, es, funcs, check_names)
        if problems:
            failed += 1
            print("not ok %d - %s" % (n, reg))
            for p in problems:
                print("#   " + p)
            continue
        enc, llvm, text = got
        if not check_names:
            how = "the spec's encoding"
        elif llvm:
            how = "named by llvm-objdump"
            named.append(reg)
        elif reg in TYPED:
            how = "the Arm ARM's encoding, typed in (%s)" % TYPED[reg][1]
            typed.append(reg)
        else:
            how = "no LLVM name, no typed encoding here: checked only by test_regs_known.c"
            only_known.append(reg)
        print("ok %d - %s is %s, %s: %s" % (n, reg, enc_text(enc), how, text))
    if check_names:
        n += 1
        missing = [r for r in NAMED_BASELINE if r in by_reg and r not in named]
        if missing or not any(r in by_reg for r in NAMED_BASELINE):
            failed += 1
            print("not ok %d - llvm-objdump names the Armv8.0 baseline registers: not %s" % (
                n, " ".join(missing) or "(none of them in the manifest)"))
        else:
            print("ok %d - llvm-objdump names the Armv8.0 baseline registers" % n)
        print("# %d of %d registers confirmed by llvm-objdump's symbolic names; %d with no "
              "name in this LLVM checked against encodings typed in from the Arm ARM: %s" % (
                  len(named), len(by_reg), len(typed), " ".join(sorted(typed)) or "-"))
        print("# %d with no LLVM name and no typed encoding, checked only by "
              "tests/host/test_regs_known.c: %s" % (
                  len(only_known), " ".join(sorted(only_known)) or "-"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
