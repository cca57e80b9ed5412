# Shared by scripts/test and scripts/demo: make sure the tools distpool's tests and demo use
# are present, installing the missing ones with apt-get when running as root.

missing_packages() {
  need=""
  [ -x /usr/sbin/sshd ] || need="$need openssh-server"
  command -v ssh >/dev/null 2>&1 && command -v ssh-keygen >/dev/null 2>&1 \
    || need="$need openssh-client"
  command -v distcc >/dev/null 2>&1 && command -v distccd >/dev/null 2>&1 || need="$need distcc"
  command -v gcc >/dev/null 2>&1 || need="$need gcc"
  command -v make >/dev/null 2>&1 || need="$need make"
  command -v java >/dev/null 2>&1 || need="$need default-jdk-headless"
  command -v mvn >/dev/null 2>&1 || need="$need maven"
  command -v unshare >/dev/null 2>&1 || need="$need util-linux"
  # The probe script is tested under BusyBox's sh and applets too.
  [ -x /usr/bin/busybox ] || need="$need busybox"
  # ... and under mksh, a Korn shell like the /bin/sh of some BSDs and AIX.
  command -v mksh >/dev/null 2>&1 || need="$need mksh"
  echo $need
}

require_packages() {
  need=`missing_packages`
  [ -z "$need" ] && return 0
  if [ "`id -u`" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing:$need" >&2
    DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q $need >/dev/null
  else
    echo "please install:$need (e.g. sudo apt-get install$need)" >&2
    exit 1
  fi
}

build_jar() {
  if [ ! -f target/distpool.jar ] || [ -n "`find src pom.xml -newer target/distpool.jar -print | head -1`" ]; then
    echo "building distpool (mvn package)..." >&2
    mvn -B -q -ntp package -DskipTests
  fi
}
