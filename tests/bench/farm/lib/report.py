"""Turns a run's results.json into the markdown table of results.md."""

import json
import statistics
import sys

BASELINE = "distcc-ssh"
TITLES = {
    "distpool": "distpool (speed learned)",
    "distpool-speed": "distpool (`speed:` = true quotas)",
    "distcc-ssh": "plain distcc, ssh mode",
    "distcc-tcp": "plain distcc, TCP mode",
    "dmucs": "DMUCS 0.6.1",
    "icecc": "icecream 1.4",
    "local": "local only (CC=gcc)",
}


def lower_bound(data, farm):
    """(bound, parts) in seconds for a farm: see README.md, 'The capacity lower bound'."""
    work = data["meta"].get("workload", {}).get("cpu_seconds")
    info = data["farms"].get(farm)
    if not work or not info:
        return None, {}
    q_client = info["client"]["quota"]
    usable = sum(h["spare"] for h in info["hosts"] if not h["desktop"])
    everything = sum(h["spare"] for h in info["hosts"])
    parts = {
        "work_full": work["full"], "preprocess": work["preprocess"], "remote": work["remote"],
        "client_cores": q_client, "farm_cores": usable, "farm_cores_with_desktop": everything,
        "client_bound": work["preprocess"] / q_client,
        "capacity_bound": work["full"] / (usable + q_client),
        "capacity_bound_with_desktop": work["full"] / (everything + q_client),
    }
    return max(parts["client_bound"], parts["capacity_bound"]), parts


def fmt(x, digits=1):
    return "–" if x is None else f"{x:.{digits}f}"


def markdown(path):
    with open(path) as f:
        data = json.load(f)
    meta = data["meta"]
    out = ["# distpool real-farm benchmark: one run", ""]
    m = meta.get("machine", {})
    out += [f"- date: {meta.get('started')}; run took {meta.get('elapsed_s', 0) / 60:.0f} min",
            f"- machine: {m.get('cpu', '?')}, {m.get('cores', '?')} cores, "
            f"{m.get('memory', '?')}, kernel {m.get('kernel', '?')}; load before the run "
            f"{m.get('loadavg_before', '?')}",
            f"- command: `{meta.get('command')}`"]
    d = meta.get("distpool", {})
    if d:
        out.append(f"- distpool: {d.get('home')} at {d.get('commit')} (jar built "
                   f"{d.get('jar_built')}; native gethost: {d.get('native_gethost')})")
    w = meta.get("workload")
    if w:
        c = w["cpu_seconds"]
        out.append(f"- workload: `make CC=...` of {' '.join(w['targets'])} in Linux 6.1 "
                   f"(defconfig): {w['objects']} objects; CPU seconds on a full core: whole "
                   f"compiles {c['full']:.1f}, preprocessing {c['preprocess']:.1f}, compiling "
                   f"the preprocessed files (the remote part) {c['remote']:.1f}")
    s = meta.get("scale")
    if s:
        out.append(f"- quota scale factor: **{s['factor']:.2f}** ("
                   + "; ".join(f"at {t['scale']:.2f}: {t['cores_used']:.2f} cores used, worst "
                               f"share {min(t['shares'].values()):.2f}"
                               for t in s["tests"]) + ")")
    if meta.get("rounds_cut"):
        out.append(f"- rounds run: {meta['rounds_cut']}")
    out.append("")
    for farm, info in data["farms"].items():
        out += farm_section(data, farm, info)
    failed = [b for b in data["builds"] if not b.get("ok")]
    if failed:
        out += ["## Builds that failed", ""]
        out += [f"- {b['farm']} / {b['variant']} / rep {b['rep']}: {b.get('error')}"
                for b in failed]
        out.append("")
    return "\n".join(out) + "\n"


def farm_section(data, farm, info):
    out = [f"## {farm} farm (make -j{info['jobs']})", "",
           "| host | speed (cores) | quota after scaling | background | CPUs | desktop |",
           "|---|---|---|---|---|---|"]
    for h in info["hosts"]:
        out.append(f"| {h['name']} ({h['address']}) | {h['speed']:g} | {h['quota']:.3f} | "
                   f"{h['background']:.0%} | {h['cpus']} | "
                   f"{'yes, user active' if h['desktop'] else '-'} |")
    out.append(f"| client | {info['client']['speed']:g} | {info['client']['quota']:.3f} | - | "
               "1 | - |")
    bound, parts = lower_bound(data, farm)
    out.append("")
    if bound:
        out.append(f"Lower bound **{bound:.0f} s** = max(preprocessing {parts['preprocess']:.1f} "
                   f"CPU s / client {parts['client_cores']:.3f} cores = "
                   f"{parts['client_bound']:.0f} s, whole compiles {parts['work_full']:.1f} CPU s "
                   f"/ (usable hosts {parts['farm_cores']:.3f} + client "
                   f"{parts['client_cores']:.3f} cores) = {parts['capacity_bound']:.0f} s); "
                   f"counting the desktop's spare CPU too: "
                   f"{parts['capacity_bound_with_desktop']:.0f} s.")
    out += ["", "| variant | builds | makespan median (s) | all (s) | vs plain distcc ssh | "
                "vs lower bound | client CPU s | host CPU s | CPU s outside the farm |",
            "|---|---|---|---|---|---|---|---|---|"]
    builds = [b for b in data["builds"] if b["farm"] == farm]
    keys = []
    for b in builds:
        if b["variant"] not in keys:
            keys.append(b["variant"])
    medians = {}
    for k in keys:
        ok = [b["seconds"] for b in builds if b["variant"] == k and b.get("ok")]
        medians[k] = statistics.median(ok) if ok else None
    base = medians.get(BASELINE)
    for k in keys:
        runs = [b for b in builds if b["variant"] == k]
        ok = [b for b in runs if b.get("ok")]
        med = medians[k]
        ratio = f"{med / base:.2f}" if med and base else "–"
        vs_bound = f"{med / bound:.2f}" if med and bound else "–"
        client = statistics.median([b["cpu"]["client"] for b in ok]) if ok else None
        outside = statistics.median([b["cpu"].get("(outside the farm)", 0) for b in ok]) \
            if ok else None
        hosts = "–"
        if ok:
            hosts = ", ".join(f"{h['name']} {statistics.median([b['cpu'][h['name']] for b in ok]):.0f}"
                              for h in info["hosts"])
        out.append(f"| {TITLES.get(k, k)} | {len(ok)}/{len(runs)} | {fmt(med)} | "
                   + " ".join(fmt(b['seconds']) if b.get('ok') else 'failed' for b in runs)
                   + f" | {ratio} | {vs_bound} | {fmt(client, 0)} | {hosts} | {fmt(outside, 0)} |")
    jobs = [b for b in builds if b.get("ok") and any(b.get("distccd_jobs", {}).values())]
    if jobs:
        out += ["", "Objects compiled per host (distccd's log, median over the builds):", ""]
        for k in keys:
            mine = [b for b in jobs if b["variant"] == k]
            if mine:
                out.append(f"- {TITLES.get(k, k)}: " + ", ".join(
                    f"{h['name']} {statistics.median([b['distccd_jobs'][h['name']] for b in mine]):.0f}"
                    for h in info["hosts"]))
    out.append("")
    return out


if __name__ == "__main__":
    sys.stdout.write(markdown(sys.argv[1]))
