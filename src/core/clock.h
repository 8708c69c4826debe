/* The monotonic clock in milliseconds: durations and "how long ago", never wall time. */
#ifndef FERRY_CORE_CLOCK_H
#define FERRY_CORE_CLOCK_H

#include <stdint.h>

uint64_t clock_ms(void);

#endif
