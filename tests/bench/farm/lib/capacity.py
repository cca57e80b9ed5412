"""Whether this machine honours the farm's CPU quotas when every machine is busy at once.

Each cgroup gets busy loops (one per core of its quota, rounded up) for a few seconds; its
cpuacct usage over that time, divided by its quota, says what share of its speed it really got.
When some cgroup gets less than MIN_SHARE, the quotas add up to more than the box can give and
hosts would contend for the physical cores; then every quota is scaled down by one factor (the
largest step of 0.05 that is honoured) and the results say so.
"""

import math
import os
import subprocess
import time

import cgroups

MIN_SHARE = 0.95


def spawn_in_cgroup(cgroup, argv, log=None):
    out = open(log, "ab") if log else subprocess.DEVNULL
    try:
        return subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True,
                                preexec_fn=lambda: cgroups.join(cgroup))
    finally:
        if log:
            out.close()


def measure(machines, scale, burn, seconds):
    """{machine name: share of its quota it got} with every machine busy at `scale`."""
    for m in machines:
        m.scale = scale
        cgroups.set_quota(m.cgroup, m.quota())
    procs = []
    try:
        for m in machines:
            for _ in range(max(1, math.ceil(m.quota()))):
                procs.append(spawn_in_cgroup(m.cgroup, [burn, "1"]))
        time.sleep(1.0)
        before = {m.name: cgroups.usage_ns(m.cgroup) for m in machines}
        start = time.monotonic()
        time.sleep(seconds)
        after = {m.name: cgroups.usage_ns(m.cgroup) for m in machines}
        elapsed = time.monotonic() - start
    finally:
        for p in procs:
            try:
                os.killpg(p.pid, 9)
            except OSError:
                pass
            p.wait()
    return {m.name: (after[m.name] - before[m.name]) / 1e9 / elapsed / m.quota()
            for m in machines}


def choose_scale(machines, burn, seconds, log, forced=None):
    """The factor to apply to every quota, and the tests that led to it."""
    tests = []

    def test(scale):
        shares = measure(machines, scale, burn, seconds)
        used = sum(shares[m.name] * m.quota() for m in machines)
        tests.append({"scale": scale, "shares": shares, "cores_used": used,
                      "honoured": min(shares.values()) >= MIN_SHARE})
        log(f"quota test at scale {scale:.2f}: {used:.2f} cores used; worst share "
            f"{min(shares.values()):.2f} (" + ", ".join(f"{k} {v:.2f}" for k, v in shares.items())
            + ")")
        return tests[-1]

    if forced:
        test(forced)
        return forced, tests
    first = test(1.0)
    if first["honoured"]:
        return 1.0, tests
    demand = sum(m.speed for m in machines)
    scale = math.floor(min(1.0, 0.95 * first["cores_used"] / demand) * 20) / 20
    while scale >= 0.1:
        if test(scale)["honoured"]:
            return scale, tests
        scale = round(scale - 0.05, 2)
    raise RuntimeError("this machine cannot honour the farm's quotas even at scale 0.1 "
                       "(is something else using the CPUs?)")
