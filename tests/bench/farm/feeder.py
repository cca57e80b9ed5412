#!/usr/bin/python3
"""Gives every fake host of the farm benchmark a /proc/loadavg of its own.

All "hosts" share this machine's kernel, whose /proc/loadavg counts every task of the machine.
Each host's mount namespace has a regular file bind-mounted over /proc/loadavg; this loop
writes into those files the load of the host's own cgroup, computed the way the kernel does
it (kernel/sched/loadavg.c): every STEP seconds it counts the cgroup's tasks that are runnable
(R) or in uninterruptible sleep (D) and folds that count into exponentially decayed 1, 5 and
15 minute averages, load = load * e + n * (1 - e) with e = exp(-STEP / period).

The kernel samples every 5 s; this samples every second with the decay factors for a second,
so the averages have the kernel's time constants but less sampling noise (a 1-s compile seen
or missed by one 5-s sample would swing the 1-minute value by 0.08).

The fourth field is "runnable/total" like the kernel's; the kernel counts the task reading
the file among the runnable ones, so one is added (the reader is not in the cgroup when we
sample). Lines are written padded to a fixed width with one pwrite at offset 0, never
truncated: the file is read through a bind mount, so it cannot be replaced by a rename, and a
reader must never see it empty.

It also keeps the desktop's console "active": it sets the access time of the file that is
bind-mounted over the desktop's /dev/tty2 to now every few seconds, which is what `who -u`
reads as the idle time of the console user.

SIGUSR1 resets every host's averages to its current runnable count, as if the host had been
in its present state for a long time: the benchmark does this between builds, so one tool's
build does not leave load behind that the next tool (distpool, DMUCS) would see as foreign
load. SIGTERM ends the loop.

Usage: feeder.py STEP TTYFILE NAME:LOADAVG_FILE:CGROUP_DIR[,CGROUP_DIR...] ...
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


class Host:
    def __init__(self, spec):
        self.name, self.path, dirs = spec.split(":", 2)
        self.cgroups = dirs.split(",")
        self.loads = [0.0, 0.0, 0.0]
        self.fd = os.open(self.path, os.O_WRONLY | os.O_CREAT, 0o644)

    def sample(self):
        """(runnable, total) tasks of this host's cgroups and their child cgroups."""
        runnable = total = 0
        for top in self.cgroups:
            for directory, _, files in os.walk(top):
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
        os.pwrite(self.fd, line.encode(), 0)


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
