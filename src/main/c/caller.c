#include "caller.h"

#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include "text.h"

/* The longest name the daemon accepts, in bytes (Codec.MAX_NAME). */
#define MAX_NAME_BYTES 128

/* A name the daemon accepts: 1 to 128 bytes, no control characters; else it is left out. */
static int usable(const char *name)
{
    size_t length;
    const unsigned char *c;

    if (name == NULL || (length = strlen(name)) == 0 || length > MAX_NAME_BYTES) {
        return 0;
    }
    for (c = (const unsigned char *)name; *c != '\0'; c++) {
        if (*c < 0x20 || *c == 0x7f) {
            return 0;
        }
    }
    return 1;
}

/* $DISTPOOL_USER (an account that builds for someone else), else the login name of the real
   uid, else $USER, else $LOGNAME. */
const char *caller_user(void)
{
    struct passwd *entry;

    if (usable(getenv("DISTPOOL_USER"))) {
        return getenv("DISTPOOL_USER");
    }
    entry = getpwuid(getuid());

    if (entry != NULL && usable(entry->pw_name)) {
        return text_format("%s", entry->pw_name);
    }
    if (usable(getenv("USER"))) {
        return getenv("USER");
    }
    return usable(getenv("LOGNAME")) ? getenv("LOGNAME") : NULL;
}

const char *caller_host(void)
{
    /* POSIX caps host names at HOST_NAME_MAX (255 on most systems), which is not always defined. */
    char name[257];

    if (gethostname(name, sizeof name - 1) != 0) {
        return NULL;
    }
    /* Truncation may leave it unterminated. */
    name[sizeof name - 1] = '\0';
    return usable(name) ? text_format("%s", name) : NULL;
}
