"""Network namespaces for icecream, whose daemons need a network identity each.

iceccd listens on a fixed port on every interface and the scheduler tells clients to reach a
daemon at the address it connected from, so several iceccd on one machine's loopback cannot be
told apart. Each machine gets a network namespace (dpfb-NAME) with a veth into the client's
namespace, where a bridge joins them on 10.253.77.0/24. No interface, address or route is added
to the machine's own (root) network namespace: the subnet exists only between the namespaces.
"""

import subprocess

BRIDGE = "dpfbr0"


class NetworkError(RuntimeError):
    pass


def ip(*args, check=True):
    p = subprocess.run(["ip", *args], capture_output=True, text=True)
    if check and p.returncode != 0:
        raise NetworkError(f"ip {' '.join(args)}: {p.stderr.strip()}")
    return p


class Network:
    def __init__(self):
        self.created = []

    def ensure(self, machines):
        """machines[0] is the client (holds the bridge); the others get a veth to it."""
        existing = set(ip("netns", "list").stdout.split())
        client = machines[0]
        for m in machines:
            if m.netns in existing:
                continue
            ip("netns", "add", m.netns)
            self.created.append(m.netns)
            ip("-n", m.netns, "link", "set", "lo", "up")
            if m is client:
                ip("-n", m.netns, "link", "add", BRIDGE, "type", "bridge")
                ip("-n", m.netns, "addr", "add", f"{m.net_address}/24", "dev", BRIDGE)
                ip("-n", m.netns, "link", "set", BRIDGE, "up")
            else:
                peer = f"v{m.octet}"
                ip("-n", client.netns, "link", "add", peer, "type", "veth", "peer", "name",
                   "eth0", "netns", m.netns)
                ip("-n", client.netns, "link", "set", peer, "master", BRIDGE, "up")
                ip("-n", m.netns, "addr", "add", f"{m.net_address}/24", "dev", "eth0")
                ip("-n", m.netns, "link", "set", "eth0", "up")

    def remove(self):
        problems = []
        for ns in reversed(self.created):
            p = ip("netns", "del", ns, check=False)
            if p.returncode != 0:
                problems.append(f"netns {ns}: {p.stderr.strip()}")
        self.created = []
        return problems


def remove_stale(prefix="dpfb-"):
    """Deletes namespaces a previous, interrupted run left behind."""
    out = ip("netns", "list", check=False).stdout
    for line in out.splitlines():
        name = line.split()[0] if line.split() else ""
        if name.startswith(prefix):
            ip("netns", "del", name, check=False)
