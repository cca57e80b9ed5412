#!/usr/bin/python3
"""Writes results.md from the farm benchmark's raw timings (results.csv).

Usage: report.py RESULTS_CSV CALIBRATION_TSV META OUTPUT_MD OBJECT... [--status FILE...]

META holds key=value lines (machine, command, date, load_before, farm, capacity). The
calibration file has one line per object: object, wall seconds, CPU seconds (alone on one
full core). The capacity lower bound is the larger of
  total CPU seconds of the objects / cores distpool may use (the hosts other than the busy
  desktop, and the client), and
  the longest single object on a full core.
"""

import csv
import statistics
import sys

args = sys.argv[1:]
statuses = []
if "--status" in args:
    i = args.index("--status")
    statuses = args[i + 1 :]
    args = args[:i]
results_csv, calib_tsv, meta_file, output = args[:4]
objects = args[4:]

meta = {}
for line in open(meta_file):
    if "=" in line:
        k, v = line.rstrip("\n").split("=", 1)
        meta[k] = v

cpu = {}
for line in open(calib_tsv):
    parts = line.rstrip("\n").split("\t")
    if len(parts) == 3:
        cpu[parts[0]] = float(parts[2])
missing = [o for o in objects if o not in cpu]
work = sum(cpu.get(o, 0.0) for o in objects)
longest = max((cpu.get(o, 0.0) for o in objects), default=0.0)
capacity = float(meta.get("capacity", "2.25"))
bound = max(work / capacity, longest)

rows = list(csv.DictReader(open(results_csv)))
tools = []
for r in rows:
    if r["tool"] not in tools:
        tools.append(r["tool"])


def ok(r):
    return r["status"] == "0"


def median_of(tool, field):
    values = [float(r[field]) for r in rows if r["tool"] == tool and ok(r) and r.get(field, "") != ""]
    return statistics.median(values) if values else None


medians = {t: median_of(t, "seconds") for t in tools}
base = medians.get("distcc-ssh")

out = []
out.append("# Farm benchmark: results\n")
out.append(
    "Makespan of building the same %d Linux 6.1 objects (`make -j%s`, defconfig, x86_64) with each "
    "tool on the same fake farm, in the same run; tools interleaved in a random order per repeat. "
    "How the farm is faked and what to keep in mind: [README.md](README.md). Raw per-run "
    "timings: [results.csv](results.csv).\n" % (len(objects), rows[0]["jobs"] if rows else "?")
)
out.append("- command: `%s`" % meta.get("command", "?"))
out.append("- date: %s" % meta.get("date", "?"))
out.append("- machine: %s" % meta.get("machine", "?"))
out.append("- machine load before the run (/proc/loadavg): `%s`" % meta.get("load_before", "?"))
out.append("- distpool: %s" % meta.get("distpool", "?"))
out.append("- farm: %s" % meta.get("farm", "?"))
out.append("")
out.append(
    "| tool | median makespan (s) | min / max (s) | runs ok | vs distcc-ssh | vs lower bound |"
)
out.append("|---|---:|---:|---:|---:|---:|")
for t in sorted(tools, key=lambda t: medians[t] if medians[t] is not None else 1e9):
    mine = [float(r["seconds"]) for r in rows if r["tool"] == t and ok(r)]
    total = len([r for r in rows if r["tool"] == t])
    if not mine:
        out.append("| %s | failed | | 0/%d | | |" % (t, total))
        continue
    m = medians[t]
    out.append(
        "| %s | %.1f | %.1f / %.1f | %d/%d | %s | %s |"
        % (
            t,
            m,
            min(mine),
            max(mine),
            len(mine),
            total,
            "%.2f" % (m / base) if base else "n/a",
            "%.2f" % (m / bound) if bound > 0 else "n/a",
        )
    )
out.append("")
out.append(
    "**Capacity lower bound: %.1f s** = max(%.1f CPU-s of compiles / %.2f cores, longest object "
    "%.1f s). The CPU-s are each object's gcc alone on one full core (user+sys, measured once and "
    "cached), summed; the cores are what distpool may use: fast 1.0 + medium 0.5 + slow 0.25 + "
    "the client's 0.5 (the desktop is excluded: its user is active). It ignores preprocessing "
    "on the client, ssh and distcc overheads, so no tool can reach it.%s\n"
    % (
        bound,
        work,
        capacity,
        longest,
        (" (%d object(s) not calibrated)" % len(missing)) if missing else "",
    )
)

out.append("## Where the CPU went (medians over the runs that succeeded)\n")
out.append(
    "CPU seconds used in each cgroup during the build (cpuacct), and jobs each host's distccd "
    "logged as COMPILE_OK (ssh and TCP mode; icecream and local builds use no distccd). "
    "`desk` counts only the jobs' CPU, not the desktop user's busy loop. `daemons`: the part "
    "of the client's CPU its schedulers' daemons used (distpool's daemon, DMUCS's server, "
    "icecream's scheduler and client daemon).\n"
)
out.append(
    "| tool | client CPU-s | daemons | fast | medium | slow | desk | jobs fast / medium / slow / desk "
    "| other processes' CPU-s (max) |"
)
out.append("|---|---:|---:|---:|---:|---:|---:|---|---:|")
for t in tools:
    if medians[t] is None:
        continue
    cells = []
    for f in ("cpu_client", "cpu_daemons", "cpu_fast", "cpu_medium", "cpu_slow", "cpu_desk_jobs"):
        v = median_of(t, f)
        cells.append("%.1f" % v if v is not None else "")
    jobs = []
    for f in ("jobs_fast", "jobs_medium", "jobs_slow", "jobs_desk"):
        v = median_of(t, f)
        jobs.append("%g" % v if v is not None else "-")
    others = [float(r["cpu_other"]) for r in rows if r["tool"] == t and ok(r) and r.get("cpu_other")]
    other = "%.1f (%.1f)" % (statistics.median(others), max(others)) if others else ""
    out.append("| %s | %s | %s | %s |" % (t, " | ".join(cells), " / ".join(jobs), other))
out.append("")
out.append(
    "\"Other processes\": CPU time the machine spent on anything but this benchmark during the "
    "build (its /proc/stat minus our cgroups). On a quiet machine it is near 0; where it is "
    "not, those builds ran with less than their quotas and their times are not comparable.\n"
)
busiest = max((float(r["cpu_other"]) / float(r["seconds"]) for r in rows if r.get("cpu_other")), default=0.0)
if busiest > 0.1:
    out.insert(
        out.index("| tool | median makespan (s) | min / max (s) | runs ok | vs distcc-ssh | vs lower bound |"),
        "**The machine was not quiet**: during at least one build other processes used %.2f "
        "cores on average (see the last column below); treat these numbers with care.\n" % busiest,
    )

for path in statuses:
    try:
        text = open(path).read().strip()
    except OSError:
        continue
    name = path.rsplit("final-status-", 1)[-1].rsplit(".txt", 1)[0]
    out.append("## `distpool status` of the %s daemon after the last build\n" % name)
    out.append("```")
    out.append(text)
    out.append("```")
    out.append("")

open(output, "w").write("\n".join(out).rstrip("\n") + "\n")
