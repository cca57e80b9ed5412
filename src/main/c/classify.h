/*
 * Predicts whether distcc would run a command line locally anyway, so no slot is leased for it
 * (port of CompileClassifier.java; keep the two in step, ClientContractIT compares them).
 */
#ifndef GETHOST_CLASSIFY_H
#define GETHOST_CLASSIFY_H

/*
 * One scan of command (NULL-terminated), for both answers (CompileClassifier.classify):
 * returns NULL when it should get a slot, otherwise a heap string saying why it will run
 * locally (commands that are not distcc always get a slot); *source is set to the one source
 * file distcc sends out (a word of command), or NULL when distcc runs it here or it is no
 * distcc command.
 */
char *classify(char *const *command, const char **source);

/* Whether command runs distcc: its program's base name is "distcc". */
int classify_is_distcc(char *const *command);

/* distcc's dcc_is_source: a file name distcc would send out (.c, .cc, .cpp, .i, ...). */
int classify_is_source(const char *path);

/*
 * Whether word, the first after "distcc", names the compiler: distcc puts cc in front itself
 * when it starts with - or is a source file ("distcc -c x.c").
 */
int classify_names_compiler(const char *word);

#endif
