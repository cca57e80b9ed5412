/*
 * The daemon's answer to LEASE, decoded the way Codec.decodeResponse does: one line,
 * "VERB key=value ...", values %XX-encoded, unknown keys ignored.
 */
#ifndef GETHOST_CODEC_H
#define GETHOST_CODEC_H

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
