#!/bin/sh
# deps.sh: install the Debian packages PVX builds and tests need.
# Fast no-op when all are present (one dpkg-query call); otherwise
# apt-get update + install as root, or a message naming the command to run.
# Called by make run/test/bench and .ci/run.
set -eu

PKGS="qemu-system-x86 grub-pc-bin grub-common xorriso mtools libxen-dev
libcmocka-dev python3 lz4 busybox-static clang-format gcc make
xenstore-utils"

# Packages dpkg has never heard of print nothing (an error on stderr), so
# compare the installed set against the wanted list rather than the output.
# shellcheck disable=SC2086  # word splitting of the package list is intended
installed=$(dpkg-query -W -f='${Package} ${db:Status-Status}\n' $PKGS \
            2>/dev/null | awk '$2 == "installed" { print $1 }' || true)
missing=""
for p in $PKGS; do
    case " $(echo $installed) " in
    *" $p "*) ;;
    *) missing="$missing $p" ;;
    esac
done
[ -z "$missing" ] && exit 0

echo "deps.sh: missing Debian packages:$missing" >&2
if [ "$(id -u)" != 0 ]; then
    echo "deps.sh: as root, run:" >&2
    echo "    apt-get update && apt-get install -y$missing" >&2
    echo "deps.sh: (or: sudo scripts/deps.sh)" >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing
