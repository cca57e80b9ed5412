/*
 * Which compiler a distcc command runs: found on PATH like CompilerIdentity.resolve, named by
 * a line of the cache shared with the Java client, or asked once and then remembered there.
 * Every step mirrors CompilerIdentity.java, so both clients send the same LEASE line, make the
 * same -fdirectives-only decision and each reads the other's cache lines; where Java's library
 * decides a detail (how a line ends, what strip() trims), the comment says which.
 */
#include "compiler.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "classify.h"
#include "clock.h"
#include "paths.h"
#include "text.h"

#define CACHE_FILE "compilers"
/* Lines the cache keeps: the newest, so it stays one small read. */
#define CACHE_LINES 64
/* Longest a compiler may take to answer one question before it is killed. */
#define ASK_LIMIT_MS 10000L
/* Bytes of an answer kept; a first line longer than this counts as no answer. */
#define ANSWER_LIMIT 65536
/* Defined on the command line of the -fdirectives-only question (CompilerIdentity.PROBE_MACRO). */
#define PROBE_MACRO "DISTPOOL_DIRECTIVES_ONLY_PROBE"
/* Bytes of output that question may have (PROBE_OUTPUT_LIMIT); gcc 12's are 23 kB. */
#define PROBE_LIMIT 1048576
/* Exit status of a child that could not run the program, as a shell's. */
#define CANNOT_RUN 127

/* Bytes that need not end in NUL: cache lines may hold any byte. */
struct span {
    const char *start;
    size_t length;
};

struct buffer {
    char *data;
    size_t length;
};

/* What gethost found for SIGCHLD; the compiler gets it back. */
static struct sigaction found_child_exit;

const char *compiler_word(char *const *command)
{
    const char *word;

    if (command[0] == NULL || command[1] == NULL) {
        return NULL;
    }
    word = command[1];
    return classify_names_compiler(word) ? word : "cc";
}

/* Nothing gethost opens may leak into the compiler it asks, nor into the command. */
static int close_on_exec(int fd)
{
    int flags;

    if (fd >= 0 && (flags = fcntl(fd, F_GETFD)) != -1) {
        fcntl(fd, F_SETFD, flags | FD_CLOEXEC);
    }
    return fd;
}

static int open_private(const char *path, int flags)
{
#ifdef O_CLOEXEC
    return open(path, flags | O_CLOEXEC);
#else
    return close_on_exec(open(path, flags));
#endif
}

/* Files.isRegularFile and Files.isExecutable, both following links. */
static int executable_file(const char *path, struct stat *status)
{
    return stat(path, status) == 0 && S_ISREG(status->st_mode) && access(path, X_OK) == 0;
}

/*
 * CompilerIdentity.resolve: a word with a slash is taken as it is, made absolute; any other is
 * the first executable regular file of that name in search_path, an empty entry meaning the
 * working directory. The entries are those of Java's searchPath.split(":"), which drops
 * empty ones at the end: "/usr/bin:" is /usr/bin alone. *status is the file's.
 */
static char *resolve(const char *word, const char *search_path, struct stat *status)
{
    const char *end, *start, *colon;
    char *path;

    if (strchr(word, '/') != NULL) {
        path = paths_absolute(word);
        /* Java asks only for execute permission here; a directory fails later, when run. */
        if (access(path, X_OK) == 0 && stat(path, status) == 0) {
            return path;
        }
        free(path);
        return NULL;
    }
    if (search_path == NULL) {
        return NULL;
    }
    end = search_path + strlen(search_path);
    if (strchr(search_path, ':') != NULL) {
        while (end > search_path && end[-1] == ':') {
            end--;
        }
        if (end == search_path) {
            return NULL;
        }
    }
    for (start = search_path;; start = colon + 1) {
        char *joined;
        for (colon = start; colon < end && *colon != ':'; colon++) {
        }
        joined = colon == start ? text_format("./%s", word)
                                : text_format("%.*s/%s", (int)(colon - start), start, word);
        path = paths_absolute(joined);
        free(joined);
        if (executable_file(path, status)) {
            return path;
        }
        free(path);
        if (colon == end) {
            return NULL;
        }
    }
}

