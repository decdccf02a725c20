"""System test: dom0's prompt and xl, typed over the serial line.

PVX boots build/dom0.elf with a test archive (tests/system/configs/*.cfg
under etc/xen/test/, the demo, spin and crash kernels under boot/, the
default auto-start config); this script drives QEMU's serial port through
pipes (scripts/qemu.sh has it on stdio), waits for `dom0# `, types
commands and checks what comes back.  Each step is one PASS/FAIL line:

  prompt       the prompt appears; help, ls and cat work; the demo guest
               of etc/xen/auto/ is running (xendomains' job)
  create3      three guests from configs; xl list shows them running
  console      xl console and create -c show a guest's output; Ctrl-]
               returns to the prompt
  pause        a busy guest's Time(s) stops while paused, resumes after
  sched        sched-credit -w/-c set and read back; bad values refused
  vcpu-info    vcpu-list, info, uptime and dmesg print xl's columns
  vcpu-pin     vcpu-pin moves a busy guest's vCPU between the two CPUs
               (vcpu-list shows where it runs and its hard / soft maps),
               pins dom0's own, and refuses bad vCPUs, ranges and CPUs;
               a config's cpus= and cpus_soft= pin a new guest
  names        xl domid, domname and rename, and their refusals
  shutdown     xl shutdown: the guest acknowledges and is destroyed; with
               -w the prompt returns after "has been shut down"; Ctrl-C
               ends a wait for a guest that ignores the request
  reboot       xl reboot: on_reboot=restart gives a new domid, same name;
               rename-restart keeps the old one as <name>-<UTC stamp>
  destroy      xl destroy, then re-create under the same name
  crash        on_crash=preserve keeps the crashed domain (state 'c'),
               on_crash=destroy removes it
  bad-configs  syntax error, bad value, missing kernel, missing file,
               too much memory, unreadable or offline cpus=, unknown
               domain: xl's messages, no crash
  poweroff     `poweroff` at the prompt ends QEMU with status 0

No step asserts on elapsed time; waits only bound how long to look.
run_all.py runs it in the system stage (`run_all.py --system xl`).
"""

import os
import re
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
BUILD = os.path.join(ROOT, "build")
sys.path.insert(0, os.path.join(ROOT, "tests", "linux"))

from mkinitramfs import Newc  # noqa: E402

PROMPT = "dom0# "
HV_ARGS = "console=com1 loglvl=info dom0_mem=96M"
DOM0_ARGS = "dom0 console=hvc0"
BOOT_TIMEOUT = 180          # to the first prompt, under TCG on a busy host
CMD_TIMEOUT = 60            # one command back to the prompt
NAME = "system/xl"


def archive_files():
    """archive path -> host path of everything the test boots with."""
    files = {
        "boot/demo.elf": os.path.join(BUILD, "demo.elf"),
        "boot/spin.elf": os.path.join(BUILD, "tests", "system", "spin.elf"),
        "boot/crash.elf": os.path.join(BUILD, "tests", "kernels",
                                       "fault-early.elf"),
        "etc/xen/auto/demo.cfg": os.path.join(ROOT, "dom0", "etc", "xen",
                                              "auto", "demo.cfg"),
    }
    cfgdir = os.path.join(HERE, "configs")
    for f in sorted(os.listdir(cfgdir)):
        files["etc/xen/test/" + f] = os.path.join(cfgdir, f)
    return files


def make_iso(name, files, hv_args=HV_ARGS):
    """An ISO of PVX, dom0 and a cpio of files; returns its path."""
    cpio = Newc()
    for path, host in sorted(files.items()):
        with open(host, "rb") as f:
            cpio.add(path, 0o100644, f.read())
    ramdisk = os.path.join(BUILD, "tests", "system", name + ".cpio")
    iso = os.path.join(BUILD, "tests", "system", name + ".iso")
    os.makedirs(os.path.dirname(iso), exist_ok=True)
    with open(ramdisk, "wb") as f:
        f.write(cpio.bytes())
    subprocess.run([os.path.join(ROOT, "scripts", "mkiso.sh"), iso,
                    os.path.join(BUILD, "hypervisor.elf"), hv_args,
                    os.path.join(BUILD, "dom0.elf"), DOM0_ARGS, ramdisk],
                   check=True)
    return iso


