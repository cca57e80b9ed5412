/*
 * Runs the command with the placement's environment and waits for it, passing on SIGINT,
 * SIGTERM and SIGHUP (port of ChildProcess.java).
 */
#ifndef GETHOST_CHILD_H
#define GETHOST_CHILD_H

#include "lease.h"

/* Exit status when the command cannot be run, as for a shell's "command not found". */
#define CHILD_CANNOT_RUN 127

/*
 * Runs command (NULL-terminated) and returns its exit status the way a shell reports it:
 * 128 + signal when killed; 127 when it cannot be run. *started is 0 when no child was
 * made at all (fork failed), so there is no job to report.
 */
int child_run(char **command, const struct placement *placement, int *started);

#endif