/*
 * BasicFileAttributes.lastModifiedTime().toMillis(), to the millisecond Java reports, or the
 * cache keys of the two clients would differ: nanoseconds since the epoch divided by 10^6,
 * truncated toward zero (as C99's / is), counted in microseconds when they overflow a long.
 */
static long long modified_ms(const struct stat *status)
{
    long long seconds, nanos;

#if defined(__APPLE__)
#if !defined(_POSIX_C_SOURCE) || defined(_DARWIN_C_SOURCE)
    seconds = (long long)status->st_mtimespec.tv_sec;
    nanos = (long long)status->st_mtimespec.tv_nsec;
#else
    seconds = (long long)status->st_mtime;
    nanos = (long long)status->st_mtimensec;
#endif
#elif defined(_POSIX_VERSION) && _POSIX_VERSION >= 200809L
    seconds = (long long)status->st_mtim.tv_sec;
    nanos = (long long)status->st_mtim.tv_nsec;
#else
    /* No sub-second times in struct stat here; Java's key may then differ (a miss, no more). */
    seconds = (long long)status->st_mtime;
    nanos = 0;
#endif
    if (nanos == 0) {
        /* FileTime.from(seconds, SECONDS): toMillis() saturates. */
        return seconds > LLONG_MAX / 1000 ? LLONG_MAX
             : seconds < LLONG_MIN / 1000 ? LLONG_MIN
             : seconds * 1000;
    }
    if (seconds <= LLONG_MAX / 1000000000 && seconds >= LLONG_MIN / 1000000000
        && seconds * 1000000000 <= LLONG_MAX - nanos) {
        return (seconds * 1000000000 + nanos) / 1000000;
    }
    return (seconds * 1000000 + nanos / 1000) / 1000;
}

/*
 * CompilerIdentity.cacheDirectory: $XDG_CACHE_HOME/distpool when that is absolute, else
 * $HOME/.cache/distpool, with the passwd entry's home when $HOME is not absolute either.
 */
static char *cache_directory(void)
{
    const char *cache = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
    struct passwd *entry;

    if (cache != NULL && cache[0] == '/') {
        return text_format("%s/distpool", cache);
    }
    if (home == NULL || home[0] != '/') {
        entry = getpwuid(getuid());
        if (entry == NULL || entry->pw_dir == NULL) {
            return NULL;
        }
        home = entry->pw_dir;
    }
    return text_format("%s/.cache/distpool", home);
}

/*
 * The whole file: 1 read, 0 when it is no regular file (so no cache yet, as Java's
 * Files.isRegularFile says), -1 when it cannot be read.
 */
static int read_cache(const char *path, struct buffer *out)
{
    struct stat status;
    size_t capacity;
    ssize_t n;
    int fd;

    out->data = NULL;
    out->length = 0;
    if (stat(path, &status) != 0 || !S_ISREG(status.st_mode)) {
        return 0;
    }
    fd = open_private(path, O_RDONLY);
    if (fd < 0) {
        return -1;
    }
    /* Its size now, and one byte to see the end; more if it grows meanwhile. */
    capacity = status.st_size > 0 && (unsigned long long)status.st_size < (size_t)-1 / 2
        ? (size_t)status.st_size + 1
        : 4096;
    out->data = malloc(capacity);
    while (out->data != NULL) {
        if (out->length == capacity) {
            char *grown = capacity > (size_t)-1 / 4 ? NULL : realloc(out->data, capacity * 2);
            if (grown == NULL) {
                break;
            }
            out->data = grown;
            capacity *= 2;
        }
        n = read(fd, out->data + out->length, capacity - out->length);
        if (n == 0) {
            close(fd);
            return 1;
        }
        if (n < 0 && errno != EINTR) {
            break;
        }
        out->length += n > 0 ? (size_t)n : 0;
    }
    close(fd);
    free(out->data);
    out->data = NULL;
    return -1;
}

/*
 * Whether text is well-formed UTF-8 as Java's decoder sees it (no overlong forms, surrogates
 * or code points past U+10FFFF): Files.readAllLines fails on anything else, and so the Java
 * client identifies no compiler while the cache holds such bytes; neither does this one.
 */
