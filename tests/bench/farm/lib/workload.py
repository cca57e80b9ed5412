"""The workload: part of the Linux kernel from Debian's linux-source-6.1, built with Kbuild.

The tree is extracted once (only what defconfig, prepare and the chosen directories need),
configured with `make defconfig` and prepared with `make prepare`, unmeasured, and kept in
the work directory for later runs. Every build then compiles the chosen directories' objects
from scratch (their objects are deleted first; the prepared tree is kept).

$(CC) is always the same two-line launcher, WORK/bin/farm-cc, which execs $FARM_CC (the
variant's compiler chain, e.g. "gethost distcc gcc"): Kbuild records $(CC) and re-runs its
prepare steps (syncconfig, asm-offsets, modpost) when it changes, which would add the same
unrelated work to some builds and not others.
"""

import glob
import json
import os
import re
import shlex
import shutil
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

TARBALL_GLOB = "/usr/src/linux-source-6.1.tar.*"
TOP = "linux-source-6.1"
LAUNCHER = """#!/bin/sh
# The farm benchmark's fixed $(CC): runs the compiler chain of the variant being measured.
exec ${FARM_CC:-gcc} "$@"
"""


class WorkloadError(RuntimeError):
    pass


class Tree:
    def __init__(self, work, targets):
        self.work = work
        self.targets = [t.rstrip("/") + "/" for t in targets]
        self.root = os.path.join(work, TOP)
        self.launcher = os.path.join(work, "bin", "farm-cc")

    # --- preparing ---------------------------------------------------------------------------
    def tarball(self):
        found = sorted(glob.glob(TARBALL_GLOB))
        if not found:
            raise WorkloadError("no /usr/src/linux-source-6.1.tar.*: apt-get install linux-source-6.1")
        return found[-1]

    def stamp(self):
        gcc = subprocess.run(["gcc", "-dumpfullversion"], capture_output=True, text=True).stdout
        tar = self.tarball()
        return f"{tar} {os.path.getsize(tar)} gcc-{gcc.strip()} {' '.join(self.targets)}"

    def prepare(self, log):
        """Extracts, configures and prepares the tree unless a previous run did."""
        os.makedirs(os.path.dirname(self.launcher), exist_ok=True)
        with open(self.launcher, "w") as f:
            f.write(LAUNCHER)
        os.chmod(self.launcher, 0o755)
        stamp_file = os.path.join(self.root, ".farm-prepared")
        if os.path.exists(stamp_file) and open(stamp_file).read() == self.stamp():
            return False
        if os.path.exists(self.root):
            shutil.rmtree(self.root)
        tar = self.tarball()
        # Everything but drivers/, sound/ and Documentation/, whose Kconfig and Makefiles are
        # all defconfig needs of them (about 330 MB instead of 1.4 GB).
        big = [f"{TOP}/drivers", f"{TOP}/sound", f"{TOP}/Documentation", f"{TOP}/tools/testing",
               f"{TOP}/tools/perf"]
        self._sh(log, ["tar", "-xf", tar, "-C", self.work]
                 + [f"--exclude={d}" for d in big], 900)
        self._sh(log, ["tar", "-xf", tar, "-C", self.work, "--wildcards"]
                 + [f"{d}/*Kconfig*" for d in big[:3]] + [f"{d}/*Makefile*" for d in big[:3]],
                 900)
        env = dict(os.environ, FARM_CC="gcc")
        self._sh(log, ["make", "-C", self.root, "defconfig"], 600, env=env)
        self._sh(log, ["make", "-C", self.root, f"-j{os.cpu_count()}", f"CC={self.launcher}",
                       "prepare"], 1800, env=env)
        with open(stamp_file, "w") as f:
            f.write(self.stamp())
        return True

    def _sh(self, log, argv, timeout, env=None):
        with open(log, "ab") as out:
            out.write(("\n$ " + " ".join(argv) + "\n").encode())
            out.flush()
            p = subprocess.run(argv, stdout=out, stderr=subprocess.STDOUT, env=env,
                               timeout=timeout)
        if p.returncode != 0:
            raise WorkloadError(f"{' '.join(argv[:4])}... failed with {p.returncode}; see {log}")

    # --- one build -----------------------------------------------------------------------------
    def clean(self):
        """Deletes what building the targets made, so the next build starts from scratch."""
        for target in self.targets:
            for here, _, names in os.walk(os.path.join(self.root, target)):
                for n in names:
                    if (n.endswith((".o", ".a", ".s", ".i", ".lst", ".order", ".o.d"))
                            or (n.startswith(".") and n.endswith(".cmd"))):
                        os.unlink(os.path.join(here, n))

    def version_text(self):
        """The CC_VERSION_TEXT the tree was configured with: Kbuild asks `$(CC) --version` on
        every make and redoes syncconfig and its prepare steps when the answer changes, and the
        answer's first word depends on how a chain runs gcc (distcc names it
        x86_64-linux-gnu-gcc). Passing it on the command line keeps every build the same."""
        with open(os.path.join(self.root, "include/config/auto.conf")) as f:
            for line in f:
                if line.startswith("CONFIG_CC_VERSION_TEXT="):
                    return line.split("=", 1)[1].strip().strip('"')
        raise WorkloadError("no CONFIG_CC_VERSION_TEXT in include/config/auto.conf")

    def make_argv(self, jobs):
        return (["make", "-C", self.root, f"-j{jobs}", f"CC={self.launcher}",
                 f"CC_VERSION_TEXT={self.version_text()}"] + self.targets)

    def objects(self):
        """The objects the targets' last build produced (excluding archives)."""
        found = []
        for target in self.targets:
            for here, _, names in os.walk(os.path.join(self.root, target)):
                found += [os.path.relpath(os.path.join(here, n), self.root)
                          for n in names if n.endswith(".o")]
        return sorted(found)

    def complete(self, expected):
        have = set(self.objects())
        missing = [o for o in expected if o not in have]
        archives = [t + "built-in.a" for t in self.targets
                    if not os.path.exists(os.path.join(self.root, t, "built-in.a"))]
        return missing + archives

    # --- the work in it ------------------------------------------------------------------------
    def compile_commands(self):
        """{object: argv} of each object's gcc command, read from Kbuild's .cmd files."""
        commands = {}
        for obj in self.objects():
            cmd_file = os.path.join(self.root, os.path.dirname(obj),
                                    "." + os.path.basename(obj) + ".cmd")
            with open(cmd_file) as f:
                first = f.readline()
            m = re.match(r"(?:saved)?cmd_\S+ := (.*)", first)
            if not m:
                raise WorkloadError(f"cannot read {cmd_file}")
            line = m.group(1).split(" ; ")[0]
            argv = shlex.split(line)
            if argv and argv[0] == self.launcher:
                argv = ["gcc"] + argv[1:]  # what the launcher runs with FARM_CC=gcc
            if not argv or argv[0] != "gcc" or "-c" not in argv:
                continue  # e.g. an object made by ld, not by a compile
            commands[obj] = argv
        return commands


