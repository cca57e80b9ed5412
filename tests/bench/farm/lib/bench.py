"""The real-farm benchmark: see ../README.md. Started by ../run (which installs what it needs).

    python3 bench.py [--quick] [options]      # needs root
    python3 bench.py --cleanup                # remove what an interrupted run left behind
"""

import argparse
import datetime
import fcntl
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import capacity  # noqa: E402
import cgroups  # noqa: E402
import machines as machines_mod  # noqa: E402
import network  # noqa: E402
import report  # noqa: E402
import variants  # noqa: E402
import workload  # noqa: E402

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPO = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
MIXED = "fast:1 medium:0.5,bg=0.3 slow:0.25 desk:1,bg=0.5,desktop"
EQUAL = "eq1:0.5 eq2:0.5 eq3:0.5"
TOOLS = {"/usr/sbin/sshd": "openssh-server", "/usr/bin/ssh": "openssh-client",
         "/usr/bin/distcc": "distcc", "/usr/bin/distccd": "distcc", "/usr/sbin/dmucs": "dmucs",
         "/usr/sbin/loadavg": "dmucs", "/usr/bin/gethost": "dmucs", "/usr/bin/icecc": "icecc",
         "/usr/sbin/iceccd": "icecc", "/usr/sbin/icecc-scheduler": "icecc",
         "/usr/bin/make": "make", "/usr/bin/gcc": "gcc", "/usr/bin/unshare": "util-linux",
         "/usr/bin/java": "default-jre-headless"}


class Stop(Exception):
    pass


class Farm:
    def __init__(self, name, hosts, client, jobs):
        self.name = name
        self.hosts = hosts
        self.client = client
        self.jobs = jobs


def parse_args(argv):
    p = argparse.ArgumentParser(prog="tests/bench/farm/run",
                                description="distpool against plain distcc, DMUCS, icecream and "
                                            "a local build on a farm of real sshd hosts")
    p.add_argument("--quick", action="store_true", help="one repetition, ~15 min budget")
    p.add_argument("--reps", type=int, help="repetitions of every variant (default 3; --quick 1)")
    p.add_argument("--local-reps", type=int, default=1,
                   help="repetitions of the local-only build (default 1: it is the longest)")
    p.add_argument("--budget", type=float,
                   help="minutes; no new round starts that would not end in time "
                        "(default 58; --quick 15)")
    p.add_argument("--jobs", "-j", type=int, help="make -j (default: 2 x the farm's CPUs)")
    p.add_argument("--farm", default=MIXED, help=f"mixed farm (default: {MIXED!r})")
    p.add_argument("--equal-farm", default=EQUAL, help=f"equal farm (default: {EQUAL!r})")
    p.add_argument("--client-speed", type=float, default=0.5, help="client's cores (0.5)")
    p.add_argument("--variants", default=" ".join(v.key for v in variants.ALL),
                   help="variants on the mixed farm")
    p.add_argument("--equal-variants", default="distpool distcc-ssh",
                   help="variants on the equal farm ('' skips that farm)")
    p.add_argument("--targets", help="kernel directories to build (default: fs/ext4 net/ipv4,"
                                     " 106 objects; --quick: fs/ext4, 35 objects)")
    p.add_argument("--scale", type=float, help="force the quota scale factor (skips the search)")
    p.add_argument("--work", default=os.environ.get("FARM_WORK", "/var/tmp/distpool-farm"),
                   help="cache and run directory (kernel tree, logs)")
    p.add_argument("--distpool-home", default=os.environ.get("DISTPOOL_HOME", REPO),
                   help="checkout with target/distpool.jar, target/native/gethost, scripts/")
    p.add_argument("--build-timeout", type=float, help="seconds per build (default: 2.5 x the "
                                                        "local-only estimate)")
    p.add_argument("--settle", type=float, default=5.0, help="seconds of quiet before a build")
    p.add_argument("--out", help="also write the results markdown here")
    p.add_argument("--cleanup", action="store_true", help="only remove leftovers and exit")
    a = p.parse_args(argv)
    if a.reps is None:
        a.reps = 1 if a.quick else 3
    if a.budget is None:
        a.budget = 15 if a.quick else 58
    if a.quick:
        a.local_reps = min(a.local_reps, 1)
    if a.targets is None:
        a.targets = "fs/ext4" if a.quick else "fs/ext4 net/ipv4"
    for key in (a.variants + " " + a.equal_variants).split():
        if key not in variants.BY_KEY:
            p.error(f"unknown variant {key!r}; known: {' '.join(variants.BY_KEY)}")
    return a


