/* gethost's own options (port of Options.java): they end at the first word that is not one. */
#ifndef GETHOST_OPTIONS_H
#define GETHOST_OPTIONS_H

struct options {
    int verbose;
    long wait_ms;        /* longest wait for a slot */
    const char *socket;  /* --socket, or NULL */
    const char **tags;   /* --tag ..., else $DISTPOOL_TAGS; NULL-terminated */
    int tag_count;
    char **command;      /* NULL-terminated, points into argv */
    int help;
    int version;
};

extern const char OPTIONS_USAGE[];

/*
 * Parses args (argv without the program name). env_wait is $DISTPOOL_WAIT and env_tags
 * $DISTPOOL_TAGS, either NULL when unset. Returns NULL when the options are usable, else a
 * heap message for "gethost: MESSAGE".
 */
char *options_parse(int argc, char **argv, const char *env_wait, const char *env_tags,
                    struct options *out);

#endif
