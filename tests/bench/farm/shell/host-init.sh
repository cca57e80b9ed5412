#!/bin/sh
# The first process of one fake host of the farm benchmark, started by `run` as
#   unshare --mount --uts --pid --fork --mount-proc --propagation private host-init.sh NAME HOSTDIR
# in the host's cgroup. In its own mount, UTS and PID namespaces (it is pid 1 there) it gives
# the host what a separate machine would have and the benchmark's tools look at, then sleeps
# for the host's lifetime; `run` starts the host's daemons (sshd, distccd, iceccd, DMUCS's
# agent) with `nsenter --target <its pid> --mount --uts --pid`.
#   /proc          this PID namespace's own (--mount-proc): `ps -A`, which distpool's probe runs
#                  to count compilers, sees this host's processes only
#   /proc/loadavg  HOSTDIR/loadavg, written by feeder.py from this host's cgroup only
#   /proc/stat     HOSTDIR/stat, the same (CPU time of this host's cgroup; read by iceccd)
#   /run           a private tmpfs: sshd's /run/sshd, and /run/utmp (= /var/run/utmp) bind-
#                  mounted from HOSTDIR/utmp (made with utmpdump -r), read by `who`
#   /etc/hosts     HOSTDIR/hosts: this host's name resolves to its loopback address, which is
#                  what DMUCS's load agent reports as "my address"
#   hostname       NAME (the UTS namespace keeps it from the real machine)
#   /dev/tty2      HOSTDIR/tty2 when it exists (the desktop): a regular file whose access time
#                  feeder.py keeps recent, so `who -u` shows the console user as active
# Nothing here is visible outside the namespaces; it all goes away with the host's pid 1.
set -e
name=$1 dir=$2
mount --bind "$dir/loadavg" /proc/loadavg
mount --bind "$dir/stat" /proc/stat
mount -t tmpfs -o mode=0755,size=16m distpool-bench-run /run
mkdir -m 0755 /run/sshd
: > /run/utmp
mount --bind "$dir/utmp" /run/utmp
mount --bind "$dir/hosts" /etc/hosts
if [ -f "$dir/tty2" ] && [ -e /dev/tty2 ]; then
  mount --bind "$dir/tty2" /dev/tty2
fi
hostname "$name"
touch "$dir/ready"
# pid 1 of the namespace: it must stay, and reap the orphans that end up with it.
trap 'exit 0' TERM
while :; do
  sleep 3600 &
  wait || true
done
