"""The farm's machines: build hosts, the client and a server for the schedulers' central
daemons (DMUCS, icecream), each a cgroup plus namespaces (see ../enter).

A host runs a real OpenSSH sshd on its own 127.0.77.x address with its own host key, every
session through a ForceCommand wrapper that puts the host's bin/ (nproc reporting its CPU count,
a distccd that logs to the host's log) first on PATH. The client runs make, the compilers'
client side, gethost and the schedulers' client daemons.
"""

import os
import shutil
import struct
import subprocess
import time

import cgroups

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ENTER = os.path.join(HERE, "enter")
SSH_PORT = 2222
NET_PREFIX = "10.253.77"  # only ever inside the farm's own network namespaces (icecream)
BASE_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


class Machine:
    """One farm machine. speed: its CPU in cores of this box (before scaling); cpus: what it
    reports (nproc); background: the share of its capacity its own work takes."""

    def __init__(self, run_dir, name, octet, speed, cpus=1, background=0.0, desktop=False,
                 role="host"):
        self.name = name
        self.octet = octet
        self.speed = speed
        self.cpus = cpus
        self.background = background
        self.desktop = desktop
        self.role = role
        self.address = f"127.0.77.{octet}"
        self.net_address = f"{NET_PREFIX}.{octet}"
        self.nodename = f"dpfb-{name}"
        self.netns = f"dpfb-{name}"
        self.cgroup = name
        self.dir = os.path.join(run_dir, "machines", name)
        self.port = SSH_PORT
        self.scale = 1.0
        self.sshd = None

    # --- what the feeder and the lower bound need -------------------------------------------
    def quota(self):
        """Cores this machine's cgroup may use, after the farm's scale factor (None: no limit,
        for the server that runs the schedulers' central daemons)."""
        return None if self.speed is None else self.speed * self.scale

    def spare(self):
        """Cores left for compiles after its own background work."""
        return (self.quota() or 0.0) * (1 - min(1.0, self.background))

    def feeder_spec(self):
        return {"name": self.name, "cgroup": self.cgroup,
                "loadavg": self.file("proc/loadavg"), "stat": self.file("proc/stat"),
                "cpus": self.cpus, "background": self.background,
                "tty": self.file("dev/tty1") if self.desktop else None}

    def file(self, rel):
        return os.path.join(self.dir, rel)

    # --- building the machine ------------------------------------------------------------------
    def create(self, all_machines, user_pubkey):
        cgroups.create(self.cgroup)
        for sub in ("bin", "proc", "run/sshd", "run/icecc", "etc", "dev", "logs", "home", "tmp"):
            os.makedirs(self.file(sub), exist_ok=True)
        os.chmod(self.file("logs"), 0o777)  # distccd drops root before writing its log
        os.chmod(self.file("tmp"), 0o1777)
        shutil.chown(self.file("run/icecc"), "icecc", "icecc")
        self._script("bin/nproc", f"#!/bin/sh\necho {self.cpus}\n")
        distccd = shutil.which("distccd") or "/usr/bin/distccd"
        self._script("bin/distccd", "#!/bin/sh\n"
                     f"exec {distccd} --log-file={self.file('logs/distccd.log')} "
                     "--log-level=info \"$@\"\n")
        with open(self.file("proc/loadavg"), "w") as f:
            f.write(f"{self.background:.2f} {self.background:.2f} {self.background:.2f} 1/1 1\n")
        with open("/proc/stat") as real, open(self.file("proc/stat"), "w") as f:
            f.write(real.read())
        with open(self.file("run/utmp"), "wb") as f:
            if self.desktop:
                f.write(utmp_record("alice", "tty1", int(time.time()) - 3 * 3600))
        if self.desktop:
            open(self.file("dev/tty1"), "w").close()
        hosts = ["127.0.0.1 localhost"]
        hosts += [f"{m.address} {m.nodename} {m.name}" for m in all_machines]
        with open(self.file("etc/hosts"), "w") as f:
            f.write("\n".join(hosts) + "\n")
        with open("/etc/nsswitch.conf") as f:
            nss = [line for line in f if not line.startswith("hosts:")]
        with open(self.file("etc/nsswitch.conf"), "w") as f:
            f.write("".join(nss) + "hosts: files\n")
        with open(self.file("machine.env"), "w") as f:
            f.write(f"CGROUP={cgroups.path(self.cgroup)}\nNODENAME={self.nodename}\n"
                    f"NETNS={self.netns}\n")
        if self.role == "host":
            self._sshd_files(user_pubkey)

    def _sshd_files(self, user_pubkey):
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f",
                        self.file("hostkey")], check=True)
        with open(self.file("authorized_keys"), "w") as f:
            f.write(user_pubkey)
        self._script("session.sh", "#!/bin/sh\n"
                     f"PATH={self.file('bin')}:{BASE_PATH}; export PATH\n"
                     "HOME=" + self.file("home") + "; export HOME\n"
                     "exec /bin/sh -c \"${SSH_ORIGINAL_COMMAND:-/bin/sh}\"\n")
        with open(self.file("sshd_config"), "w") as f:
            f.write("\n".join([
                f"ListenAddress {self.address}:{self.port}",
                f"HostKey {self.file('hostkey')}",
                f"AuthorizedKeysFile {self.file('authorized_keys')}",
                f"PidFile {self.file('sshd.pid')}",
                f"ForceCommand {self.file('session.sh')}",
                "StrictModes no", "UsePAM no", "PasswordAuthentication no",
                "KbdInteractiveAuthentication no", "PermitRootLogin prohibit-password",
                "MaxStartups 200", "MaxSessions 100", "UseDNS no", "LogLevel ERROR", ""]))

    def known_hosts_line(self):
        with open(self.file("hostkey.pub")) as f:
            kind, key = f.read().split()[:2]
        return f"[{self.address}]:{self.port} {kind} {key}"

    def _script(self, rel, text):
        with open(self.file(rel), "w") as f:
            f.write(text)
        os.chmod(self.file(rel), 0o755)

    # --- running things there ------------------------------------------------------------------
    def command(self, argv, net=False):
        return ["/bin/sh", ENTER, self.dir] + (["--net"] if net else []) + ["--"] + list(argv)

    def spawn(self, argv, log, env=None, net=False, cwd=None):
        """Starts argv on this machine in a session of its own; output appended to `log`."""
        out = open(log, "ab")
        try:
            return subprocess.Popen(self.command(argv, net), stdout=out, stderr=subprocess.STDOUT,
                                    stdin=subprocess.DEVNULL, env=env or base_env(self),
                                    cwd=cwd, start_new_session=True)
        finally:
            out.close()

    def run(self, argv, timeout, env=None, net=False, cwd=None):
        """Runs argv here and returns (exit code, output); raises on timeout."""
        p = subprocess.run(self.command(argv, net), stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                           env=env or base_env(self), cwd=cwd, timeout=timeout)
        return p.returncode, p.stdout.decode(errors="replace")

    def start_sshd(self):
        os.makedirs("/run/sshd", exist_ok=True)
        self.sshd = self.spawn(["/usr/sbin/sshd", "-D", "-e", "-f", self.file("sshd_config")],
                               self.file("sshd.log"))
        return self.sshd


