#include "clock.h"

#include <stddef.h>
#include <sys/time.h>
#include <time.h>

long long clock_ms(void)
{
#ifdef CLOCK_MONOTONIC
    struct timespec now;
    if (clock_gettime(CLOCK_MONOTONIC, &now) == 0) {
        return (long long)now.tv_sec * 1000 + now.tv_nsec / 1000000;
    }
#endif
    /* Older systems without a monotonic clock: wall time, which only a clock step disturbs. */
    {
        struct timeval wall;
        gettimeofday(&wall, NULL);
        return (long long)wall.tv_sec * 1000 + wall.tv_usec / 1000;
    }
}
