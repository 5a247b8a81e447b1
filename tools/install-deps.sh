#!/bin/sh
# Makes this machine able to build and test the project.
#
# It checks capabilities, not only commands: that each compiler builds (and
# each sanitizer program links and runs), that QEMU starts the `virt` board
# with virtualization on, that Python has the generator's modules.  What
# fails is installed with apt-get (Debian's packages); a machine that has
# everything runs no apt-get at all.  When a capability still fails after
# that, it stops with one line that names it.
#
#   tools/install-deps.sh            every capability of build and test
#   WITH_GDB=1 tools/install-deps.sh and gdb-multiarch (make debug)
#
# Every top-level make runs it, so a passing check leaves a stamp in
# $BUILD (default build/): while this script, the chosen Python and QEMU and
# Debian's package database (/var/lib/dpkg/status) are unchanged, the checks
# are not run again.  `make deps` always checks.
set -u
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
QEMU=${QEMU:-qemu-system-aarch64}
stamp=${BUILD:-build}/.install-deps.ok
key="$(cksum <"$0") $(command -v "$PY") $(command -v "$QEMU") gdb=${WITH_GDB:-} $(stat -c %Y /var/lib/dpkg/status 2>/dev/null)"
if [ -z "${INSTALL_DEPS_FORCE:-}" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$key" ]; then
	exit 0
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/install-deps.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

# After every check passed: remember it (the key again, since apt-get
# changes the package database).
pass() {
	mkdir -p "$(dirname "$stamp")" &&
		echo "$(cksum <"$0") $(command -v "$PY") $(command -v "$QEMU") gdb=${WITH_GDB:-}\
 $(stat -c %Y /var/lib/dpkg/status 2>/dev/null)" >"$stamp"
	exit 0
}

have() { command -v "$1" >/dev/null 2>&1; }

# A C program that runs on the host: $1 compiler, the rest its flags.
host_prog() {
	cc=$1; shift
	printf '#include <stdio.h>\nint main(void) { return puts("") < 0; }\n' >"$tmp/p.c"
	"$cc" "$@" -o "$tmp/p" "$tmp/p.c" && "$tmp/p" >/dev/null
}

# Each capability: a name, the Debian packages that give it, the check.
cap_python() { "$PY" -c 'import jinja2, yaml, jsonschema'; }
cap_clang() { host_prog clang -std=c11 && have clang++; }
cap_gcc() { host_prog gcc -std=c11 && have g++; }
cap_clang_san() { host_prog clang -fsanitize=address,undefined; }
cap_gcc_san() { host_prog gcc -fsanitize=address,undefined; }
cap_fuzzer() {
	printf '#include <stddef.h>\n#include <stdint.h>\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }\n' >"$tmp/f.c"
	clang -fsanitize=fuzzer,address,undefined -o "$tmp/f" "$tmp/f.c" && "$tmp/f" -runs=1 >/dev/null 2>&1
}
cap_cmocka() {
	printf '#include <stdarg.h>\n#include <stddef.h>\n#include <setjmp.h>\n#include <stdint.h>\n#include <cmocka.h>\nstatic void t(void **s) { (void)s; }\nint main(void) { const struct CMUnitTest ts[] = { cmocka_unit_test(t) }; return cmocka_run_group_tests(ts, NULL, NULL); }\n' >"$tmp/c.c"
	gcc -o "$tmp/c" "$tmp/c.c" -lcmocka && "$tmp/c" >/dev/null 2>&1
}
cap_cross() {
	printf 'void _start(void) { for (;;) __asm__ volatile("wfi"); }\n' >"$tmp/x.c"
	clang --target=aarch64-none-elf -ffreestanding -nostdlib -c -o "$tmp/x.o" "$tmp/x.c" &&
		ld.lld -o "$tmp/x.elf" "$tmp/x.o" &&
		llvm-objcopy -O binary "$tmp/x.elf" "$tmp/x.bin" &&
		llvm-objdump -d "$tmp/x.elf" | grep -q wfi
}
cap_cross_gcc() {
	printf 'void _start(void) { for (;;) __asm__ volatile("wfi"); }\n' >"$tmp/g.c"
	aarch64-linux-gnu-gcc -ffreestanding -nostdlib -fno-pie -mno-outline-atomics -c \
		-o "$tmp/g.o" "$tmp/g.c" && aarch64-linux-gnu-ld -o "$tmp/g.elf" "$tmp/g.o" &&
		aarch64-linux-gnu-objcopy -O binary "$tmp/g.elf" "$tmp/g.bin"
}
cap_dtc() { have dtc && have fdtget; }
cap_cpio() { have cpio; }
cap_zstd() { have zstd; }
cap_format() { have clang-format; }
# The board itself, from the project's one QEMU command line: with
# virtualization on and no EL3, QEMU's own PSCI is called with smc.
cap_qemu() {
	"$PY" tools/qemu_board.py --qemu "$QEMU" --dumpdtb "$tmp/virt.dtb" &&
		dtc -q -I dtb -O dts "$tmp/virt.dtb" | grep -q 'method = "smc"'
}
cap_gdb() { have gdb-multiarch; }

caps="python:python3,python3-jinja2,python3-yaml,python3-jsonschema
clang:clang
gcc:gcc,g++
clang_san:clang,libclang-rt-dev
gcc_san:gcc
fuzzer:clang,libclang-rt-dev
cmocka:libcmocka-dev,gcc
cross:clang,lld,llvm
cross_gcc:gcc-aarch64-linux-gnu,binutils-aarch64-linux-gnu
dtc:device-tree-compiler
cpio:cpio
zstd:zstd
format:clang-format
qemu:qemu-system-arm,device-tree-compiler"
[ -n "${WITH_GDB:-}" ] && caps="$caps
gdb:gdb-multiarch"

failing() {
	for c in $(echo "$caps" | cut -d: -f1); do
		"cap_$c" >"$tmp/$c.log" 2>&1 || echo "$c"
	done
}

what() {
	case $1 in
	python) echo "Python 3 with Jinja2, PyYAML and jsonschema ($PY)" ;;
	clang) echo "clang builds and runs a host program" ;;
	gcc) echo "gcc builds and runs a host program" ;;
	clang_san) echo "clang links an ASan/UBSan program" ;;
	gcc_san) echo "gcc links an ASan/UBSan program" ;;
	cmocka) echo "a cmocka test links" ;;
	fuzzer) echo "clang links and runs a libFuzzer harness" ;;
	cross) echo "clang, ld.lld and llvm-objcopy build for aarch64-none-elf" ;;
	cross_gcc) echo "aarch64-linux-gnu-gcc and binutils build a freestanding image" ;;
	dtc) echo "dtc (device-tree compiler)" ;;
	cpio) echo "cpio" ;;
	zstd) echo "zstd (EFI zboot kernels)" ;;
	format) echo "clang-format" ;;
	qemu) echo "$QEMU starts the virt board with virtualization=on" ;;
	gdb) echo "gdb-multiarch" ;;
	esac
}

bad=$(failing)
[ -z "$bad" ] && pass

pkgs=""
for c in $bad; do
	for p in $(echo "$caps" | grep "^$c:" | cut -d: -f2 | tr , ' '); do
		case " $pkgs " in *" $p "*) ;; *) pkgs="$pkgs $p" ;; esac
	done
done
echo "install-deps: missing:$(for c in $bad; do printf ' %s' "$c"; done); installing:$pkgs" >&2
if [ "$(id -u)" != 0 ]; then SUDO=sudo; else SUDO=; fi
export DEBIAN_FRONTEND=noninteractive
if ! { $SUDO apt-get update -q && $SUDO apt-get install -y -q --no-install-recommends $pkgs; } \
	>"$tmp/apt.log" 2>&1; then
	echo "install-deps: apt-get could not install$pkgs: $(grep -E '^E:' "$tmp/apt.log" | head -1)" >&2
	exit 1
fi

bad=$(failing)
for c in $bad; do
	echo "install-deps: still failing after apt-get: $(what "$c"): $(tail -n 1 "$tmp/$c.log")" >&2
	exit 1
done
pass
