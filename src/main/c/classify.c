/*
 * Build systems call $CC for much more than compiles: version checks, preprocessing,
 * dependency generation, linking, configure probes. distcc runs all of those here; a remote
 * slot leased for them only keeps another job off the host. The rules mirror distcc 3.x's
 * dcc_scan_args: a job goes out only with -c or -S, exactly one source file (not an autoconf
 * conftest.*), at most one output, and none of the options distcc keeps local.
 */
#include "classify.h"

#include <string.h>

#include "text.h"

/* distcc's dcc_is_source, as built without remote assembly (the default). */
static const char *const SOURCE_SUFFIXES[] = {
    "i", "ii", "c", "cc", "cpp", "cxx", "cp", "c++", "C", "m", "mm", "mi", "mii", "M", NULL
};

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash == NULL ? path : slash + 1;
}

static int starts_with(const char *text, const char *prefix)
{
    return strncmp(text, prefix, strlen(prefix)) == 0;
}

static int ends_with(const char *text, const char *suffix)
{
    size_t length = strlen(text), suffix_length = strlen(suffix);
    return length >= suffix_length && strcmp(text + length - suffix_length, suffix) == 0;
}

int classify_is_source(const char *path)
{
    const char *dot = strrchr(base_name(path), '.');
    int i;

    if (dot == NULL) {
        return 0;
    }
    for (i = 0; SOURCE_SUFFIXES[i] != NULL; i++) {
        if (strcmp(dot + 1, SOURCE_SUFFIXES[i]) == 0) {
            return 1;
        }
    }
    return 0;
}

/* -M options that only list dependencies, as opposed to those that write them beside a compile. */
static int lists_dependencies(const char *a)
{
    return starts_with(a, "-M") && strcmp(a, "-MD") != 0 && strcmp(a, "-MMD") != 0
        && strcmp(a, "-MG") != 0 && strcmp(a, "-MP") != 0 && !starts_with(a, "-MF")
        && !starts_with(a, "-MT") && !starts_with(a, "-MQ");
}

static int kept_local(const char *a)
{
    return starts_with(a, "-x") || starts_with(a, "-dr") || starts_with(a, "-specs=")
        || strcmp(a, "-frepo") == 0 || strcmp(a, "-fprofile-arcs") == 0
        || strcmp(a, "-ftest-coverage") == 0 || strcmp(a, "--coverage") == 0
        || strcmp(a, "-march=native") == 0 || strcmp(a, "-mtune=native") == 0
        || (starts_with(a, "-Wa,") && (strstr(a, ",-a") != NULL || strstr(a, "--MD") != NULL));
}

static char *refused_option(const char *a)
{
    if (strcmp(a, "-E") == 0) {
        return text_format("-E only preprocesses: distcc runs it here");
    }
    if (lists_dependencies(a)) {
        return text_format("%s only lists dependencies: distcc runs it here", a);
    }
    if (kept_local(a)) {
        return text_format("distcc keeps %s local: it runs here", a);
    }
    return NULL;
}

/* What the scan found so far; a reason ends it early. */
struct scan {
    int compiles;
    const char *input;
    const char *output;
};

static char *add_output(struct scan *scan, const char *file)
{
    if (scan->output != NULL) {
        return text_format("two outputs (a link?): distcc runs it here");
    }
    scan->output = file;
    return NULL;
}

/* An option at args[*i]; may consume the next word (-o FILE, -MF FILE, ...). */
static char *scan_option(struct scan *scan, char *const *args, int *i)
{
    const char *a = args[*i];
    char *refused = refused_option(a);

    if (refused != NULL) {
        return refused;
    }
    if (strcmp(a, "-c") == 0 || strcmp(a, "-S") == 0) {
        scan->compiles = 1;
    } else if (strcmp(a, "-MF") == 0 || strcmp(a, "-MT") == 0 || strcmp(a, "-MQ") == 0) {
        if (args[*i + 1] != NULL) {
            (*i)++;
        }
    } else if (starts_with(a, "-o")) {
        if (a[2] != '\0') {
            return add_output(scan, a + 2);
        }
        if (args[*i + 1] == NULL) {
            return add_output(scan, "");
        }
        (*i)++;
        return add_output(scan, args[*i]);
    }
    return NULL;
}

static char *scan_word(struct scan *scan, char *const *args, int *i)
{
    const char *a = args[*i];

    if (a[0] == '-') {
        return scan_option(scan, args, i);
    }
    if (classify_is_source(a)) {
        if (scan->input != NULL) {
            return text_format("two source files: distcc runs it here");
        }
        scan->input = a;
    } else if (ends_with(a, ".o")) {
        return add_output(scan, a);
    }
    return NULL;
}

static char *verdict(const struct scan *scan)
{
    const char *base;

    if (!scan->compiles) {
        return text_format("not a compile (no -c or -S): distcc runs it here");
    }
    if (scan->input == NULL) {
        return text_format("no source file it distributes: distcc runs it here");
    }
    base = base_name(scan->input);
    if (starts_with(base, "conftest.") || starts_with(base, "tmp.conftest.")) {
        return text_format("autoconf test: distcc runs it here");
    }
    if (scan->output != NULL && strcmp(scan->output, "-") == 0) {
        return text_format("output to stdout: distcc runs it here");
    }
    return NULL;
}

int classify_is_distcc(char *const *command)
{
    return command[0] != NULL && strcmp(base_name(command[0]), "distcc") == 0;
}

int classify_names_compiler(const char *word)
{
    return word[0] != '-' && !classify_is_source(word);
}

/* Scans a distcc command: NULL with scan->input set when it goes out, else why it stays here. */
static char *scan_command(char *const *command, struct scan *scan)
{
    char *const *args = command + 1;
    char *reason;
    int i;

    if (args[0] == NULL) {
        return text_format("no compiler arguments: distcc runs it here");
    }
    if (classify_names_compiler(args[0])) {
        args++;
    }
    for (i = 0; args[i] != NULL; i++) {
        reason = scan_word(scan, args, &i);
        if (reason != NULL) {
            return reason;
        }
    }
    return verdict(scan);
}

char *classify(char *const *command, const char **source)
{
    struct scan scan = { 0, NULL, NULL };
    char *reason;

    *source = NULL;
    if (!classify_is_distcc(command)) {
        return NULL;
    }
    reason = scan_command(command, &scan);
    if (reason == NULL) {
        *source = scan.input;
    }
    return reason;
}
