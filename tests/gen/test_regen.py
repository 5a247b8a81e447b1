#!/usr/bin/env python3
"""Tests of the register generator (gen/regen.py), printed as TAP.

    python3 tests/gen/test_regen.py

- every spec in regs/ (and the generator's own test specs) is accepted;
- every broken spec in tests/gen/bad/ is rejected with the message its first
  line names (`# expect: ...`), prefixed by the file name, and nothing is
  written;
- output is byte-identical from run to run;
- --check passes on a clean tree and fails, naming the files, after a change;
- the generated files in the tree are up to date with regs/.
"""
import glob
import os
import shutil
import subprocess
import sys
import tempfile
import traceback
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
REGEN = os.path.join(ROOT, "gen", "regen.py")
SPECS = sorted(glob.glob(os.path.join(ROOT, "regs", "*.yaml")))
TEST_SPECS = sorted(glob.glob(os.path.join(HERE, "specs", "*.yaml")))
BAD = sorted(glob.glob(os.path.join(HERE, "bad", "*.yaml")))


def regen(*args):
    return subprocess.run([sys.executable, REGEN] + list(args), cwd=ROOT,
                          capture_output=True, text=True)


def rel(p):
    return os.path.relpath(p, ROOT)


def tree(d):
    out = {}
    for dp, _, fns in os.walk(d):
        for fn in fns:
            p = os.path.join(dp, fn)
            with open(p, "rb") as f:
                out[os.path.relpath(p, d)] = f.read()
    return out


class TestSpecsAccepted(unittest.TestCase):
    pass


def _accept_case(path):
    def test(self):
        p = regen("--validate-only", "--specs", rel(path))
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(p.stderr, "")
    return test


for _p in SPECS + TEST_SPECS:
    setattr(TestSpecsAccepted, "test_accepts_%s" % rel(_p).replace("/", "_").replace(".", "_"),
            _accept_case(_p))


class TestBadSpecsRejected(unittest.TestCase):
    def test_corpus_present(self):
        self.assertGreaterEqual(len(BAD), 30)


def _reject_case(path):
    def test(self):
        with open(path, encoding="utf-8") as f:
            first = f.readline()
        self.assertTrue(first.startswith("# expect: "), "%s lacks '# expect:'" % path)
        want = "%s: %s" % (rel(path), first[len("# expect: "):].strip())
        with tempfile.TemporaryDirectory() as out:
            p = regen("--specs", rel(path), "--out", out)
            self.assertNotEqual(p.returncode, 0)
            self.assertIn(want, p.stderr)
            self.assertEqual(os.listdir(out), [], "files written despite errors")
        for line in p.stderr.splitlines()[:-1]:
            self.assertTrue(line.startswith(rel(path) + ": "), line)
    return test


for _p in BAD:
    setattr(TestBadSpecsRejected, "test_rejects_%s" % os.path.basename(_p)[:-5],
            _reject_case(_p))


