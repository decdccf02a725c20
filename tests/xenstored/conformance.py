#!/usr/bin/env python3
"""xenstored tests: the core's cmocka unit tests, then Debian's
xenstore-utils (Xen 4.17's libxenstore) and a raw wire-protocol client
against build/pvx-xenstored, started on sockets in a temporary directory.

  python3 tests/xenstored/conformance.py        # prints PASS/FAIL lines and a total

run_all.py calls run(tally) as its xenstore stage.
"""

import os
import re
import socket
import struct
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
DAEMON = os.path.join(ROOT, "build", "pvx-xenstored")
UNIT = os.path.join(ROOT, "build", "tests", "xenstored", "test_xenstored")
# The ring transport, libxenstore, the console backend, the guest heap.
UNITS = [UNIT] + [os.path.join(ROOT, "build", "tests", "xenstored", t)
                  for t in ("test_ring", "test_libxs", "test_consoled",
                            "test_heap")]
GUEST_OBJS = os.path.join(ROOT, "build", "dom0", "xenstored")
# What the core may take from the dom0 kernel (pv-guest/string.c) and
# from its host: nothing else may be undefined in the freestanding build.
ALLOWED_UNDEF = {"memcpy", "memset", "strlen", "strncmp", "xs_alloc",
                 "xs_free"}

# xs_wire.h message types used below.
XS_READ, XS_WATCH, XS_TX_START, XS_TX_END, XS_INTRODUCE = 2, 4, 6, 7, 8
XS_RELEASE, XS_GET_DOMAIN_PATH, XS_WRITE, XS_ERROR = 9, 10, 11, 16
XS_WATCH_EVENT, XS_IS_INTRODUCED = 15, 17


class Client:
    """A raw xenstore connection: one request, one reply."""

    def __init__(self, path):
        self.s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.s.settimeout(5)
        self.s.connect(path)
        self.events = []

    def send_raw(self, data):
        self.s.sendall(data)

    def recv_msg(self):
        hdr = self._recv(16)
        if hdr is None:
            return None
        typ, rid, tx, ln = struct.unpack("<IIII", hdr)
        return typ, rid, tx, self._recv(ln)

    def _recv(self, n):
        buf = b""
        while len(buf) < n:
            chunk = self.s.recv(n - len(buf))
            if not chunk:
                return None
            buf += chunk
        return buf

    def req(self, typ, payload, tx=0, rid=7):
        self.send_raw(struct.pack("<IIII", typ, rid, tx, len(payload)) +
                      payload)
        while True:
            m = self.recv_msg()
            if m is None or m[0] != XS_WATCH_EVENT:
                return m
            self.events.append(m[3])

    def close(self):
        self.s.close()


def unit_cases(tally):
    for binary in UNITS:
        unit_binary(tally, binary)


def unit_binary(tally, binary):
    env = dict(os.environ, CMOCKA_MESSAGE_OUTPUT="TAP")
    p = subprocess.run([binary], env=env, capture_output=True, text=True,
                       timeout=120)
    out = p.stdout + p.stderr
    seen = 0
    diag = []
    for line in out.splitlines():
        m = re.match(r"(not ok|ok) \d+ - (\S+)", line)
        if line.startswith("#"):
            diag.append(line.lstrip("# "))
        if not m:
            continue
        seen += 1
        tally.line(m.group(1) == "ok", "xenstore/unit/" + m.group(2),
                   " ".join(diag[-2:]))
        diag = []
    if p.returncode and not re.search(r"^not ok", out, re.M) or not seen:
        tally.line(False, "xenstore/unit", "%s exited %d"
                   % (os.path.basename(binary), p.returncode),
                   out.splitlines()[-15:])


def freestanding_case(tally):
    objs = sorted(os.path.join(GUEST_OBJS, f)
                  for f in os.listdir(GUEST_OBJS) if f.endswith(".o"))
    out = subprocess.run(["nm", "-u"] + objs, capture_output=True,
                         text=True).stdout
    defined = subprocess.run(["nm", "--defined-only"] + objs,
                             capture_output=True, text=True).stdout
    have = {l.split()[-1] for l in defined.splitlines() if len(l.split()) == 3}
    undef = {l.split()[-1] for l in out.splitlines()
             if l.strip().startswith("U ")} - have
    extra = sorted(undef - ALLOWED_UNDEF)
    tally.line(bool(objs) and not extra, "xenstore/freestanding",
               "core needs %s beyond %s" % (extra, sorted(ALLOWED_UNDEF)))