def _cpu_seconds(argv, cwd):
    """CPU seconds (user + system, the process and what it waited for) and wall seconds."""
    with tempfile.TemporaryFile() as err:
        start = time.monotonic()
        p = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(p.pid, 0)
        wall = time.monotonic() - start
        p.returncode = os.waitstatus_to_exitcode(status)
        if p.returncode != 0:
            err.seek(0)
            raise WorkloadError(f"{' '.join(argv[-3:])}: exit {p.returncode}: "
                                f"{err.read()[-500:]!r}")
    return usage.ru_utime + usage.ru_stime, wall


def _measure_one(root, obj, argv, scratch):
    """CPU seconds of: the whole compile; preprocessing only (-E); compiling the .i (remote)."""
    out = os.path.join(scratch, obj.replace("/", "_"))
    base = []
    skip = False
    for i, a in enumerate(argv):
        if skip:
            skip = False
            continue
        if a == "-o":
            skip = True
            continue
        if a.startswith("-Wp,-MMD") or a.startswith("-Wp,-MD"):
            continue
        base.append(a)
    source = base[-1]
    flags = [a for a in base[:-1] if a != "-c"]
    full, _ = _cpu_seconds(flags + ["-c", "-o", out + ".o", source], root)
    pre, _ = _cpu_seconds(flags + ["-E", "-o", out + ".i", source], root)
    remote, _ = _cpu_seconds(flags + ["-c", "-o", out + ".o", out + ".i"], root)
    for ext in (".o", ".i"):
        try:
            os.unlink(out + ext)
        except OSError:
            pass
    return {"full": full, "preprocess": pre, "remote": remote}


def measure(tree, cache_file, workers=2):
    """Per-object CPU seconds (cached in cache_file, keyed by the tree's stamp)."""
    if os.path.exists(cache_file):
        with open(cache_file) as f:
            cached = json.load(f)
        if cached.get("stamp") == tree.stamp():
            return cached
    commands = tree.compile_commands()
    if not commands:
        raise WorkloadError("no compile commands found: build the targets first")
    with tempfile.TemporaryDirectory(prefix="farm-measure-") as scratch:
        with ThreadPoolExecutor(workers) as pool:
            futures = {obj: pool.submit(_measure_one, tree.root, obj, argv, scratch)
                       for obj, argv in commands.items()}
            objects = {obj: f.result() for obj, f in futures.items()}
    result = {"stamp": tree.stamp(), "workers": workers, "objects": objects,
              "total": {k: sum(o[k] for o in objects.values())
                        for k in ("full", "preprocess", "remote")}}
    with open(cache_file, "w") as f:
        json.dump(result, f, indent=1)
    return result