def machine_info():
    cpu = "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        mem = int(f.readline().split()[1]) // 1024
    with open("/proc/loadavg") as f:
        load = " ".join(f.read().split()[:3])
    return {"cpu": cpu, "cores": os.cpu_count(), "memory": f"{mem / 1024:.0f} GiB",
            "kernel": os.uname().release, "loadavg_before": load}


class Bench:
    def __init__(self, args):
        self.args = args
        self.start = time.monotonic()
        self.work = os.path.abspath(args.work)
        stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
        self.run_dir = os.path.join(self.work, "runs", stamp)
        os.makedirs(self.run_dir, exist_ok=True)
        self.log_file = os.path.join(self.run_dir, "bench.log")
        self.infra = []
        self.burners = {}
        self.feeder = None
        self.network = network.Network()
        self.variants = {}
        self.builds = []
        self.meta = {"started": datetime.datetime.now().isoformat(timespec="seconds"),
                     "command": " ".join(["tests/bench/farm/run"] + sys.argv[1:]),
                     "run_dir": self.run_dir, "machine": machine_info()}

    # --- small helpers ---------------------------------------------------------------------------
    def log(self, text):
        line = f"[{time.monotonic() - self.start:7.1f}s] {text}"
        print(line, flush=True)
        with open(self.log_file, "a") as f:
            f.write(line + "\n")

    def spawn_server(self, argv, log, net=False):
        """Starts a central service (DMUCS's server, icecream's scheduler) on the server
        machine: its own namespaces, no CPU quota, not part of any farm."""
        p = self.server.spawn(argv, log, net=net)
        self.infra.append(p)
        return p

    def client_env(self, extra):
        return machines_mod.base_env(self.client, **extra)

    # --- setup -----------------------------------------------------------------------------------
    def check_tools(self):
        missing = sorted({pkg for path, pkg in TOOLS.items() if not os.path.exists(path)})
        if missing:
            raise Stop("missing packages: " + " ".join(missing) + " (tests/bench/farm/run "
                       "installs them with apt-get)")
        why = cgroups.available()
        if why:
            raise Stop(why)

    def snapshot_distpool(self):
        """Copies distpool's built artifacts: others may rebuild the checkout during the run."""
        home = os.path.abspath(self.args.distpool_home)
        need = ["scripts/distpool", "scripts/gethost", "target/distpool.jar", "target/lib"]
        missing = [n for n in need if not os.path.exists(os.path.join(home, n))]
        if missing:
            raise Stop(f"{home} lacks {', '.join(missing)}: build it (mvn -o -q package "
                       "-DskipTests) or point --distpool-home/DISTPOOL_HOME at a built checkout")
        snap = os.path.join(self.run_dir, "distpool")
        for rel in ["scripts/distpool", "scripts/gethost", "target/distpool.jar",
                    "target/distpool-gethost.jar", "target/lib", "target/native/gethost"]:
            src, dst = os.path.join(home, rel), os.path.join(snap, rel)
            if not os.path.exists(src):
                continue
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            (shutil.copytree if os.path.isdir(src) else shutil.copy2)(src, dst)
        self.distpool_home = snap
        head = subprocess.run(["git", "-C", home, "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True).stdout.strip()
        jar = os.path.join(home, "target/distpool.jar")
        self.meta["distpool"] = {
            "home": home, "commit": head or "?",
            "jar_built": datetime.datetime.fromtimestamp(os.path.getmtime(jar))
            .isoformat(timespec="seconds"),
            "native_gethost": os.path.exists(os.path.join(snap, "target/native/gethost"))}

    def build_tools(self):
        """burn (background load) and putenv-copy.so (mends DMUCS's gethost), from source."""
        bin_dir = os.path.join(self.work, "bin")
        os.makedirs(bin_dir, exist_ok=True)
        self.burn = os.path.join(bin_dir, "burn")
        subprocess.run(["gcc", "-O2", "-Wall", "-o", self.burn, os.path.join(HERE, "burn.c")],
                       check=True)
        self.putenv_fix = os.path.join(bin_dir, "putenv-copy.so")
        subprocess.run(["gcc", "-O2", "-Wall", "-shared", "-fPIC", "-o", self.putenv_fix,
                        os.path.join(HERE, "putenv-copy.c"), "-ldl"], check=True)

    def prepare_workload(self):
        self.tree = workload.Tree(self.work, self.args.targets.split())
        self.log("kernel tree: " + ("prepared now" if self.tree.prepare(
            os.path.join(self.work, "prepare.log")) else "reused") + f" ({self.tree.root})")
        key = "_".join(t.strip("/").replace("/", "-") for t in self.tree.targets)
        cache = os.path.join(self.work, f"workload-{key}.json")
        cached = None
        if os.path.exists(cache):
            with open(cache) as f:
                cached = json.load(f)
        if not cached or cached.get("stamp") != self.tree.stamp():
            self.log("first build of the targets (unmeasured, full speed) and per-object timing")
            cgroups.create("measure")
            self.tree.clean()
            argv = self.tree.make_argv(os.cpu_count())
            with open(os.path.join(self.work, "prepare.log"), "ab") as out:
                p = subprocess.run(argv, stdout=out, stderr=subprocess.STDOUT,
                                   env=dict(os.environ, FARM_CC="gcc"), timeout=3600,
                                   preexec_fn=lambda: cgroups.join("measure"))
            if p.returncode != 0:
                raise Stop(f"the targets do not build with plain gcc; see {self.work}/prepare.log")
            cached = workload.measure(self.tree, cache)
        self.work_totals = cached["total"]
        self.expected = sorted(cached["objects"])
        self.meta["workload"] = {"targets": self.tree.targets, "objects": len(self.expected),
                                 "cpu_seconds": self.work_totals,
                                 "measured_with_workers": cached.get("workers")}
        self.log(f"workload: {len(self.expected)} objects; CPU s on a full core: "
                 + ", ".join(f"{k} {v:.1f}" for k, v in self.work_totals.items()))

    def create_machines(self):
        a = self.args
        self.client = machines_mod.Machine(self.run_dir, "client", 10, a.client_speed,
                                           role="client")
        mixed = machines_mod.parse_farm(a.farm, self.run_dir, 21)
        equal = machines_mod.parse_farm(a.equal_farm, self.run_dir, 41) \
            if a.equal_variants.split() else []
        everyone = [self.client] + mixed + equal
        names = [m.name for m in everyone]
        if len(set(names)) != len(names):
            raise Stop(f"machine names must be unique: {names}")
        self.user_key = os.path.join(self.run_dir, "userkey")
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", self.user_key],
                       check=True)
        with open(self.user_key + ".pub") as f:
            pub = f.read()
        self.server = machines_mod.Machine(self.run_dir, "server", 5, None, role="server")
        for m in everyone + [self.server]:
            m.create(everyone + [self.server], pub)
        self.known_hosts = os.path.join(self.run_dir, "known_hosts")
        with open(self.known_hosts, "w") as f:
            f.write("".join(m.known_hosts_line() + "\n" for m in mixed + equal))
        jobs = lambda hosts: a.jobs or 2 * sum(h.cpus for h in hosts)  # noqa: E731
        self.farms = [Farm("mixed", mixed, self.client, jobs(mixed))]
        if equal:
            self.farms.append(Farm("equal", equal, self.client, jobs(equal)))
        self.machines = everyone

    def set_scale(self):
        mixed = self.farms[0]
        self.log("measuring whether the quotas are honoured with every machine busy")
        scale, tests = capacity.choose_scale([self.client] + mixed.hosts, self.burn, 8, self.log,
                                             forced=self.args.scale)
        checks = []
        for farm in self.farms[1:]:
            checks.append(capacity.measure([self.client] + farm.hosts, scale, self.burn, 6))
            self.log(f"{farm.name} farm at scale {scale:.2f}: shares "
                     + ", ".join(f"{k} {v:.2f}" for k, v in checks[-1].items()))
        for m in self.machines:
            m.scale = scale
            cgroups.set_quota(m.cgroup, m.quota())
        self.scale = scale
        self.meta["scale"] = {"factor": scale, "tests": tests, "other_farms": checks}
        self.log(f"quota scale factor: {scale:.2f}")

    def start_machines(self):
        config = os.path.join(self.run_dir, "feeder.json")
        with open(config, "w") as f:
            json.dump({"machines": [m.feeder_spec() for m in self.machines]}, f)
        self.feeder = capacity.spawn_in_cgroup(
            "server", [sys.executable, os.path.join(HERE, "lib", "feeder.py"), config],
            os.path.join(self.run_dir, "feeder.log"))
        self.infra.append(self.feeder)
        for farm in self.farms:
            for h in farm.hosts:
                h.start_sshd()
        for farm in self.farms:
            for h in farm.hosts:
                variants.wait_port(h.address, h.port, 20, f"sshd of {h.name}")
                if h.background > 0:
                    self.burners[h.name] = h.spawn([self.burn, f"{h.background * h.quota():.4f}"],
                                                   h.file("logs/background.log"))
        self.log("farm up: " + "; ".join(
            f"{farm.name}: " + ", ".join(
                f"{h.name} {h.quota():.3f} cores" + (f" ({h.background:.0%} busy)"
                                                      if h.background else "")
                + (" desktop" if h.desktop else "") for h in farm.hosts)
            for farm in self.farms) + f"; client {self.client.quota():.3f} cores")

    def pause_background(self, active_farm):
        for farm in self.farms:
            for h in farm.hosts:
                p = self.burners.get(h.name)
                if p:
                    os.killpg(p.pid, signal.SIGCONT if farm is active_farm else signal.SIGSTOP)

    # --- builds ----------------------------------------------------------------------------------
    def variant(self, farm, key):
        if (farm.name, key) not in self.variants:
            v = variants.BY_KEY[key](self, farm)
            self.variants[(farm.name, key)] = v
        return self.variants[(farm.name, key)]

    def counters(self, farm):
        usage = {m.name: cgroups.usage_ns(m.cgroup) for m in [farm.client] + farm.hosts}
        usage["(outside the farm)"] = cgroups.foreign_usage_ns()
        logs = {}
        for h in farm.hosts:
            try:
                with open(h.file("logs/distccd.log"), errors="replace") as f:
                    logs[h.name] = sum(1 for line in f if "COMPILE_OK" in line)
            except OSError:
                logs[h.name] = 0
        return usage, logs

    def build(self, farm, key, rep):
        v = self.variant(farm, key)
        record = {"farm": farm.name, "variant": key, "rep": rep, "jobs": farm.jobs, "ok": False}
        self.log(f"{farm.name} farm, {key}, repetition {rep}: make -j{farm.jobs}")
        self.tree.clean()
        self.pause_background(farm)
        log = os.path.join(self.run_dir, "builds", f"{farm.name}-{key}-{rep}.log")
        os.makedirs(os.path.dirname(log), exist_ok=True)
        try:
            v.start()
            os.kill(self.feeder.pid, signal.SIGUSR1)  # the farm as after a long quiet spell
            time.sleep(self.args.settle)
            usage0, jobs0 = self.counters(farm)
            env = self.client_env(v.env())
            started = time.monotonic()
            p = farm.client.spawn(self.tree.make_argv(farm.jobs), log, env=env, net=v.net)
            try:
                code = p.wait(self.timeout)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, 9)
                p.wait()
                code = None
            wall = time.monotonic() - started
            usage1, jobs1 = self.counters(farm)
            record.update({
                "seconds": wall, "exit": code,
                "cpu": {n: (usage1[n] - usage0[n]) / 1e9 for n in usage0},
                "distccd_jobs": {n: jobs1[n] - jobs0[n] for n in jobs0}})
            missing = self.tree.complete(self.expected)
            if code is None:
                record["error"] = f"timed out after {self.timeout:.0f} s"
            elif code != 0:
                record["error"] = f"make exited {code}; see {log}"
            elif missing:
                record["error"] = f"{len(missing)} objects missing, e.g. {missing[:3]}"
            else:
                record["ok"] = True
            record.update(v.report())
        except (variants.VariantError, network.NetworkError, subprocess.SubprocessError,
                OSError) as e:
            record["error"] = f"{type(e).__name__}: {e}"
        finally:
            v.stop()
        self.builds.append(record)
        self.save()
        self.log(f"  -> " + (f"{record['seconds']:.1f} s" if record["ok"]
                            else f"FAILED: {record.get('error')}")
                 + ("" if "cpu" not in record else "; CPU s " + ", ".join(
                     f"{k} {val:.0f}" for k, val in record["cpu"].items())))
        return record

    def plan(self):
        a = self.args
        rounds = []
        for rep in range(1, a.reps + 1):
            items = []
            for farm in self.farms:
                keys = (a.variants if farm.name == "mixed" else a.equal_variants).split()
                keys = [k for k in keys if k != "local" or rep <= a.local_reps]
                shift = (rep - 1) % max(1, len(keys))
                items += [(farm, k) for k in keys[shift:] + keys[:shift]]
            rounds.append(items)
        return rounds

    def estimate(self, items):
        last = {}
        for b in self.builds:
            if "seconds" in b:
                last[(b["farm"], b["variant"])] = b["seconds"]
        return sum(last.get((f.name, k), 120) + self.args.settle + 20 for f, k in items)

    def run_rounds(self):
        local_estimate = self.work_totals["full"] / self.client.quota()
        self.timeout = self.args.build_timeout or max(600, 2.5 * local_estimate)
        self.log(f"builds time out after {self.timeout:.0f} s")
        budget = self.args.budget * 60
        for rep, items in enumerate(self.plan(), 1):
            if rep > 1:
                elapsed = time.monotonic() - self.start
                need = self.estimate(items)
                if elapsed + need > budget:
                    self.log(f"stopping after {rep - 1} round(s): round {rep} needs ~{need:.0f} s,"
                             f" {budget - elapsed:.0f} s of the budget left")
                    self.meta["rounds_cut"] = f"{rep - 1} of {self.args.reps} (time budget)"
                    break
            for farm, key in items:
                self.build(farm, key, rep)

    # --- results and teardown ----------------------------------------------------------------------
    def save(self):
        self.meta["elapsed_s"] = time.monotonic() - self.start
        data = {"meta": self.meta, "builds": self.builds, "farms": self.farm_info()}
        with open(os.path.join(self.run_dir, "results.json"), "w") as f:
            json.dump(data, f, indent=1)

    def farm_info(self):
        info = {}
        for farm in getattr(self, "farms", []):
            info[farm.name] = {
                "jobs": farm.jobs,
                "client": {"speed": farm.client.speed, "quota": farm.client.quota()},
                "hosts": [{"name": h.name, "address": h.address, "speed": h.speed,
                           "cpus": h.cpus, "background": h.background, "desktop": h.desktop,
                           "quota": h.quota(), "spare": h.spare()} for h in farm.hosts]}
        return info

    def teardown(self):
        for v in self.variants.values():
            try:
                v.close()
            except Exception as e:  # keep tearing down
                self.log(f"stopping {v.key}: {e}")
        variants.stop(self.infra, grace=5)
        left = cgroups.kill_everything()
        if left:
            self.log(f"WARNING: tasks that would not die: {left}")
        problems = self.network.remove() + cgroups.remove_all()
        for p in problems:
            self.log(f"WARNING: cleanup: {p}")


