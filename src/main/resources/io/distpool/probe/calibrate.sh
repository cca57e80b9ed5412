# distpool calibration, run by /bin/sh -s on a build host (or this machine): compiles a fixed,
# generated C file twice with the host's own C compiler and prints the wall time of each
# compile, timed here, so the network does not count. Bourne-sh safe, like probe.sh.
# Output: "compiler PATH", then "run START END" per compile (seconds; "- -" without a clock
# finer than a second), or "error WHY".
# mktemp where there is one: a process id alone is not unique when hosts share a /tmp (hosts in
# containers or PID namespaces of one machine).
d=`mktemp -d "${TMPDIR:-/tmp}/distpool-calibrate.XXXXXX" 2>/dev/null`
if [ -z "$d" ]; then
  d=${TMPDIR:-/tmp}/distpool-calibrate.$$.`date +%S 2>/dev/null`
  mkdir "$d" 2>/dev/null || { echo "error cannot create $d"; exit 0; }
fi
trap 'rm -rf "$d"' 0
cat > "$d/c.c" <<'DISTPOOL_CALIBRATION_SOURCE_END'
@@SOURCE@@
DISTPOOL_CALIBRATION_SOURCE_END
cc=
for c in gcc cc clang; do
  save_ifs=$IFS; IFS=:
  for p in $PATH; do
    if [ -n "$p" ] && [ -f "$p/$c" ] && [ -x "$p/$c" ]; then cc=$p/$c; break; fi
  done
  IFS=$save_ifs
  [ -n "$cc" ] && break
done
[ -n "$cc" ] || { echo "error no C compiler (gcc, cc or clang) on PATH"; exit 0; }
echo "compiler $cc"
now() {
  t=`date +%s.%N 2>/dev/null`
  case $t in
    *[0-9].[0-9]*) ;;
    *) t=`perl -MTime::HiRes=time -e 'printf "%.6f\n", time' 2>/dev/null` ;;
  esac
  case $t in *[0-9].[0-9]*) echo "$t" ;; *) echo - ;; esac
}
for i in 1 2; do
  s=`now`
  if "$cc" -O2 -c -o "$d/c.o" "$d/c.c" 2>"$d/err"; then :; else
    echo "error $cc failed: `sed -n 1p "$d/err"`"; exit 0
  fi
  e=`now`
  echo "run $s $e"
done
