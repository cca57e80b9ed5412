# distpool probe: one run per poll, under every target's /bin/sh (Solaris 10's Bourne shell
# included: no $(...), no local, no [[ ]]). It prints sections the parser splits on "@@"
# markers; anything a login script prints before the first marker is ignored. The user's
# PATH comes first, so tools a site installs where ssh finds them are the ones used.
LC_ALL=C; export LC_ALL
PATH=$PATH:/usr/bin:/bin:/usr/sbin:/sbin:/usr/xpg4/bin; export PATH
echo "@@distpool-probe 1"
echo "@@uname"
uname -s 2>/dev/null
uname -r 2>/dev/null
uname -m 2>/dev/null
echo "@@cpus"
n=`nproc 2>/dev/null`
if [ -n "$n" ]; then echo "nproc $n"; else
  n=`getconf _NPROCESSORS_ONLN 2>/dev/null`
  if [ -n "$n" ] && [ "$n" != "undefined" ]; then echo "getconf $n"; else
    n=`psrinfo 2>/dev/null | grep -c on-line`
    if [ -n "$n" ] && [ "$n" != "0" ]; then echo "psrinfo $n"; else
      n=`sysctl -n hw.ncpu 2>/dev/null`
      if [ -n "$n" ]; then echo "sysctl $n"; fi
    fi
  fi
fi
echo "@@loadavg"
cat /proc/loadavg 2>/dev/null
echo "@@uptime"
uptime 2>/dev/null
echo "@@who"
who -u 2>/dev/null || who 2>/dev/null
echo "@@procs"
ps -e -o comm= 2>/dev/null | awk '
  { n = split($1, part, "/"); c = part[n] }
  c == "cc1" || c == "cc1plus" || c == "cc1obj" || c == "cc1objplus" || c == "f951" { k++ }
  c == "acomp" || c == "ccfe" || c == "cg" || c == "ube" || c == "ube_ipp" { k++ }
  c == "distccd" { d++ }
  END { print "compilers", k + 0; print "distccd", d + 0 }'
echo "@@end"
