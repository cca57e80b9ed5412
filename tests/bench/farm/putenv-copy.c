/*
 * putenv-copy.so: LD_PRELOADed into DMUCS's gethost by tests/bench/farm/run.
 *
 * Debian's dmucs 0.6.1 gethost calls putenv(tmp.str().c_str()) for DISTCC_HOSTS: the string
 * belongs to a temporary std::string that is freed at once, so by the time gethost runs distcc
 * the environment entry points at reused memory and distcc finds no DISTCC_HOSTS (it then falls
 * back to /etc/distcc/hosts). This putenv hands the C library a copy of its argument, which is
 * what the program meant; nothing else changes.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>

int putenv(char *string) {
  static int (*real)(char *);
  if (!real) real = (int (*)(char *)) dlsym(RTLD_NEXT, "putenv");
  char *copy = strdup(string);
  return copy && real ? real(copy) : -1;
}
