#!/bin/sh
# The first process of one fake host of the farm benchmark, started by `run` as
#   unshare --mount --uts --propagation private host-init.sh NAME ADDRESS HOSTDIR
# in the host's cgroup. In its own mount and UTS namespaces it gives the host what a separate
# machine would have and the benchmark's tools look at, then sleeps for the host's lifetime;
# `run` starts the host's daemons with `nsenter --target <this pid> --mount --uts`.
#   /proc/loadavg  HOSTDIR/loadavg, written by feeder.py from this host's cgroup only
#   /proc/stat     HOSTDIR/stat, the same (CPU time of this host's cgroup; read by iceccd)
#   /run           a private tmpfs: sshd's /run/sshd, and /run/utmp (= /var/run/utmp) bind-
#                  mounted from HOSTDIR/utmp (made with utmpdump -r), read by `who`
#   /etc/hosts     HOSTDIR/hosts: this host's name resolves to its loopback address, which is
#                  what DMUCS's load agent reports as "my address"
#   hostname       NAME (the UTS namespace keeps it from the real machine)
#   /dev/tty2      HOSTDIR/tty2 when it exists (the desktop): a regular file whose access time
#                  feeder.py keeps recent, so `who -u` shows the console user as active
# Nothing here is visible outside the namespace; it all goes away with the last process in it.
set -e
name=$1 address=$2 dir=$3
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
echo "$$" > "$dir/holder.pid"
exec sleep infinity