def utils_cases(tally, sock, dom5):
    def run(args, path=sock, stdin=None):
        env = dict(os.environ, XENSTORED_PATH=path)
        p = subprocess.run(args, env=env, capture_output=True, text=True,
                           timeout=10, input=stdin)
        return p.returncode, p.stdout

    def check(name, args, rc, out=None, path=sock):
        got_rc, got = run(args, path)
        ok = got_rc == rc and (out is None or got == out)
        tally.line(ok, "xenstore/utils/" + name,
                   "%s: exit %d, output %r (want %d, %r)"
                   % (" ".join(args), got_rc, got, rc, out))

    check("write", ["xenstore-write", "/t/a", "hello", "/t/b", "2"], 0, "")
    check("read", ["xenstore-read", "/t/a", "/t/b"], 0, "hello\n2\n")
    check("read-missing", ["xenstore-read", "/t/none"], 1, "")
    check("exists", ["xenstore-exists", "/t/a"], 0, "")
    check("exists-missing", ["xenstore-exists", "/t/none"], 1, "")
    check("list", ["xenstore-list", "/t"], 0, "a\nb\n")
    check("ls", ["xenstore-ls", "/t"], 0, 'a = "hello"\nb = "2"\n')
    check("ls-missing", ["xenstore-ls", "/none"], 1, "")
    check("chmod", ["xenstore-chmod", "/t/a", "n0", "r5"], 0, "")
    check("ls-perms", ["xenstore-ls", "-p", "/t"], 0, None)
    _, out = run(["xenstore-ls", "-p", "/t"])
    tally.line("(n0,r5)" in out and "(n0)" in out, "xenstore/utils/perms",
               "xenstore-ls -p /t: %r" % out)
    check("rm", ["xenstore-rm", "/t/b"], 0, "")
    check("rm-gone", ["xenstore-exists", "/t/b"], 1, "")
    check("rm-missing-ok", ["xenstore-rm", "/t/b"], 0, "")
    check("rm-no-parent", ["xenstore-rm", "/none/x"], 1, "")
    check("bad-path", ["xenstore-write", "/t/bad//x", "1"], 1, "")
    check("big-value-dom0", ["xenstore-write", "/t/big", "x" * 3000], 0, "")

    # The toolstack's part: a home for domain 5, owned by it.
    check("dom5-home", ["xenstore-write", "/local/domain/5/name", "g"], 0)
    check("dom5-chmod", ["xenstore-chmod", "-r", "/local/domain/5", "n5"], 0)
    check("dom5-relative", ["xenstore-read", "name"], 0, "g\n", dom5)
    check("dom5-write", ["xenstore-write", "data/k", "v"], 0, "", dom5)
    check("dom5-seen", ["xenstore-read", "/local/domain/5/data/k"], 0, "v\n")
    check("dom5-granted", ["xenstore-read", "/t/a"], 0, "hello\n", dom5)
    check("dom5-denied", ["xenstore-read", "/tool/xenstored"], 1, "", dom5)
    check("dom5-no-write", ["xenstore-write", "/t/a", "x"], 1, "", dom5)
    check("dom5-no-give", ["xenstore-chmod", "data/k", "n0"], 1, "", dom5)
    check("dom5-node-size", ["xenstore-write", "big", "x" * 2100], 1, "",
          dom5)
    check("dom5-node-fits", ["xenstore-write", "fit", "x" * 2000], 0, "",
          dom5)

    # xenstore-watch: the immediate event, then one per change below.
    env = dict(os.environ, XENSTORED_PATH=sock)
    w = subprocess.Popen(["xenstore-watch", "-n", "3", "/t"], env=env,
                         stdout=subprocess.PIPE, text=True)
    time.sleep(0.3)
    run(["xenstore-write", "/t/w", "1"])
    run(["xenstore-rm", "/t/w"])
    try:
        out, _ = w.communicate(timeout=5)
    except subprocess.TimeoutExpired:
        w.kill()
        out, _ = w.communicate()
    tally.line(out == "/t\n/t/w\n/t/w\n", "xenstore/utils/watch",
               "xenstore-watch -n 3 /t printed %r" % out)


