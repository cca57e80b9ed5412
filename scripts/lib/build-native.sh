#!/bin/sh
# Builds the native gethost when a C compiler is present; without one it says so and
# succeeds, and scripts/gethost keeps running the Java client. Called by `mvn package`.
#   build-native.sh SOURCE_DIR OUTPUT VERSION
# The compiler is $CC when set (it may carry flags, e.g. "ccache gcc"), else the first of
# cc, gcc, clang. A compiler that is present but cannot build the sources fails the build:
# that is a bug to see, not to hide.
set -e
src=$1 out=$2 version=$3

if [ -n "$CC" ]; then
  compiler=$CC
  set -- $CC
  command -v "$1" >/dev/null 2>&1 || compiler=
else
  compiler=
  for candidate in cc gcc clang; do
    if command -v $candidate >/dev/null 2>&1; then compiler=$candidate; break; fi
  done
fi
if [ -z "$compiler" ]; then
  echo "No C compiler (${CC:-cc, gcc or clang}) found: skipped the native gethost; scripts/gethost uses the Java client."
  exit 0
fi

# gcc and clang take the strict flags; other cc's (Solaris Studio, old ones) get plain ones.
strict="-std=c99 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -pedantic -O2"
plain="-D_POSIX_C_SOURCE=200809L -O"
# Solaris keeps sockets out of libc (before 11.4).
libs=
[ "`uname -s`" = SunOS ] && libs="-lsocket -lnsl"

mkdir -p "`dirname "$out"`"
log=$out.log
for flags in "$strict" "$plain"; do
  # shellcheck disable=SC2086 # $compiler, $flags and $libs are word lists on purpose
  if $compiler $flags "-DDISTPOOL_VERSION=\"$version\"" -o "$out.tmp" "$src"/*.c $libs \
      >"$log.$$" 2>&1; then
    # Warnings (there should be none) are shown, not hidden.
    cat "$log.$$" >&2
    rm -f "$log.$$" "$log"
    mv -f "$out.tmp" "$out"
    echo "Built the native gethost with $compiler: $out"
    exit 0
  fi
  [ "$flags" = "$strict" ] && mv -f "$log.$$" "$log"
done
echo "cannot build the native gethost with $compiler; its messages with $strict:" >&2
cat "$log" >&2
rm -f "$log.$$" "$out.tmp"
exit 1
