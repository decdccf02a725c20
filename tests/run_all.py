#!/usr/bin/env python3
"""Run every PVX test and end with one line `N passed, N failed`.

  python3 tests/run_all.py [-j JOBS] [--list] [--unit] [--boot] [--guest]
                           [--xenstore] [--system] [--xen] [FILTER]

In order:
  1. host unit tests: `make unit-test` (cmocka); each test is one case,
     counted from cmocka's `[  PASSED  ] N test(s).` / `[  FAILED  ] N
     test(s)` summaries;
  2. QEMU boot cases from tests/boot/cases.py;
  3. guest conformance kernels, every build/tests/guest/*.elf as dom0;
  4. system tests (tests/system/linux_boot.py: Debian's cloud kernel and a
     busybox initramfs on PVX, minutes under TCG; tests/system/xl_prompt.py:
     commands typed at dom0's prompt; tests/system/xl_linux.py: that
     kernel as a domU made by `xl create`), in the default run only
     when tests/system/linux_boot.py says ON_BY_DEFAULT or the
     environment has PVX_LINUX_TEST=1.
Between 1 and 2, the xenstore stage (--xenstore): tests/xenstored/
conformance.py, the xenstored core's unit tests and Debian's
xenstore-utils against build/pvx-xenstored, a few seconds.
--unit, --boot, --guest, --xenstore, --system pick stages (default: the
first four, plus --system as just said).
Boots run JOBS at a time (default 2, one per core).  FILTER is a regex
searched in case names (`unit/...`, `dom0`, `guest/...`); the unit tests
run only when no FILTER is given or it matches the word `unit`.
--xen boots the guest kernels (and dom0, minimal) on real Xen 4.17
instead, as an oracle for what the tests expect; nothing else runs.
Logs: build/logs/<name>.log.  Exit status 1 if anything failed.
"""

import argparse
import os
import pty
import re
import select
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(HERE, "boot"))
sys.path.insert(0, os.path.join(HERE, "system"))
sys.path.insert(0, os.path.join(HERE, "xenstored"))

import engine          # noqa: E402
import cases as boot   # noqa: E402
import linux_boot      # noqa: E402
import xl_prompt       # noqa: E402
import xl_linux        # noqa: E402
import conformance as xenstore  # noqa: E402
import domains  # noqa: E402
import xenstore as xenstore_sys  # noqa: E402

UNIT_TIMEOUT = 600
UNIT_CMD = ["make", "--no-print-directory", "unit-test"]


class Tally:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def line(self, ok, name, reason="", detail=(), note=""):
        if ok:
            self.passed += 1
            print("PASS %s%s" % (name, " (%s)" % note if note else ""))
        else:
            self.failed += 1
            print("FAIL %s: %s" % (name, reason))
            for d in detail:
                print("    | " + d)
        sys.stdout.flush()


def run_on_pty(cmd, timeout):
    """Run cmd with stdout and stderr on one pseudo-terminal, so that
    cmocka's stdout (buffered when piped) and stderr stay in order.
    Returns (status, text); status None on timeout."""
    master, slave = pty.openpty()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdin=subprocess.DEVNULL,
                            stdout=slave, stderr=slave,
                            start_new_session=True)
    os.close(slave)
    out = []
    deadline = time.monotonic() + timeout
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            os.killpg(proc.pid, 9)
            proc.wait()
            os.close(master)
            return None, b"".join(out).decode(errors="replace")
        r, _, _ = select.select([master], [], [], min(left, 1.0))
        if not r:
            continue
        try:
            chunk = os.read(master, 65536)
        except OSError:         # EIO: every writer has closed the pty
            chunk = b""
        if not chunk:
            break
        out.append(chunk)
    os.close(master)
    status = proc.wait()
    return status, b"".join(out).decode(errors="replace").replace("\r", "")