def base_env(machine, **extra):
    env = {"PATH": f"{machine.file('bin')}:{BASE_PATH}", "HOME": machine.file("home"),
           "LANG": "C", "LC_ALL": "C", "TMPDIR": machine.file("tmp"), "USER": "root",
           "LOGNAME": "root", "SHELL": "/bin/sh"}
    env.update({k: str(v) for k, v in extra.items()})
    return env


def utmp_record(user, line, login):
    """One glibc x86_64 utmp entry (384 bytes): USER_PROCESS of `user` at `line`."""
    user_process = 7
    return struct.pack("<hxxi32s4s32s256shhiii4i20s", user_process, 1, line.encode(),
                       line[-4:].encode(), user.encode(), b"", 0, 0, 0, login, 0,
                       0, 0, 0, 0, b"")


def parse_farm(spec, run_dir, first_octet):
    """Machines from "NAME:SPEED[,cpus=N][,bg=F][,desktop] ..." (see README.md)."""
    machines = []
    for i, item in enumerate(spec.split()):
        name, _, rest = item.partition(":")
        fields = rest.split(",")
        try:
            speed = float(fields[0])
        except ValueError:
            raise ValueError(f"farm entry {item!r}: expected NAME:SPEED[,cpus=N][,bg=F][,desktop]")
        opts = {"cpus": 1, "background": 0.0, "desktop": False}
        for field in fields[1:]:
            key, _, value = field.partition("=")
            if key == "cpus":
                opts["cpus"] = int(value)
            elif key == "bg":
                opts["background"] = float(value)
            elif key == "desktop":
                opts["desktop"] = True
            else:
                raise ValueError(f"farm entry {item!r}: unknown option {key!r}")
        if not name.replace("-", "").isalnum() or not 0 < speed <= 4:
            raise ValueError(f"farm entry {item!r}: bad name or speed")
        machines.append(Machine(run_dir, name, first_octet + i, speed, **opts))
    return machines
