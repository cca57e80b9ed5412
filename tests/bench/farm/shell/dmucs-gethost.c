/*
 * dmucs-gethost: DMUCS's gethost client, as Debian's dmucs 0.6.1 ships it but with its one
 * fatal bug fixed, for the farm benchmark (`run` compiles it; nothing else uses it).
 *
 * Debian's /usr/bin/gethost asks the DMUCS server for a host and then does
 *     std::ostringstream tmp; tmp << "DISTCC_HOSTS=" << name; putenv((char *) tmp.str().c_str());
 * putenv() keeps the pointer, which points into a temporary std::string destroyed at the end
 * of that statement: by the time distcc is exec'd the variable is gone (with today's gcc and
 * libstdc++ the child's environment has no DISTCC_HOSTS at all), distcc falls back to its
 * default host list and no job ever goes to the host DMUCS chose.
 *
 * The protocol is DMUCS's (COSMIC sockets: every message ends with a NUL byte):
 *   client -> server   "host <this machine's address> <type>\0"
 *   server -> client   "<address of the host given>\0", or "0.0.0.0\0" when none is free
 * The client keeps the connection open while the compile runs; the server takes the CPU back
 * when it closes. As the original: the address is looked up from gethostname(), DISTCC_HOSTS
 * gets "<host>/100" (the server does the limiting) and the command runs as a child. When the
 * server gives no host it runs the command with DISTCC_HOSTS=localhost (the original leaves it
 * empty, which makes distcc read its default host list).
 *
 * usage: dmucs-gethost [-s SERVER] [-p PORT] [-t TYPE] COMMAND [ARG...]
 */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv) {
  const char *server = "127.0.0.1", *port = "9714", *type = "";
  int i = 1;
  for (; i + 1 < argc && argv[i][0] == '-'; i += 2) {
    if (strcmp(argv[i], "-s") == 0) server = argv[i + 1];
    else if (strcmp(argv[i], "-p") == 0) port = argv[i + 1];
    else if (strcmp(argv[i], "-t") == 0) type = argv[i + 1];
    else break;
  }
  if (i >= argc) {
    fprintf(stderr, "usage: dmucs-gethost [-s SERVER] [-p PORT] [-t TYPE] COMMAND [ARG...]\n");
    return 2;
  }
  char given[256] = "0.0.0.0";
  int fd = -1;
  struct addrinfo hints = {0}, *ai = NULL;
  hints.ai_family = AF_INET;
  hints.ai_socktype = SOCK_STREAM;
  if (getaddrinfo(server, port, &hints, &ai) == 0) {
    fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd >= 0 && connect(fd, ai->ai_addr, ai->ai_addrlen) != 0) {
      close(fd);
      fd = -1;
    }
    freeaddrinfo(ai);
  }
  if (fd < 0) {
    fprintf(stderr, "WARNING: Could not connect to %s:%s\n", server, port);
  } else {
    char name[256], request[512];
    struct hostent *he;
    struct in_addr me;
    if (gethostname(name, sizeof name) != 0 || (he = gethostbyname(name)) == NULL) {
      fprintf(stderr, "Could not get my hostname\n");
      return 1;
    }
    memcpy(&me, he->h_addr_list[0], sizeof me);
    int n = snprintf(request, sizeof request, "host %s %s", inet_ntoa(me), type);
    if (write(fd, request, (size_t) n + 1) != n + 1) {
      fprintf(stderr, "cannot send the request to the DMUCS server\n");
      return 1;
    }
    size_t got = 0;
    while (got + 1 < sizeof given) {
      ssize_t r = read(fd, given + got, 1);
      if (r <= 0) {
        fprintf(stderr, "Got error from reading socket.\n");
        return 1;
      }
      if (given[got] == '\0') break;
      got++;
    }
    given[got] = '\0';
  }
  char hosts[300];
  if (strcmp(given, "0.0.0.0") == 0) {
    snprintf(hosts, sizeof hosts, "localhost");
  } else {
    snprintf(hosts, sizeof hosts, "%s/100", given);
  }
  setenv("DISTCC_HOSTS", hosts, 1);
  pid_t child = fork();
  if (child == 0) {
    if (fd >= 0) close(fd);
    execvp(argv[i], argv + i);
    fprintf(stderr, "execvp %s failed\n", argv[i]);
    _exit(127);
  }
  if (child < 0) {
    fprintf(stderr, "Failed to fork a process!\n");
    return 1;
  }
  int status = 0;
  while (waitpid(child, &status, 0) < 0) {
  }
  if (fd >= 0) close(fd);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
