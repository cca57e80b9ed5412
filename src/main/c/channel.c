#include "channel.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "text.h"

static int fail(char **problem, const char *message)
{
    *problem = text_format("%s", message);
    return -1;
}

static int set_flag(int fd, int get, int set, int flag, int on)
{
    int flags = fcntl(fd, get);
    if (flags == -1) {
        return -1;
    }
    /* Success is "anything but -1" for F_SETFD and F_SETFL. */
    return fcntl(fd, set, on ? flags | flag : flags & ~flag) == -1 ? -1 : 0;
}

/* poll() for one event until deadline; 1 ready, 0 timed out, -1 error. Retries on EINTR. */
static int await(int fd, short event, long long deadline)
{
    struct pollfd entry;

    for (;;) {
        long long left = deadline - clock_ms();
        int ready;
        if (left <= 0) {
            return 0;
        }
        entry.fd = fd;
        entry.events = event;
        entry.revents = 0;
        ready = poll(&entry, 1, left > INT_MAX ? INT_MAX : (int)left);
        if (ready != 0 && !(ready < 0 && errno == EINTR)) {
            return ready > 0 ? 1 : -1;
        }
    }
}

static void pause_briefly(void)
{
    struct timespec pause = { 0, 10 * 1000 * 1000 };
    nanosleep(&pause, NULL);
}

/*
 * A non-blocking connect, so that even a daemon whose accept queue is full cannot stall us
 * past the deadline: Linux answers EAGAIN then, so try again shortly; others may say
 * EINPROGRESS, so wait for the outcome.
 */
static int connect_before(int fd, const struct sockaddr_un *address, long long deadline,
                          char **problem)
{
    int error = 0;
    socklen_t length = sizeof error;

    while (connect(fd, (const struct sockaddr *)address, sizeof *address) != 0) {
        if (errno == EAGAIN) {
            if (clock_ms() >= deadline) {
                return fail(problem, strerror(EAGAIN));
            }
            pause_briefly();
            continue;
        }
        if (errno != EINPROGRESS && errno != EINTR) {
            return fail(problem, strerror(errno));
        }
        switch (await(fd, POLLOUT, deadline)) {
        case 0:
            return fail(problem, strerror(ETIMEDOUT));
        case -1:
            return fail(problem, strerror(errno));
        }
        if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0) {
            return fail(problem, strerror(errno));
        }
        return error == 0 ? 0 : fail(problem, strerror(error));
    }
    return 0;
}

int channel_connect(const char *path, long timeout_ms, char **problem)
{
    struct sockaddr_un address;
    size_t length = strlen(path);
    int fd;

    if (length > CHANNEL_MAX_PATH_BYTES || length >= sizeof address.sun_path) {
        return fail(problem, "Unix domain path too long");
    }
    memset(&address, 0, sizeof address);
    address.sun_family = AF_UNIX;
    memcpy(address.sun_path, path, length + 1);

    /* No SOCK_CLOEXEC: it is not everywhere. Nothing runs between socket() and fcntl(). */
    fd = socket(AF_UNIX, SOCK_STREAM, 0);
    if (fd < 0) {
        return fail(problem, strerror(errno));
    }
    if (set_flag(fd, F_GETFD, F_SETFD, FD_CLOEXEC, 1) != 0
        || set_flag(fd, F_GETFL, F_SETFL, O_NONBLOCK, 1) != 0) {
        fail(problem, strerror(errno));
    } else if (connect_before(fd, &address, clock_ms() + timeout_ms, problem) == 0
               && set_flag(fd, F_GETFL, F_SETFL, O_NONBLOCK, 0) == 0) {
        /* Blocking from here on: reads only follow poll(), and the lines we write are tiny. */
        return fd;
    }
    close(fd);
    return -1;
}

int channel_send(int fd, const char *line, char **problem)
{
    char *text = text_format("%s\n", line);
    size_t length = strlen(text), sent = 0;

    while (sent < length) {
        ssize_t n = write(fd, text + sent, length - sent);
        if (n < 0 && errno != EINTR) {
            free(text);
            /* EPIPE, not SIGPIPE: gethost ignores SIGPIPE since MSG_NOSIGNAL is not portable. */
            return fail(problem, strerror(errno));
        }
        sent += n > 0 ? (size_t)n : 0;
    }
    free(text);
    return 0;
}

/* Bytes read so far; a line ends at the first newline. */
struct pending {
    char *data;
    size_t length;
};

/* Reads once into pending; 1 read something, 0 end of stream, -1 error (with *problem). */
static int read_more(int fd, struct pending *pending, char **problem)
{
    char chunk[8192];
    ssize_t n;
    char *grown;

    do {
        n = read(fd, chunk, sizeof chunk);
    } while (n < 0 && errno == EINTR);
    if (n <= 0) {
        return n == 0 ? 0 : fail(problem, strerror(errno));
    }
    if (pending->length + (size_t)n > (size_t)CHANNEL_MAX_LINE) {
        *problem = text_format("answer longer than %ld bytes", CHANNEL_MAX_LINE);
        return -1;
    }
    grown = realloc(pending->data, pending->length + (size_t)n);
    if (grown == NULL) {
        return fail(problem, "out of memory");
    }
    memcpy(grown + pending->length, chunk, (size_t)n);
    pending->data = grown;
    pending->length += (size_t)n;
    return 1;
}

char *channel_read_line(int fd, long timeout_ms, char **problem)
{
    struct pending pending = { NULL, 0 };
    long long deadline = clock_ms() + timeout_ms;
    char *line = NULL, *newline;

    for (;;) {
        int ready;
        newline = pending.length == 0 ? NULL : memchr(pending.data, '\n', pending.length);
        if (newline != NULL) {
            line = text_copy(pending.data, (size_t)(newline - pending.data));
            break;
        }
        ready = await(fd, POLLIN, deadline);
        if (ready == 0) {
            *problem = text_format("no answer within %ld ms", timeout_ms);
            break;
        }
        if (ready < 0) {
            fail(problem, strerror(errno));
            break;
        }
        ready = read_more(fd, &pending, problem);
        if (ready == 0) {
            fail(problem, "the daemon closed the connection");
        }
        if (ready <= 0) {
            break;
        }
    }
    free(pending.data);
    return line;
}
