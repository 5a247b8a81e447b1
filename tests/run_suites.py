#!/usr/bin/env python3
"""Run every test suite and print one summary line.

Each suite is a make target `test-<name>` that prints TAP-style lines
(`ok - ...` / `not ok - ...`).  A suite that exits non-zero without a single
`not ok` line counts as one failure, so a crash is never silent.  A test
that skips (`ok ... # SKIP`) counts as failed: a test that cannot run fails.
"""
import re
import subprocess
import sys

OK = re.compile(r"^\s*ok\b")
NOT_OK = re.compile(r"^\s*not ok\b")
SKIP = re.compile(r"^\s*ok\b.*#\s*skip\b", re.I)


def main(argv):
    make = argv[1]
    suites = argv[2:]
    passed = failed = 0
    for suite in suites:
        print(f"=== suite {suite}", flush=True)
        proc = subprocess.Popen(
            [make, "--no-print-directory", "-s", f"test-{suite}"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            errors="replace")
        s_pass = s_fail = 0
        for line in proc.stdout:
            sys.stdout.write(line)
            if NOT_OK.match(line):
                s_fail += 1
            elif SKIP.match(line):
                print(f"not ok - suite {suite}: a skipped test is a failure", flush=True)
                s_fail += 1
            elif OK.match(line):
                s_pass += 1
        rc = proc.wait()
        if rc != 0 and s_fail == 0:
            print(f"not ok - suite {suite} exited with status {rc}")
            s_fail += 1
        if rc == 0 and s_pass == 0 and s_fail == 0:
            print(f"not ok - suite {suite} ran no test")
            s_fail += 1
        print(f"=== suite {suite}: {s_pass} passed, {s_fail} failed", flush=True)
        passed += s_pass
        failed += s_fail
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
