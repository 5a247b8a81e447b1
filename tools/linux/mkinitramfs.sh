#!/bin/sh
# Build the minihyp Linux guest initramfs: a gzip'd cpio (newc) archive with
# busybox-static and examples/minihyp/linux/init.  No device nodes: /init
# mounts devtmpfs.  Files are owned by root in the archive whatever the user
# running this is (cpio -R 0:0), and timestamps are fixed, so the same inputs
# give the same bytes.
#
# usage: mkinitramfs.sh BUSYBOX INIT OUTPUT.cpio.gz
set -eu

if [ $# -ne 3 ]; then
	echo "usage: $0 BUSYBOX INIT OUTPUT.cpio.gz" >&2
	exit 2
fi
busybox=$1
init=$2
out=$3

# cpio comes from Debian's package; install it if this machine lacks it.
if ! command -v cpio >/dev/null 2>&1; then
	echo "mkinitramfs: installing cpio" >&2
	if [ "$(id -u)" != 0 ]; then SUDO=sudo; else SUDO=; fi
	export DEBIAN_FRONTEND=noninteractive
	if ! $SUDO apt-get install -y -q --no-install-recommends cpio >/dev/null 2>&1; then
		$SUDO apt-get update -q >/dev/null
		$SUDO apt-get install -y -q --no-install-recommends cpio >/dev/null
	fi
fi

stage=$out.root
rm -rf "$stage"
mkdir -p "$stage"
for d in bin sbin usr/bin usr/sbin proc sys dev tmp root etc; do
	mkdir -p "$stage/$d"
done
cp "$busybox" "$stage/bin/busybox"
chmod 0755 "$stage/bin/busybox"
cp "$init" "$stage/init"
chmod 0755 "$stage/init"
echo "root:x:0:0:root:/root:/bin/sh" >"$stage/etc/passwd"
echo "root:x:0:" >"$stage/etc/group"

# Fixed timestamps (SOURCE_DATE_EPOCH if set) for a reproducible archive.
epoch=${SOURCE_DATE_EPOCH:-0}
find "$stage" -exec touch -h -d "@$epoch" {} +

tmp=$out.tmp
(cd "$stage" && find . -mindepth 1 | LC_ALL=C sort |
	cpio -o -H newc -R 0:0 --reproducible --quiet) | gzip -9 -n >"$tmp"
mv "$tmp" "$out"
rm -rf "$stage"
echo "mkinitramfs: $out ($(wc -c <"$out") bytes)" >&2
