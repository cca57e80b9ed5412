/*
 * Whether a job sent to a build host is preprocessed with gcc's -fdirectives-only, and the
 * command line that does it (port of DirectivesOnly.java; ClientContractIT compares the two).
 *
 * distcc preprocesses every job on this machine, macro expansion included, and on a client
 * with few cores that is what limits the build. With -fdirectives-only this machine only
 * resolves includes and conditionals; the build host's gcc gets the same arguments, compiles
 * the .i as -fpreprocessed -fdirectives-only and expands the macros there.
 */
#ifndef GETHOST_DIRECTIVES_H
#define GETHOST_DIRECTIVES_H

#include "lease.h"

/* What -v adds to the placement it prints. */
#define DIRECTIVES_ONLY_NOTE "; preprocessing with -fdirectives-only"

/*
 * Whether command gets -fdirectives-only: a distcc compile placed on a build host, of one C,
 * C++ or Objective-C source (source: as classify found it, or NULL) that is not preprocessed yet, without an option that conflicts,
 * by a compiler known to take it (compiler_takes: compiler_identify's answer, 0 when it
 * identified none), and not turned off: switch_value is $DISTPOOL_DIRECTIVES_ONLY, and "0"
 * turns it off (any other value, or NULL, leaves it on).
 */
int directives_only_applies(const struct placement *placement, char *const *command,
                            const char *source, int compiler_takes, const char *switch_value);

/*
 * A new command: command with -fdirectives-only right after the compiler's name, or after
 * "distcc" when distcc itself supplies the compiler ("distcc -c x.c").
 */
char **directives_only_insert(char *const *command);

#endif