class Serial:
    """QEMU with the serial line on pipes; everything read is logged."""

    def __init__(self, iso, log, mem=512):
        env = dict(os.environ, PVX_MEM=str(mem))
        self.proc = subprocess.Popen(
            [os.path.join(ROOT, "scripts", "qemu.sh"), iso],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, env=env, start_new_session=True)
        self.text = ""
        self.pos = 0
        self.cond = threading.Condition()
        self.log = open(log, "w")
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        while True:
            chunk = os.read(self.proc.stdout.fileno(), 4096)
            with self.cond:
                if not chunk:
                    self.eof = True
                    self.cond.notify_all()
                    return
                s = chunk.decode(errors="replace").replace("\r", "")
                self.text += s
                self.log.write(s)
                self.log.flush()
                self.cond.notify_all()

    def expect(self, regex, timeout=CMD_TIMEOUT):
        """Wait for regex after the read position; returns the match and
        moves past it, or raises with the last lines seen."""
        pat = re.compile(regex)
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                m = pat.search(self.text, self.pos)
                if m:
                    self.pos = m.end()
                    return m
                left = deadline - time.monotonic()
                if left <= 0 or getattr(self, "eof", False):
                    tail = self.text[-600:].splitlines()[-8:]
                    raise AssertionError("no /%s/ within %ds; last lines: %s"
                                         % (regex, timeout, " | ".join(tail)))
                self.cond.wait(min(left, 1.0))

    def send(self, data):
        # A byte at a time in small bursts: the UART FIFO is 16 bytes.
        for i in range(0, len(data), 8):
            self.proc.stdin.write(data[i:i + 8].encode())
            self.proc.stdin.flush()
            time.sleep(0.01)

    def cmd(self, line, timeout=CMD_TIMEOUT):
        """Type a command; return its output up to the next prompt."""
        self.send(line + "\r")
        self.expect(re.escape(line) + r"\n", timeout)
        start = self.pos
        self.expect(re.escape(PROMPT), timeout)
        return self.text[start:self.pos - len(PROMPT)]

    def close(self, timeout=30):
        try:
            status = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, 9)
            self.proc.wait()
            status = None
        self.reader.join(10)            # EOF once QEMU is gone
        self.log.close()
        return status


def check(cond, why):
    if not cond:
        raise AssertionError(why)


def list_rows(out):
    """xl list output -> {name: (domid, mem, vcpus, state, time)}."""
    rows = {}
    for line in out.splitlines()[1:]:
        f = line.split()
        if len(f) == 6:
            rows[f[0]] = (int(f[1]), int(f[2]), int(f[3]), f[4], float(f[5]))
    return rows


def xl_list(s):
    out = s.cmd("xl list")
    check(out.startswith("Name                                        ID   "
                         "Mem VCPUs\tState\tTime(s)"), "xl list header: %r"
          % out[:80])
    return list_rows(out)


def wait_for(what, fn, timeout=CMD_TIMEOUT):
    """Poll fn() (which types commands) until it is true or time is up."""
    deadline = time.monotonic() + timeout
    while True:
        v = fn()
        if v:
            return v
        if time.monotonic() > deadline:
            raise AssertionError("gave up waiting for %s" % what)
        time.sleep(1)


def step_prompt(s):
    s.expect(re.escape(PROMPT), BOOT_TIMEOUT)
    s.prompted = True
    out = s.cmd("help")
    check("xl <command>" in out, "help lists xl: %r" % out)
    out = s.cmd("ls etc/xen/")
    check("etc/xen/test/guest1.cfg" in out and "boot/spin.elf" not in out,
          "ls etc/xen/: %r" % out)
    out = s.cmd("cat etc/xen/test/spin.cfg")
    check('name = "spin"' in out, "cat: %r" % out)
    out = s.cmd("nosuchcmd")
    check("nosuchcmd: command not found" in out, "unknown command: %r" % out)
    out = s.cmd("xl frobnicate")
    check("command not implemented" in out, "xl unknown: %r" % out)
    rows = xl_list(s)
    check("Domain-0" in rows and rows["Domain-0"][0] == 0, "dom0 row")


def step_autostart(s):
    rows = wait_for("the auto-started demo guest",
                    lambda: "demo" in xl_list(s) and xl_list(s))
    check(rows["demo"][0] >= 1, "demo has a domid")


