#include "options.h"

#include <string.h>

#include "text.h"

#define DEFAULT_WAIT_MS 2000L
#define MAX_WAIT_MS 86400000L

const char OPTIONS_USAGE[] =
    "Usage: gethost [-v] [--wait SECONDS] [--socket PATH] [--] COMMAND [ARG...]\n"
    "Lease the best build host from the distpool daemon and run COMMAND (normally\n"
    "'distcc gcc ...') with DISTCC_HOSTS set for it; compile locally when the daemon\n"
    "is not running or has no slot within --wait (default 2 s, or $DISTPOOL_WAIT).\n"
    "  -v, --verbose     say which host was chosen and why, on stderr\n"
    "  --wait SECONDS    longest wait for a free slot (decimals allowed)\n"
    "  --socket PATH     the daemon's socket (default: $DISTPOOL_SOCKET, ...)\n"
    "  -h, --help        this text;  -V, --version  the version\n"
    "Exit status: COMMAND's; 2 for bad usage; 127 when COMMAND cannot be run.";

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/*
 * Reads up to max digits into *value; returns how many it read. Locale-free on purpose:
 * Java's \d matches ASCII digits only.
 */
static int read_digits(const char **text, int max, long *value)
{
    int count = 0;
    *value = 0;
    while (is_digit(**text)) {
        if (++count > max) {
            return -1;
        }
        *value = *value * 10 + (**text - '0');
        (*text)++;
    }
    return count;
}

/* Options.seconds: "\d{1,5}(\.\d{1,3})?|\.\d{1,3}", at most 86400, in whole milliseconds. */
static int parse_seconds(const char *text, long *ms)
{
    long whole, fraction;
    int whole_digits, fraction_digits = 0;

    whole_digits = read_digits(&text, 5, &whole);
    if (whole_digits < 0) {
        return -1;
    }
    fraction = 0;
    if (*text == '.') {
        text++;
        fraction_digits = read_digits(&text, 3, &fraction);
        if (fraction_digits < 1) {
            return -1;
        }
    }
    if (*text != '\0' || (whole_digits == 0 && fraction_digits == 0)) {
        return -1;
    }
    for (; fraction_digits < 3; fraction_digits++) {
        fraction *= 10;
    }
    *ms = whole * 1000 + fraction;
    return *ms <= MAX_WAIT_MS ? 0 : -1;
}

static char *seconds(const char *text, const char *what, long *ms)
{
    if (parse_seconds(text, ms) == 0) {
        return NULL;
    }
    return text_format("%s must be a number of seconds from 0 to 86400, not '%s'", what, text);
}

static int starts_with(const char *text, const char *prefix)
{
    return strncmp(text, prefix, strlen(prefix)) == 0;
}

/* One option at args[*i]. Returns a message on error; sets *stop when the command begins. */
static char *parse_one(int argc, char **argv, int *i, struct options *out, int *stop)
{
    const char *a = argv[*i];

    if (strcmp(a, "--") == 0) {
        (*i)++;
        *stop = 1;
    } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
        out->help = 1;
    } else if (strcmp(a, "-V") == 0 || strcmp(a, "--version") == 0) {
        out->version = 1;
    } else if (strcmp(a, "-v") == 0 || strcmp(a, "--verbose") == 0) {
        out->verbose = 1;
    } else if (strcmp(a, "--wait") == 0 || strcmp(a, "--socket") == 0) {
        if (*i + 1 >= argc) {
            return text_format("%s needs a value", a);
        }
        (*i)++;
        if (strcmp(a, "--socket") == 0) {
            out->socket = argv[*i];
        } else {
            return seconds(argv[*i], "--wait", &out->wait_ms);
        }
    } else if (starts_with(a, "--wait=")) {
        return seconds(a + 7, "--wait", &out->wait_ms);
    } else if (starts_with(a, "--socket=")) {
        out->socket = a + 9;
    } else if (a[0] == '-' && a[1] != '\0') {
        return text_format("unknown option %s (options go before COMMAND)", a);
    } else {
        *stop = 1;
    }
    return NULL;
}

char *options_parse(int argc, char **argv, const char *env_wait, struct options *out)
{
    int i, stop = 0;
    char *problem;

    memset(out, 0, sizeof *out);
    out->wait_ms = -1; /* not given */
    for (i = 0; i < argc; i++) {
        problem = parse_one(argc, argv, &i, out, &stop);
        if (problem != NULL) {
            return problem;
        }
        if (out->help || out->version) {
            /* Like Java: the first -h or -V ends parsing; nothing after it matters. */
            out->verbose = 0;
            out->socket = NULL;
            out->wait_ms = DEFAULT_WAIT_MS;
            return NULL;
        }
        if (stop) {
            break;
        }
    }
    if (i >= argc) {
        return text_format("no COMMAND given");
    }
    if (out->wait_ms < 0) {
        out->wait_ms = DEFAULT_WAIT_MS;
        if (env_wait != NULL && env_wait[0] != '\0') {
            problem = seconds(env_wait, "DISTPOOL_WAIT", &out->wait_ms);
            if (problem != NULL) {
                return problem;
            }
        }
    }
    out->command = argv + i;
    return NULL;
}
