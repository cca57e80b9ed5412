package io.distpool.sim;

/**
 * One compile.
 *
 * @param work compile CPU seconds on a speed-1.0 core, preprocessing excluded
 * @param preprocess preprocessing CPU seconds on a speed-1.0 core (always on the client)
 */
record SimJob(int id, double work, double preprocess) {}