static int valid_utf8(const struct buffer *text)
{
    const unsigned char *s = (const unsigned char *)text->data;
    size_t n = text->length, i = 0, need, k;

    while (i < n) {
        unsigned char c = s[i], low = 0x80, high = 0xbf;
        if (c < 0x80) {
            i++;
            continue;
        }
        if (c >= 0xc2 && c <= 0xdf) {
            need = 1;
        } else if (c >= 0xe0 && c <= 0xef) {
            need = 2;
            low = c == 0xe0 ? 0xa0 : 0x80;
            high = c == 0xed ? 0x9f : 0xbf;
        } else if (c >= 0xf0 && c <= 0xf4) {
            need = 3;
            low = c == 0xf0 ? 0x90 : 0x80;
            high = c == 0xf4 ? 0x8f : 0xbf;
        } else {
            return 0;
        }
        if (n - i <= need || s[i + 1] < low || s[i + 1] > high) {
            return 0;
        }
        for (k = 2; k <= need; k++) {
            if ((s[i + k] & 0xc0) != 0x80) {
                return 0;
            }
        }
        i += need + 1;
    }
    return 1;
}

/* Files.readAllLines: lines end at "\n", "\r" or "\r\n"; a last line may lack its end. */
static struct span *split_lines(const struct buffer *text, size_t *count)
{
    size_t i, start = 0, most = 1;
    struct span *lines;

    for (i = 0; i < text->length; i++) {
        most += text->data[i] == '\n' || text->data[i] == '\r';
    }
    lines = text_allocate(most * sizeof *lines);
    *count = 0;
    for (i = 0; i < text->length; i++) {
        char c = text->data[i];
        if (c != '\n' && c != '\r') {
            continue;
        }
        lines[*count].start = text->data + start;
        lines[(*count)++].length = i - start;
        if (c == '\r' && i + 1 < text->length && text->data[i + 1] == '\n') {
            i++;
        }
        start = i + 1;
    }
    if (start < text->length) {
        lines[*count].start = text->data + start;
        lines[(*count)++].length = text->length - start;
    }
    return lines;
}

static int has_prefix(struct span line, const char *prefix)
{
    size_t length = strlen(prefix);
    return line.length >= length && memcmp(line.start, prefix, length) == 0;
}

static int span_is(struct span text, const char *word)
{
    return text.length == strlen(word) && memcmp(text.start, word, text.length) == 0;
}

/*
 * Java's rest.split("\t").length == 3, which drops empty fields at the end: exactly three
 * fields once trailing empty ones are gone, so the third is not empty; the others may be.
 */
static int three_fields(struct span rest, struct span fields[3])
{
    const char *end = rest.start + rest.length, *at = rest.start, *tab;
    int count = 0;

    for (;;) {
        tab = memchr(at, '\t', (size_t)(end - at));
        if (count == 3) {
            /* More is allowed only as empty fields: nothing but tabs. */
            for (; at < end; at++) {
                if (*at != '\t') {
                    return 0;
                }
            }
            break;
        }
        fields[count].start = at;
        fields[count++].length = (size_t)((tab == NULL ? end : tab) - at);
        if (tab == NULL) {
            break;
        }
        at = tab + 1;
    }
    return count == 3 && fields[2].length > 0;
}

/*
 * The first line that starts with key and a tab and has three fields after it, the last
 * "yes" or "no": 1 with target, version and whether the compiler takes -fdirectives-only, 0
 * when there is none (a line of an older gethost has two fields: the compiler is asked again),
 * -1 when it holds a NUL byte, which no C string can carry (Java would send it as %00; neither
 * client ever writes one).
 */