def step_create3(s):
    for i in (1, 2, 3):
        out = s.cmd("xl create etc/xen/test/guest%d.cfg" % i)
        check("Parsing config from etc/xen/test/guest%d.cfg" % i in out,
              "create output: %r" % out)
        check("error" not in out, "create failed: %r" % out)
    rows = xl_list(s)
    for i in (1, 2, 3):
        r = rows.get("guest%d" % i)
        check(r is not None, "guest%d not listed: %r" % (i, rows))
        check(r[1] in (15, 16) and r[2] == 1, "guest%d row %r" % (i, r))
        check(re.match(r"^[r-][b-]---", r[3]), "guest%d state %s" % (i, r[3]))
    ids = [rows["guest%d" % i][0] for i in (1, 2, 3)]
    check(len(set(ids)) == 3, "distinct domids %r" % ids)


def step_console(s):
    s.send("xl console guest1\r")
    s.expect(r"xl console guest1\n")
    # The demo guest prints to its console ring; xl console shows it.
    s.expect(r"guest1", CMD_TIMEOUT)
    # Typed bytes reach the guest: the demo echoes each line it reads.
    s.send("hello guest\r")
    s.expect(r"demo: console input 'hello guest'")
    s.send("\x1d")
    s.expect(re.escape(PROMPT))
    out = s.cmd("xl console nosuch")
    check("nosuch is an invalid domain identifier (rc=-6)" in out, out)
    # create -c attaches at once; Ctrl-] right after the first line.
    s.send("xl create -c etc/xen/test/spin2.cfg\r")
    s.expect(r"spin: running\n")
    s.send("\x1d")
    s.expect(re.escape(PROMPT))
    s.cmd("xl destroy spin2")


def spin_time(s):
    return xl_list(s)["spin"][4]


def step_pause(s):
    out = s.cmd("xl create etc/xen/test/spin.cfg")
    check("error" not in out, out)
    wait_for("spin to use CPU", lambda: spin_time(s) > 0.0)
    s.cmd("xl pause spin")
    rows = xl_list(s)
    check("p" in rows["spin"][3], "paused state: %r" % (rows["spin"],))
    t1 = rows["spin"][4]
    s.cmd("xl vcpu-list spin")          # let some time pass, typing
    t2 = spin_time(s)
    check(t1 == t2, "Time(s) moved while paused: %s -> %s" % (t1, t2))
    s.cmd("xl unpause spin")
    check("p" not in xl_list(s)["spin"][3], "still paused")
    wait_for("Time(s) to resume", lambda: spin_time(s) > t2)
    out = s.cmd("xl pause 999")
    check("Pausing domain" in out or "invalid" in out, out)


def step_sched(s):
    out = s.cmd("xl sched-credit")
    check(out.startswith("Name                                ID Weight  "
                         "Cap"), out)
    check(re.search(r"^Domain-0 +0 +256 +0$", out, re.M), out)
    s.cmd("xl sched-credit -d spin -w 512 -c 50")
    out = s.cmd("xl sched-credit -d spin")
    check(re.search(r"^spin +\d+ +512 +50$", out, re.M), out)
    out = s.cmd("xl sched-credit -d spin -w 0")
    check("Cpu weight out of range" in out, out)
    out = s.cmd("xl sched-credit -w 300")
    check("Must specify a domain." in out, out)
    out = s.cmd("xl sched-credit -d spin -w abc")
    check("Invalid weight" in out, out)
    s.cmd("xl sched-credit -d spin -w 256 -c 0")


def step_info(s):
    out = s.cmd("xl vcpu-list spin")
    check(re.search(r"^Name +ID +VCPU +CPU +State +Time\(s\) Affinity "
                    r"\(Hard / Soft\)$", out, re.M), out)
    check(re.search(r"^spin +\d+ +0 +\d+ +[r-][b-]- +\d+\.\d +all / all$",
                    out, re.M), out)
    out = s.cmd("xl info")
    for key in ("nr_cpus", "total_memory", "free_memory", "xen_major",
                "xen_version", "xen_scheduler          : credit"):
        check(key in out, "xl info lacks %s: %r" % (key, out[:200]))
    out = s.cmd("xl uptime")
    check(re.search(r"^Domain-0 +0 +\d+:\d\d:\d\d$", out, re.M), out)
    # dmesg holds earlier prompts too, and the 16 KiB ring may have
    # wrapped past the boot lines: wait for a line logged since (a domain
    # creation), then for a command never typed before, to know where it
    # ends.
    s.send("xl dmesg\r")
    s.expect(r"\(PVX\) d\d+ created by d0")
    s.cmd("xl list Domain-0")


