#!/usr/bin/env python3
"""abi_check.py: keep docs/abi.md honest (run by make check).

Fails when the table and hypervisor/common/hypercall.c disagree about
which hypercalls are implemented, when an implemented hypercall lists no
test, or when a listed test is missing or never mentions the hypercall.
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def read(path):
    with open(os.path.join(ROOT, path)) as f:
        return f.read()


def table_rows():
    rows = []
    for line in read("docs/abi.md").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 4 or not re.match(r"[a-z_0-9]+ \(\d+\)", cells[0]):
            continue
        rows.append((cells[0].split()[0], cells[2], cells[3]))
    return rows


def test_mentions(test, name):
    """Source of a test, and whether it (or its library) uses name."""
    kind, _, what = test.partition(":")
    if kind == "guest":
        d = os.path.join(ROOT, "tests/guest", what)
        if not os.path.isfile(os.path.join(d, "main.c")):
            return "no tests/guest/%s/main.c" % what
        srcs = [os.path.join(d, "main.c")]
        for lib in ("tests/guest/lib", "pv-guest"):
            for dirpath, _, files in os.walk(os.path.join(ROOT, lib)):
                srcs += [os.path.join(dirpath, f) for f in files
                         if f.endswith((".c", ".S"))]
        text = "".join(open(s).read() for s in srcs)
        pat = r"(hypercall_%s\b|__HYPERVISOR_%s\b)" % (name, name)
        return None if re.search(pat, text) else \
            "tests/guest/%s never calls %s" % (what, name)
    if kind == "unit":
        path = "tests/unit/test_%s.c" % what
        return None if os.path.isfile(os.path.join(ROOT, path)) else \
            "no " + path
    if kind == "boot":
        return None if re.search(r"['\"]%s['\"]" % re.escape(what),
                                 read("tests/boot/cases.py")) else \
            "no boot case %s" % what
    if kind == "system":
        path = "tests/system/%s.py" % what
        return None if os.path.isfile(os.path.join(ROOT, path)) else \
            "no " + path
    return "unknown test kind in %r" % test


def main():
    table = re.findall(r"\[__HYPERVISOR_(\w+)\]\s*=",
                       read("hypervisor/common/hypercall.c"))
    implemented = set(table)
    errors = []
    listed = set()
    for name, status, tests in table_rows():
        listed.add(name)
        if status not in ("done", "partial", "no"):
            errors.append("%s: unknown status %r" % (name, status))
            continue
        if (status != "no") != (name in implemented):
            errors.append("%s: table says %s, hypercall.c %s it" %
                          (name, status, "has" if name in implemented
                           else "lacks"))
        if status == "no":
            continue
        names = [t.strip() for t in tests.split(",") if t.strip() != "-"]
        if not names:
            errors.append("%s: implemented but no test listed" % name)
        for t in names:
            err = test_mentions(t, name)
            if err:
                errors.append("%s: %s" % (name, err))
    for name in sorted(implemented - listed):
        errors.append("%s: in hypercall.c but not in docs/abi.md" % name)
    if len(table) != len(implemented):
        errors.append("hypercall.c lists a hypercall twice")
    for e in errors:
        print("abi: " + e)
    print("ABI table: %d hypercalls implemented, %d listed, %s" %
          (len(implemented), len(listed), "ok" if not errors else
           "%d problem(s)" % len(errors)))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
