/*
 * A device ferryd creates may not be another program's (kn_claim.c): given who has
 * the name, which operations are refused (errno, operation index, words) or passed.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "dataplane/kernel/kn_dp.h"

#define OP_INDEX 7

static struct dp_op link_op(enum dp_op_type type, enum dp_link_kind kind, const char *dev, const char *ios)
{
	struct dp_op op = {.op_type = type};

	op.op_link.dl_kind = kind;
	snprintf(op.op_link.dl_name, sizeof(op.op_link.dl_name), "%s", dev);
	snprintf(op.op_link.dl_descr, sizeof(op.op_link.dl_descr), "%s", ios);
	return op;
}

/* Op is refused when OWNER has its device: errno err, operation OP_INDEX, the message want. */
static void assert_refused(const struct dp_op *op, int owner, int err, const char *want)
{
	struct kn_result res = {0};

	assert_int_equal(kn_claim_verdict(op, owner, OP_INDEX, &res), -1);
	assert_true(res.kr_failed);
	assert_int_equal(res.kr_op, OP_INDEX);
	assert_int_equal(res.kr_errno, err);
	assert_string_equal(res.kr_msg, want);
}

static void assert_passes(const struct dp_op *op, int owner)
{
	struct kn_result res = {0};

	assert_int_equal(kn_claim_verdict(op, owner, OP_INDEX, &res), 0);
	assert_false(res.kr_failed);
	assert_string_equal(res.kr_msg, "");
}

/* Another program's device of the name: the add is refused, named as IOS names it. */
static void test_others_device_refused(void **state)
{
	struct dp_op gre = link_op(DP_LINK_ADD, DP_LINK_GRE, "fy-tu0", "Tunnel0");
	struct dp_op mgre = link_op(DP_LINK_ADD, DP_LINK_MGRE, "fy-tu1", "Tunnel1");
	struct dp_op dummy = link_op(DP_LINK_ADD, DP_LINK_LOOPBACK, "fy-lo1", "Loopback1");
	struct dp_op vlan = link_op(DP_LINK_ADD, DP_LINK_VLAN, "fy-et0-0.10", "Ethernet0/0.10");

	(void)state;
	assert_refused(&gre, KN_OWNER_OTHER, EEXIST, "Tunnel0: device fy-tu0 exists and is not ferryd's");
	assert_refused(&mgre, KN_OWNER_OTHER, EEXIST, "Tunnel1: device fy-tu1 exists and is not ferryd's");
	assert_refused(&dummy, KN_OWNER_OTHER, EEXIST, "Loopback1: device fy-lo1 exists and is not ferryd's");
	assert_refused(&vlan, KN_OWNER_OTHER, EEXIST, "Ethernet0/0.10: device fy-et0-0.10 exists and is not ferryd's");
}

/* A VRF device is created the same way: its mark names the VRF; without a description, the device. */
static void test_vrf_refused(void **state)
{
	struct dp_op vrf = {.op_type = DP_VRF_ADD};

	(void)state;
	snprintf(vrf.op_vrf.dv_name, sizeof(vrf.op_vrf.dv_name), "fy-v-cust1");
	snprintf(vrf.op_vrf.dv_descr, sizeof(vrf.op_vrf.dv_descr), "cust1");
	assert_refused(&vrf, KN_OWNER_OTHER, EEXIST, "cust1: device fy-v-cust1 exists and is not ferryd's");
	vrf.op_vrf.dv_descr[0] = '\0';
	assert_refused(&vrf, KN_OWNER_OTHER, EEXIST, "fy-v-cust1: device fy-v-cust1 exists and is not ferryd's");
	assert_passes(&vrf, KN_OWNER_FERRY);
}

/* No device of the name, or ferryd's own leftover (marked): the add goes on as before. */
static void test_free_or_ours_passes(void **state)
{
	struct dp_op gre = link_op(DP_LINK_ADD, DP_LINK_GRE, "fy-tu0", "Tunnel0");

	(void)state;
	assert_passes(&gre, KN_OWNER_NONE);
	assert_passes(&gre, KN_OWNER_FERRY);
}

/* The kernel could not be asked (or answered nonsense): refused with its reason, nothing created. */
static void test_unknown_owner_refused(void **state)
{
	struct dp_op dummy = link_op(DP_LINK_ADD, DP_LINK_LOOPBACK, "fy-lo0", "");

	(void)state;
	assert_refused(&dummy, -EBADMSG, EBADMSG, "fy-lo0: cannot ask the kernel about device fy-lo0: Bad message");
}

/* Deletes are not the claim's: a sweep's or a configured device's delete goes as before, whoever has the name. */
static void test_deletes_pass(void **state)
{
	struct dp_op gre = link_op(DP_LINK_DEL, DP_LINK_GRE, "fy-tu0", "Tunnel0");
	struct dp_op vrf = {.op_type = DP_VRF_DEL};

	(void)state;
	snprintf(vrf.op_vrf.dv_name, sizeof(vrf.op_vrf.dv_name), "fy-v-cust1");
	assert_passes(&gre, KN_OWNER_OTHER);
	assert_passes(&vrf, KN_OWNER_OTHER);
	assert_passes(&gre, -EIO);
}

/* Operations on no device ferryd creates are not the claim's business, whoever has the name: a
 * mapped device (-m) is another program's by design (its delete only releases it); addresses and
 * routes create nothing. */
static void test_no_create_passes(void **state)
{
	struct dp_op mapped = link_op(DP_LINK_ADD, DP_LINK_EXISTING, "eth0", "Ethernet0/0");
	struct dp_op addr = {.op_type = DP_ADDR_ADD};
	struct dp_op route = {.op_type = DP_ROUTE_DEL};

	(void)state;
	assert_passes(&mapped, KN_OWNER_OTHER);
	mapped.op_type = DP_LINK_DEL;
	assert_passes(&mapped, KN_OWNER_OTHER);
	assert_passes(&addr, KN_OWNER_OTHER);
	assert_passes(&route, KN_OWNER_OTHER);
}

/* An earlier operation's failure is the apply's first: the refusal does not replace it. */
static void test_earlier_failure_kept(void **state)
{
	struct dp_op gre = link_op(DP_LINK_ADD, DP_LINK_GRE, "fy-tu0", "Tunnel0");
	struct kn_result res = {0};

	(void)state;
	kn_result_fail(&res, 2, EINVAL, "an earlier one");
	assert_int_equal(kn_claim_verdict(&gre, KN_OWNER_OTHER, OP_INDEX, &res), -1);
	assert_int_equal(res.kr_op, 2);
	assert_string_equal(res.kr_msg, "an earlier one");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_others_device_refused), cmocka_unit_test(test_vrf_refused),
	    cmocka_unit_test(test_free_or_ours_passes),	  cmocka_unit_test(test_unknown_owner_refused),
	    cmocka_unit_test(test_deletes_pass),	  cmocka_unit_test(test_no_create_passes),
	    cmocka_unit_test(test_earlier_failure_kept),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