def wire_cases(tally, sock, dom5):
    def check(name, got, want):
        tally.line(got == want, "xenstore/wire/" + name,
                   "got %r, want %r" % (got, want))

    c = Client(sock)
    check("unknown-type", c.req(99, b"x\0")[0::3], (XS_ERROR, b"ENOSYS\0"))
    check("event-as-request", c.req(XS_WATCH_EVENT, b"a\0b\0")[3],
          b"ENOSYS\0")
    check("no-nul", c.req(XS_READ, b"/t/a")[3], b"EINVAL\0")
    check("two-args", c.req(XS_READ, b"/t/a\0x\0")[3], b"EINVAL\0")
    check("req-id-echo", c.req(XS_READ, b"/t/a\0", rid=1234)[1], 1234)
    check("bad-tx", c.req(XS_READ, b"/t/a\0", tx=77)[3], b"ENOENT\0")
    check("domain-path", c.req(XS_GET_DOMAIN_PATH, b"7\0")[3],
          b"/local/domain/7\0")

    # INTRODUCE fires @introduceDomain, RELEASE @releaseDomain.
    w = Client(sock)
    w.req(XS_WATCH, b"@introduceDomain\0i\0")
    w.req(XS_WATCH, b"@releaseDomain\0r\0")
    w.req(XS_READ, b"/t/a\0")  # the watches' first events come after
    w.events.clear()
    check("introduce", c.req(XS_INTRODUCE, b"9\0" b"1234\0" b"3\0")[3],
          b"OK\0")
    check("introduced", c.req(XS_IS_INTRODUCED, b"9\0")[3], b"T\0")
    check("release", c.req(XS_RELEASE, b"9\0")[3], b"OK\0")
    check("released", c.req(XS_IS_INTRODUCED, b"9\0")[3], b"F\0")
    check("release-unknown", c.req(XS_RELEASE, b"9\0")[3], b"ENOENT\0")
    w.req(XS_READ, b"/t/a\0")   # collect the events queued before it
    check("special-events", w.events,
          [b"@introduceDomain\0i\0", b"@releaseDomain\0r\0"])
    d = Client(dom5)
    check("unprivileged-introduce", d.req(XS_INTRODUCE, b"9\0" b"1\0" b"3\0")
          [3], b"EACCES\0")

    # Two transactions on the same node: the second commit is refused.
    t1 = int(c.req(XS_TX_START, b"\0")[3].rstrip(b"\0"))
    t2 = int(w.req(XS_TX_START, b"\0")[3].rstrip(b"\0"))
    c.req(XS_READ, b"/t/a\0", tx=t1)
    w.req(XS_READ, b"/t/a\0", tx=t2)
    c.req(XS_WRITE, b"/t/a\0one", tx=t1)
    w.req(XS_WRITE, b"/t/a\0two", tx=t2)
    check("tx-commit", c.req(XS_TX_END, b"T\0", tx=t1)[3], b"OK\0")
    check("tx-conflict", w.req(XS_TX_END, b"T\0", tx=t2)[3], b"EAGAIN\0")
    check("tx-result", c.req(XS_READ, b"/t/a\0")[3], b"one")

    # An over-long header: E2BIG, then the daemon closes the connection.
    c.send_raw(struct.pack("<IIII", XS_READ, 5, 0, 5000))
    m = c.recv_msg()
    check("too-long", (m[0], m[3]) if m else None, (XS_ERROR, b"E2BIG\0"))
    check("too-long-closed", c.recv_msg(), None)
    for x in (w, d):
        x.close()
    # The daemon is still there for everyone else.
    e = Client(sock)
    check("still-serving", e.req(XS_READ, b"/t/a\0")[3], b"one")
    e.close()


def run(tally):
    p = subprocess.run(["make", "--no-print-directory", "-C", ROOT,
                        "xenstored-tests"], capture_output=True, text=True)
    if p.returncode:
        tally.line(False, "xenstore/build", "make xenstored-tests failed",
                   (p.stdout + p.stderr).splitlines()[-15:])
        return
    unit_cases(tally)
    freestanding_case(tally)
    missing = [t for t in ("xenstore-read", "xenstore-watch")
               if subprocess.run(["which", t],
                                 capture_output=True).returncode]
    if missing:
        tally.line(False, "xenstore/utils", "xenstore-utils missing "
                   "(scripts/deps.sh installs it)")
        return
    with tempfile.TemporaryDirectory(prefix="pvx-xs-") as tmp:
        sock, dom5 = os.path.join(tmp, "socket"), os.path.join(tmp, "dom5")
        d = subprocess.Popen([DAEMON, "-D", "5:" + dom5, sock],
                             stderr=subprocess.PIPE, text=True)
        for _ in range(50):
            if os.path.exists(sock) or d.poll() is not None:
                break
            time.sleep(0.05)
        try:
            utils_cases(tally, sock, dom5)
            wire_cases(tally, sock, dom5)
        except (OSError, subprocess.SubprocessError, TypeError) as e:
            tally.line(False, "xenstore/conformance", "aborted: %r" % e)
        alive = d.poll() is None
        d.terminate()
        err = d.communicate(timeout=5)[1]
        tally.line(alive, "xenstore/daemon-survived",
                   "pvx-xenstored exited %s" % d.returncode,
                   err.splitlines()[-10:])


class _Tally:
    def __init__(self):
        self.passed = self.failed = 0

    def line(self, ok, name, reason="", detail=()):
        if ok:
            self.passed += 1
            print("PASS " + name)
        else:
            self.failed += 1
            print("FAIL %s: %s" % (name, reason))
            for l in detail:
                print("    | " + l)


if __name__ == "__main__":
    t = _Tally()
    run(t)
    print("%d passed, %d failed" % (t.passed, t.failed))
    sys.exit(1 if t.failed or not t.passed else 0)
