#!/usr/bin/env python3
"""Ring-0 line counts for make check: C and assembly under hypervisor/.

  python3 scripts/loc.py [DIR]

Per file: lines (physical), code (not blank, not comment-only; what cloc
calls code) and the share of comment lines.  Files over FILE_LIMIT physical
lines are flagged (xv6's ceiling, conventions.md); the total code lines are
set against BUDGET.  Exit status 0 always: the counts inform, they do not
gate.
"""

import os
import sys

FILE_LIMIT = 700
BUDGET = 15000
EXTS = (".c", ".h", ".S", ".s")


def count(path):
    """(lines, code, comment) for a C or GNU-as file: /* */ and // in C,
    also # comments in .S files (after the preprocessor: # at line start
    followed by a space or nothing is a comment for gas)."""
    lines = code = comment = 0
    in_block = False
    asm = path.endswith((".S", ".s"))
    with open(path, errors="replace") as f:
        for raw in f:
            lines += 1
            s = raw.strip()
            has_code = has_comment = False
            i = 0
            while i < len(s):
                if in_block:
                    j = s.find("*/", i)
                    has_comment = True
                    if j < 0:
                        i = len(s)
                    else:
                        in_block = False
                        i = j + 2
                    continue
                if s.startswith("/*", i):
                    in_block = True
                    has_comment = True
                    i += 2
                elif s.startswith("//", i) or (asm and i == 0 and
                                               s[0] == "#" and
                                               s[1:2] in ("", " ")):
                    has_comment = True
                    break
                elif s[i] == '"':
                    # Skip a string literal so "/*" inside it is not a comment.
                    has_code = True
                    i += 1
                    while i < len(s) and s[i] != '"':
                        i += 2 if s[i] == "\\" else 1
                    i += 1
                else:
                    if not s[i].isspace():
                        has_code = True
                    i += 1
            if has_code:
                code += 1
            elif has_comment:
                comment += 1
    return lines, code, comment


def main(argv):
    top = argv[0] if argv else "hypervisor"
    files = []
    for d, dirs, names in os.walk(top):
        dirs.sort()
        for n in sorted(names):
            if n.endswith(EXTS):
                files.append(os.path.join(d, n))
    if not files:
        print("ring 0: no C or assembly files under %s/" % top)
        return 0
    rows = [(f,) + count(f) for f in files]
    w = max(len(f) for f in files)
    print("Ring-0 line counts (%s/: C and assembly)" % top)
    print("  %-*s %6s %6s %8s" % (w, "file", "lines", "code", "comment"))
    over = []
    for f, lines, code, comment in rows:
        flag = ""
        if lines > FILE_LIMIT:
            flag = "  <-- over %d lines: split by sub-operation" % FILE_LIMIT
            over.append(f)
        share = 100.0 * comment / max(1, comment + code)
        print("  %-*s %6d %6d %7.0f%%%s" % (w, f, lines, code, share, flag))
    tl = sum(r[1] for r in rows)
    tc = sum(r[2] for r in rows)
    tm = sum(r[3] for r in rows)
    print("  %-*s %6d %6d %7.0f%%" % (w, "total (%d files)" % len(rows), tl,
                                      tc, 100.0 * tm / max(1, tm + tc)))
    lines_sorted = sorted(r[1] for r in rows)
    print("  median file: %d lines; files over %d lines: %d%s"
          % (lines_sorted[len(lines_sorted) // 2], FILE_LIMIT, len(over),
             (" (" + ", ".join(over) + ")") if over else ""))
    state = "within" if tc <= BUDGET else "OVER"
    print("  ring-0 budget: %d of %d code lines (%.0f%%), %s budget"
          % (tc, BUDGET, 100.0 * tc / BUDGET, state))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
