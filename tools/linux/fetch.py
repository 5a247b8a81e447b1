#!/usr/bin/env python3
"""Fetch Debian's arm64 kernel and busybox-static without touching the
machine's own apt configuration.

A private apt tree lives in <out>/apt: its own sources (the Debian mirrors and
suites this machine already uses, read from /etc/apt/sources.list and
/etc/apt/sources.list.d/, re-targeted at arm64), its own lists, state and
cache.  apt-get downloads the current linux-image-<abi>-arm64 (resolved from
the linux-image-arm64 metapackage) and busybox-static into <out>/debs, and
this script extracts:

  <out>/Image            the raw arm64 kernel Image (decompressed from the
                         deb's vmlinuz, gzip or EFI zboot), header checked
  <out>/busybox          the static arm64 busybox binary
  <out>/config           the kernel's build configuration
  <out>/kernel-release   e.g. 6.1.0-37-arm64
  <out>/kernel-package   e.g. linux-image-6.1.0-37-arm64 6.1.140-1

Once the .debs are cached (listed in <out>/debs/MANIFEST) a run does no
network access at all; LINUX_FETCH_REFRESH=1 resolves and downloads again.
"""
import argparse
import glob
import gzip
import io
import lzma
import os
import re
import shlex
import shutil
import struct
import subprocess
import sys
import tarfile

ARCH = "arm64"
IMAGE_MAGIC_OFFSET = 0x38
IMAGE_MAGIC = b"ARM\x64"


def log(msg):
    print(f"linux-fetch: {msg}", file=sys.stderr, flush=True)


def die(msg):
    log(f"error: {msg}")
    sys.exit(1)


# --------------------------------------------------------------------------
# The machine's Debian sources


def os_codename(etc="/etc"):
    try:
        with open(os.path.join(etc, "os-release")) as f:
            for line in f:
                k, _, v = line.strip().partition("=")
                if k == "VERSION_CODENAME":
                    return v.strip('"')
    except OSError:
        pass
    return None


def parse_one_line(path):
    """Entries of a one-line-style .list file."""
    out = []
    with open(path) as f:
        for raw in f:
            line = raw.split("#", 1)[0].strip()
            if not line:
                continue
            opts = {}
            m = re.match(r"^(deb|deb-src)\s+\[([^\]]*)\]\s+(.*)$", line)
            if m:
                kind, optstr, rest = m.groups()
                for o in optstr.split():
                    k, _, v = o.partition("=")
                    opts[k.lower()] = v
            else:
                parts = line.split(None, 1)
                if len(parts) < 2:
                    continue
                kind, rest = parts
            words = rest.split()
            if kind != "deb" or len(words) < 2:
                continue
            out.append({
                "uris": [words[0]],
                "suites": [words[1]],
                "components": words[2:],
                "signed-by": opts.get("signed-by"),
                "enabled": True,
            })
    return out


def parse_deb822(path):
    """Stanzas of a deb822-style .sources file."""
    out = []
    with open(path) as f:
        text = f.read()
    for stanza in re.split(r"\n\s*\n", text):
        fields = {}
        key = None
        for raw in stanza.splitlines():
            if raw.startswith("#"):
                continue
            if raw[:1] in (" ", "\t") and key:
                fields[key] += "\n" + raw.strip()
                continue
            k, sep, v = raw.partition(":")
            if not sep:
                continue
            key = k.strip().lower()
            fields[key] = v.strip()
        if "uris" not in fields or "suites" not in fields:
            continue
        if "deb" not in fields.get("types", "").split():
            continue
        out.append({
            "uris": fields["uris"].split(),
            "suites": fields["suites"].split(),
            "components": fields.get("components", "").split(),
            "signed-by": fields.get("signed-by"),
            "enabled": fields.get("enabled", "yes").lower() not in ("no", "false", "0"),
        })
    return out


def machine_sources(etc="/etc"):
    # apt itself reads sources.list and, in sources.list.d, only *.list and
    # *.sources (so "foo.list.disabled" is ignored here too).
    files = []
    if os.path.isfile(os.path.join(etc, "apt/sources.list")):
        files.append(os.path.join(etc, "apt/sources.list"))
    files += sorted(glob.glob(os.path.join(etc, "apt/sources.list.d/*.list")))
    files += sorted(glob.glob(os.path.join(etc, "apt/sources.list.d/*.sources")))
    entries = []
    for path in files:
        try:
            entries += parse_deb822(path) if path.endswith(".sources") else parse_one_line(path)
        except OSError as e:
            log(f"cannot read {path}: {e}")
    return entries