static int lookup(const struct span *lines, size_t count, const char *key, char **target,
                  char **version, int *directives_only)
{
    char *prefix = text_format("%s\t", key);
    struct span rest, fields[3];
    size_t i;

    for (i = 0; i < count; i++) {
        if (!has_prefix(lines[i], prefix)) {
            continue;
        }
        rest.start = lines[i].start + strlen(prefix);
        rest.length = lines[i].length - strlen(prefix);
        if (three_fields(rest, fields)
            && (span_is(fields[2], "yes") || span_is(fields[2], "no"))) {
            if (memchr(rest.start, '\0', rest.length) != NULL) {
                return -1;
            }
            *target = text_copy(fields[0].start, fields[0].length);
            *version = text_copy(fields[1].start, fields[1].length);
            *directives_only = span_is(fields[2], "yes");
            return 1;
        }
    }
    return 0;
}

/* mkdir -p, as Files.createDirectories: what exists must be a directory (or link to one). */
static int make_directories(const char *directory)
{
    char *path = text_copy(directory, strlen(directory)), *at;
    struct stat status;

    for (at = path + 1;; at++) {
        char saved = *at;
        if (saved != '/' && saved != '\0') {
            continue;
        }
        *at = '\0';
        if (mkdir(path, 0777) != 0 && (stat(path, &status) != 0 || !S_ISDIR(status.st_mode))) {
            free(path);
            return -1;
        }
        *at = saved;
        if (saved == '\0') {
            free(path);
            return 0;
        }
    }
}

static int write_all(int fd, const char *data, size_t length)
{
    while (length > 0) {
        ssize_t n = write(fd, data, length);
        if (n < 0 && errno != EINTR) {
            return -1;
        }
        if (n > 0) {
            data += n;
            length -= (size_t)n;
        }
    }
    return 0;
}

/*
 * CompilerIdentity.remember: adds line, dropping older lines for the same path and all but
 * the newest CACHE_LINES, and replaces the file whole (rename) so readers never see half.
 */
static int remember(const char *directory, const char *file, const char *path, const char *line)
{
    char *same_path = text_format("%s\t", path), *text, *write_at, *temp;
    struct buffer old;
    struct span *lines, *kept;
    size_t count, kept_count = 0, first, size = 0, i;
    int fd, written;

    if (make_directories(directory) != 0 || read_cache(file, &old) < 0 || !valid_utf8(&old)) {
        return -1;
    }
    lines = split_lines(&old, &count);
    kept = text_allocate((count + 1) * sizeof *kept);
    for (i = 0; i < count; i++) {
        if (!has_prefix(lines[i], same_path)) {
            kept[kept_count++] = lines[i];
        }
    }
    kept[kept_count].start = line;
    kept[kept_count++].length = strlen(line);
    first = kept_count > CACHE_LINES ? kept_count - CACHE_LINES : 0;
    for (i = first; i < kept_count; i++) {
        size += kept[i].length + 1;
    }
    text = write_at = text_allocate(size);
    for (i = first; i < kept_count; i++) {
        memcpy(write_at, kept[i].start, kept[i].length);
        write_at += kept[i].length;
        *write_at++ = '\n';
    }
    temp = text_format("%s/%s.XXXXXX", directory, CACHE_FILE);
    fd = close_on_exec(mkstemp(temp));
    if (fd < 0) {
        return -1;
    }
    written = write_all(fd, text, size) == 0;
    written = close(fd) == 0 && written;
    if (written && rename(temp, file) == 0) {
        return 0;
    }
    unlink(temp);
    return -1;
}

/* In the child: the signal dispositions a program expects. */
static void restore_child_signals(void)
{
    struct sigaction default_action;

    /* gethost ignores SIGPIPE for its socket; a program expects the default. */
    memset(&default_action, 0, sizeof default_action);
    default_action.sa_handler = SIG_DFL;
    sigemptyset(&default_action.sa_mask);
    sigaction(SIGPIPE, &default_action, NULL);
    sigaction(SIGCHLD, &found_child_exit, NULL);
}

/*
 * In the child: the program, with stdin from /dev/null, stdout into out_fd, and stderr into
 * out_fd too when merge_stderr, else into /dev/null.
 */
