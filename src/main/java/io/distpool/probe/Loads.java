package io.distpool.probe;

import java.util.OptionalInt;

/** Load averages over 1, 5 and 15 minutes, plus the instantaneous run queue where known. */
record Loads(double load1, double load5, double load15, OptionalInt runQueue) {}
