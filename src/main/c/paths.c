#include "paths.h"

#include <errno.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "text.h"

/* As Java's Path does: no repeated slashes, no trailing slash (except the root itself). */
static char *normalize(const char *path)
{
    char *normal = text_copy(path, strlen(path)), *write = normal;
    const char *read;

    for (read = path; *read != '\0'; read++) {
        if (*read == '/' && write > normal && write[-1] == '/') {
            continue;
        }
        *write++ = *read;
    }
    if (write > normal + 1 && write[-1] == '/') {
        write--;
    }
    *write = '\0';
    return normal;
}

/* The working directory, or NULL when it cannot be named (then a relative path stays so). */
static char *working_directory(void)
{
    size_t size;

    /* getcwd(NULL, 0) is an extension; grow a buffer instead. */
    for (size = 256; size <= 65536; size *= 2) {
        char *buffer = text_allocate(size);
        if (getcwd(buffer, size) != NULL) {
            return buffer;
        }
        free(buffer);
        if (errno != ERANGE) {
            return NULL;
        }
    }
    return NULL;
}

char *paths_absolute(const char *path)
{
    char *cwd, *joined;

    if (path[0] == '/' || (cwd = working_directory()) == NULL) {
        return normalize(path);
    }
    joined = text_format("%s/%s", cwd, path);
    free(cwd);
    return normalize(joined);
}

char *paths_resolve_socket(const char *option, const char *env_socket, const char *env_runtime)
{
    if (option != NULL) {
        return paths_absolute(option);
    }
    if (env_socket != NULL && env_socket[0] != '\0') {
        return paths_absolute(env_socket);
    }
    if (env_runtime != NULL && env_runtime[0] == '/') {
        return normalize(text_format("%s/distpool/socket", env_runtime));
    }
    return text_format("/tmp/distpool-%lu/socket", (unsigned long)getuid());
}

char *paths_parent(const char *path)
{
    const char *slash = strrchr(path, '/');

    if (slash == NULL || slash == path) {
        return text_copy("/", 1);
    }
    return text_copy(path, (size_t)(slash - path));
}

static char *user_name(uid_t uid)
{
    struct passwd *entry = getpwuid(uid);
    return entry != NULL ? text_format("%s", entry->pw_name)
                         : text_format("%lu", (unsigned long)uid);
}

enum directory_state paths_check_directory(const char *directory, char **problem)
{
    struct stat status;

    /* lstat, not stat: a symbolic link could point anywhere, including at another user's. */
    if (lstat(directory, &status) != 0) {
        return DIRECTORY_MISSING;
    }
    if (S_ISLNK(status.st_mode)) {
        *problem = text_format("%s is a symbolic link; refusing it", directory);
    } else if (!S_ISDIR(status.st_mode)) {
        *problem = text_format("%s is not a directory", directory);
    } else if (status.st_uid != getuid()) {
        *problem = text_format(
            "%s belongs to %s, not to %s; refusing it (use --socket with a directory of your own)",
            directory, user_name(status.st_uid), user_name(getuid()));
    } else if ((status.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
        *problem = text_format("%s is open to other users (mode must be 0700)", directory);
    } else {
        return DIRECTORY_SAFE;
    }
    return DIRECTORY_UNSAFE;
}
