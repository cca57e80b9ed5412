/*
 * burn: background CPU load for a farm host. "burn C" wants C core-seconds of CPU per second
 * of wall time (C <= 1: one thread): in every period (a random 0.2-0.6 s, so that the feeder's
 * 5-second load samples do not lock onto its phase) it spins until its own CPU time has grown
 * by C * period, then sleeps to the end of the period. C >= 1 spins without pause. Inside a
 * cgroup whose quota is Q cores it progresses at Q while it runs, so it is runnable C / Q of the
 * time: the load a task needing C/Q of a machine of speed Q puts on that machine. When the host
 * is busier and it gets less than it wants, it stays runnable for the whole period (like a
 * service falling behind) and carries no debt into the next one.
 * Built by tests/bench/farm/run with the system's cc; no dependencies.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(clockid_t clock) {
  struct timespec t;
  clock_gettime(clock, &t);
  return t.tv_sec + t.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: burn FRACTION_OF_A_CORE\n");
    return 2;
  }
  double fraction = atof(argv[1]);
  if (!(fraction > 0)) {
    fprintf(stderr, "burn: bad fraction %s\n", argv[1]);
    return 2;
  }
  volatile unsigned long sink = 0;
  if (fraction >= 1) {
    for (;;) sink++;
  }
  srand((unsigned) (now(CLOCK_MONOTONIC) * 1e6));
  for (;;) {
    double period = 0.2 + 0.4 * rand() / (double) RAND_MAX;
    double start = now(CLOCK_MONOTONIC);
    double cpu0 = now(CLOCK_THREAD_CPUTIME_ID);
    while (now(CLOCK_THREAD_CPUTIME_ID) - cpu0 < fraction * period
           && now(CLOCK_MONOTONIC) - start < period) {
      for (int i = 0; i < 10000; i++) sink++;
    }
    double left = start + period - now(CLOCK_MONOTONIC);
    if (left > 0) {
      struct timespec t = {0, (long) (left * 1e9)};
      nanosleep(&t, NULL);
    }
  }
}
