"""The load feeder: gives every farm machine a /proc/loadavg and /proc/stat of its own.

    python3 feeder.py CONFIG.json

For each machine of CONFIG (cgroup, files, CPU count, desktop tty) it
  - counts, once a second, the cgroup's threads that are runnable or in uninterruptible sleep
    (R or D in /proc/TID/stat: what the kernel counts; a task throttled by the quota is
    runnable), and every 5 s folds that count into exponential 1/5/15-minute averages with the
    kernel's own constants (EXP_1 = 1884/2048, EXP_5 = 2014/2048, EXP_15 = 2037/2048);
  - writes "L1 L5 L15 RUNNING/THREADS LASTPID" to the machine's loadavg file, where RUNNING is
    the count of the last second plus one for the reader itself (the kernel counts the process
    reading the file, and parsers such as distpool's subtract it);
  - writes a /proc/stat whose cpu lines are the cgroup's own user and system time (cpuacct),
    in ticks of the machine's own CPUs (time at the quota counts as a full CPU), idle the rest;
  - on a desktop, touches the tty file its console user "types" on, so `who -u` shows them
    active.
Files are rewritten in place (same inode, fixed size, padded with spaces before the newline):
they are bind-mounted over /proc in the machine's mount namespace, and a rename would leave
the mount on the old file. SIGUSR1 resets the averages to each machine's background level, as
if the farm had been quiet for a long time (done before every build); SIGTERM ends it.
"""

import json
import os
import signal
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cgroups  # noqa: E402

EXP = (1884 / 2048, 2014 / 2048, 2037 / 2048)
LOAD_FREQ = 5.0
SAMPLE = 1.0
LOADAVG_SIZE = 64
USER_HZ = 100


def count_active(cgroup):
    tids = cgroups.tasks(cgroup)
    active = 0
    for tid in tids:
        try:
            with open(f"/proc/{tid}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        state = stat[stat.rfind(b")") + 2:stat.rfind(b")") + 3]
        if state in (b"R", b"D"):
            active += 1
    return active, len(tids), max(tids, default=0)


def write_in_place(path, text, size):
    data = text.encode()
    if len(data) >= size:
        data = data[:size - 1]
    data = data + b" " * (size - 1 - len(data)) + b"\n"
    fd = os.open(path, os.O_WRONLY)
    try:
        os.pwrite(fd, data, 0)
        os.ftruncate(fd, size)
    finally:
        os.close(fd)


def stat_text(cpus, user, system, idle, running, blocked, btime):
    def line(name, u, s, i):
        return f"{name:<5}{u:>14d} 0{s:>14d}{i:>14d} 0 0 0 0 0 0"
    lines = [line("cpu", user, system, idle)]
    for c in range(cpus):
        lines.append(line(f"cpu{c}", user // cpus, system // cpus, idle // cpus))
    lines += ["intr 0", "ctxt 0", f"btime {btime}", "processes 0",
              f"procs_running {running:>6d}", f"procs_blocked {blocked:>6d}", "softirq 0"]
    return "\n".join(lines)


def stat_size(cpus):
    return len(stat_text(cpus, 0, 0, 0, 0, 0, 0).encode()) + 40


class Machine:
    def __init__(self, spec, btime):
        self.name = spec["name"]
        self.cgroup = spec["cgroup"]
        self.loadavg = spec["loadavg"]
        self.stat = spec["stat"]
        self.cpus = int(spec["cpus"])
        self.background = float(spec.get("background", 0.0))
        self.tty = spec.get("tty")
        self.btime = btime
        self.loads = [self.background] * 3
        self.start = time.monotonic()
        self.base = cgroups.usage_user_sys_ns(self.cgroup)
        self.ticks = (0, 0, 0)
        self.last_active = 0

    def reset(self):
        self.loads = [self.background] * 3

    def sample(self, fold):
        active, threads, lastpid = count_active(self.cgroup)
        self.last_active = active
        if fold:
            self.loads = [load * e + active * (1 - e) for load, e in zip(self.loads, EXP)]
        write_in_place(
            self.loadavg,
            f"{self.loads[0]:.2f} {self.loads[1]:.2f} {self.loads[2]:.2f} "
            f"{active + 1}/{max(threads, 1) + 1} {lastpid}",
            LOADAVG_SIZE)
        self.write_stat(active)
        if self.tty:
            now = time.time()
            os.utime(self.tty, (now, now))

    def write_stat(self, active):
        cores = cgroups.quota_cores(self.cgroup) or float(self.cpus)
        user_ns, sys_ns = cgroups.usage_user_sys_ns(self.cgroup)
        per_tick = 1e9 / USER_HZ * cores
        user = int((user_ns - self.base[0]) / per_tick)
        system = int((sys_ns - self.base[1]) / per_tick)
        elapsed = int((time.monotonic() - self.start) * USER_HZ * self.cpus)
        idle = max(self.ticks[2], elapsed - user - system)
        self.ticks = (user, system, idle)
        write_in_place(self.stat, stat_text(self.cpus, user, system, idle, active + 1, 0,
                                            self.btime), stat_size(self.cpus))


def boot_time():
    with open("/proc/stat") as f:
        for line in f:
            if line.startswith("btime"):
                return int(line.split()[1])
    return 0


def main():
    with open(sys.argv[1]) as f:
        config = json.load(f)
    btime = boot_time()
    machines = [Machine(spec, btime) for spec in config["machines"]]
    flags = {"reset": False, "stop": False}
    signal.signal(signal.SIGUSR1, lambda *_: flags.update(reset=True))
    signal.signal(signal.SIGTERM, lambda *_: flags.update(stop=True))
    next_fold = time.monotonic() + LOAD_FREQ
    while not flags["stop"]:
        if flags["reset"]:
            flags["reset"] = False
            for m in machines:
                m.reset()
        fold = time.monotonic() >= next_fold
        if fold:
            next_fold += LOAD_FREQ
        for m in machines:
            try:
                m.sample(fold)
            except Exception as e:  # one machine's trouble never stops the others
                print(f"feeder: {m.name}: {e}", file=sys.stderr, flush=True)
        time.sleep(max(0.05, SAMPLE - (time.monotonic() % SAMPLE)))


if __name__ == "__main__":
    main()
