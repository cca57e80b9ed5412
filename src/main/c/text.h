/* Heap strings for messages: gethost builds a few, once, and exits. */
#ifndef GETHOST_TEXT_H
#define GETHOST_TEXT_H

#include <stddef.h>

/* size bytes of heap memory; exits when memory runs out (nothing sensible is left to do). */
void *text_allocate(size_t size);

/* Lets gcc and clang check text_format's callers like printf's; other compilers skip it. */
#if defined(__GNUC__)
#define TEXT_PRINTF_LIKE __attribute__((format(printf, 1, 2)))
#else
#define TEXT_PRINTF_LIKE
#endif

/* printf into a new heap string. */
char *text_format(const char *format, ...) TEXT_PRINTF_LIKE;

/* A heap copy of the first length bytes of text, NUL-terminated. */
char *text_copy(const char *text, size_t length);

#endif