def debian_sources(etc="/etc"):
    """The machine's Debian archive entries (its release's suites, main)."""
    codename = os_codename(etc)
    if not codename:
        die("cannot tell the Debian release from /etc/os-release")
    keep = []
    for e in machine_sources(etc):
        if not e["enabled"] or "main" not in e["components"]:
            continue
        suites = [s for s in e["suites"] if s == codename or s.startswith(codename + "-")]
        if not suites:
            continue
        keep.append(dict(e, suites=suites, components=["main"]))
    if not keep:
        die(f"no Debian '{codename}' source with component main found in {etc}/apt")
    return keep


def render_sources(entries):
    text = "# Generated by tools/linux/fetch.py from this machine's apt sources.\n"
    for e in entries:
        text += "\nTypes: deb\n"
        text += f"URIs: {' '.join(e['uris'])}\n"
        text += f"Suites: {' '.join(e['suites'])}\n"
        text += f"Components: {' '.join(e['components'])}\n"
        text += f"Architectures: {ARCH}\n"
        if e["signed-by"]:
            sb = e["signed-by"]
            if "\n" in sb:  # embedded key block: keep deb822 continuation lines
                sb = sb.replace("\n", "\n ")
            text += f"Signed-By: {sb}\n"
    return text


# --------------------------------------------------------------------------
# The private apt tree


class Apt:
    def __init__(self, root):
        self.root = os.path.abspath(root)
        r = self.root
        for d in ("etc/sources.list.d", "etc/preferences.d", "etc/apt.conf.d",
                  "state/lists/partial", "cache/archives/partial"):
            os.makedirs(os.path.join(r, d), exist_ok=True)
        status = os.path.join(r, "state/status")
        if not os.path.exists(status):
            open(status, "w").close()
        # Our own configuration: the machine's apt.conf settings (proxies,
        # Acquire options) are included, its hooks that act on the machine's
        # own caches are cleared.
        conf = os.path.join(r, "etc/apt.conf.d/00machine")
        lines = ["// Generated by tools/linux/fetch.py"]
        if os.path.isdir("/etc/apt/apt.conf.d"):
            lines.append('#include "/etc/apt/apt.conf.d/";')
        if os.path.isfile("/etc/apt/apt.conf"):
            lines.append('#include "/etc/apt/apt.conf";')
        lines += [
            "#clear APT::Update::Pre-Invoke;",
            "#clear APT::Update::Post-Invoke;",
            "#clear APT::Update::Post-Invoke-Success;",
            "#clear DPkg::Pre-Invoke;",
            "#clear DPkg::Post-Invoke;",
            "#clear APT::Architectures;",
        ]
        self._write(conf, "\n".join(lines) + "\n")
        self.config = os.path.join(r, "etc/apt.conf")
        self._write(self.config, "\n".join([
            "// Generated by tools/linux/fetch.py: read first through APT_CONFIG.",
            f'Dir::Etc::main "/dev/null";',
            f'Dir::Etc::parts "{r}/etc/apt.conf.d";',
        ]) + "\n")

    @staticmethod
    def _write(path, text):
        try:
            with open(path) as f:
                if f.read() == text:
                    return
        except OSError:
            pass
        with open(path, "w") as f:
            f.write(text)

    def write_sources(self, text):
        self._write(os.path.join(self.root, "etc/sources.list.d/debian.sources"), text)

    def opts(self):
        r = self.root
        o = {
            "APT::Architecture": ARCH,
            "APT::Architectures": ARCH,
            "Dir::Etc::SourceList": f"{r}/etc/sources.list",
            "Dir::Etc::SourceParts": f"{r}/etc/sources.list.d",
            "Dir::Etc::Preferences": f"{r}/etc/preferences",
            "Dir::Etc::PreferencesParts": f"{r}/etc/preferences.d",
            "Dir::State": f"{r}/state",
            "Dir::State::Lists": f"{r}/state/lists",
            "Dir::State::status": f"{r}/state/status",
            "Dir::State::extended_states": f"{r}/state/extended_states",
            "Dir::Cache": f"{r}/cache",
            "Dir::Cache::archives": f"{r}/cache/archives",
            "Dir::Cache::pkgcache": f"{r}/cache/pkgcache.bin",
            "Dir::Cache::srcpkgcache": f"{r}/cache/srcpkgcache.bin",
            "Dir::Log": f"{r}/log",
            "Acquire::Languages": "none",
            "Debug::NoLocking": "1",
            # a mirror's passing hiccup should not fail a test run
            "Acquire::Retries": "3",
        }
        if os.geteuid() == 0:
            # Downloads land in our own tree, which _apt may not reach.
            o["APT::Sandbox::User"] = "root"
        args = []
        for k, v in o.items():
            args += ["-o", f"{k}={v}"]
        return args

    def run(self, tool, *args, cwd=None, capture=False):
        env = dict(os.environ, APT_CONFIG=self.config, LC_ALL="C")
        cmd = [tool] + self.opts() + list(args)
        p = subprocess.run(cmd, cwd=cwd, env=env, text=True,
                           stdout=subprocess.PIPE if capture else None)
        if p.returncode != 0:
            die(f"{tool} {' '.join(args)} failed (status {p.returncode})")
        return p.stdout


