#!/bin/bash
# check.sh (make check): style and size of the C sources.
#
#   scripts/check.sh [--strict]
#
# 1. Hard rules, which fail the check: no tabs, no trailing whitespace, no
#    CRLF, no line over 80 columns, in C and header files (a line holding
#    a string literal may run over: log strings are never split).
# 2. clang-format (clang-format 14, .clang-format: Xen/XTF style) run as
#    `clang-format --dry-run -Werror` on every C and header file under
#    hypervisor/ pv-guest/ dom0/ hypercalls/ drivers/ tests/.  clang-format
#    cannot express all of Xen's style (hand-aligned comments and tables,
#    "asm volatile ( ... )" spacing), so its findings are reported per file
#    and fail the check only with --strict.  Show one file's differences
#    with:  clang-format FILE | diff FILE -
# 3. docs/abi.md checked against the hypercall table and the tests
#    (scripts/abi_check.py); a mismatch fails the check.
# 4. Ring-0 line counts (scripts/loc.py): per file, total, files over 700
#    lines flagged, and the 15,000-line budget.
set -u
cd "$(dirname "$0")/.."

strict=0
[ "${1:-}" = "--strict" ] && strict=1
DIRS="hypervisor pv-guest dom0 hypercalls drivers tests"
fail=0

mapfile -t files < <(find $DIRS -type f \( -name '*.c' -o -name '*.h' \) \
                     -not -path '*/build/*' 2>/dev/null | sort)
echo "Style: ${#files[@]} C and header files under: $DIRS"

# 1. Hard rules.
hard=$(for f in "${files[@]}"; do
    awk -v f="$f" '
        /\t/        { printf "%s:%d: tab\n", f, NR }
        /\r$/       { printf "%s:%d: CRLF line ending\n", f, NR }
        /[ \t]+\r?$/ && !/\r$/ { printf "%s:%d: trailing whitespace\n", f, NR }
        length($0) > 80 && !/"/ { printf "%s:%d: %d columns (limit 80)\n", f, NR, length($0) }
    ' "$f"
done)
if [ -n "$hard" ]; then
    n=$(printf '%s\n' "$hard" | wc -l)
    echo "FAIL hard style rules: $n line(s)"
    printf '%s\n' "$hard" | head -50 | sed 's/^/    /'
    [ "$n" -gt 50 ] && echo "    ... ($((n - 50)) more)"
    fail=1
else
    echo "PASS hard style rules (tabs, trailing blanks, CRLF, 80 columns)"
fi

# 2. clang-format.
if ! command -v clang-format >/dev/null 2>&1; then
    echo "clang-format missing: apt-get install clang-format (or scripts/deps.sh)"
    fail=1
else
    clean=0 dirty=0 broken=0
    report=""
    for f in "${files[@]}"; do
        out=$(clang-format --dry-run -Werror "$f" 2>&1)
        rc=$?
        if [ $rc -eq 0 ]; then
            clean=$((clean + 1))
        elif printf '%s' "$out" | grep -q 'error: code should be clang-formatted'; then
            dirty=$((dirty + 1))
            n=$(printf '%s\n' "$out" | grep -c 'error: code should be clang-formatted')
            report+="    $f: $n place(s) differ"$'\n'
        else
            # clang-format itself could not process the file: say so, go on.
            broken=$((broken + 1))
            report+="    $f: clang-format could not check it: $(printf '%s' "$out" | head -1)"$'\n'
        fi
    done
    echo "clang-format: $clean file(s) clean, $dirty differ, $broken not checkable"
    [ -n "$report" ] && printf '%s' "$report"
    if [ $dirty -gt 0 ]; then
        if [ $strict = 1 ]; then
            echo "FAIL clang-format (--strict)"
            fail=1
        else
            echo "(clang-format differences are advice; --strict makes them fail." \
                 "See one with: clang-format FILE | diff FILE -)"
        fi
    fi
fi

# 3. The ABI coverage table (docs/abi.md) against hypercall.c and tests.
echo
python3 scripts/abi_check.py || fail=1

# 4. Ring-0 size.
echo
python3 scripts/loc.py hypervisor

exit $fail
