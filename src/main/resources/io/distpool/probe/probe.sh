# distpool probe: one run per poll, under every target's /bin/sh (Solaris 10's Bourne shell
# included: no $(...), no local, no [[ ]], no $((...))). It prints sections the parser splits on
# "@@" markers; anything a login script prints before the first marker is ignored. The user's
# PATH comes first, so tools a site installs where ssh finds them are the ones used. Where the
# script chooses between tools it prints "<source> <value>", so status can say who answered.
# The layouts each section can hold are in tests/fixtures/probe/ (one real host per file).
LC_ALL=C; export LC_ALL
PATH=$PATH:/usr/bin:/bin:/usr/sbin:/sbin:/usr/xpg4/bin; export PATH
# nproc obeys OpenMP's limits: a user's OMP_NUM_THREADS=1 must not shrink the host to one CPU.
unset OMP_NUM_THREADS OMP_THREAD_LIMIT 2>/dev/null
os=`uname -s 2>/dev/null`
echo "@@distpool-probe 1"
echo "@@uname"
echo "$os"
uname -r 2>/dev/null
# AIX's uname -m is the machine's serial number; -p is its architecture.
case $os in AIX) uname -p 2>/dev/null ;; *) uname -m 2>/dev/null ;; esac
echo "@@release"
case $os in
  Linux) sed -n 's/^PRETTY_NAME="*\([^"]*\)"*$/\1/p' /etc/os-release 2>/dev/null ;;
  SunOS) uname -v 2>/dev/null ;;
  AIX) echo "`uname -v 2>/dev/null`.`uname -r 2>/dev/null`" ;;
  Darwin) sw_vers -productVersion 2>/dev/null ;;
esac

# CPUs online, from the most trusted source that answers: "<source> <count>".
echo "@@cpus"
found=
cpu() {
  case "$2" in ''|0*|*[!0-9]*) return 1 ;; esac
  echo "$1 $2"
  found=1
}
online='$2 == "on-line" || $2 == "no-intr" { n++ } END { print n }'
cpu nproc "`nproc 2>/dev/null`" ||
cpu getconf "`getconf _NPROCESSORS_ONLN 2>/dev/null`"
if [ -z "$found" ]; then
  case $os in
    SunOS)
      # psrinfo: "0  on-line  since ..."; no-intr processors run threads too.
      n=`psrinfo 2>/dev/null | awk "$online"`
      cpu psrinfo "$n" || {
        n=`kstat -p cpu_info:::state 2>/dev/null | awk "$online"`
        cpu kstat "$n"; } ;;
    AIX)
      # "The available processors are:  0 1 2 3" counts logical (SMT) processors.
      n=`bindprocessor -q 2>/dev/null | awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^[0-9][0-9]*$/) n++ } END { print n }'`
      cpu bindprocessor "$n" || {
        n=`lsdev -Cc processor -S Available 2>/dev/null | awk 'NF { n++ } END { print n }'`
        cpu lsdev "$n"; } ;;
    HP-UX)
      # machinfo's CPU lines differ by release; the parser reads them whole.
      machinfo 2>/dev/null | awk '/Number of CPUs|^ *[0-9][0-9]* .*[Pp]rocessor/ {
        sub(/^ */, ""); print "machinfo", $0; f = 1 } END { exit !f }' && found=1
      if [ -z "$found" ]; then
        n=`ioscan -kFC processor 2>/dev/null | grep -c ':processor:'`
        cpu ioscan "$n"
      fi ;;
    *)
      cpu hw.ncpuonline "`sysctl -n hw.ncpuonline 2>/dev/null`" ||
      cpu hw.ncpu "`sysctl -n hw.ncpu 2>/dev/null`" ||
      cpu hw.logicalcpu "`sysctl -n hw.logicalcpu 2>/dev/null`" || {
        n=`psrinfo 2>/dev/null | awk "$online"`
        cpu psrinfo "$n"; } ;;
  esac
fi