def resolve_kernel(apt):
    """The kernel package the linux-image-arm64 metapackage depends on."""
    out = apt.run("apt-cache", "show", "--no-all-versions", "linux-image-arm64", capture=True)
    m = re.search(r"^Depends:\s*(.*)$", out, re.M)
    if not m:
        die("linux-image-arm64 has no Depends field")
    for dep in m.group(1).split(","):
        name = dep.strip().split()[0]
        if re.fullmatch(r"linux-image-[0-9].*-arm64(-unsigned)?", name):
            return name
    die(f"cannot find the kernel package in: {m.group(1)}")


# --------------------------------------------------------------------------
# Extraction


def deb_member(deb, want):
    """Bytes of the file whose path matches the regex `want` inside a .deb."""
    p = subprocess.run(["dpkg-deb", "--fsys-tarfile", deb], stdout=subprocess.PIPE)
    if p.returncode != 0:
        die(f"dpkg-deb cannot read {deb}")
    with tarfile.open(fileobj=io.BytesIO(p.stdout)) as tar:
        for m in tar.getmembers():
            if m.isfile() and re.fullmatch(want, m.name):
                return m.name, tar.extractfile(m).read()
    return None, None


def decompress(kind, data):
    if kind == "gzip":
        return gzip.decompress(data)
    if kind in ("xz", "lzma"):
        return lzma.decompress(data)
    # zboot names zstd "zstd22"; the others need their Debian tools.
    tool = {"zstd": "zstd", "lzo": "lzop", "lz4": "lz4"}.get(re.sub(r"\d+$", "", kind))
    if tool:
        if not shutil.which(tool):
            die(f"vmlinuz payload is {kind}: install Debian's '{tool}' package")
        p = subprocess.run([tool, "-dc"], input=data, stdout=subprocess.PIPE)
        if p.returncode != 0:
            die(f"{tool} cannot decompress the zboot payload")
        return p.stdout
    die(f"unsupported compression '{kind}' in vmlinuz")


def raw_image(vmlinuz):
    """The raw arm64 Image inside a Debian vmlinuz, and how it was packed."""
    if vmlinuz[:2] == b"\x1f\x8b":
        img, how = gzip.decompress(vmlinuz), "gzip"
    elif vmlinuz[:2] == b"MZ" and vmlinuz[4:8] == b"zimg":
        # EFI zboot: "MZ", pad, "zimg", le32 payload offset, le32 payload size,
        # 8 bytes reserved, then the compression type as a NUL-padded string.
        off, size = struct.unpack_from("<II", vmlinuz, 8)
        kind = vmlinuz[0x18:0x18 + 32].split(b"\0", 1)[0].decode()
        img, how = decompress(kind, vmlinuz[off:off + size]), f"EFI zboot ({kind})"
    else:
        img, how = vmlinuz, "uncompressed"
    if img[IMAGE_MAGIC_OFFSET:IMAGE_MAGIC_OFFSET + 4] != IMAGE_MAGIC:
        die(f"no arm64 Image magic at 0x38 after {how} decoding")
    return img, how


def extract(out, kernel_deb, busybox_deb):
    name, vmlinuz = deb_member(kernel_deb, r"\./boot/vmlinuz-.*")
    if not vmlinuz:
        die(f"no /boot/vmlinuz-* in {kernel_deb}")
    release = name.split("vmlinuz-", 1)[1]
    img, how = raw_image(vmlinuz)
    text_offset, image_size = struct.unpack_from("<QQ", img, 8)
    _, config = deb_member(kernel_deb, r"\./boot/config-.*")
    _, bb = deb_member(busybox_deb, r"\./bin/busybox")
    if not bb:
        die(f"no /bin/busybox in {busybox_deb}")
    # ELF, 64-bit, little-endian, e_machine EM_AARCH64 (183)
    if bb[:4] != b"\x7fELF" or bb[4] != 2 or struct.unpack_from("<H", bb, 18)[0] != 183:
        die("busybox in the deb is not an AArch64 ELF executable")

    def put(fname, data, mode=0o644):
        tmp = os.path.join(out, fname + ".tmp")
        with open(tmp, "wb" if isinstance(data, bytes) else "w") as f:
            f.write(data)
        os.chmod(tmp, mode)
        os.replace(tmp, os.path.join(out, fname))

    put("Image", img)
    put("busybox", bb, 0o755)
    if config:
        put("config", config)
    put("kernel-release", release + "\n")
    log(f"kernel {release}: vmlinuz {len(vmlinuz)} bytes ({how}) -> Image "
        f"{len(img)} bytes (image_size {image_size:#x}, text_offset {text_offset:#x})")
    log(f"busybox: {len(bb)} bytes")