def vcpu_row(s, dom):
    """(CPU, affinity) of dom's vCPU 0 from xl vcpu-list."""
    out = s.cmd("xl vcpu-list %s" % dom)
    m = re.search(r"^%s +\d+ +0 +(\d+|-) +\S+ +\d+\.\d +(.*)$" % dom,
                  out, re.M)
    check(m, "vcpu-list %s: %r" % (dom, out))
    return m.group(1), m.group(2)


def step_vcpu_pin(s):
    for cpu in ("1", "0"):
        check(s.cmd("xl vcpu-pin spin 0 %s" % cpu).strip() == "",
              "vcpu-pin spin 0 %s printed something" % cpu)
        check(vcpu_row(s, "spin") == (cpu, "%s / all" % cpu),
              "pinned to %s: %r" % (cpu, vcpu_row(s, "spin")))
        # Still there while it keeps running.
        s.cmd("xl list spin")
        check(vcpu_row(s, "spin")[0] == cpu, "left CPU %s" % cpu)
    out = s.cmd("xl vcpu-pin spin all 1 0")
    check("All cpus in soft affinity of vcpu 0 are unreachable" in out, out)
    check(vcpu_row(s, "spin") == ("1", "1 / 0"), vcpu_row(s, "spin"))
    s.cmd("xl vcpu-pin spin 0 - all")
    check(vcpu_row(s, "spin") == ("1", "1 / all"), vcpu_row(s, "spin"))
    s.cmd("xl vcpu-pin spin 0 all")
    check(vcpu_row(s, "spin")[1] == "all / all", vcpu_row(s, "spin"))
    # dom0 pins its own vCPU 0, the one running xl, and back.
    s.cmd("xl vcpu-pin Domain-0 0 1")
    check(vcpu_row(s, "Domain-0") == ("1", "1 / all"),
          vcpu_row(s, "Domain-0"))
    s.cmd("xl vcpu-pin 0 0 all")
    check(vcpu_row(s, "Domain-0")[1] == "all / all", "dom0 unpinned")
    for args, want in (
            ("spin 0 7", "Setting vcpu affinity: Invalid argument\n"
                         "Could not set affinity for vcpu `0'."),
            ("spin 3 0", "Setting vcpu affinity: Invalid argument\n"
                         "Could not set affinity for vcpu `3'."),
            ("spin x 0", "Error: Invalid argument x as VCPU."),
            ("-f spin all 0", "Error: --force and 'all' as VCPU not "
                              "allowed."),
            ("spin 0 1-0", "Invalid pcpu range: 1-0."),
            ("spin 0 ^all", "Can't combine \"^\" and \"all\"."),
            ("spin 0", "'xl vcpu-pin' requires at least 3 arguments."),
            ("nosuch 0 0", "nosuch is an invalid domain identifier")):
        out = s.cmd("xl vcpu-pin " + args)
        check(want in out, "vcpu-pin %s: %r" % (args, out))
    check(vcpu_row(s, "spin")[1] == "all / all", "refusals changed it")
    # A config's cpus= (every vCPU) and cpus_soft= (a list, per vCPU).
    out = s.cmd("xl create etc/xen/test/pinned.cfg")
    check("error" not in out, out)
    out = s.cmd("xl vcpu-list pinned")
    check(re.search(r"^pinned +\d+ +0 +1 .* 1 / 0$", out, re.M) and
          re.search(r"^pinned +\d+ +1 +\S+ .* 1 / 1$", out, re.M), out)
    s.cmd("xl destroy pinned")


def gone(s, name):
    """name is not listed, and no dying domain lingers as "(null)" (a
    zombie: a frame of it still mapped or referenced somewhere)."""
    rows = xl_list(s)
    return name not in rows and "(null)" not in rows


