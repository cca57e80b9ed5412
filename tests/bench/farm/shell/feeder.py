#!/usr/bin/python3
"""Gives every fake host of the farm benchmark a /proc/loadavg and a /proc/stat of its own.

All "hosts" share this machine's kernel, whose /proc files describe the whole machine. Each
host's mount namespace has regular files bind-mounted over /proc/loadavg and /proc/stat; this
loop writes into them what the host's own cgroup does.

/proc/loadavg (read by distpool's probe, and by `uptime`, which DMUCS's load agent runs): the
load computed the way the kernel does it (kernel/sched/loadavg.c): every STEP seconds the
cgroup's tasks that are runnable (R) or in uninterruptible sleep (D) are counted and folded
into exponentially decayed 1, 5 and 15 minute averages, load = load * e + n * (1 - e) with
e = exp(-STEP / period). The kernel samples every 5 s; this samples every second with the
decay factors of one second: the same time constants with less sampling noise. The fourth
field is "runnable/total" like the kernel's; the kernel counts the task reading the file
among the runnable ones, so one is added (the reader is not in the cgroup when we sample).

/proc/stat (read by icecream's iceccd, which reports the host's CPU use to its scheduler as
its load, and by ps for btime): the "cpu" lines count the host's CPU time in USER_HZ ticks:
busy = the cgroup's cpuacct usage, total = the host's quota in cores times the time elapsed,
idle = the rest; so a host whose quota is used up reads as 100 % busy, as a real machine of
that speed would. The other lines are the machine's (btime, processes...).

Both files are read through bind mounts, so they cannot be replaced by a rename, and a reader
must never see them empty: every line is written with fixed-width fields, so the files keep
their length, in one pwrite at offset 0, never truncated.

It also keeps the desktop's console "active": it sets the access time of the file that is
bind-mounted over the desktop's /dev/tty2 to now every few seconds, which `who -u` shows as
the idle time of the console user.

SIGUSR1 resets every host's load averages to its current runnable count, as if the host had
been in its present state for a long time: the benchmark does this between builds, so one
tool's build does not leave load behind that the next tool (distpool, DMUCS) would take for
foreign load. SIGTERM ends the loop.

Usage: feeder.py STEP TTYFILE NAME:LOADAVG_FILE:STAT_FILE:CPU_CGROUP:CPUACCT_CGROUP:CORES ...
"""

import math
import os
import signal
import sys
import time

STEP = float(sys.argv[1])
TTY = sys.argv[2]
PERIODS = (60.0, 300.0, 900.0)
DECAY = [math.exp(-STEP / p) for p in PERIODS]
USER_HZ = os.sysconf("SC_CLK_TCK")
NCPU = os.cpu_count()


def machine_stat_lines():
    """The machine's /proc/stat lines other than the CPU, interrupt and softirq counters."""
    keep = []
    with open("/proc/stat") as f:
        for line in f:
            key = line.split(" ", 1)[0]
            if key in ("ctxt", "btime", "processes", "procs_running", "procs_blocked"):
                keep.append("%s %20s" % (key, line.split()[1]))
    return keep


class Host:
    def __init__(self, spec):
        self.name, self.loadavg, self.stat, self.cpu_cg, self.acct_cg, cores = spec.split(":")
        self.cores = float(cores)
        self.loads = [0.0, 0.0, 0.0]
        self.loadavg_fd = os.open(self.loadavg, os.O_WRONLY | os.O_CREAT, 0o644)
        self.stat_fd = os.open(self.stat, os.O_WRONLY | os.O_CREAT, 0o644)
        self.start = time.monotonic()
        self.usage0 = self.usage()

    def usage(self):
        try:
            with open(os.path.join(self.acct_cg, "cpuacct.usage")) as f:
                return int(f.read())
        except (OSError, ValueError):
            return 0

    def sample(self):
        """(runnable, total) tasks of this host's cgroup and its child cgroups."""
        runnable = total = 0
        for directory, _, files in os.walk(self.cpu_cg):
            if "tasks" not in files:
                continue
            try:
                with open(os.path.join(directory, "tasks")) as f:
                    tids = f.read().split()
            except OSError:
                continue
            for tid in tids:
                try:
                    with open("/proc/%s/stat" % tid) as f:
                        state = f.read().rsplit(")", 1)[1].split()[0]
                except (OSError, IndexError):
                    continue  # the task ended meanwhile
                total += 1
                if state in ("R", "D"):
                    runnable += 1
        return runnable, total

    def update(self, reset=False):
        runnable, total = self.sample()
        if reset:
            self.loads = [float(runnable)] * 3
        else:
            self.loads = [l * e + runnable * (1 - e) for l, e in zip(self.loads, DECAY)]
        line = "%6.2f %6.2f %6.2f %6s %7d\n" % (
            self.loads[0],
            self.loads[1],
            self.loads[2],
            "%d/%d" % (runnable + 1, total + 1),
            os.getpid(),
        )
        os.pwrite(self.loadavg_fd, line.encode(), 0)

        elapsed = time.monotonic() - self.start
        all_ticks = int(self.cores * elapsed * USER_HZ) + 1
        busy = min(all_ticks, (self.usage() - self.usage0) * USER_HZ // 1_000_000_000)
        idle = all_ticks - busy
        lines = ["cpu  %20d 0 0 %20d 0 0 0 0 0 0" % (busy, idle)]
        for cpu in range(NCPU):
            lines.append("cpu%d %20d 0 0 %20d 0 0 0 0 0 0" % (cpu, busy // NCPU, idle // NCPU))
        lines += machine_stat_lines()
        os.pwrite(self.stat_fd, ("\n".join(lines) + "\n").encode(), 0)


def main():
    hosts = [Host(spec) for spec in sys.argv[3:]]
    reset = {"pending": False}

    def on_usr1(signum, frame):
        reset["pending"] = True

    signal.signal(signal.SIGUSR1, on_usr1)
    signal.signal(signal.SIGTERM, lambda s, f: sys.exit(0))
    tick = 0
    while True:
        start = time.monotonic()
        do_reset = reset["pending"]
        reset["pending"] = False
        for host in hosts:
            host.update(reset=do_reset)
        if TTY != "-" and tick % 5 == 0:
            now = time.time()
            try:
                os.utime(TTY, (now, os.stat(TTY).st_mtime))
            except OSError:
                pass
        tick += 1
        time.sleep(max(0.05, STEP - (time.monotonic() - start)))


if __name__ == "__main__":
    main()