static void run_child(char *const *argv, int out_fd, int merge_stderr)
{
    int null_fd;

    restore_child_signals();
    if (out_fd <= STDERR_FILENO) {
        /* gethost was started with one of them closed: move the pipe clear of the dup2s. */
        out_fd = fcntl(out_fd, F_DUPFD, STDERR_FILENO + 1);
    }
    /* null_fd may be 1 or 2 itself (closed at start), so stdout, which it may be, comes last. */
    null_fd = open("/dev/null", O_RDWR);
    if (out_fd < 0 || null_fd < 0 || dup2(null_fd, STDIN_FILENO) < 0
        || dup2(merge_stderr ? out_fd : null_fd, STDERR_FILENO) < 0
        || dup2(out_fd, STDOUT_FILENO) < 0) {
        _exit(CANNOT_RUN);
    }
    if (null_fd > STDERR_FILENO) {
        close(null_fd);
    }
    /* execvp, not execv: like Java's ProcessBuilder, it runs a script without #! by sh. */
    execvp(argv[0], argv);
    _exit(CANNOT_RUN);
}

/* What a program printed: up to limit bytes, and whether there was more. */
struct output {
    char *data;
    size_t length;
    size_t limit;
    int truncated;
};

/* Reads fd to its end; 1 at the end, 0 when the deadline passed first or reading failed. */
static int read_answer(int fd, long long deadline, struct output *out)
{
    char chunk[4096];

    for (;;) {
        struct pollfd entry;
        long long left = deadline - clock_ms();
        ssize_t n;
        size_t keep;
        int ready;

        if (left <= 0) {
            return 0;
        }
        entry.fd = fd;
        entry.events = POLLIN;
        entry.revents = 0;
        ready = poll(&entry, 1, left > INT_MAX ? INT_MAX : (int)left);
        if (ready < 0 && errno != EINTR) {
            return 0;
        }
        if (ready <= 0) {
            continue;
        }
        n = read(fd, chunk, sizeof chunk);
        if (n == 0) {
            return 1;
        }
        if (n < 0) {
            if (errno == EINTR || errno == EAGAIN) {
                continue;
            }
            return 0;
        }
        keep = out->limit - out->length < (size_t)n ? out->limit - out->length : (size_t)n;
        memcpy(out->data + out->length, chunk, keep);
        out->length += keep;
        out->truncated |= keep < (size_t)n;
    }
}

static void pause_us(long microseconds)
{
    struct timespec pause;

    pause.tv_sec = 0;
    pause.tv_nsec = microseconds * 1000;
    nanosleep(&pause, NULL);
}

/*
 * Waits for pid until deadline; 1 with *status when it ended, 0 when it had to be killed.
 * A program that closed its output usually ends a moment later, so the pauses start short.
 */
static int reap(pid_t pid, long long deadline, int *status)
{
    long pause = 100;
    int i;

    for (;;) {
        pid_t done = waitpid(pid, status, WNOHANG);
        if (done == pid) {
            return 1;
        }
        if (done < 0 && errno != EINTR) {
            return 0;
        }
        if (clock_ms() >= deadline) {
            break;
        }
        pause_us(pause);
        pause = pause < 10000 ? pause * 2 : pause;
    }
    kill(pid, SIGKILL);
    /* Gone at once, unless stuck in the kernel: never wait long for that. */
    for (i = 0; i < 100 && waitpid(pid, status, WNOHANG) == 0; i++) {
        pause_us(10000);
    }
    return 0;
}

/*
 * The length of the Java whitespace character (Character.isWhitespace) at p, else 0: ASCII's
 * tab to carriage return, 0x1c to 0x1f and space, and Unicode's space separators except the
 * non-breaking ones, encoded in UTF-8.
 */
static size_t java_space(const unsigned char *p, const unsigned char *end)
{
    if (*p == ' ' || (*p >= 0x09 && *p <= 0x0d) || (*p >= 0x1c && *p <= 0x1f)) {
        return 1;
    }
    if (end - p < 3) {
        return 0;
    }
    if ((p[0] == 0xe1 && p[1] == 0x9a && p[2] == 0x80)                             /* U+1680 */
        || (p[0] == 0xe2 && p[1] == 0x80 && p[2] >= 0x80 && p[2] <= 0x8a && p[2] != 0x87)
        || (p[0] == 0xe2 && p[1] == 0x80 && (p[2] == 0xa8 || p[2] == 0xa9)) /* U+2028, 2029 */
        || (p[0] == 0xe2 && p[1] == 0x81 && p[2] == 0x9f)                           /* U+205F */
        || (p[0] == 0xe3 && p[1] == 0x80 && p[2] == 0x80)) {                        /* U+3000 */
        return 3;
    }
    return 0;
}

