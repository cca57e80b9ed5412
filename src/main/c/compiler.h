/*
 * Which compiler a distcc command will run (port of CompilerIdentity.java), so the daemon
 * grants only hosts with the same one: its name, -dumpmachine target and -dumpfullversion
 * version, or for compilers without those the -V banner and the processor type.
 *
 * It also asks whether the compiler preprocesses with gcc's -fdirectives-only as distcc needs
 * (directives.h): gcc does, clang and other compilers called "gcc" or "cc" do not.
 *
 * Answers are cached in $XDG_CACHE_HOME/distpool/compilers (else ~/.cache/distpool/compilers),
 * one line per compiler: path, mtime in ms, size, target, version, and "yes" or "no" for
 * -fdirectives-only, tab-separated. A line without that last field (an older gethost's) is no
 * hit: the compiler is asked again and the line replaced. The Java client reads and writes the
 * same file, and a line either wrote is a hit for the other.
 */
#ifndef GETHOST_COMPILER_H
#define GETHOST_COMPILER_H

#include "codec.h"

/*
 * The word naming the compiler in "distcc gcc ..."; "cc" for "distcc -c x.c", where distcc
 * itself puts cc in front; NULL when command has no word after its program.
 */
const char *compiler_word(char *const *command);

/*
 * Fills *out with the compiler that distcc command runs, and *directives_only with whether it
 * takes -fdirectives-only, and returns 1; returns 0 when it cannot be found or asked. Never
 * fails otherwise: an unidentified job goes to any host, preprocessed as distcc always does.
 * A cache hit costs a stat and one small read; only a miss runs the compiler (for at most
 * 10 s each question).
 */
int compiler_identify(char *const *command, struct compiler *out, int *directives_only);

#endif
