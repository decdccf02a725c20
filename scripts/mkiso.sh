#!/bin/sh
# mkiso.sh: build a bootable GRUB (multiboot2) ISO for PVX, or for any
# multiboot2 hypervisor (real Xen's xen.gz works too: GRUB gunzips it).
#
#   scripts/mkiso.sh OUT.iso HYPERVISOR "HV CMDLINE" KERNEL "KERNEL CMDLINE" [RAMDISK]
#
# Quiet on success; on failure prints the reason and grub-mkrescue's log.
#
# What the hypervisor sees (verified with a multiboot2 probe kernel that
# prints its tags, GRUB 2.06 from Debian 12):
#   - the cmdline tag (type 1) is the text after the file name on the
#     `multiboot2` line, WITHOUT the file name: "loglvl=info console=com1";
#   - a module tag (type 3) string is likewise only the text after the file
#     name on the `module2` line: `module2 /boot/kernel a b` gives "a b", and
#     a bare `module2 /boot/ramdisk` gives "" (empty).
# So the kernel's command line arrives verbatim, with no image name in front.
# (Makefile's "dom0 console=hvc0" therefore reaches dom0 with "dom0" as its
# first word, as Xen's own dom0 command lines conventionally look.)
set -eu

usage() {
    echo "usage: $0 OUT.iso HYPERVISOR \"HV CMDLINE\" KERNEL \"KERNEL CMDLINE\" [RAMDISK]" >&2
    exit 2
}
die() { echo "mkiso.sh: $*" >&2; exit 1; }

[ $# -eq 5 ] || [ $# -eq 6 ] || usage
out=$1 hv=$2 hvargs=$3 kernel=$4 kargs=$5 ramdisk=${6:-}

for f in "$hv" "$kernel" ${ramdisk:+"$ramdisk"}; do
    [ -f "$f" ] || die "no such file: $f"
done
for t in grub-mkrescue xorriso mformat; do
    command -v "$t" >/dev/null 2>&1 ||
        die "$t missing (run scripts/deps.sh, or apt-get install grub-pc-bin grub-common xorriso mtools)"
done
[ -d /usr/lib/grub/i386-pc ] ||
    die "GRUB BIOS modules missing (apt-get install grub-pc-bin)"

# A newline or a quote in a command line would break grub.cfg.
case "$hvargs$kargs" in
*'
'* | *'"'* | *"'"*) die "command lines must not contain quotes or newlines" ;;
esac

tmp=$(mktemp -d "${TMPDIR:-/tmp}/pvx-iso.XXXXXX")
trap 'rm -rf "$tmp"; rm -f "${part:-}"' EXIT
trap 'exit 130' INT TERM
mkdir -p "$tmp/iso/boot/grub"
cp "$hv" "$tmp/iso/boot/hypervisor.elf"
cp "$kernel" "$tmp/iso/boot/kernel"
[ -n "$ramdisk" ] && cp "$ramdisk" "$tmp/iso/boot/ramdisk"

{
    echo 'serial --unit=0 --speed=115200 --word=8 --parity=no --stop=1'
    echo 'terminal_input serial'
    echo 'terminal_output serial'
    echo 'set timeout=0'
    echo 'set default=0'
    echo 'menuentry "PVX" {'
    echo "    multiboot2 /boot/hypervisor.elf $hvargs"
    echo "    module2 /boot/kernel $kargs"
    [ -n "$ramdisk" ] && echo '    module2 /boot/ramdisk'
    echo '    boot'
    echo '}'
} >"$tmp/iso/boot/grub/grub.cfg"

mkdir -p "$(dirname "$out")"
# Write beside OUT and rename, so a half-built ISO never looks finished to
# make or to the test engine's ISO cache.
part="$out.part.$$"
if ! grub-mkrescue -o "$part" "$tmp/iso" >"$tmp/log" 2>&1; then
    rm -f "$part"
    cat "$tmp/log" >&2
    die "grub-mkrescue failed for $out"
fi
mv -f "$part" "$out"