/*
 * Java's text.strip(), then its first line, stripped again, kept only when all of it is
 * printable ASCII; "" otherwise. A first line longer than ANSWER_LIMIT counts as none.
 */
static char *first_line(const struct output *out)
{
    const unsigned char *p = (const unsigned char *)out->data, *end = p + out->length;
    const unsigned char *start, *line_end, *last;
    size_t width;

    while (p < end && (width = java_space(p, end)) > 0) {
        p += width;
    }
    start = last = p;
    line_end = memchr(p, '\n', (size_t)(end - p));
    if (line_end == NULL) {
        if (out->truncated) {
            return text_copy("", 0);
        }
        line_end = end;
    }
    while (p < line_end) {
        width = java_space(p, line_end);
        p += width > 0 ? width : 1;
        last = width > 0 ? last : p;
    }
    for (p = start; p < last; p++) {
        if (*p < 0x20 || *p >= 0x7f) {
            return text_copy("", 0);
        }
    }
    return text_copy((const char *)start, (size_t)(last - start));
}

/*
 * CompilerIdentity.output: runs argv, stdin from /dev/null and stderr merged into its output
 * or sent to /dev/null, and reads what it prints into *out, up to limit bytes; 1 when it
 * exited with 0 within ASK_LIMIT_MS and was read to its end, else 0 (killed when time is up).
 */