def step_names(s):
    demo = xl_list(s)["demo"][0]
    check(s.cmd("xl domid demo").strip() == str(demo), "xl domid demo")
    check(s.cmd("xl domname %d" % demo).strip() == "demo", "xl domname")
    out = s.cmd("xl domid nosuch")
    check("Can't get domid of domain name 'nosuch', maybe this domain does "
          "not exist." in out, out)
    out = s.cmd("xl domname 999")
    check("Can't get domain name of domain id '999'" in out, out)
    check("Invalid domain id." in s.cmd("xl domname abc"), "domname abc")
    s.cmd("xl rename demo demo-renamed")
    rows = xl_list(s)
    check(rows.get("demo-renamed", (None,))[0] == demo and "demo" not in rows,
          "after rename: %r" % rows)
    out = s.cmd("xl rename demo-renamed guest1")
    check('Domain with name "guest1" already exists.' in out and
          "Can't rename domain 'demo-renamed'." in out, out)
    out = s.cmd("xl rename 999 x")
    check("Can't rename domain '999'." in out, out)
    s.cmd("xl rename demo-renamed demo")
    check(xl_list(s).get("demo", (None,))[0] == demo, "renamed back")


def step_shutdown(s):
    out = s.cmd("xl shutdown guest3")
    check(re.search(r"Shutting down domain \d+", out), out)
    s.expect(r"Domain \d+ has shut down, reason code 0 0x0")
    wait_for("guest3 to go", lambda: gone(s, "guest3"))
    # -w: the prompt comes back once the domain has shut down.
    s.cmd("xl create etc/xen/test/guest3.cfg")
    wait_for("guest3 to run", lambda: "guest3" in xl_list(s))
    out = s.cmd("xl shutdown -w guest3", 120)
    # (the hypervisor's own "(PVX) dN shut down" line may come between)
    check(re.search(r"Shutting down domain \d+\nWaiting for 1 domains\n"
                    r"(.*\n)?Domain \d+ has been shut down, reason code 0\n",
                    out), out)
    wait_for("guest3 to go", lambda: gone(s, "guest3"))
    # spin ignores control/shutdown: Ctrl-C stops the wait.
    s.send("xl shutdown -w spin\r")
    s.expect(r"Waiting for 1 domains\n")
    s.send("\x03")
    s.expect(r"\^C\n" + re.escape(PROMPT))
    check("spin" in xl_list(s), "spin is gone")
    out = s.cmd("xl shutdown")
    check("You must specify -a or a domain id." in out, out)


def step_reboot(s):
    before = xl_list(s)["guest2"][0]
    out = s.cmd("xl reboot guest2")
    check(re.search(r"Rebooting domain %d" % before, out), out)
    s.expect(r"Action for shutdown reason code 1 is restart")

    def new_id():
        r = xl_list(s).get("guest2")
        return r and r[0] != before
    wait_for("guest2 to come back", new_id)
    # on_reboot=rename-restart: the old one stays, shut down, renamed.
    s.cmd("xl create etc/xen/test/rename.cfg")
    wait_for("renamed to run", lambda: "renamed" in xl_list(s))
    old = xl_list(s)["renamed"][0]
    s.cmd("xl reboot renamed")
    m = s.expect(r"Preserving domain %d renamed with suffix"
                 r"(-\d{8}T\d{4}Z)\n" % old)
    s.expect(r"Done\. Rebooting now")

    def both():
        rows = xl_list(s)
        kept = rows.get("renamed" + m.group(1))
        new = rows.get("renamed")
        return kept and kept[0] == old and "s" in kept[3] and \
            new and new[0] != old
    wait_for("the renamed domain and a new one", both)
    s.cmd("xl destroy renamed" + m.group(1))
    s.cmd("xl destroy renamed")
    wait_for("both to go", lambda: gone(s, "renamed"))


def step_destroy(s):
    s.cmd("xl destroy guest1")
    check(gone(s, "guest1"), "guest1 still listed")
    out = s.cmd("xl destroy guest1")
    check("guest1 is an invalid domain identifier (rc=-6)" in out, out)
    out = s.cmd("xl destroy 0")
    check("Not destroying domain 0" in out, out)
    out = s.cmd("xl destroy 4000")
    check("destroy failed (rc=-21)" in out, out)
    out = s.cmd("xl create etc/xen/test/guest1.cfg")
    check("error" not in out, out)
    check("guest1" in xl_list(s), "guest1 not re-created")
    out = s.cmd("xl create etc/xen/test/guest1.cfg")
    check('Domain with name "guest1" already exists.' in out, out)


