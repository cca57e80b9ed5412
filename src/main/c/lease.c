#include "lease.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "channel.h"
#include "paths.h"
#include "text.h"

/* How much longer than the wait itself the daemon gets to answer. */
#define GRACE_MS 2000L

/*
 * distcc's default limit for localhost is 2 and it polls its lock once a second, so make -j24
 * falling back locally would compile two at a time: the limit is max(64, 2 x online CPUs), so
 * only make's -j limits (Placement.localHosts() in the Java client).
 */
static const char *local_hosts(void)
{
#ifdef _SC_NPROCESSORS_ONLN
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
#else
    long cpus = 1; /* not in POSIX; every system distcc runs on has it */
#endif
    long limit = cpus > 32 ? 2 * cpus : 64;
    return text_format("localhost/%ld", limit);
}

struct placement lease_local(const char *why)
{
    struct placement local = { 0, NULL, NULL, NULL, NULL };
    local.distcc_hosts = local_hosts();
    local.description = text_format("local: %s", why);
    return local;
}

static struct placement remote(const struct answer *grant)
{
    struct placement placement = { 1, NULL, NULL, NULL, NULL };
    placement.distcc_hosts = grant->hosts;
    placement.distcc_ssh = grant->ssh;
    placement.description = text_format("%s (DISTCC_HOSTS=%s)", grant->host, grant->hosts);
    return placement;
}

/* NULL when the socket's directory may be trusted, else the reason to compile locally. */
static char *refuse_directory(const char *socket)
{
    char *directory = paths_parent(socket), *problem = NULL;

    switch (paths_check_directory(directory, &problem)) {
    case DIRECTORY_SAFE:
        return NULL;
    case DIRECTORY_MISSING:
        return text_format("no daemon (%s does not exist)", directory);
    case DIRECTORY_UNSAFE:
        break;
    }
    return text_format("not using the socket: %s", problem);
}

/* Connects, asks, reads the answer line; NULL with *problem when any step fails. */
static char *ask(const char *socket, const struct lease_terms *terms, int *fd, char **problem)
{
    long wait_ms = terms->wait_ms;
    char *line;

    *fd = channel_connect(socket, wait_ms + GRACE_MS, problem);
    if (*fd < 0) {
        return NULL;
    }
    line = channel_send(*fd, codec_encode_lease(terms), problem) == 0
        ? channel_read_line(*fd, wait_ms + GRACE_MS, problem)
        : NULL;
    if (line == NULL) {
        close(*fd);
        *fd = -1;
    }
    return line;
}

/* The daemon's answer as a placement; 0 when it gave none (*problem says why), else 1. */
static int answer_from(const char *socket, const struct lease_terms *terms, int *fd,
                       struct placement *placement, char **problem)
{
    char *line = ask(socket, terms, fd, problem);
    struct answer answer;

    if (line == NULL) {
        return 0;
    }
    codec_decode_answer(line, &answer);
    if (answer.kind == ANSWER_GRANT) {
        *placement = remote(&answer);
        return 1;
    }
    /* No slot: hold nothing while the command runs here. */
    close(*fd);
    *fd = -1;
    switch (answer.kind) {
    case ANSWER_LOCAL:
        *placement = lease_local(answer.text);
        return 1;
    case ANSWER_OTHER:
        *placement = lease_local(
            text_format("unexpected answer from the daemon: %s", answer.text));
        return 1;
    case ANSWER_GRANT:
    case ANSWER_INVALID:
        break;
    }
    *problem = answer.text;
    return 0;
}

/*
 * The shared daemon's placement. Its ssh= names a program on the daemon's machine, not this
 * one (where another user could have put something at that path), so DISTCC_SSH is left as
 * the caller has it: distcc's default ssh, with the user's own ssh configuration.
 */
static struct placement via_shared(struct placement placement, const char *shared)
{
    placement.distcc_ssh = NULL;
    placement.description = text_format("%s via %s", placement.description, shared);
    return placement;
}

struct placement lease_request(const char *socket, const struct lease_terms *terms, int *fd)
{
    char *why = refuse_directory(socket), *problem = NULL, *skipped = NULL;
    char *shared = text_format("%s/shared.socket", paths_parent(socket));
    struct placement placement;
    struct stat status;

    *fd = -1;
    if (why != NULL) {
        return lease_local(why);
    }
    if (lstat(shared, &status) == 0) {
        if (answer_from(shared, terms, fd, &placement, &problem)) {
            return via_shared(placement, shared);
        }
        skipped = text_format("no answer from the shared daemon at %s (%s)", shared, problem);
    }
    if (!answer_from(socket, terms, fd, &placement, &problem)) {
        placement = lease_local(
            text_format("no answer from the daemon at %s (%s)", socket, problem));
    }
    placement.skipped = skipped;
    return placement;
}

void lease_finish(int fd, int exit_status, long long elapsed_ms, int host_fault)
{
    char *problem = NULL;

    if (fd < 0) {
        return;
    }
    /* A daemon that went away during the job leaves nothing to report to; that is fine. */
    channel_send(fd,
                 text_format("DONE exit=%d ms=%lld%s", exit_status, elapsed_ms,
                             host_fault ? " fault=host" : ""),
                 &problem);
    close(fd);
}

int lease_not_compiled(int status)
{
    return status >= 100 && status <= 118;
}

int lease_host_fault(int status)
{
    /* 101: bad arguments; 111: distcc called itself. Neither is the host's fault. */
    return lease_not_compiled(status) && status != 101 && status != 111;
}

void lease_apply(const struct placement *placement)
{
    setenv("DISTCC_HOSTS", placement->distcc_hosts, 1);
    if (placement->remote) {
        if (placement->distcc_ssh != NULL) {
            setenv("DISTCC_SSH", placement->distcc_ssh, 1);
        }
        /*
         * When the host cannot be used, distcc exits (no fallback of its own) so that gethost
         * tells the daemon, which backs off from the host for every client, and compiles here.
         * distcc's per-user backoff is cut to a second: a transport failure would otherwise make
         * every later job of this user skip the host for a minute, silently wasting leased
         * slots; with no backoff at all distcc retries a failing host forever. A compile error
         * is the source's: distcc shows the host's messages and exits with the compiler's status
         * (DISTCC_SKIP_LOCAL_RETRY) instead of retrying here, warning that it "failed to
         * distribute" and backing off from a good host: the next job there would exit 116 (no
         * hosts), which is what distcc 3.4 also says after a transport failure to its one host.
         */
        setenv("DISTCC_FALLBACK", "0", 1);
        setenv("DISTCC_BACKOFF_PERIOD", "1", 1);
        setenv("DISTCC_SKIP_LOCAL_RETRY", "1", 1);
    }
}
