#!/bin/sh
# new-test.sh NAME: scaffold tests/guest/NAME/main.c, a conformance kernel
# that `make guest-kernels` then builds as build/tests/guest/NAME.elf.
# Run it on real Xen first: /work/shared/tools/run-on-xen that .elf.
set -eu

[ $# -eq 1 ] || { echo "usage: $0 NAME" >&2; exit 2; }
name=$1
case $name in
    *[!a-z0-9_]* | "" | lib)
        echo "$0: NAME must be [a-z0-9_]+ and not 'lib'" >&2; exit 2;;
esac

dir=$(dirname "$0")/$name
[ ! -e "$dir" ] || { echo "$0: $dir already exists" >&2; exit 1; }
mkdir -p "$dir"

cat > "$dir/main.c" <<EOT
/*
 * $name conformance: WHAT BEHAVIOUR THIS PROBES.
 * Expectations are Xen 4.17's WHERE (file: function), checked on real
 * Xen with /work/shared/tools/run-on-xen.
 */
#include <test.h>

const char test_title[] = "$name: ONE-LINE DESCRIPTION";

void test_main(void)
{
    /* Probe; report each wrong result with xtf_failure("Fail: ...\\n"). */

    xtf_success(NULL);
}
EOT
echo "created $dir/main.c; build with: make build/tests/guest/$name.elf"