def step_crash(s):
    s.cmd("xl create etc/xen/test/crash.cfg")
    s.expect(r"Action for shutdown reason code 3 is preserve")
    r = xl_list(s)["crasher"]
    check(r[3][3:5] == "sc", "crashed state: %r" % (r,))
    s.cmd("xl destroy crasher")
    check(gone(s, "crasher"), "crasher still listed")
    s.cmd("xl create etc/xen/test/crash-destroy.cfg")
    s.expect(r"Action for shutdown reason code 3 is destroy")
    wait_for("crasher2 to go", lambda: gone(s, "crasher2"))


def step_bad_configs(s):
    cases = [
        ("bad-syntax.cfg", r"etc/xen/test/bad-syntax.cfg:\d: config parsing "
                           r"error"),
        ("bad-memory.cfg", r"etc/xen/test/bad-memory.cfg:3: parameter "
                           r"`memory' is not a valid number"),
        ("no-kernel.cfg", r"failed to open file 'boot/missing.elf'"),
        ("missing.cfg", r"Failed to read config file: etc/xen/test/"
                        r"missing.cfg: No such file or directory"),
        ("too-big.cfg", r"libxl: error: cannot \(re-\)build domain"),
        ("bad-cpus.cfg", r"Invalid pcpu range: 1-x\."),
        ("offline-cpus.cfg", r"Setting vcpu affinity: Invalid argument\n"
                             r"libxl: error: setting affinity failed on "
                             r"vcpu `0'"),
    ]
    # A destroyed domain whose frames dom0's services still map shows as
    # "(null)", dying, for a moment (as on Xen): not a leftover.
    before = set(xl_list(s)) - {"(null)"}
    for cfg, msg in cases:
        out = s.cmd("xl create etc/xen/test/" + cfg)
        check(re.search(msg, out), "%s: %r" % (cfg, out))
    after = set(xl_list(s)) - {"(null)"}
    check(after == before, "a bad config left a domain: %r" % (after - before))
    out = s.cmd("xl list nosuch")
    check("nosuch is an invalid domain identifier (rc=-6)" in out, out)
    out = s.cmd("xl pause 'unbalanced")
    check("unbalanced quotes" in out, out)


STEPS = [("prompt", step_prompt), ("autostart", step_autostart),
         ("create3", step_create3), ("console", step_console),
         ("pause", step_pause), ("sched", step_sched),
         ("vcpu-info", step_info), ("vcpu-pin", step_vcpu_pin),
         ("names", step_names),
         ("shutdown", step_shutdown),
         ("reboot", step_reboot), ("destroy", step_destroy),
         ("crash", step_crash), ("bad-configs", step_bad_configs)]


def run(tally, flt=None):
    """Boot once, run every step in order, one tally line each."""
    steps = [(n, f) for n, f in STEPS
             if not flt or re.search(flt, NAME + "-" + n)]
    if not steps and not (flt and re.search(flt, NAME + "-poweroff")):
        return
    logdir = os.path.join(BUILD, "logs")
    os.makedirs(logdir, exist_ok=True)
    log = os.path.join(logdir, "system-xl.log")
    try:
        iso = make_iso("xl", archive_files())
    except (OSError, subprocess.CalledProcessError) as e:
        tally.line(False, NAME, "cannot build the test ISO: %s" % e)
        return
    s = Serial(iso, log)
    broken = None
    for name, fn in [STEPS[0]] + [x for x in steps if x[0] != "prompt"]:
        if broken:
            tally.line(False, "%s-%s" % (NAME, name), "skipped: " + broken)
            continue
        try:
            fn(s)
            tally.line(True, "%s-%s" % (NAME, name))
        except AssertionError as e:
            tally.line(False, "%s-%s" % (NAME, name), str(e),
                       ["(log: %s)" % log])
            if not getattr(s, "prompted", False) or getattr(s, "eof", False):
                broken = "no prompt"
    if not broken:
        s.send("poweroff\r")
    status = s.close(60 if not broken else 1)
    tally.line(status == 0, NAME + "-poweroff",
               "QEMU exit status %s, wanted 0" % status, ["(log: %s)" % log])


if __name__ == "__main__":
    sys.path.insert(0, HERE)
    sys.path.insert(0, os.path.join(ROOT, "tests"))
    from run_all import Tally
    t = Tally()
    run(t, sys.argv[1] if len(sys.argv) > 1 else None)
    print("%d passed, %d failed" % (t.passed, t.failed))
    sys.exit(1 if t.failed else 0)