class TestGenerator(unittest.TestCase):
    def test_acceptance_message(self):
        """A field 33:30 in a 32-bit register names file, register, field, rule."""
        bad = os.path.join(HERE, "bad", "field_exceeds_width.yaml")
        p = regen("--specs", rel(bad), "--validate-only")
        self.assertEqual(p.returncode, 1)
        self.assertIn("tests/gen/bad/field_exceeds_width.yaml: register CTLR: field FOO: "
                      "bits 33:30 exceed register width 32", p.stderr)

    def test_acceptance_bit_unaccounted(self):
        """Bit 17 neither a field nor RES0/RES1/IMPDEF: file, register, bit, rule."""
        bad = os.path.join(HERE, "bad", "bit_unaccounted.yaml")
        p = regen("--specs", rel(bad), "--validate-only")
        self.assertEqual(p.returncode, 1)
        self.assertIn("tests/gen/bad/bit_unaccounted.yaml: register TST_EL2: bit 17: "
                      "not accounted for (rule: every bit is a field, res0, res1, impdef "
                      "or unknown)", p.stderr)

    def test_layout_shared(self):
        """ESR_EL1 and ESR_EL2 come from one layout: same fields, same masks."""
        with open(os.path.join(ROOT, "include", "aarch64_sysreg", "el1.h"), encoding="utf-8") as f:
            el1 = f.read()
        with open(os.path.join(ROOT, "include", "aarch64_sysreg", "el2.h"), encoding="utf-8") as f:
            el2 = f.read()
        for name in ("EC_SHIFT 26", "IL_SHIFT 25", "ISS2_MASK REGGEN_U64(0x00ffffff00000000)",
                     "RES0 REGGEN_U64(0xff00000000000000)"):
            self.assertIn("#define ESR_EL1_" + name + "\n", el1)
            self.assertIn("#define ESR_EL2_" + name + "\n", el2)

    def test_user_block_example(self):
        """The worked example of docs/spec-format.md: a spec outside the tree,
        --include-dir/--docs-dir, writes what the document says."""
        import re
        with open(os.path.join(ROOT, "docs", "spec-format.md"), encoding="utf-8") as f:
            doc = f.read().split("## Worked example: your own block")[1]
        spec_text = re.findall(r"```yaml\n(.*?)```", doc, re.S)[0]
        with tempfile.TemporaryDirectory() as d:
            os.makedirs(os.path.join(d, "my"))
            with open(os.path.join(d, "my", "pl011.yaml"), "w", encoding="utf-8") as f:
                f.write(spec_text)
            p = subprocess.run([sys.executable, REGEN, "--specs", "my/pl011.yaml",
                                "--include-dir", "my/include", "--docs-dir", "my/docs"],
                               cwd=d, capture_output=True, text=True)
            self.assertEqual(p.returncode, 0, p.stderr)
            for rel in ("my/include/pl011/pl011.h", "my/include/pl011/pl011_regs.h",
                        "my/include/reggen.h", "my/docs/pl011.md", "my/docs/pl011/fr.svg"):
                self.assertTrue(os.path.isfile(os.path.join(d, rel)), rel)
            p = subprocess.run([sys.executable, REGEN, "--specs", "my/pl011.yaml",
                                "--include-dir", "my/include", "--docs-dir", "my/docs",
                                "--check"], cwd=d, capture_output=True, text=True)
            self.assertEqual(p.returncode, 0, p.stderr)

    def test_nothing_written_when_one_of_many_fails(self):
        """Valid specs are not written either when another spec is broken."""
        with tempfile.TemporaryDirectory() as out:
            p = regen("--specs", *[rel(s) for s in TEST_SPECS + SPECS],
                      rel(os.path.join(HERE, "bad", "dup_offset.yaml")), "--out", out)
            self.assertEqual(p.returncode, 1)
            self.assertEqual(os.listdir(out), [])

    def test_all_errors_reported(self):
        p = regen("--specs", *[rel(b) for b in BAD[:5]], "--validate-only")
        self.assertEqual(p.returncode, 1)
        for b in BAD[:5]:
            self.assertIn(rel(b) + ": ", p.stderr)

    def test_deterministic(self):
        with tempfile.TemporaryDirectory() as a, tempfile.TemporaryDirectory() as b:
            for d in (a, b):
                for sub, specs in (("regs", SPECS), ("test", TEST_SPECS)):
                    if not specs:
                        continue
                    o = os.path.join(d, sub)
                    p = regen("--specs", *[rel(s) for s in specs], "--out", o,
                              "--emit-tests", os.path.join(o, "tests"))
                    self.assertEqual(p.returncode, 0, p.stderr)
            ta, tb = tree(a), tree(b)
            self.assertGreater(len(ta), 2)
            self.assertEqual(sorted(ta), sorted(tb))
            for k in ta:
                self.assertEqual(ta[k], tb[k], "%s differs between runs" % k)

    def test_check_mode(self):
        with tempfile.TemporaryDirectory() as d:
            spec = os.path.join(d, "tdist.yaml")
            shutil.copy(os.path.join(HERE, "specs", "tdist.yaml"), spec)
            out = os.path.join(d, "out")
            self.assertEqual(regen("--specs", spec, "--out", out).returncode, 0)
            before = tree(out)
            p = regen("--specs", spec, "--out", out, "--check")
            self.assertEqual(p.returncode, 0, p.stderr)
            # flip one field's bits
            with open(spec, encoding="utf-8") as f:
                text = f.read()
            new = text.replace("{name: ENABLEGRP1, bits: 1}", "{name: ENABLEGRP1, bits: 2}")
            new = new.replace('res0: "31:2"', 'res0: "31:3, 1"')
            self.assertNotEqual(new, text)
            with open(spec, "w", encoding="utf-8") as f:
                f.write(new)
            p = regen("--specs", spec, "--out", out, "--check")
            self.assertNotEqual(p.returncode, 0)
            self.assertIn("differs: include/gentest/tdist.h", p.stderr)
            self.assertIn("differs: docs/regs/tdist/ctlr.md", p.stderr)
            self.assertIn("differs: docs/regs/tdist/ctlr.svg", p.stderr)
            self.assertNotIn("gentest_regs.h", p.stderr)
            self.assertEqual(tree(out), before, "--check modified files")
            # regenerate: clean again, and only CTLR's header, page and diagram changed
            self.assertEqual(regen("--specs", spec, "--out", out).returncode, 0)
            self.assertEqual(regen("--specs", spec, "--out", out, "--check").returncode, 0)
            after = tree(out)
            changed = sorted(k for k in after if after[k] != before.get(k))
            self.assertEqual(changed, ["docs/regs/tdist/ctlr.md", "docs/regs/tdist/ctlr.svg",
                                       "include/gentest/tdist.h"])

    def test_every_register_has_a_diagram(self):
        """docs/regs/<block>/<reg>.svg exists for every register, linked from its page,
        and the page is linked from the block's index page."""
        sys.path.insert(0, os.path.join(ROOT, "gen"))
        import regen as regen_mod
        specs, errors = regen_mod.load_all(SPECS)
        self.assertEqual(errors, [])
        n = 0
        for spec in specs:
            with open(os.path.join(ROOT, "docs", "regs", spec.doc), encoding="utf-8") as f:
                index = f.read()
            for reg in spec.registers:
                base = os.path.join(ROOT, "docs", "regs", reg.doc_base)
                with open(base + ".svg", encoding="utf-8") as f:
                    svg = f.read()
                self.assertTrue(svg.startswith("<svg "), base)
                with open(base + ".md", encoding="utf-8") as f:
                    page = f.read()
                self.assertIn("(%s.svg)" % os.path.basename(base), page)
                self.assertIn("(%s.md)" % reg.doc_base, index)
                n += 1
        self.assertGreater(n, 250)

    def test_check_detects_missing_and_stale(self):
        with tempfile.TemporaryDirectory() as d:
            specs = [rel(s) for s in TEST_SPECS]
            self.assertEqual(regen("--specs", *specs, "--out", d).returncode, 0)
            os.remove(os.path.join(d, "include", "gentest", "tsys.h"))
            p = regen("--specs", *specs, "--out", d, "--check")
            self.assertNotEqual(p.returncode, 0)
            self.assertIn("missing: include/gentest/tsys.h", p.stderr)
            # a spec removed: its outputs become stale, and are removed on write
            self.assertEqual(regen("--specs", *specs, "--out", d).returncode, 0)
            p = regen("--specs", specs[0], "--out", d, "--check")
            self.assertIn("stale: include/gentest/tsys.h", p.stderr)
            self.assertEqual(regen("--specs", specs[0], "--out", d).returncode, 0)
            self.assertFalse(os.path.exists(os.path.join(d, "include", "gentest", "tsys.h")))
            self.assertEqual(regen("--specs", specs[0], "--out", d, "--check").returncode, 0)

    def test_banner(self):
        with tempfile.TemporaryDirectory() as d:
            self.assertEqual(regen("--specs", *[rel(s) for s in TEST_SPECS],
                                   "--out", d).returncode, 0)
            for k, v in tree(d).items():
                head = v[:300].decode()
                self.assertIn("generated by gen/regen.py from", head, k)
                self.assertIn("do not edit", head, k)
            with open(os.path.join(d, "include", "gentest", "tdist.h"), encoding="utf-8") as f:
                self.assertIn("from tests/gen/specs/tdist.yaml, do not edit", f.read(300))

    def test_tree_up_to_date(self):
        """The generated headers and docs in the tree match regs/ (make check-gen)."""
        p = regen("--check")
        self.assertEqual(p.returncode, 0, p.stderr)

    def test_unquoted_bits_and_yaml11_words(self):
        """`bits: 19:10` unquoted is hi:lo (not sexagesimal); ON/OFF/NO are names."""
        with tempfile.TemporaryDirectory() as d:
            spec = os.path.join(d, "q.yaml")
            with open(spec, "w", encoding="utf-8") as f:
                f.write("block: Q\nkind: mmio\ntitle: q\nsource: q\nheader: gentest/q.h\n"
                        "width: 32\nregisters:\n  - name: R\n    offset: 0\n    access: rw\n"
                        "    res0: 31:20, 9:0\n"
                        "    fields:\n      - {name: F, bits: 19:10, enum: {OFF: 0, ON: 1, NO: 2}}\n")
            self.assertEqual(regen("--specs", spec, "--out", d).returncode, 0)
            with open(os.path.join(d, "include", "gentest", "q.h"), encoding="utf-8") as f:
                h = f.read()
            self.assertIn("#define Q_R_F_SHIFT 10\n", h)
            self.assertIn("#define Q_R_F_WIDTH 10\n", h)
            self.assertIn("#define Q_R_F_ON REGGEN_U32(0x00000001)\n", h)
            self.assertIn("#define Q_R_RES0 REGGEN_U32(0xfff003ff)\n", h)

    def test_cross_file_duplicates(self):
        with tempfile.TemporaryDirectory() as d:
            a = os.path.join(d, "a.yaml")
            b = os.path.join(d, "b.yaml")
            body = ("kind: sysreg\ntitle: t\nsource: s\nwidth: 64\nregisters:\n"
                    "  - {name: X_EL2, encoding: [3, 4, 1, 1, 0], access: rw}\n")
            with open(a, "w", encoding="utf-8") as f:
                f.write("block: A\nheader: gentest/a.h\n" + body)
            with open(b, "w", encoding="utf-8") as f:
                f.write("block: A\nheader: gentest/a.h\n" + body)
            p = regen("--specs", a, b, "--validate-only")
            self.assertEqual(p.returncode, 1)
            self.assertIn(b + ": duplicate block name A", p.stderr)
            self.assertIn(b + ": duplicate header gentest/a.h", p.stderr)
            self.assertIn(b + ": register X_EL2: duplicate register name (also in " + a, p.stderr)
            self.assertIn(b + ": register X_EL2: duplicate encoding S3_4_C1_C1_0", p.stderr)


class TapResult(unittest.TestResult):
    """Prints one TAP line per test as it finishes."""

    def __init__(self, *a, **kw):
        super().__init__(*a, **kw)
        self.n = 0

    def _line(self, ok, test, detail=None):
        self.n += 1
        name = "%s.%s" % (type(test).__name__, test._testMethodName)
        print("%s %d - %s" % ("ok" if ok else "not ok", self.n, name))
        if detail:
            for line in detail.rstrip().splitlines():
                print("#   " + line)
        sys.stdout.flush()

    def addSuccess(self, test):
        super().addSuccess(test)
        self._line(True, test)

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._line(False, test, "".join(traceback.format_exception_only(err[0], err[1])))

    def addError(self, test, err):
        super().addError(test, err)
        self._line(False, test, "".join(traceback.format_exception(*err)))

    def addSubTest(self, test, subtest, err):
        # A failed subtest fails its test, which then never reaches
        # addSuccess: its own not-ok line, naming the subtest.
        super().addSubTest(test, subtest, err)
        if err is not None:
            self._line(False, test, "%s\n%s" % (subtest._subDescription(), "".join(
                traceback.format_exception_only(err[0], err[1]))))

    def addSkip(self, test, reason):
        # A test that cannot run fails: it does not skip.
        super().addSkip(test, reason)
        self.failures.append((test, "skipped: " + reason))
        self._line(False, test, "skipped: %s" % reason)


def main():
    suite = unittest.defaultTestLoader.loadTestsFromModule(sys.modules[__name__])
    print("1..%d" % suite.countTestCases())
    result = TapResult()
    suite.run(result)
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
