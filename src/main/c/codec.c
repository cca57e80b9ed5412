#include "codec.h"

#include <stdlib.h>
#include <string.h>

#include "text.h"

/* The keys of all responses; a word with any other key is checked, then ignored. */
enum key { KEY_HOST, KEY_HOSTS, KEY_SSH, KEY_REASON, KEY_JSON, KEY_MESSAGE, KEY_COUNT };
static const char *const KEYS[KEY_COUNT] = { "host", "hosts", "ssh", "reason", "json", "message" };

static const char *const VERBS[] = { "GRANT", "LOCAL", "STATUS", "OK", "ERROR", NULL };

/* Java's String.strip() trims Character.isWhitespace; these are its ASCII members. */
static int is_java_space(unsigned char c)
{
    return c == ' ' || (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x1f);
}

/*
 * Java's shorten(): at most 40 UTF-16 units, then "...". Counts characters, not bytes, so
 * messages match for non-ASCII text too (a 4-byte UTF-8 sequence is two UTF-16 units).
 */
static char *shorten(const char *text)
{
    size_t at = 0, units = 0;

    while (text[at] != '\0') {
        unsigned char c = (unsigned char)text[at];
        size_t width = c >= 0xf0 ? 2 : 1;
        if (units + width > 40) {
            return text_format("%.*s...", (int)at, text);
        }
        units += width;
        at++;
        while ((text[at] & 0xc0) == 0x80) {
            at++;
        }
    }
    return text_copy(text, at);
}

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

/*
 * Decodes the %XX escapes of value into *out; returns NULL or the problem. %00 counts as a
 * bad escape: a NUL cannot reach the environment (Java fails there instead).
 */
static char *unescape(const char *value, char **out)
{
    size_t length = strlen(value), i;
    char *decoded = text_allocate(length + 1), *write = decoded;

    for (i = 0; i < length; i++) {
        int high, low;
        if (value[i] != '%') {
            *write++ = value[i];
            continue;
        }
        if (i + 2 >= length) {
            return text_format("truncated %%-escape in '%s'", shorten(value));
        }
        high = hex_digit(value[i + 1]);
        low = hex_digit(value[i + 2]);
        if (high < 0 || low < 0 || (high == 0 && low == 0)) {
            return text_format("bad %%-escape in '%s'", shorten(value));
        }
        *write++ = (char)(high << 4 | low);
        i += 2;
    }
    *write = '\0';
    *out = decoded;
    return NULL;
}

static int is_verb(const char *word)
{
    int i;
    for (i = 0; VERBS[i] != NULL; i++) {
        if (strcmp(word, VERBS[i]) == 0) {
            return 1;
        }
    }
    return 0;
}

/* One key=value word: checked and decoded; its value kept when the key is one we know. */
static char *take_field(const char *word, char *fields[KEY_COUNT])
{
    const char *eq = strchr(word, '=');
    char *value = NULL, *problem;
    size_t key_length;
    int k;

    if (eq == NULL || eq == word) {
        return text_format("expected key=value, got '%s'", shorten(word));
    }
    problem = unescape(eq + 1, &value);
    if (problem != NULL) {
        return problem;
    }
    key_length = (size_t)(eq - word);
    for (k = 0; k < KEY_COUNT; k++) {
        if (strlen(KEYS[k]) == key_length && strncmp(word, KEYS[k], key_length) == 0) {
            fields[k] = value; /* the last of a repeated key wins, as in Java's map */
        }
    }
    return NULL;
}

/* Splits the stripped line at runs of spaces, in place; returns the verb or sets *problem. */
static char *split(char *line, char *fields[KEY_COUNT], char **problem)
{
    char *end = line + strlen(line), *verb, *word;

    while (line < end && is_java_space((unsigned char)*line)) {
        line++;
    }
    while (end > line && is_java_space((unsigned char)end[-1])) {
        *--end = '\0';
    }
    verb = line;
    word = strchr(line, ' ');
    if (word != NULL) {
        *word++ = '\0';
    }
    if (!is_verb(verb)) {
        *problem = text_format("unknown response '%s'", shorten(verb));
        return NULL;
    }
    while (word != NULL) {
        char *next;
        while (*word == ' ') {
            word++;
        }
        next = strchr(word, ' ');
        if (next != NULL) {
            *next++ = '\0';
        }
        *problem = take_field(word, fields);
        if (*problem != NULL) {
            return NULL;
        }
        word = next;
    }
    return verb;
}

