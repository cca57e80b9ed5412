#include "options.h"

#include <string.h>

#include "text.h"

#define DEFAULT_WAIT_MS 2000L
#define MAX_WAIT_MS 86400000L

const char OPTIONS_USAGE[] =
    "Usage: gethost [-v] [--wait SECONDS] [--tag TAG]... [--socket PATH] [--] COMMAND [ARG...]\n"
    "Lease the best build host from the distpool daemon and run COMMAND (normally\n"
    "'distcc gcc ...') with DISTCC_HOSTS set for it; compile locally when the daemon\n"
    "is not running or has no slot within --wait (default 2 s, or $DISTPOOL_WAIT).\n"
    "  -v, --verbose     say which host was chosen and why, on stderr\n"
    "  --wait SECONDS    longest wait for a free slot (decimals allowed)\n"
    "  --tag TAG         only hosts with this tag in hosts.yaml (repeatable; also\n"
    "                    $DISTPOOL_TAGS, comma-separated)\n"
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

static int is_alphanumeric(char c)
{
    return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* A tag as hosts.yaml allows them: "[A-Za-z0-9][A-Za-z0-9._+-]{0,63}", ASCII only like Java's. */
static char *check_tag(const char *text)
{
    size_t i;

    for (i = 0; text[i] != '\0' && i < 64; i++) {
        char c = text[i];
        if (!is_alphanumeric(c) && (i == 0 || (c != '.' && c != '_' && c != '+' && c != '-'))) {
            break;
        }
    }
    if (i == 0 || text[i] != '\0') {
        return text_format("'%s' is not a tag (letters, digits, . _ + -)", text);
    }
    return NULL;
}

static char *add_tag(struct options *out, const char *text)
{
    char *problem = check_tag(text);

    if (problem == NULL) {
        out->tags[out->tag_count++] = text;
        out->tags[out->tag_count] = NULL;
    }
    return problem;
}

/* Java's String.trim(): every character up to U+0020 goes from both ends. */
static char *trim(const char *start, const char *end)
{
    while (start < end && (unsigned char)*start <= ' ') {
        start++;
    }
    while (end > start && (unsigned char)end[-1] <= ' ') {
        end--;
    }
    return text_copy(start, (size_t)(end - start));
}

/*
 * $DISTPOOL_TAGS, split as Java's value.split(",") does: empty items at the end are dropped
 * ("a," is one tag, "," none), the others trimmed and checked ("a,,b" is an error).
 */
static char *parse_env_tags(const char *value, struct options *out)
{
    const char *end = value + strlen(value), *start, *comma;
    size_t items = 1;
    char *problem;

    if (strchr(value, ',') != NULL) {
        while (end > value && end[-1] == ',') {
            end--;
        }
        if (end == value) {
            return NULL;
        }
    }
    for (comma = value; comma < end; comma++) {
        items += *comma == ',';
    }
    out->tags = text_allocate((items + 1) * sizeof *out->tags);
    out->tags[0] = NULL;
    for (start = value;; start = comma + 1) {
        for (comma = start; comma < end && *comma != ','; comma++) {
        }
        problem = add_tag(out, trim(start, comma));
        if (problem != NULL || comma == end) {
            return problem;
        }
    }
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
    } else if (strcmp(a, "--wait") == 0 || strcmp(a, "--socket") == 0
               || strcmp(a, "--tag") == 0) {
        if (*i + 1 >= argc) {
            return text_format("%s needs a value", a);
        }
        (*i)++;
        if (strcmp(a, "--socket") == 0) {
            out->socket = argv[*i];
        } else if (strcmp(a, "--tag") == 0) {
            return add_tag(out, argv[*i]);
        } else {
            return seconds(argv[*i], "--wait", &out->wait_ms);
        }
    } else if (starts_with(a, "--tag=")) {
        return add_tag(out, a + 6);
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

char *options_parse(int argc, char **argv, const char *env_wait, const char *env_tags,
                    struct options *out)
{
    int i, stop = 0;
    char *problem;

    memset(out, 0, sizeof *out);
    out->wait_ms = -1; /* not given */
    /* Room for every argument to be a tag; NULL-terminated. */
    out->tags = text_allocate(((size_t)argc + 1) * sizeof *out->tags);
    out->tags[0] = NULL;
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
            out->tag_count = 0;
            out->tags[0] = NULL;
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
    if (out->tag_count == 0 && env_tags != NULL && env_tags[0] != '\0') {
        problem = parse_env_tags(env_tags, out);
        if (problem != NULL) {
            return problem;
        }
    }
    out->command = argv + i;
    return NULL;
}
