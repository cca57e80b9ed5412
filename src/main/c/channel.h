/*
 * The client end of a connection to the daemon (port of LineChannel.java): whole lines out,
 * whole lines in, and every wait has a deadline so a stuck daemon can never hang a build.
 * Failures return -1 or NULL and set *problem to a message like Java's exception message.
 */
#ifndef GETHOST_CHANNEL_H
#define GETHOST_CHANNEL_H

/* sun_path holds 104 bytes on the BSDs and macOS, 108 on Linux; keep to the smaller. */
#define CHANNEL_MAX_PATH_BYTES 103

/* Longest line accepted (Codec.MAX_LINE). */
#define CHANNEL_MAX_LINE (4L * 1024 * 1024)

/*
 * Connects to the socket at path, giving up after timeout_ms. The descriptor is
 * close-on-exec: the command must not inherit the lease, or a grandchild left running would
 * hold the slot after gethost is gone.
 */
int channel_connect(const char *path, long timeout_ms, char **problem);

/* Sends line plus "\n". */
int channel_send(int fd, const char *line, char **problem);

/* The next line without its newline, or NULL when none arrives within timeout_ms. */
char *channel_read_line(int fd, long timeout_ms, char **problem);

#endif
