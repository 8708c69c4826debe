/*
 * libFuzzer harness: the input is what the VRF LAN watcher's socket reads
 * (rtnetlink route notifications, one or more), read as the watcher does
 * (us_lanwatch_read: each message's length checked, then us_lanwatch_parse);
 * the input fills its buffer exactly, so ASan catches a read past it. A
 * route it reports must name a device and an address.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dataplane/userspace/us_lanwatch.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0; /* nothing to set up: the parser keeps no state */
}

/* A local route reported must name a device and an address. */
static void reported(void *arg, const struct us_lanwatch_addr *found)
{
	(void)arg;
	if (!found->la_ifindex || !found->la_addr.s_addr)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* exactly size bytes from malloc: aligned for the headers, ASan catching a read past the end */
	uint8_t *buf = malloc(size ? size : 1);

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	us_lanwatch_read(buf, size, reported, NULL);
	free(buf);
	return 0;
}
