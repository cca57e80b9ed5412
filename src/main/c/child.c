#include "child.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static const int FORWARDED[] = { SIGINT, SIGTERM, SIGHUP };
#define FORWARDED_COUNT ((int)(sizeof FORWARDED / sizeof FORWARDED[0]))

/*
 * Written only while the forwarded signals are blocked, so the handler never sees it half
 * written even though pid_t need not be a sig_atomic_t.
 */
static volatile pid_t child_pid = 0;

static void forward(int signal_number)
{
    int saved_errno = errno;
    if (child_pid > 0) {
        kill(child_pid, signal_number);
    }
    errno = saved_errno;
}

/*
 * Dispositions found at start, restored in the child. A signal that was ignored (nohup, a
 * background job of a non-interactive shell) stays ignored and is not forwarded, as the JVM
 * does too.
 */
struct saved_signals {
    sigset_t mask;
    struct sigaction actions[FORWARDED_COUNT];
    struct sigaction child_exit;
};

static void block_forwarded(sigset_t *old_mask)
{
    sigset_t forwarded;
    int i;

    sigemptyset(&forwarded);
    for (i = 0; i < FORWARDED_COUNT; i++) {
        sigaddset(&forwarded, FORWARDED[i]);
    }
    sigprocmask(SIG_BLOCK, &forwarded, old_mask);
}

/*
 * Handlers go in before the child starts, with the signals blocked until its pid is known:
 * a signal in between must not kill us, leaving the child running without anyone to report
 * its status. The kernel keeps it pending and it is forwarded right after the fork.
 */
static void install_forwarding(struct saved_signals *saved)
{
    struct sigaction action;
    int i;

    block_forwarded(&saved->mask);
    memset(&action, 0, sizeof action);
    action.sa_handler = forward;
    sigemptyset(&action.sa_mask);
    for (i = 0; i < FORWARDED_COUNT; i++) {
        sigaction(FORWARDED[i], NULL, &saved->actions[i]);
        if (saved->actions[i].sa_handler != SIG_IGN) {
            sigaction(FORWARDED[i], &action, NULL);
        }
    }
    /* A SIGCHLD ignored by whoever started us would reap the child before waitpid sees it. */
    action.sa_handler = SIG_DFL;
    sigaction(SIGCHLD, &action, &saved->child_exit);
}

static void restore_signals(const struct saved_signals *saved)
{
    int i;
    for (i = 0; i < FORWARDED_COUNT; i++) {
        sigaction(FORWARDED[i], &saved->actions[i], NULL);
    }
    sigaction(SIGCHLD, &saved->child_exit, NULL);
    sigprocmask(SIG_SETMASK, &saved->mask, NULL);
}

/* In the child: the command gets the signal state gethost found, and its placement. */
static void exec_command(char **command, const struct placement *placement,
                         const struct saved_signals *saved)
{
    struct sigaction default_action;

    /* gethost ignores SIGPIPE for its socket; a command expects the default. */
    memset(&default_action, 0, sizeof default_action);
    default_action.sa_handler = SIG_DFL;
    sigemptyset(&default_action.sa_mask);
    sigaction(SIGPIPE, &default_action, NULL);
    restore_signals(saved);
    lease_apply(placement);
    execvp(command[0], command);
    fprintf(stderr, "gethost: cannot run %s: %s\n", command[0], strerror(errno));
    _exit(CHILD_CANNOT_RUN);
}

static int wait_for(pid_t pid)
{
    int status;

    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            return CHILD_CANNOT_RUN;
        }
    }
    if (WIFSIGNALED(status)) {
        return 128 + WTERMSIG(status);
    }
    return WEXITSTATUS(status);
}

int child_run(char **command, const struct placement *placement, int *started)
{
    struct saved_signals saved;
    sigset_t blocked;
    pid_t pid;
    int status;

    install_forwarding(&saved);
    fflush(NULL); /* nothing buffered may be written twice */
    pid = fork();
    if (pid == 0) {
        exec_command(command, placement, &saved);
    }
    *started = pid > 0;
    if (pid < 0) {
        fprintf(stderr, "gethost: cannot run %s: %s\n", command[0], strerror(errno));
        restore_signals(&saved);
        return CHILD_CANNOT_RUN;
    }
    child_pid = pid;
    sigprocmask(SIG_SETMASK, &saved.mask, NULL); /* pending signals are forwarded now */
    status = wait_for(pid);
    /* The pid is free for reuse once reaped: stop forwarding before anything else. */
    block_forwarded(&blocked);
    child_pid = 0;
    return status;
}