# cmocka 1.1 (Debian 12) standard output:
#   [ RUN      ] name / [       OK ] name / [  FAILED  ] name /
#   [  SKIPPED ] name / [  ERROR   ] --- message / [   LINE   ] --- file:n
# and per group, on stderr:
#   [  PASSED  ] 3 test(s).
#   [  FAILED  ] 1 test(s), listed below:   (then one line per failed test)
#   [  SKIPPED ] 1 test(s), listed below:
SUMMARY = re.compile(r"\[ *(PASSED|FAILED|SKIPPED) *\] (\d+) test\(s\)")
TESTLINE = re.compile(r"^\[ *(RUN|OK|FAILED|SKIPPED|ERROR|LINE) *\] (.*)$")


def unit_tests(tally, flt):
    status, text = run_on_pty(UNIT_CMD, UNIT_TIMEOUT)
    logdir = os.path.join(engine.BUILD, "logs")
    os.makedirs(logdir, exist_ok=True)
    with open(os.path.join(logdir, "unit-test.log"), "w") as f:
        f.write(text)

    counts = {"PASSED": 0, "FAILED": 0, "SKIPPED": 0}
    for m in SUMMARY.finditer(text):
        counts[m.group(1)] += int(m.group(2))

    # Per-test lines, in order, for names and failure reasons.
    seen = {}
    tests = []             # [name, state, reasons]
    current = None
    for line in text.splitlines():
        m = TESTLINE.match(line.strip())
        if not m:
            continue
        tag, rest = m.group(1).strip(), m.group(2).strip()
        if SUMMARY.match(line.strip()):
            current = None          # the listing after a summary: skip it
            continue
        if tag == "RUN":
            n = seen.get(rest, 0) + 1
            seen[rest] = n
            name = rest if n == 1 else "%s#%d" % (rest, n)
            current = [name, None, []]
            tests.append(current)
        elif current is not None and tag in ("OK", "FAILED", "SKIPPED") \
                and current[1] is None and rest == current[0].split("#")[0]:
            current[1] = tag
        elif current is not None and tag in ("ERROR", "LINE"):
            current[2].append(rest.lstrip("- "))

    listed = 0
    for name, state, reasons in tests:
        full = "unit/" + name
        if flt and not re.search(flt, full):
            continue
        listed += 1
        if state == "OK":
            tally.line(True, full)
        elif state == "SKIPPED":
            tally.line(True, full, note="skipped")
        else:
            tally.line(False, full, " ".join(reasons[-2:]) or
                       "no result (crashed?)")
    # Trust the summaries for the totals when the per-test lines disagree
    # (say, a test binary that died under AddressSanitizer mid-group).
    if not flt:
        want_pass = counts["PASSED"] + counts["SKIPPED"]
        have_pass = sum(1 for t in tests if t[1] in ("OK", "SKIPPED"))
        tally.passed += max(0, want_pass - have_pass)
        extra_fail = counts["FAILED"] - sum(
            1 for t in tests if t[1] not in ("OK", "SKIPPED"))
        if extra_fail > 0:
            tally.failed += extra_fail
            print("FAIL unit: %d more failed test(s) in cmocka's summaries"
                  % extra_fail)
    bad_exit = status != 0 and not any(t[1] not in ("OK", "SKIPPED")
                                       for t in tests)
    if status is None:
        tally.line(False, "unit", "make unit-test timed out after %ds"
                   % UNIT_TIMEOUT, text.splitlines()[-engine.TAIL_LINES:])
    elif bad_exit or (listed == 0 and not flt and not counts["PASSED"]):
        why = ("make unit-test exited %d" % status if status else
               "make unit-test ran no cmocka test (no unit-test recipe in "
               "tests/unit/build.mk yet?)")
        tally.line(False, "unit", why,
                   [l for l in text.splitlines() if l.strip()]
                   [-engine.TAIL_LINES:])


