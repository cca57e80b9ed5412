/*
 * Where the daemon's socket is and whether its directory is safe to trust (ports of
 * SocketPaths.java and SocketDirectory.java).
 */
#ifndef GETHOST_PATHS_H
#define GETHOST_PATHS_H

/*
 * --socket PATH (option), else $DISTPOOL_SOCKET, else $XDG_RUNTIME_DIR/distpool/socket, else
 * /tmp/distpool-<uid>/socket; made absolute and written the way Java's Path prints it.
 * Arguments may be NULL.
 */
char *paths_resolve_socket(const char *option, const char *env_socket, const char *env_runtime);

/*
 * Java's Path.of(path).toAbsolutePath(): a relative path is taken from the working directory;
 * repeated and trailing slashes go, "." and ".." stay.
 */
char *paths_absolute(const char *path);

/* The directory that holds path (an absolute, normalized path). */
char *paths_parent(const char *path);

enum directory_state { DIRECTORY_SAFE, DIRECTORY_MISSING, DIRECTORY_UNSAFE };

/*
 * Checks that directory is a real directory of this user that nobody else may enter: a
 * daemon planted by another user could hand gethost a DISTCC_SSH of its choosing.
 * For DIRECTORY_UNSAFE, *problem says why.
 */
enum directory_state paths_check_directory(const char *directory, char **problem);

#endif
