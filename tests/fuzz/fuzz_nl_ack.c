/*
 * libFuzzer harness: the input is the kernel's answer to a batch of five
 * messages (an operation of two, then three of one), numbered 1 to 5 —
 * acknowledgements, possibly several netlink messages, possibly anything.
 * They are mapped back to operations; any crash or sanitizer report is a bug.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dataplane/kernel/kn_batch.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct kn_batch batch;
static struct kn_msgs ops[4];

static uint32_t any_device(void *ctx, const char *name)
{
	return 1;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct dp_op op[4] = {
	    {.op_type = DP_VRF_ADD}, {.op_type = DP_ROUTE_DEL}, {.op_type = DP_SA_DEL}, {.op_type = DP_ADDR_ADD}};

	strcpy(op[0].op_vrf.dv_name, "fy-v-a");
	op[0].op_vrf.dv_table = 10;
	strcpy(op[3].op_addr.da_dev, "eth0");
	for (int i = 0; i < 4; i++) {
		kn_msgs_init(&ops[i], any_device, NULL);
		if (kn_build(&ops[i], &op[i]) < 0)
			abort();
	}
	return kn_batch_init(&batch) < 0 ? -1 : 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kn_result res = {0};
	void *copy = malloc(size ? size : 1); /* exactly the input: a read past it is caught */

	if (!copy)
		return 0;
	memcpy(copy, data, size);
	kn_batch_reset(&batch);
	for (size_t i = 0; i < 4; i++)
		kn_batch_add(&batch, &ops[i], i);
	kn_batch_number(&batch, 1);
	kn_batch_acks(&batch, copy, size, &res);
	if (!kn_batch_done(&batch))
		kn_batch_lost(&batch, EPROTO, &res);
	free(copy);
	return 0;
}
