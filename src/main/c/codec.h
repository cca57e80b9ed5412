/*
 * The LEASE request, encoded as Codec.encode(Request) does, and the daemon's answer to it,
 * decoded the way Codec.decodeResponse does: one line, "VERB key=value ...", values
 * %XX-encoded, unknown keys ignored.
 */
#ifndef GETHOST_CODEC_H
#define GETHOST_CODEC_H

/* The compiler a job runs (Request.Compiler): the name it was called by, target, version. */
struct compiler {
    const char *name;
    const char *target;
    const char *version;
};

/* What a LEASE asks for (Request.Lease). */
struct lease_terms {
    long wait_ms;
    const struct compiler *compiler;  /* NULL when not identified */
    const char *const *tags;          /* NULL-terminated; may be empty */
    const char *user;                 /* user=, or NULL */
    const char *client;               /* client=, or NULL */
};

/*
 * "LEASE wait=MS [compiler=NAME target=TARGET version=VERSION] [tags=A,B] [user=U] [client=H]",
 * in that order and
 * escaped exactly like the Java client's line, so the daemon cannot tell the two apart.
 */
char *codec_encode_lease(const struct lease_terms *terms);

enum answer_kind {
    ANSWER_GRANT,     /* host, hosts, ssh */
    ANSWER_LOCAL,     /* text: the daemon's reason */
    ANSWER_OTHER,     /* a valid response that is no answer to LEASE; text: it, re-encoded */
    ANSWER_INVALID    /* text: what is wrong with the line */
};

struct answer {
    enum answer_kind kind;
    char *host;
    char *hosts;
    char *ssh;
    char *text;
};

/*
 * Decodes line (without its newline; a raw NUL byte ends it early). Heap strings in out are
 * never freed: gethost exits soon.
 */
void codec_decode_answer(const char *line, struct answer *out);

/* Percent-encodes what a value may not carry raw: space, %, control and non-ASCII bytes. */
char *codec_escape(const char *value);

#endif
