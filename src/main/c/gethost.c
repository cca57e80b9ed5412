/*
 * gethost COMMAND [ARGS...]: lease the best host from the distpool daemon and run COMMAND
 * (normally "distcc gcc ...") with distcc pointed at it, or locally when there is none.
 *
 * The native twin of io.distpool.gethost.GetHost, with the same options, messages, protocol
 * and exit statuses; ClientContractIT runs one test suite against both. It exists because
 * gethost runs once per compiled file: a JVM costs ~50 ms and ~35 MiB per job, this ~1 ms.
 *
 * A build never fails or hangs because of the scheduler: every failure to get a slot means
 * compiling locally. C99 and POSIX only, so it builds with the BSDs', macOS's and Solaris's cc.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "caller.h"
#include "child.h"
#include "classify.h"
#include "clock.h"
#include "compiler.h"
#include "directives.h"
#include "lease.h"
#include "options.h"
#include "paths.h"
#include "text.h"

/* The build passes -DDISTPOOL_VERSION='"x.y.z"' (a string literal) from the pom. */
#ifndef DISTPOOL_VERSION
#define DISTPOOL_VERSION "dev"
#endif

#define EXIT_USAGE 2

/*
 * A write to a daemon that went away must fail with EPIPE, not kill gethost and orphan the
 * job; MSG_NOSIGNAL would say that per call but is not portable. The child restores it.
 */
static void ignore_sigpipe(void)
{
    struct sigaction ignore;

    memset(&ignore, 0, sizeof ignore);
    ignore.sa_handler = SIG_IGN;
    sigemptyset(&ignore.sa_mask);
    sigaction(SIGPIPE, &ignore, NULL);
}

/*
 * Here when local (classify's reason) says so, else the lease to ask for (GetHost.request):
 * the command's compiler, when distcc's, and tags. *compiler_takes: whether that compiler
 * takes -fdirectives-only (0 when none was named).
 */
static struct placement place(const struct options *options, char *local, int *lease_fd,
                              int *compiler_takes)
{
    char *socket;
    static struct compiler compiler;
    struct lease_terms terms;

    *lease_fd = -1;
    *compiler_takes = 0;
    if (local != NULL) {
        return lease_local(local);
    }
    socket = paths_resolve_socket(options->socket, getenv("DISTPOOL_SOCKET"),
                                  getenv("XDG_RUNTIME_DIR"));
    terms.wait_ms = options->wait_ms;
    terms.compiler = classify_is_distcc(options->command)
            && compiler_identify(options->command, &compiler, compiler_takes)
        ? &compiler
        : NULL;
    terms.tags = options->tags;
    terms.user = caller_user();
    terms.client = caller_host();
    return lease_request(socket, &terms, lease_fd);
}

int main(int argc, char **argv)
{
    struct options options;
    struct placement placement;
    char *problem, **command;
    const char *source;
    int lease_fd, started, status, compiler_takes, directives_only;
    long long start;

    problem = options_parse(argc - 1, argv + 1, getenv("DISTPOOL_WAIT"), getenv("DISTPOOL_TAGS"),
                            &options);
    if (problem != NULL) {
        fprintf(stderr, "gethost: %s\n%s\n", problem, OPTIONS_USAGE);
        return EXIT_USAGE;
    }
    if (options.help) {
        printf("%s\n", OPTIONS_USAGE);
        return 0;
    }
    if (options.version) {
        printf("gethost (distpool) %s\n", DISTPOOL_VERSION);
        return 0;
    }
    ignore_sigpipe();
    placement = place(&options, classify(options.command, &source), &lease_fd, &compiler_takes);
    directives_only = directives_only_applies(&placement, options.command, source,
                                              compiler_takes, getenv("DISTPOOL_DIRECTIVES_ONLY"));
    command = directives_only ? directives_only_insert(options.command) : options.command;
    if (options.verbose) {
        if (placement.skipped != NULL) {
            fprintf(stderr, "gethost: %s\n", placement.skipped);
        }
        fprintf(stderr, "gethost: %s%s\n", placement.description,
                directives_only ? DIRECTIVES_ONLY_NOTE : "");
    }
    start = clock_ms();
    status = child_run(command, &placement, &started);
    if (!started) {
        return status;
    }
    if (!placement.remote || !classify_is_distcc(options.command)
        || !lease_not_compiled(status)) {
        lease_finish(lease_fd, status, clock_ms() - start, 0);
        return status;
    }
    /*
     * distcc could not use the host: free the slot, say so, and compile here instead, with the
     * command as it was given (-fdirectives-only only pays where another machine compiles).
     */
    lease_finish(lease_fd, status, clock_ms() - start, lease_host_fault(status));
    placement = lease_local(text_format("distcc exited %d on %s", status, placement.description));
    if (options.verbose) {
        fprintf(stderr, "gethost: %s\n", placement.description);
    }
    return child_run(options.command, &placement, &started);
}
