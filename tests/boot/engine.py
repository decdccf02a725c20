"""Boot-test engine: build an ISO per case, boot it in QEMU, check the log.

Used by tests/run_all.py (and usable alone: `python3 tests/boot/engine.py
NAME...` runs the named cases from cases.py).  Python 3 standard library.

For each case:
  1. scripts/mkiso.sh builds build/iso/<name>.iso, cached: it is rebuilt
     only when the hypervisor, kernel, ramdisk, command lines or mkiso.sh
     change (a SHA-256 of all of them is kept beside the ISO).
  2. scripts/qemu.sh boots it; the serial log (ANSI escapes and CRs
     removed) goes to build/logs/<name>.log.  A watchdog kills QEMU after
     the case's timeout; the failure then shows the last 20 serial lines.
  3. The log must contain every `expect` regex in order, no `reject`
     regex anywhere, and QEMU must exit with the expected status.

Environment: PVX_TIMEOUT_SCALE multiplies every timeout (slow machines).
"""

import concurrent.futures
import dataclasses
import glob
import hashlib
import os
import re
import signal
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
BUILD = os.path.join(ROOT, "build")
MKISO = os.path.join(ROOT, "scripts", "mkiso.sh")
QEMU = os.path.join(ROOT, "scripts", "qemu.sh")

# What the hypervisor's exit statuses mean (isa-debug-exit and ACPI S5).
STATUS_NAMES = {0: "poweroff", 3: "reboot", 5: "suspend", 7: "dom0 crashed",
                9: "watchdog", 33: "FATAL"}

TAIL_LINES = 20
ANSI = re.compile(rb"\x1b(\[[0-9;?]*[ -/]*[@-~]|[@-Z\\-_]|c)")


@dataclasses.dataclass
class Case:
    name: str
    kernel: str
    hv_cmdline: str = ""
    kernel_cmdline: str = ""
    ramdisk: str = None
    expect: list = dataclasses.field(default_factory=list)
    reject: list = dataclasses.field(default_factory=list)
    status: int = 0          # None: any status (e.g. real Xen, which halts)
    timeout: float = 60
    hypervisor: str = "build/hypervisor.elf"
    # Optional regex: once it appears, stop QEMU (for hypervisors that halt
    # instead of exiting, such as real Xen with `noreboot`).
    stop: str = None
    # Guest conformance kernels: `Test result:` decides, SKIP is a pass.
    xtf: bool = False
    # Extra QEMU arguments for this case (after scripts/qemu.sh's own).
    qemu_args: list = dataclasses.field(default_factory=list)
    mem: int = None          # MiB; default is qemu.sh's


@dataclasses.dataclass
class Result:
    name: str
    ok: bool
    reason: str = ""
    detail: list = dataclasses.field(default_factory=list)
    note: str = ""           # e.g. "skipped: <reason>" for XTF SKIP
    seconds: float = 0.0
    log: str = ""


def path(rel):
    return rel if os.path.isabs(rel) else os.path.join(ROOT, rel)


def clean(raw):
    """Serial bytes to text: drop ANSI escapes, CRs and NULs."""
    raw = ANSI.sub(b"", raw).replace(b"\r", b"").replace(b"\0", b"")
    return raw.decode("utf-8", errors="replace")


def tail(text, n=TAIL_LINES):
    lines = [l for l in text.splitlines() if l.strip()]
    return lines[-n:]


def describe_status(st):
    if st is None:
        return "none"
    if st < 0:
        return "%d (killed by signal %d)" % (st, -st)
    return "%d (%s)" % (st, STATUS_NAMES.get(st, "?"))


def _digest(case):
    h = hashlib.sha256()
    for f in (MKISO, path(case.hypervisor), path(case.kernel)) + \
            ((path(case.ramdisk),) if case.ramdisk else ()):
        with open(f, "rb") as fp:
            h.update(hashlib.sha256(fp.read()).digest())
    h.update(repr((case.hv_cmdline, case.kernel_cmdline,
                   bool(case.ramdisk))).encode())
    return h.hexdigest()


def build_iso(case):
    """Build (or reuse) build/iso/<name>.iso.  Returns (path, error)."""
    iso = os.path.join(BUILD, "iso", case.name + ".iso")
    key = iso + ".sha256"
    digest = _digest(case)
    try:
        with open(key) as f:
            if f.read().strip() == digest and os.path.exists(iso):
                return iso, None
    except OSError:
        pass
    os.makedirs(os.path.dirname(iso), exist_ok=True)
    args = [MKISO, iso, path(case.hypervisor), case.hv_cmdline,
            path(case.kernel), case.kernel_cmdline]
    if case.ramdisk:
        args.append(path(case.ramdisk))
    p = subprocess.run(args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT)
    if p.returncode != 0:
        return None, p.stdout.decode(errors="replace").strip()
    with open(key, "w") as f:
        f.write(digest + "\n")
    return iso, None