# Linux: the CPU quota of the cgroup the probe runs in and of each cgroup above it (containers,
# systemd slices with CPUQuota=): nproc counts every CPU even when only a quarter of one may be
# used. "cpu.max <quota|max> <period>" (cgroup v2), "cfs <quota|-1> <period>" (v1); the parser
# takes the tightest. Cgroups live where they are mounted on systemd machines and in containers.
echo "@@cpuquota"
case $os in
  Linux)
    awk -F: '$2 == "" || $2 ~ /(^|,)cpu(,|$)/ { print ($2 == "" ? "v2" : "v1"), $3 }' \
        /proc/self/cgroup 2>/dev/null |
    while read v path; do
      if [ $v = v2 ]; then
        base=/sys/fs/cgroup; [ -f $base/cgroup.controllers ] || base=/sys/fs/cgroup/unified
      else
        base=/sys/fs/cgroup/cpu,cpuacct; [ -d $base ] || base=/sys/fs/cgroup/cpu
      fi
      dir=$base$path; dir=${dir%/}
      while [ -d "$dir" ]; do
        if [ $v = v2 ]; then
          [ -r "$dir/cpu.max" ] && echo "cpu.max `cat "$dir/cpu.max"`"
        elif [ -r "$dir/cpu.cfs_quota_us" ]; then
          echo "cfs `cat "$dir/cpu.cfs_quota_us"` `cat "$dir/cpu.cfs_period_us"`"
        fi
        [ "$dir" = "$base" ] && break
        dir=${dir%/*}
        [ -n "$dir" ] || break
      done
    done ;;
esac

# Linux: loads plus the instantaneous run queue. Elsewhere uptime carries the loads.
echo "@@loadavg"
case $os in SunOS|AIX|HP-UX|Darwin|*BSD|DragonFly) ;; *) cat /proc/loadavg 2>/dev/null ;; esac
echo "@@runq"
case $os in FreeBSD|DragonFly) sysctl -n vm.vmtotal 2>/dev/null | grep RUNQ ;; esac
echo "@@uptime"
uptime 2>/dev/null
# who -u gives idle times; BusyBox's who has no -u; w -h only where there is no who at all.
echo "@@who"
who -u 2>/dev/null || who 2>/dev/null || { echo "@@w"; w -h 2>/dev/null; }
# Compiler processes of anyone, and distcc's ssh-mode jobs (one "distccd --inetd" per job, from
# any client and any scheduler), from one ps. ps -A (not -e, which on the BSDs means
# "environment"); UNIX95 makes HP-UX's ps accept -o. The command is the first word of args, whose
# last path part names the program (comm would be the same, but a second ps to get the
# arguments costs every host a process per poll). No output at all means ps failed: print nothing.
echo "@@procs"
UNIX95= ps -A -o args= 2>/dev/null | awk '
  { n = split($1, part, "/"); c = part[n] }
  c == "cc1" || c == "cc1plus" || c == "cc1obj" || c == "cc1objplus" || c == "f951" { k++ }
  c == "acomp" || c == "ccfe" || c == "cg" || c == "ube" || c == "ube_ipp" { k++ }
  c == "distccd" { d++; for (i = 2; i <= NF; i++) if ($i == "--inetd") { j++; break } }
  END { if (NR) { print "compilers", k + 0; print "distccd", d + 0; print "distccd_inetd", j + 0 } }'
echo "@@toolchains"
# DISTPOOL_COMPILERS (set by the prober on the line before this script) names the compilers
# to report: "name path target version"; Sun/Oracle Studio cc has no -dumpmachine, so its
# "cc -V" banner is passed through for the parser. The PATH search is by hand because
# Solaris 10's sh has no "command -v".
for c in $DISTPOOL_COMPILERS; do
  p=
  case $c in
    /*) [ -x "$c" ] && p=$c ;;
    *) save_ifs=$IFS; IFS=:
       for d in $PATH; do
         if [ -n "$d" ] && [ -f "$d/$c" ] && [ -x "$d/$c" ]; then p=$d/$c; break; fi
       done
       IFS=$save_ifs ;;
  esac
  [ -n "$p" ] || continue
  m=`"$p" -dumpmachine </dev/null 2>/dev/null`
  if [ -n "$m" ]; then
    v=`"$p" -dumpfullversion -dumpversion </dev/null 2>/dev/null`
    echo "toolchain $c $p $m ${v:--}"
  else
    b=`"$p" -V </dev/null 2>&1 | sed -n 1p`
    echo "banner $c $p `uname -p 2>/dev/null` $b"
  fi
done
echo "@@end"