def boot_results(tally, cases, jobs):
    for r in engine.run_cases(cases, jobs):
        detail = list(r.detail)
        if not r.ok and r.log:
            detail.append("(log: %s)" % r.log)
        tally.line(r.ok, r.name, r.reason, detail, r.note)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("filter", nargs="?", help="regex on case names")
    ap.add_argument("-j", "--jobs", type=int, default=2)
    ap.add_argument("--list", action="store_true", help="list cases only")
    ap.add_argument("--unit", action="store_true", help="unit tests only")
    ap.add_argument("--boot", action="store_true", help="boot cases only")
    ap.add_argument("--guest", action="store_true",
                    help="guest conformance kernels only")
    ap.add_argument("--xenstore", action="store_true",
                    help="xenstored unit tests and xenstore-utils run only")
    ap.add_argument("--system", action="store_true",
                    help="system tests only (stock Linux on PVX; slow)")
    ap.add_argument("--xen", action="store_true",
                    help="boot guest kernels on real Xen 4.17 (oracle)")
    args = ap.parse_args()
    flt = args.filter
    if not (args.unit or args.boot or args.guest or args.system or
            args.xenstore):
        args.unit = args.boot = args.guest = args.xenstore = True
        args.system = linux_boot.enabled_by_default()

    def pick(cs):
        return [c for c in cs if not flt or re.search(flt, c.name)]

    if args.xen:
        try:
            xen = engine.fetch_xen()
        except RuntimeError as e:
            print("run_all.py: real Xen unavailable: %s" % e)
            return 2
        keep = {"dom0", "minimal"}
        base = [c for c in boot.CASES if c.name in keep]
        boot_cases = []
        guests = pick([engine.on_xen(c, xen) for c in base +
                       engine.guest_cases()])
        systems = pick(linux_boot.xen_cases(xen) +
                       domains.xen_cases(xen) +
                       xenstore_sys.xen_cases(xen)) if args.system else []
    else:
        boot_cases = pick(boot.CASES) if args.boot else []
        guests = pick(engine.guest_cases()) if args.guest else []
        systems = pick(linux_boot.cases() + domains.cases() +
                       xenstore_sys.cases()) if args.system else []
    run_unit = args.unit and not args.xen and \
        (not flt or re.search(flt, "unit"))

    if args.list:
        if run_unit:
            print("unit/*  (make unit-test)")
        if args.xenstore and not args.xen:
            print("xenstore/*  (tests/xenstored/conformance.py)")
        for c in boot_cases + guests + systems:
            print(c.name)
        if args.system and not args.xen:
            print("%s-*  (tests/system/xl_prompt.py)" % xl_prompt.NAME)
            print("%s-*  (tests/system/xl_linux.py)" % xl_linux.NAME)
        return 0

    t0 = time.monotonic()
    tally = Tally()
    if run_unit:
        unit_tests(tally, flt if flt and flt != "unit" else None)
    if args.xenstore and not args.xen and (not flt or
                                           re.search(flt, "xenstore")):
        xenstore.run(tally)
    boot_results(tally, boot_cases, args.jobs)
    if args.guest and not args.xen and not flt and not guests:
        tally.line(False, "guest", "no build/tests/guest/*.elf was built")
    boot_results(tally, guests, args.jobs)
    linux = [c for c in systems if linux_boot.NAME in c.name]
    boot_results(tally, [c for c in systems if c not in linux], args.jobs)
    systems = linux
    if systems:
        # The kernel comes from Debian's archive: fetch it (once) first.
        why = linux_boot.prepare()
        if why:
            for c in systems:
                tally.line(False, c.name, why[0], why[1])
        else:
            boot_results(tally, systems, args.jobs)
    if args.system and not args.xen:
        xl_prompt.run(tally, flt)       # dom0's prompt and xl, one boot
        xl_linux.run(tally, flt)        # Debian's Linux as an xl domU
    if tally.passed + tally.failed == 0:
        print("run_all.py: no test matched%s" % (" /%s/" % flt if flt else ""))
    print("(%.0f s; logs in build/logs/)" % (time.monotonic() - t0))
    print("%d passed, %d failed" % (tally.passed, tally.failed))
    return 1 if tally.failed or not tally.passed else 0


if __name__ == "__main__":
    sys.exit(main())