static int capture(char *const *argv, int merge_stderr, size_t limit, struct output *out)
{
    long long deadline = clock_ms() + ASK_LIMIT_MS;
    int fds[2], status = 0, complete, ended;
    pid_t pid;

    out->data = text_allocate(limit);
    out->length = 0;
    out->limit = limit;
    out->truncated = 0;
    if (pipe(fds) != 0) {
        return 0;
    }
    close_on_exec(fds[0]);
    close_on_exec(fds[1]);
    pid = fork();
    if (pid == 0) {
        run_child(argv, fds[1], merge_stderr);
    }
    close(fds[1]);
    if (pid < 0) {
        close(fds[0]);
        return 0;
    }
    complete = read_answer(fds[0], deadline, out);
    close(fds[0]);
    ended = reap(pid, deadline, &status);
    return complete && ended && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/*
 * CompilerIdentity.run: the first line a program prints on stdout and stderr, or "" when it
 * cannot be run, fails, or is not done within ASK_LIMIT_MS (it is killed then).
 */
static char *run(const char *program, const char *first, const char *second)
{
    char *argv[4];
    struct output out;
    char *line;

    argv[0] = text_copy(program, strlen(program));
    argv[1] = text_copy(first, strlen(first));
    argv[2] = second == NULL ? NULL : text_copy(second, strlen(second));
    argv[3] = NULL;
    line = capture(argv, 1, ANSWER_LIMIT, &out) ? first_line(&out) : text_copy("", 0);
    free(out.data);
    return line;
}

/* Whether line, ended by "\n", is one of the lines of out: Java's ("\n" + text).contains(...). */
static int has_line(const struct output *out, const char *line)
{
    size_t length = strlen(line), i;

    for (i = 0; i + length < out->length; i++) {
        if ((i == 0 || out->data[i - 1] == '\n') && memcmp(out->data + i, line, length) == 0
            && out->data[i + length] == '\n') {
            return 1;
        }
    }
    return 0;
}

/*
 * CompilerIdentity.takesDirectivesOnly: whether the compiler preprocesses with
 * -fdirectives-only the way distcc needs: "COMPILER -fdirectives-only -E -x c /dev/null
 * -DDISTPOOL_DIRECTIVES_ONLY_PROBE" exits 0 within ASK_LIMIT_MS and its output (stderr goes
 * to /dev/null) defines that macro. distcc strips -D, -I and the like from what it sends to
 * the build host, so the command line's macros have to travel in the .i: gcc (since 4.3)
 * writes every macro there; clang since 15 takes the option but leaves them out, and the
 * host's compile then fails; older clang (macOS's "gcc" and "cc" too) fails on the option.
 */
static int takes_directives_only(const char *compiler)
{
    char *argv[8];
    struct output out;
    int yes;

    argv[0] = text_copy(compiler, strlen(compiler));
    argv[1] = text_format("-fdirectives-only");
    argv[2] = text_format("-E");
    argv[3] = text_format("-x");
    argv[4] = text_format("c");
    argv[5] = text_format("/dev/null");
    argv[6] = text_format("-D%s", PROBE_MACRO);
    argv[7] = NULL;
    yes = capture(argv, 0, PROBE_LIMIT, &out) && !out.truncated
        && has_line(&out, "#define " PROBE_MACRO " 1");
    free(out.data);
    return yes;
}

/* Java's replaceFirst("^[^ ]+: ", ""): "cc: Sun C 5.15 ..." is "Sun C 5.15 ...". */
static char *without_name(char *banner)
{
    char *space = strchr(banner, ' ');
    return space != NULL && space - banner >= 2 && space[-1] == ':' ? space + 1 : banner;
}

/*
 * CompilerIdentity.ask: target, version and whether it takes -fdirectives-only, from the
 * compiler itself; 0 when it cannot say what it is (then the last is not asked).
 */
static int ask(const char *compiler, char **target, char **version, int *directives_only)
{
    char *banner, *processor;

    *target = run(compiler, "-dumpmachine", NULL);
    if ((*target)[0] != '\0') {
        *version = run(compiler, "-dumpfullversion", "-dumpversion");
        if ((*version)[0] == '\0' || strchr(*version, ' ') != NULL) {
            return 0;
        }
    } else {
        banner = without_name(run(compiler, "-V", NULL));
        processor = run("uname", "-p", NULL);
        if (banner[0] == '\0' || processor[0] == '\0') {
            return 0;
        }
        *target = processor;
        *version = banner;
    }
    *directives_only = takes_directives_only(compiler);
    return 1;
}

/* ask(), with SIGCHLD at its default meanwhile: ignored, it would let nobody wait for a child. */
static int ask_with_children(const char *compiler, char **target, char **version,
                             int *directives_only)
{
    struct sigaction default_action;
    int answered;

    memset(&default_action, 0, sizeof default_action);
    default_action.sa_handler = SIG_DFL;
    sigemptyset(&default_action.sa_mask);
    sigaction(SIGCHLD, &default_action, &found_child_exit);
    answered = ask(compiler, target, version, directives_only);
    sigaction(SIGCHLD, &found_child_exit, NULL);
    return answered;
}

int compiler_identify(char *const *command, struct compiler *out, int *directives_only)
{
    const char *word = compiler_word(command);
    char *path, *key, *directory, *file, *target = NULL, *version = NULL;
    struct buffer cache;
    struct span *lines;
    struct stat status;
    size_t count;
    int found;

    *directives_only = 0;
    if (word == NULL || (path = resolve(word, getenv("PATH"), &status)) == NULL) {
        return 0;
    }
    directory = cache_directory();
    if (directory == NULL) {
        return 0;
    }
    key = text_format("%s\t%lld\t%lld", path, modified_ms(&status), (long long)status.st_size);
    file = text_format("%s/%s", directory, CACHE_FILE);
    found = read_cache(file, &cache);
    if (found < 0 || !valid_utf8(&cache)) {
        return 0;
    }
    if (found > 0) {
        lines = split_lines(&cache, &count);
        found = lookup(lines, count, key, &target, &version, directives_only);
        if (found < 0) {
            return 0;
        }
    }
    if (found == 0) {
        /* Unidentified, the job simply goes to any host, as plain distcc would send it. */
        if (!ask_with_children(path, &target, &version, directives_only)
            || remember(directory, file, path,
                        text_format("%s\t%s\t%s\t%s", key, target, version,
                                    *directives_only ? "yes" : "no"))
                != 0) {
            return 0;
        }
    }
    out->name = word;
    out->target = target;
    out->version = version;
    return 1;
}