# --------------------------------------------------------------------------


def read_manifest(path):
    m = {}
    try:
        with open(path) as f:
            for line in f:
                k, _, v = line.strip().partition("=")
                if k:
                    m[k] = v
    except OSError:
        return None
    return m


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default=os.path.join(os.environ.get("BUILD", "build"), "linux"),
                    help="output directory (default: $BUILD/linux)")
    ap.add_argument("--show-sources", action="store_true",
                    help="print the generated arm64 sources and exit")
    ap.add_argument("--unpack", nargs=2, metavar=("VMLINUZ", "IMAGE"),
                    help="only turn a vmlinuz (raw, gzip or EFI zboot) into a raw Image")
    args = ap.parse_args()
    if args.unpack:
        with open(args.unpack[0], "rb") as f:
            img, how = raw_image(f.read())
        with open(args.unpack[1], "wb") as f:
            f.write(img)
        log(f"{args.unpack[1]}: {len(img)} bytes ({how})")
        return
    out = os.path.abspath(args.out)
    debs = os.path.join(out, "debs")
    os.makedirs(debs, exist_ok=True)

    if args.show_sources:
        print(render_sources(debian_sources()), end="")
        return

    manifest_path = os.path.join(debs, "MANIFEST")
    man = read_manifest(manifest_path)
    cached = (man and not os.environ.get("LINUX_FETCH_REFRESH")
              and all(os.path.isfile(os.path.join(debs, man.get(k, "")))
                      for k in ("kernel_deb", "busybox_deb")))
    if not cached:
        for tool in ("apt-get", "apt-cache", "dpkg-deb"):
            if not shutil.which(tool):
                die(f"{tool} not found: this script needs a Debian machine")
        apt = Apt(os.path.join(out, "apt"))
        apt.write_sources(render_sources(debian_sources()))
        log("apt-get update (private arm64 tree in " + os.path.relpath(apt.root) + ")")
        apt.run("apt-get", "-q", "update")
        kpkg = resolve_kernel(apt)
        log(f"downloading {kpkg} busybox-static")
        before = set(os.listdir(debs))
        apt.run("apt-get", "-q", "download", kpkg, "busybox-static", cwd=debs)
        new = set(os.listdir(debs)) - before
        all_debs = sorted(glob.glob(os.path.join(debs, "*.deb")), key=os.path.getmtime)

        def pick(prefix):
            c = [os.path.basename(d) for d in all_debs
                 if os.path.basename(d).startswith(prefix + "_")]
            if not c:
                die(f"apt-get download left no {prefix}_*.deb")
            fresh = [d for d in c if d in new]
            return (fresh or c)[-1]

        man = {"kernel_package": kpkg, "kernel_deb": pick(kpkg),
               "busybox_deb": pick("busybox-static")}
        with open(manifest_path + ".tmp", "w") as f:
            for k, v in man.items():
                f.write(f"{k}={v}\n")
        os.replace(manifest_path + ".tmp", manifest_path)
    kdeb = os.path.join(debs, man["kernel_deb"])
    bdeb = os.path.join(debs, man["busybox_deb"])
    products = [os.path.join(out, f) for f in ("Image", "busybox", "kernel-release")]
    newest_input = max(os.path.getmtime(p) for p in (kdeb, bdeb, manifest_path))
    if all(os.path.isfile(p) and os.path.getmtime(p) >= newest_input for p in products):
        log(f"up to date: {man['kernel_deb']} {man['busybox_deb']} (cached, no network)")
        return
    extract(out, kdeb, bdeb)
    ver = man["kernel_deb"].split("_")[1] if man["kernel_deb"].count("_") >= 2 else ""
    with open(os.path.join(out, "kernel-package"), "w") as f:
        f.write(f"{man['kernel_package']} {ver}\n")


if __name__ == "__main__":
    main()