def _kill(proc):
    """End QEMU (its own process group) and reap it."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            break
        try:
            proc.wait(timeout=3)
            return
        except subprocess.TimeoutExpired:
            continue
    proc.wait()


def boot(case, iso, logpath):
    """Boot ISO under the watchdog.  Returns (status, text, timed_out)."""
    env = dict(os.environ)
    if case.mem:
        env["PVX_MEM"] = str(case.mem)
    scale = float(os.environ.get("PVX_TIMEOUT_SCALE", "1"))
    deadline = time.monotonic() + case.timeout * scale
    stop = re.compile(case.stop) if case.stop else None
    raw = b""
    timed_out = False
    stopped_at = None
    os.makedirs(os.path.dirname(logpath), exist_ok=True)
    rawpath = logpath + ".raw"
    with open(rawpath, "wb") as out:
        proc = subprocess.Popen([QEMU, iso] + case.qemu_args,
                                stdin=subprocess.DEVNULL,
                                stdout=out, stderr=subprocess.STDOUT,
                                env=env, start_new_session=True)
        try:
            with open(rawpath, "rb") as inp:
                while True:
                    try:
                        proc.wait(timeout=0.1)
                        raw += inp.read()
                        break
                    except subprocess.TimeoutExpired:
                        pass
                    raw += inp.read()
                    now = time.monotonic()
                    if stop and stopped_at is None and \
                            stop.search(clean(raw)):
                        stopped_at = now
                    if stopped_at is not None and now - stopped_at > 0.5:
                        _kill(proc)
                        raw += inp.read()
                        break
                    if now > deadline:
                        timed_out = True
                        _kill(proc)
                        raw += inp.read()
                        break
        finally:
            if proc.poll() is None:
                _kill(proc)
    os.unlink(rawpath)
    text = clean(raw)
    with open(logpath, "w") as f:
        f.write(text)
    status = None if stopped_at is not None else proc.returncode
    return status, text, timed_out


def check(case, status, text, timed_out):
    """Judge one boot.  Returns (ok, reason, detail_lines, note)."""
    if timed_out:
        return (False, "timed out after %gs (hung boot?); last serial lines:"
                % case.timeout, tail(text), "")
    for rx in case.reject:
        m = re.search(rx, text, re.MULTILINE)
        if m:
            line = text[text.rfind("\n", 0, m.start()) + 1:].split("\n")[0]
            return (False, "log has /%s/: %s" % (rx, line.strip()),
                    tail(text), "")
    pos = 0
    for rx in case.expect:
        m = re.compile(rx, re.MULTILINE).search(text, pos)
        if not m:
            where = "anywhere" if pos == 0 else "after the previous match"
            if pos and re.search(rx, text, re.MULTILINE):
                where = "in order (it appears earlier)"
            return (False, "missing /%s/ %s; exit status %s"
                    % (rx, where, describe_status(status)), tail(text), "")
        pos = m.end()
    note = ""
    if case.xtf:
        results = re.findall(r"^.*Test result: *(\w+).*$", text, re.MULTILINE)
        if not results:
            return (False, "no 'Test result:' line; exit status %s"
                    % describe_status(status), tail(text), "")
        verdict = results[-1]
        if verdict not in ("SUCCESS", "SKIP"):
            # The reasons are the console lines just before the verdict.
            lines = text[:text.rfind("Test result:")].splitlines()
            why = [l.strip() for l in lines[-3:] if l.strip()]
            return (False, "Test result: %s: %s" % (verdict, " / ".join(why)),
                    tail(text), "")
        if verdict == "SKIP":
            lines = text[:text.rfind("Test result:")].splitlines()
            why = [l.strip() for l in lines[-1:] if l.strip()]
            note = "skipped" + (": " + why[0] if why else "")
    if case.status is not None and status != case.status:
        return (False, "exit status %s, expected %s"
                % (describe_status(status), describe_status(case.status)),
                tail(text), note)
    return True, "", [], note


def run_case(case):
    t0 = time.monotonic()
    logpath = os.path.join(BUILD, "logs", case.name + ".log")
    for f in [case.hypervisor, case.kernel] + \
            ([case.ramdisk] if case.ramdisk else []):
        if not os.path.isfile(path(f)):
            return Result(case.name, False, "%s not built" % f)
    iso, err = build_iso(case)
    if not iso:
        return Result(case.name, False, "mkiso.sh failed",
                      err.splitlines()[-TAIL_LINES:])
    status, text, timed_out = boot(case, iso, logpath)
    ok, reason, detail, note = check(case, status, text, timed_out)
    return Result(case.name, ok, reason, detail, note,
                  time.monotonic() - t0, os.path.relpath(logpath, ROOT))


# ---------------------------------------------------------------------------
# Guest conformance kernels: every build/tests/guest/*.elf booted as dom0.

GUEST_DIR = "build/tests/guest"
GUEST_HV = "console=com1 loglvl=info"
GUEST_TIMEOUT = 60
# Guest time that must not depend on how loaded the host is: under -icount
# QEMU's clock follows the instruction count and skips idle time, so
# timer checks see exact virtual delays (plain TCG follows the host clock,
# and a busy host stretches them).
ICOUNT = ["-icount", "shift=0,sleep=off"]
# Per-test overrides of Case fields, e.g. {"slow_test": {"timeout": 300}}.
GUEST_OVERRIDES = {
    "timers": {"qemu_args": ICOUNT, "timeout": 120},
    # dom0 gets one vCPU per CPU (one on PVX): ask for Xen's two.
    "vcpu_sched": {"qemu_args": ICOUNT, "timeout": 120,
                   "hv_cmdline": GUEST_HV + " dom0_max_vcpus=2"},
}


def guest_cases():
    cases = []
    for elf in sorted(glob.glob(os.path.join(ROOT, GUEST_DIR, "*.elf"))):
        name = os.path.basename(elf)[:-len(".elf")]
        fields = dict(kernel=os.path.relpath(elf, ROOT), hv_cmdline=GUEST_HV,
                      kernel_cmdline="", expect=[r"Test result:"],
                      reject=[r"\(PVX\) FATAL"], status=0,
                      timeout=GUEST_TIMEOUT, xtf=True)
        fields.update(GUEST_OVERRIDES.get(name, {}))
        cases.append(Case("guest/" + name, **fields))
    return cases


# ---------------------------------------------------------------------------
# Real Xen as the oracle: the same kernels on Debian's Xen 4.17.

XEN_CACHE = os.path.join(os.environ.get("XDG_CACHE_HOME") or
                         os.path.expanduser("~/.cache"), "pvx-xen-4.17")
XEN_CMDLINE = ("console=com1 com1=115200,8n1 noreboot dom0_mem=256M "
               "loglvl=all guest_loglvl=all")
# With `noreboot`, Xen halts (QEMU does not exit) when dom0 stops.
XEN_STOP = (r"Hardware Dom0 (halted|shutdown|crashed)|Panic on CPU|"
            r"Test result:")


def fetch_xen():
    """Path of Xen 4.17's xen.gz (fetched once with apt-get download), or
    raise RuntimeError with the reason."""
    xen = os.path.join(XEN_CACHE, "xen.gz")
    if os.path.isfile(xen) and os.path.getsize(xen) > 0:
        return xen
    os.makedirs(XEN_CACHE, exist_ok=True)
    p = subprocess.run(["apt-get", "download", "-q",
                        "xen-hypervisor-4.17-amd64"], cwd=XEN_CACHE,
                       stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT)
    debs = glob.glob(os.path.join(XEN_CACHE,
                                  "xen-hypervisor-4.17-amd64_*.deb"))
    if p.returncode != 0 or not debs:
        msg = [l for l in p.stdout.decode(errors="replace").splitlines()
               if l.startswith(("E:", "W:")) or "rror" in l]
        raise RuntimeError("apt-get download xen-hypervisor-4.17-amd64 "
                           "failed: " + (msg[-1] if msg else
                                         "exit %d" % p.returncode))
    x = os.path.join(XEN_CACHE, "x")
    subprocess.run(["dpkg-deb", "-x", sorted(debs)[-1], x], check=True)
    gz = glob.glob(os.path.join(x, "boot", "xen-*.gz"))
    if not gz:
        raise RuntimeError("no boot/xen-*.gz in " + debs[-1])
    os.replace(gz[0], xen)
    subprocess.run(["rm", "-rf", x])
    return xen


def on_xen(case, xen):
    """The same case, with real Xen as the hypervisor.  Xen's own messages
    differ from PVX's, so only the guest-visible checks are kept."""
    return dataclasses.replace(
        case, name="xen/" + case.name, hypervisor=xen,
        hv_cmdline=XEN_CMDLINE, status=None, stop=XEN_STOP,
        reject=[r for r in case.reject if r"\(PVX\)" not in r],
        expect=[r for r in case.expect if r"\(PVX\)" not in r])


def run_cases(cases, jobs=2):
    """Yield results in list order while running `jobs` boots at once."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as ex:
        for r in ex.map(run_case, cases):
            yield r


def main(argv):
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import cases as boot_cases
    want = set(argv)
    todo = [c for c in boot_cases.CASES + guest_cases()
            if not want or c.name in want]
    for r in run_cases(todo):
        print(("PASS %s" % r.name) if r.ok else
              ("FAIL %s: %s" % (r.name, r.reason)))
        for line in r.detail:
            print("    | " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
