/* Milliseconds from a clock that never jumps, for deadlines and a job's elapsed time. */
#ifndef GETHOST_CLOCK_H
#define GETHOST_CLOCK_H

long long clock_ms(void);

#endif