static void invalid(struct answer *out, char *problem)
{
    out->kind = ANSWER_INVALID;
    out->text = problem;
}

static void decode_grant(char *fields[KEY_COUNT], struct answer *out)
{
    static const enum key required[] = { KEY_HOST, KEY_HOSTS, KEY_SSH };
    size_t i;

    for (i = 0; i < sizeof required / sizeof required[0]; i++) {
        if (fields[required[i]] == NULL) {
            invalid(out, text_format("missing %s=", KEYS[required[i]]));
            return;
        }
    }
    out->kind = ANSWER_GRANT;
    out->host = fields[KEY_HOST];
    out->hosts = fields[KEY_HOSTS];
    out->ssh = fields[KEY_SSH];
}

/* STATUS, OK and ERROR are valid lines but no answer to LEASE; Java shows them re-encoded. */
static void decode_other(const char *verb, char *fields[KEY_COUNT], struct answer *out)
{
    enum key key = strcmp(verb, "STATUS") == 0 ? KEY_JSON : KEY_MESSAGE;
    const char *value = fields[key];

    if (value == NULL) {
        if (key == KEY_JSON) {
            invalid(out, text_format("missing json="));
            return;
        }
        value = strcmp(verb, "ERROR") == 0 ? "(no message)" : "";
    }
    out->kind = ANSWER_OTHER;
    out->text = text_format("%s %s=%s", verb, KEYS[key], codec_escape(value));
}

void codec_decode_answer(const char *line, struct answer *out)
{
    char *fields[KEY_COUNT] = { NULL, NULL, NULL, NULL, NULL, NULL };
    char *problem = NULL, *verb;

    memset(out, 0, sizeof *out);
    verb = split(text_copy(line, strlen(line)), fields, &problem);
    if (verb == NULL) {
        invalid(out, problem);
    } else if (strcmp(verb, "GRANT") == 0) {
        decode_grant(fields, out);
    } else if (strcmp(verb, "LOCAL") == 0) {
        out->kind = ANSWER_LOCAL;
        out->text = fields[KEY_REASON] != NULL ? fields[KEY_REASON] : text_copy("", 0);
    } else {
        decode_other(verb, fields, out);
    }
}

char *codec_escape(const char *value)
{
    static const char HEX[] = "0123456789ABCDEF";
    char *escaped = text_allocate(3 * strlen(value) + 1), *write = escaped;

    for (; *value != '\0'; value++) {
        unsigned char c = (unsigned char)*value;
        if (c <= 0x20 || c >= 0x7f || c == '%') {
            *write++ = '%';
            *write++ = HEX[c >> 4];
            *write++ = HEX[c & 0xf];
        } else {
            *write++ = (char)c;
        }
    }
    *write = '\0';
    return escaped;
}

/* ",a,b" for the tags, "" for none. */
static char *encode_tags(const char *const *tags)
{
    size_t length = 0;
    char *joined;
    int i;

    if (tags[0] == NULL) {
        return text_copy("", 0);
    }
    for (i = 0; tags[i] != NULL; i++) {
        length += strlen(tags[i]) + 1;
    }
    joined = text_allocate(length);
    joined[0] = '\0';
    for (i = 0; tags[i] != NULL; i++) {
        if (i > 0) {
            strcat(joined, ",");
        }
        strcat(joined, tags[i]);
    }
    return text_format(" tags=%s", codec_escape(joined));
}

char *codec_encode_lease(const struct lease_terms *terms)
{
    char *line = text_format("LEASE wait=%ld", terms->wait_ms);

    if (terms->compiler != NULL) {
        line = text_format("%s compiler=%s target=%s version=%s", line,
                           codec_escape(terms->compiler->name),
                           codec_escape(terms->compiler->target),
                           codec_escape(terms->compiler->version));
    }
    line = text_format("%s%s", line, encode_tags(terms->tags));
    if (terms->user != NULL) {
        line = text_format("%s user=%s", line, codec_escape(terms->user));
    }
    if (terms->client != NULL) {
        line = text_format("%s client=%s", line, codec_escape(terms->client));
    }
    return line;
}
