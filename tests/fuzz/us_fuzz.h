/* What the userspace backend's harnesses share: libFuzzer's entry points and the invariant check. */
#ifndef FERRY_TESTS_FUZZ_US_FUZZ_H
#define FERRY_TESTS_FUZZ_US_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A broken invariant ends the run as a crash, with the input saved. */
static inline void fuzz_check(bool ok)
{
	if (!ok)
		abort();
}

#endif
