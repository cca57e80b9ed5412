/*
 * Where the job runs (Placement.java) and the lease that sends it there (LeaseClient.java).
 * The connection is the lease: it stays open while the command runs, and its closing, by exit
 * or by kill, frees the slot.
 */
#ifndef GETHOST_LEASE_H
#define GETHOST_LEASE_H

#include "codec.h"

struct placement {
    int remote;
    const char *distcc_hosts;  /* DISTCC_HOSTS for the command */
    const char *distcc_ssh;    /* DISTCC_SSH; remote only, NULL: leave it as it is */
    const char *description;   /* for -v: the host and why, or why locally */
    const char *skipped;       /* for -v: why the shared daemon was passed over, or NULL */
};

/* distcc compiles on this machine: DISTCC_HOSTS=localhost/N. */
struct placement lease_local(const char *why);

/*
 * Asks for a slot on the terms given, waiting at most terms->wait_ms for one: first the shared
 * daemon, when "shared.socket" exists next to socket (the forward distpool connect keeps),
 * then the daemon at socket; the first that answers decides. Never fails: whatever goes wrong
 * means compiling locally. On a grant, *fd is the open lease, else -1.
 */
struct placement lease_request(const char *socket, const struct lease_terms *terms, int *fd);

/*
 * Tells the daemon how the job ended (best effort), then closes the lease. fd may be -1.
 * host_fault: the job never got to the host (DistccExit.java), so the daemon backs off from it.
 */
void lease_finish(int fd, int exit_status, long long elapsed_ms, int host_fault);

/* distcc's own exit statuses (100-118): it gave up before a compiler ran on the host. */
int lease_not_compiled(int status);

/* Of those, the ones the host or the way to it is to blame for (not 101 or 111). */
int lease_host_fault(int status);

/* Puts the placement's variables into this process's environment (the child, before exec). */
void lease_apply(const struct placement *placement);

#endif
