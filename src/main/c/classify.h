/*
 * Predicts whether distcc would run a command line locally anyway, so no slot is leased for it
 * (port of CompileClassifier.java; keep the two in step, ClientContractIT compares them).
 */
#ifndef GETHOST_CLASSIFY_H
#define GETHOST_CLASSIFY_H

/*
 * NULL when command (NULL-terminated) should get a slot; otherwise a heap string saying why
 * it will run locally. Commands that are not distcc always get a slot.
 */
char *classify_local_reason(char *const *command);

/* Whether command runs distcc: its program's base name is "distcc". */
int classify_is_distcc(char *const *command);

/*
 * The one source file distcc sends out for command (a word of it), or NULL when distcc runs
 * it here or it is no distcc command (CompileClassifier.distributedSource).
 */
const char *classify_source(char *const *command);

/* distcc's dcc_is_source: a file name distcc would send out (.c, .cc, .cpp, .i, ...). */
int classify_is_source(const char *path);

/*
 * Whether word, the first after "distcc", names the compiler: distcc puts cc in front itself
 * when it starts with - or is a source file ("distcc -c x.c").
 */
int classify_names_compiler(const char *word);

#endif
