#!/bin/sh
# Installs what a fresh Debian machine lacks for building and testing.
# Checks first, so a machine that has everything runs no apt-get at all.
set -e
need=""
have() { command -v "$1" >/dev/null 2>&1; }
have clang || need="$need clang"
have ld.lld || need="$need lld"
have llvm-objdump || need="$need llvm"
have gcc || need="$need gcc"
have g++ || need="$need g++"
have make || need="$need make"
have dtc || need="$need device-tree-compiler"
have cpio || need="$need cpio"
have qemu-system-aarch64 || need="$need qemu-system-arm"
have clang-format || need="$need clang-format"
[ -f /usr/include/cmocka.h ] || need="$need libcmocka-dev"
[ -n "$WITH_GDB" ] && { have gdb-multiarch || need="$need gdb-multiarch"; }
PY=${PYTHON:-python3}
if ! "$PY" -c 'import jinja2, yaml, jsonschema' >/dev/null 2>&1; then
	need="$need python3 python3-jinja2 python3-yaml python3-jsonschema"
fi
if [ -n "$need" ]; then
	echo "install-deps: installing:$need"
	if [ "$(id -u)" != 0 ]; then SUDO=sudo; else SUDO=; fi
	export DEBIAN_FRONTEND=noninteractive
	$SUDO apt-get update -q >/dev/null
	# shellcheck disable=SC2086
	$SUDO apt-get install -y -q --no-install-recommends $need >/dev/null
fi