def cleanup_stale(log=print):
    if cgroups.exists():
        left = cgroups.kill_everything()
        problems = cgroups.remove_all()
        log(f"removed a previous run's cgroups ({len(left)} tasks left, {problems or 'ok'})")
    network.remove_stale()


def interrupted(signum, _frame):
    raise KeyboardInterrupt(f"signal {signum}")


def main(argv):
    args = parse_args(argv)
    if os.geteuid() != 0:
        print("tests/bench/farm/run needs root (cgroups, namespaces, sshd per host)",
              file=sys.stderr)
        return 2
    os.makedirs(args.work, exist_ok=True)
    lock = open(os.path.join(args.work, ".lock"), "w")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        print(f"another farm benchmark is running (lock {args.work}/.lock)", file=sys.stderr)
        return 1
    cleanup_stale()
    if args.cleanup:
        return 0
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, interrupted)
    bench = Bench(args)
    status = 0
    try:
        bench.check_tools()
        bench.snapshot_distpool()
        bench.build_tools()
        bench.prepare_workload()
        bench.create_machines()
        bench.set_scale()
        bench.start_machines()
        bench.run_rounds()
    except Stop as e:
        bench.log(f"ERROR: {e}")
        status = 1
    except KeyboardInterrupt as e:
        bench.log(f"interrupted ({e}); cleaning up")
        status = 130
    except Exception as e:
        bench.log(f"ERROR: {type(e).__name__}: {e}")
        status = 1
        raise
    finally:
        try:
            bench.teardown()
        finally:
            bench.save()
            text = report.markdown(os.path.join(bench.run_dir, "results.json"))
            with open(os.path.join(bench.run_dir, "results.md"), "w") as f:
                f.write(text)
            if args.out:
                with open(args.out, "w") as f:
                    f.write(text)
            print("\n" + text)
            print(f"run directory: {bench.run_dir}")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
