#include "text.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void *text_allocate(size_t size)
{
    void *memory = malloc(size);
    if (memory == NULL) {
        fputs("gethost: out of memory\n", stderr);
        exit(1);
    }
    return memory;
}

char *text_format(const char *format, ...)
{
    va_list args;
    int length;
    char *text;

    /* C99 vsnprintf reports the length it needs, so measure first, then write. */
    va_start(args, format);
    length = vsnprintf(NULL, 0, format, args);
    va_end(args);
    if (length < 0) {
        return text_copy("", 0);
    }
    text = text_allocate((size_t)length + 1);
    va_start(args, format);
    vsnprintf(text, (size_t)length + 1, format, args);
    va_end(args);
    return text;
}

char *text_copy(const char *text, size_t length)
{
    char *copy = text_allocate(length + 1);
    memcpy(copy, text, length);
    copy[length] = '\0';
    return copy;
}
