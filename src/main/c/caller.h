/*
 * Who asks for a lease and from which machine (port of Caller.java), stated in every LEASE as
 * user= and client=: a daemon shared over ssh forwards sees every workstation as its own
 * account, so only the client can say. Only that account can reach the daemon's socket, so
 * the daemon takes them as stated.
 */
#ifndef GETHOST_CALLER_H
#define GETHOST_CALLER_H

/* The login name of the real uid (getpwuid), else $USER, else $LOGNAME; NULL when none. */
const char *caller_user(void);

/* This machine's host name (gethostname); NULL when there is none the daemon would take. */
const char *caller_host(void);

#endif
