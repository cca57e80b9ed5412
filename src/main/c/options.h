/* gethost's own options (port of Options.java): they end at the first word that is not one. */
#ifndef GETHOST_OPTIONS_H
#define GETHOST_OPTIONS_H

struct options {
    int verbose;
    long wait_ms;        /* longest wait for a slot */
    const char *socket;  /* --socket, or NULL */
    char **command;      /* NULL-terminated, points into argv */
    int help;
    int version;
};

extern const char OPTIONS_USAGE[];

/*
 * Parses args (argv without the program name). env_wait is $DISTPOOL_WAIT or NULL.
 * Returns NULL when the options are usable, else a heap message for "gethost: MESSAGE".
 */
char *options_parse(int argc, char **argv, const char *env_wait, struct options *out);

#endif
