#include "directives.h"

#include <string.h>

#include "classify.h"
#include "text.h"

#define FLAG "-fdirectives-only"

/* Already preprocessed: .i, .ii and their Objective-C kinds. */
static const char *const PREPROCESSED[] = { "i", "ii", "mi", "mii", NULL };

/*
 * Options that already decide how the source is preprocessed, or that distcc runs here
 * anyway; -save-temps and -save-temps=DIR are one option, matched by its prefix.
 */
static const char *const CONFLICTING[] = {
    FLAG, "-traditional", "-traditional-cpp", "-fpreprocessed", "-E", "-M", "-MM", NULL
};

static int listed(const char *word, const char *const *list)
{
    int i;

    for (i = 0; list[i] != NULL; i++) {
        if (strcmp(word, list[i]) == 0) {
            return 1;
        }
    }
    return 0;
}

static int preprocessed(const char *source)
{
    const char *dot = strrchr(source, '.');
    return dot != NULL && listed(dot + 1, PREPROCESSED);
}

int directives_only_applies(const struct placement *placement, char *const *command,
                            const char *source, int compiler_takes, const char *switch_value)
{
    int i;

    if (!placement->remote || (switch_value != NULL && strcmp(switch_value, "0") == 0)
        || !compiler_takes) {
        return 0;
    }
    if (source == NULL || preprocessed(source)) {
        return 0;
    }
    for (i = 1; command[i] != NULL; i++) {
        if (listed(command[i], CONFLICTING)
            || strncmp(command[i], "-save-temps", strlen("-save-temps")) == 0) {
            return 0;
        }
    }
    return 1;
}

char **directives_only_insert(char *const *command)
{
    int count = 0, at, i;
    char **changed;

    while (command[count] != NULL) {
        count++;
    }
    at = count > 1 && classify_names_compiler(command[1]) ? 2 : 1;
    changed = text_allocate((size_t)(count + 2) * sizeof *changed);
    for (i = 0; i < at; i++) {
        changed[i] = command[i];
    }
    changed[at] = text_format("%s", FLAG);
    for (i = at; i <= count; i++) {
        changed[i + 1] = command[i];
    }
    return changed;
}
