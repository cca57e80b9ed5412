"""The farm's CPU cgroups (cgroup v1: the cpu and cpuacct hierarchies), all under one parent.

Every process the benchmark starts lives in one of them, so cleaning up is: kill every task
under the parent, then remove the directories. The parent gets a high cpu.shares so that other
work on the machine does not eat into the hosts' quotas while the benchmark runs.
"""

import os
import signal
import time

CPU = "/sys/fs/cgroup/cpu"
ACCT = "/sys/fs/cgroup/cpuacct"
TOP = "distpool-farmbench"
TOP_SHARES = 102400  # 100x a default task: other work on the box does not eat the quotas
PERIOD_US = 20000  # short cfs period: a throttled host advances evenly, like a slower CPU


class CgroupError(RuntimeError):
    pass


def available():
    """Why the needed cgroup v1 hierarchies are missing, or None when they are there."""
    for path, what in ((CPU, "cpu.cfs_quota_us"), (ACCT, "cpuacct.usage_user")):
        if not os.path.exists(os.path.join(path, what)):
            return f"{path}/{what} is missing: the benchmark needs cgroup v1 cpu and cpuacct"
    return None


def _dirs(name):
    rel = TOP if not name else f"{TOP}/{name}"
    return os.path.join(CPU, rel), os.path.join(ACCT, rel)


def path(name):
    """The cgroup's relative name as `enter` wants it (TOP/NAME)."""
    return f"{TOP}/{name}"


def create(name):
    for d in _dirs(None) + _dirs(name):
        os.makedirs(d, exist_ok=True)
    _write(os.path.join(CPU, TOP, "cpu.shares"), TOP_SHARES)
    cpu, _ = _dirs(name)
    _write(os.path.join(cpu, "cpu.cfs_period_us"), PERIOD_US)
    _write(os.path.join(cpu, "cpu.cfs_quota_us"), -1)


def set_quota(name, cores):
    """Limits the cgroup to `cores` CPUs' worth of time (None: unlimited)."""
    cpu, _ = _dirs(name)
    quota = -1 if cores is None else max(1000, int(round(cores * PERIOD_US)))
    _write(os.path.join(cpu, "cpu.cfs_quota_us"), quota)


def quota_cores(name):
    cpu, _ = _dirs(name)
    quota = int(_read(os.path.join(cpu, "cpu.cfs_quota_us")))
    period = int(_read(os.path.join(cpu, "cpu.cfs_period_us")))
    return None if quota < 0 else quota / period


def throttled(name):
    """(nr_throttled, throttled_time_ns) from cpu.stat."""
    cpu, _ = _dirs(name)
    stat = dict(line.split() for line in _read(os.path.join(cpu, "cpu.stat")).splitlines())
    return int(stat.get("nr_throttled", 0)), int(stat.get("throttled_time", 0))


def usage_ns(name):
    _, acct = _dirs(name)
    return int(_read(os.path.join(acct, "cpuacct.usage")))


def foreign_usage_ns():
    """CPU time used on this machine outside the farm's cgroups (other people's work)."""
    return int(_read(os.path.join(ACCT, "cpuacct.usage"))) - usage_ns(None)


def usage_user_sys_ns(name):
    _, acct = _dirs(name)
    return (int(_read(os.path.join(acct, "cpuacct.usage_user"))),
            int(_read(os.path.join(acct, "cpuacct.usage_sys"))))


def tasks(name):
    """Thread ids in the cgroup (cpu hierarchy)."""
    cpu, _ = _dirs(name)
    try:
        return [int(t) for t in _read(os.path.join(cpu, "tasks")).split()]
    except FileNotFoundError:
        return []


def join(name, pid=0):
    """Moves process `pid` (0: the caller) into the cgroup in both hierarchies."""
    for d in _dirs(name):
        _write(os.path.join(d, "cgroup.procs"), pid or os.getpid())


def _all_task_files():
    files = []
    for root in _dirs(None):
        for here, _, names in os.walk(root):
            if "tasks" in names:
                files.append(os.path.join(here, "tasks"))
    return files


def kill_everything(timeout=20.0):
    """Kills every task in every farm cgroup; returns the ids still alive after `timeout`."""
    deadline = time.monotonic() + timeout
    left = []
    while True:
        left = []
        for f in _all_task_files():
            try:
                left += [int(t) for t in _read(f).split()]
            except OSError:
                pass
        left = sorted(set(left) - {os.getpid()})
        if not left:
            return []
        for tid in left:
            try:
                os.kill(tid, signal.SIGKILL)
            except OSError:
                pass
        if time.monotonic() > deadline:
            return left
        time.sleep(0.2)


def remove_all():
    """Removes the farm's cgroup directories (children first); they must hold no task."""
    problems = []
    for root in _dirs(None):
        if not os.path.isdir(root):
            continue
        for here, dirs, _ in os.walk(root, topdown=False):
            try:
                os.rmdir(here)
            except OSError as e:
                problems.append(f"{here}: {e}")
    return problems


def exists():
    return any(os.path.isdir(d) for d in _dirs(None))


def _read(p):
    with open(p) as f:
        return f.read()


def _write(p, value):
    try:
        with open(p, "w") as f:
            f.write(f"{value}\n")
    except OSError as e:
        raise CgroupError(f"cannot write {value} to {p}: {e}") from e
