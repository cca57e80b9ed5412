"""The ways of building the same code on the same farm: distpool and its competitors.

A variant starts what it needs on the farm (unmeasured), names the compiler chain for the
build ($FARM_CC, run by Kbuild through the fixed launcher) with its environment, and stops its
services afterwards. Services that learn (icecream's scheduler) stay up for the whole run, as
they would on a real farm; distpool's daemon keeps what it learns on disk between its builds.
"""

import json
import os
import shutil
import socket
import subprocess
import time

import cgroups

DMUCS_PORT = 27714  # not DMUCS's default 6714: never answer or disturb a real DMUCS
ICECC_NET = "dpfarm"
ICECC_SCHEDULER_PORT = 8765
DISTCCD_PORT = 3632


class VariantError(RuntimeError):
    pass


def wait_port(address, port, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((address, port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise VariantError(f"{what} did not listen on {address}:{port} within {timeout:.0f} s")


def stop(procs, grace=10):
    """Ends started services: SIGTERM to each one's session, SIGKILL after `grace` seconds."""
    for p in procs:
        if p.poll() is None:
            try:
                os.killpg(p.pid, 15)
            except OSError:
                pass
    deadline = time.monotonic() + grace
    for p in procs:
        try:
            p.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            try:
                os.killpg(p.pid, 9)
            except OSError:
                pass
            p.wait()
    procs.clear()


class Variant:
    """Base: a build with no services."""
    key = None
    title = None
    net = False  # run make in the client's network namespace

    def __init__(self, ctx, farm):
        self.ctx = ctx
        self.farm = farm
        self.dir = os.path.join(ctx.run_dir, "variants", f"{farm.name}-{self.key}")
        os.makedirs(os.path.join(self.dir, "distcc"), exist_ok=True)  # DISTCC_DIR must exist
        self.procs = []

    def start(self):
        pass

    def env(self):
        raise NotImplementedError

    def report(self):
        """Anything worth keeping about the build that just ended."""
        return {}

    def stop(self):
        stop(self.procs)

    def close(self):
        """End of the run: stop what stayed up between builds."""
        self.stop()


class Local(Variant):
    key = "local"
    title = "local only (make CC=gcc)"

    def env(self):
        return {"FARM_CC": "gcc"}


class DistccSsh(Variant):
    key = "distcc-ssh"
    title = "plain distcc, ssh mode"

    def __init__(self, ctx, farm):
        super().__init__(ctx, farm)
        self.config = os.path.join(self.dir, "ssh_config")
        blocks = []
        for h in farm.hosts:
            blocks.append("\n".join([
                f"Host {h.name}", f"  HostName {h.address}", f"  Port {h.port}", "  User root",
                f"  IdentityFile {ctx.user_key}", "  IdentitiesOnly yes",
                f"  UserKnownHostsFile {ctx.known_hosts}", "  GlobalKnownHostsFile /dev/null",
                "  StrictHostKeyChecking yes", "  BatchMode yes", "  ControlMaster no",
                "  ControlPath none", ""]))
        with open(self.config, "w") as f:
            f.write("\n".join(blocks))
        os.chmod(self.config, 0o600)
        self.wrapper = os.path.join(self.dir, "ssh")
        with open(self.wrapper, "w") as f:
            f.write(f"#!/bin/sh\nexec ssh -F {self.config} \"$@\"\n")
        os.chmod(self.wrapper, 0o755)

    def env(self):
        hosts = " ".join(f"@{h.name}/{h.cpus}" for h in self.farm.hosts)
        return {"FARM_CC": "distcc gcc", "DISTCC_HOSTS": hosts, "DISTCC_SSH": self.wrapper,
                "DISTCC_DIR": os.path.join(self.dir, "distcc")}


class DistccdDaemons:
    """distccd --daemon on every host, in the host's cgroup, on its own address."""

    def start_distccd(self):
        for h in self.farm.hosts:
            self.procs.append(h.spawn(
                ["/usr/bin/distccd", "--daemon", "--no-detach", "--listen", h.address,
                 "--port", str(DISTCCD_PORT), "--allow", "127.0.0.0/8",
                 f"--log-file={h.file('logs/distccd.log')}", "--log-level=info"],
                h.file("logs/distccd-daemon.out")))
        for h in self.farm.hosts:
            wait_port(h.address, DISTCCD_PORT, 20, f"distccd on {h.name}")


class DistccTcp(DistccdDaemons, Variant):
    key = "distcc-tcp"
    title = "plain distcc, TCP mode (distccd daemons)"

    def start(self):
        self.start_distccd()

    def env(self):
        hosts = " ".join(f"{h.nodename}:{DISTCCD_PORT}/{h.cpus}" for h in self.farm.hosts)
        return {"FARM_CC": "distcc gcc", "DISTCC_HOSTS": hosts,
                "DISTCC_DIR": os.path.join(self.dir, "distcc")}


class Dmucs(DistccdDaemons, Variant):
    key = "dmucs"
    title = "DMUCS 0.6.1 (dmucs server, loadavg agents, its gethost; distcc TCP)"

    def start(self):
        self.start_distccd()
        server = self.ctx.server
        tiers = os.path.join(self.dir, "hosts-info")
        with open(tiers, "w") as f:
            # dmucs resolves these names itself and skips entries it cannot (raw addresses too)
            f.write("# machine number-of-cpus power-index (the host's speed x 4)\n")
            for h in self.farm.hosts:
                f.write(f"{h.nodename} {h.cpus} {max(1, round(h.speed * 4))}\n")
        self.procs.append(server.spawn(["/usr/sbin/dmucs", "-p", str(DMUCS_PORT), "-H", tiers],
                                       os.path.join(self.dir, "dmucs.log")))
        wait_port(server.address, DMUCS_PORT, 20, "dmucs")
        for h in self.farm.hosts:
            self.procs.append(h.spawn(["/usr/sbin/loadavg", "-s", server.nodename, "-p",
                                       str(DMUCS_PORT)], h.file("logs/dmucs-loadavg.log")))
        # Each agent reports at once, then every 10 s; let every host's report arrive.
        time.sleep(3)
        with open(os.path.join(self.dir, "dmucs.log"), errors="replace") as f:
            seen = f.read()
        missing = [h.nodename for h in self.farm.hosts if f"New host available: {h.nodename}"
                   not in seen]
        if missing:
            raise VariantError(f"dmucs did not register {missing}; see {self.dir}/dmucs.log")

    def env(self):
        # Debian's gethost 0.6.1 passes putenv() the buffer of a temporary std::string, freed
        # before it execs the command: distcc then finds no DISTCC_HOSTS and falls back to
        # /etc/distcc/hosts (compiling everything locally here). A preloaded putenv that copies
        # its argument mends exactly that and changes nothing else.
        return {"FARM_CC": f"/usr/bin/gethost -s {self.ctx.server.nodename} -p {DMUCS_PORT} "
                           "distcc gcc",
                "LD_PRELOAD": self.ctx.putenv_fix,
                "DISTCC_DIR": os.path.join(self.dir, "distcc")}


class Icecream(Variant):
    key = "icecc"
    title = "icecream 1.4 (icecc-scheduler, iceccd per host)"
    net = True

    def __init__(self, ctx, farm):
        super().__init__(ctx, farm)
        self.started = False

    def start(self):
        if self.started:
            return
        server = self.ctx.server
        self.ctx.network.ensure([self.farm.client, server] + self.farm.hosts)
        client = self.farm.client
        # The daemons switch to the icecc user (keeping only CAP_SYS_CHROOT) before they touch
        # their log and environment directories, so those belong to icecc.
        scheduler_log = os.path.join(self.dir, "scheduler.log")
        open(scheduler_log, "a").close()
        shutil.chown(scheduler_log, "icecc", "icecc")
        self.procs.append(server.spawn(
            ["/usr/sbin/icecc-scheduler", "-n", ICECC_NET, "-p", str(ICECC_SCHEDULER_PORT),
             "-l", scheduler_log, "-vvv"], os.path.join(self.dir, "scheduler.out"), net=True))
        time.sleep(1)
        for m in [client] + self.farm.hosts:
            envs = m.file(f"icecc-envs-{self.farm.name}")
            os.makedirs(envs, exist_ok=True)
            shutil.chown(envs, "icecc", "icecc")
            os.chmod(envs, 0o775)
            self.procs.append(m.spawn(
                ["/usr/sbin/iceccd", "-s", server.net_address, "-n", ICECC_NET,
                 "-m", str(m.cpus), "-N", m.nodename, "-b", envs,
                 "-l", m.file(f"logs/iceccd-{self.farm.name}.log")],
                m.file(f"logs/iceccd-{self.farm.name}.out"), net=True))
        deadline = time.monotonic() + 90
        while True:
            with open(scheduler_log, errors="replace") as f:
                log = f.read()
            missing = [m.nodename for m in [client] + self.farm.hosts
                       if f"login {m.nodename} " not in log]
            if not missing:
                break
            if time.monotonic() > deadline:
                raise VariantError(f"icecream daemons not logged in to the scheduler: {missing}")
            time.sleep(0.5)
        self.started = True
        self.warm_up()

    def has_environment(self, host):
        envs = host.file(f"icecc-envs-{self.farm.name}")
        try:
            return any(d.startswith("target=") and os.listdir(os.path.join(envs, d))
                       for d in os.listdir(envs))
        except OSError:
            return False

    def warm_up(self):
        """Unmeasured: the client's daemon packs the compiler environment (icecc-create-env) and
        the hosts receive and unpack it, as on a farm that has been used before. Icecream picks
        the hosts itself, so a few rounds of small compiles may still leave one out."""
        src = os.path.join(self.dir, "warm")
        os.makedirs(src, exist_ok=True)
        names = []
        for i in range(4 * len(self.farm.hosts) + 4):
            with open(os.path.join(src, f"w{i}.c"), "w") as f:
                f.write(f"int w{i}(int x) {{ int s = 0; for (int k = 0; k < x; k++) s += k * {i};"
                        " return s; }\n")
            names.append(f"w{i}.o")
        with open(os.path.join(src, "Makefile"), "w") as f:
            f.write("all: " + " ".join(names) + "\n%.o: %.c\n\t$(CC) -O2 -c $< -o $@\n")
        env = self.ctx.client_env(self.env())
        for _ in range(3):
            code, out = self.farm.client.run(["make", "-B", "-C", src, "-j8", "CC=icecc gcc"],
                                             600, env=env, net=True)
            if code != 0:
                raise VariantError(f"icecream warm-up failed: {out[-2000:]}")
            if all(self.has_environment(h) for h in self.farm.hosts):
                break
        self.warm = {h.name: self.has_environment(h) for h in self.farm.hosts}
        if not any(self.warm.values()):
            raise VariantError("icecream compiled nothing on the hosts during its warm-up; see "
                               f"{self.dir}/scheduler.log and the hosts' logs/iceccd-*.log")

    def report(self):
        return {"icecc_env_before_build": getattr(self, "warm", {})}

    def env(self):
        return {"FARM_CC": "icecc gcc"}

    def stop(self):
        pass  # the scheduler learns host speeds from finished jobs: keep it for the next build

    def close(self):
        stop(self.procs)
        self.started = False


class Distpool(Variant):
    key = "distpool"
    title = "distpool (speeds measured/learned)"
    set_speeds = False

    def __init__(self, ctx, farm):
        super().__init__(ctx, farm)
        self.inventory = os.path.join(self.dir, "hosts.yaml")
        self.state = os.path.join(self.dir, "state")
        os.makedirs(self.state, exist_ok=True)
        lines = ["# generated by tests/bench/farm/run", "defaults:", "  user: root",
                 f"  identity: {ctx.user_key}", f"  known_hosts: {ctx.known_hosts}", "hosts:"]
        for h in farm.hosts:
            lines += [f"  - name: {h.name}", f"    address: {h.address}", f"    port: {h.port}"]
            if h.desktop:
                lines.append("    desktop: true")
            if self.set_speeds:
                lines.append(f"    speed: {h.speed:g}")
        with open(self.inventory, "w") as f:
            f.write("\n".join(lines) + "\n")
        self.last_status = None
        # A short runtime directory (ssh's ControlPath must fit in a socket address).
        self.socket = f"/tmp/dpfb{os.getpid()}-{farm.name[0]}{int(self.set_speeds)}/socket"

    def distpool(self, *args):
        return [os.path.join(self.ctx.distpool_home, "scripts", "distpool"), *args,
                "--socket", self.socket]

    def daemon_env(self):
        return self.ctx.client_env({"XDG_STATE_HOME": self.state, "DISTPOOL_HOSTS": self.inventory,
                                    "DISTPOOL_SOCKET": self.socket})

    def status(self):
        # The CLI is a JVM: run it on the server (no quota), not on the half-core client; the
        # socket is in /tmp, which every machine shares.
        code, out = self.ctx.server.run(self.distpool("status", "--json"), 120,
                                        env=self.daemon_env())
        if code != 0:
            return None
        try:
            return json.loads(out[out.index("{"):])
        except ValueError:
            return None

    def start(self):
        client = self.farm.client
        self.procs.append(client.spawn(self.distpool("daemon", "--hosts", self.inventory),
                                       os.path.join(self.dir, "daemon.log"),
                                       env=self.daemon_env()))
        deadline = time.monotonic() + 180
        last = None
        while time.monotonic() < deadline:
            if self.procs[0].poll() is not None:
                raise VariantError(f"distpool daemon exited; see {self.dir}/daemon.log")
            last = self.status()
            if last and self.ready(last):
                self.last_status = last
                return
            time.sleep(1)
        raise VariantError(f"distpool daemon not ready within 180 s; last status: {last}")

    def ready(self, status):
        """Every host probed (and measured, when its speed is not given)."""
        hosts = status.get("hosts", [])
        if len(hosts) != len(self.farm.hosts):
            return False
        for h in hosts:
            if h.get("state") not in ("up", "busy") or h.get("last_probe") is None:
                return False
            if not self.set_speeds and h.get("speed") is None:
                return False
        return True

    def env(self):
        gethost = os.path.join(self.ctx.distpool_home, "scripts", "gethost")
        return {"FARM_CC": f"{gethost} distcc gcc", "DISTPOOL_SOCKET": self.socket,
                "DISTPOOL_WAIT": "600", "DISTCC_DIR": os.path.join(self.dir, "distcc"),
                "XDG_STATE_HOME": self.state}

    def report(self):
        status = self.status()
        if not status:
            return {}
        return {"hosts": {h["name"]: {k: h.get(k) for k in ("state", "speed", "slots", "load1",
                                                            "desktop_active", "rank")}
                          for h in status.get("hosts", [])}}

    def stop(self):
        if self.procs and self.procs[0].poll() is None:
            try:
                self.ctx.server.run(self.distpool("stop"), 60, env=self.daemon_env())
            except subprocess.TimeoutExpired:
                pass
        stop(self.procs)
        shutil.rmtree(os.path.dirname(self.socket), ignore_errors=True)


class DistpoolSpeeds(Distpool):
    key = "distpool-speed"
    title = "distpool (speed: set to the true quotas)"
    set_speeds = True


ALL = [Distpool, DistpoolSpeeds, DistccSsh, DistccTcp, Dmucs, Icecream, Local]
BY_KEY = {v.key: v for v in ALL}
