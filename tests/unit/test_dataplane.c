/* The dataplane interface: operation text, the record backend, backend choice. */
#include <arpa/inet.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "dataplane/dataplane.h"

static struct in_addr a4(const char *s)
{
	struct in_addr a;
	assert_int_equal(inet_pton(AF_INET, s, &a), 1);
	return a;
}

static void expect_text(const struct dp_op *op, const char *want)
{
	char buf[512];
	dp_op_format(op, buf, sizeof(buf));
	assert_string_equal(buf, want);
}

static void test_format_route_with_labels(void **state)
{
	struct dp_op op = {.op_type = DP_ROUTE_ADD};
	struct dp_route *r = &op.op_route;

	r->dr_table = 101;
	r->dr_dst = a4("192.168.114.0");
	r->dr_plen = 24;
	r->dr_nnh = 1;
	r->dr_nh[0].dn_gw = a4("10.0.0.1");
	strcpy(r->dr_nh[0].dn_dev, "tu0");
	r->dr_nh[0].dn_labels[0] = 19;
	r->dr_nh[0].dn_nlabels = 1;
	expect_text(&op, "route-add table 101 192.168.114.0/24 metric 0 via 10.0.0.1 dev tu0 labels 19");
	r->dr_kind = DP_ROUTE_BLACKHOLE;
	r->dr_nnh = 0;
	expect_text(&op, "route-add table 101 192.168.114.0/24 metric 0 blackhole");
}

static void test_format_label_actions(void **state)
{
	struct dp_op op = {.op_type = DP_LABEL_ADD};

	op.op_label.dlb_in = 16;
	strcpy(op.op_label.dlb_vrf, "cust1");
	expect_text(&op, "label-add 16 pop-lookup vrf cust1");
	op.op_label.dlb_action = DP_LABEL_SWAP;
	op.op_label.dlb_nh.dn_gw = a4("10.1.1.4");
	strcpy(op.op_label.dlb_nh.dn_dev, "va1");
	op.op_label.dlb_nh.dn_labels[0] = 25;
	op.op_label.dlb_nh.dn_nlabels = 1;
	expect_text(&op, "label-add 16 swap via 10.1.1.4 dev va1 labels 25");
}

static void test_format_sa_hides_keys(void **state)
{
	struct dp_op op = {.op_type = DP_SA_ADD};
	char buf[512];

	op.op_sa.dsa_spi = 0xc0ffee01;
	op.op_sa.dsa_src = a4("172.16.1.103");
	op.op_sa.dsa_dst = a4("172.16.0.1");
	op.op_sa.dsa_alg = DP_SA_AES_GCM_128;
	memset(op.op_sa.dsa_key, 0xab, 20);
	op.op_sa.dsa_keylen = 20;
	op.op_sa.dsa_encap_sport = op.op_sa.dsa_encap_dport = 4500;
	op.op_sa.dsa_reqid = 7;
	op.op_sa.dsa_replay_window = 1024;
	expect_text(&op, "sa-add spi 0xc0ffee01 172.16.1.103 -> 172.16.0.1 transport aes-gcm-128 encap 4500/4500 reqid 7 "
			 "window 1024");
	dp_op_format(&op, buf, sizeof(buf));
	assert_null(strstr(buf, "ab"));
}

static void test_record_backend_keeps_order(void **state)
{
	struct dataplane dpl;
	struct dp_op ops[2] = {{.op_type = DP_VRF_ADD}, {.op_type = DP_ADDR_ADD}};
	char err[256];

	assert_int_equal(dataplane_open(&dpl, "record"), 0);
	strcpy(ops[0].op_vrf.dv_name, "cust1");
	ops[0].op_vrf.dv_table = 101;
	strcpy(ops[1].op_addr.da_dev, "lo100");
	ops[1].op_addr.da_addr = a4("192.168.114.1");
	ops[1].op_addr.da_plen = 24;
	assert_int_equal(dataplane_apply(&dpl, ops, 2, err, sizeof(err)), 0);
	assert_string_equal(dp_record_text(dpl.dpl_state), "vrf-add cust1 table 101\naddr-add lo100 192.168.114.1/24\n");
	dp_record_clear(dpl.dpl_state);
	assert_string_equal(dp_record_text(dpl.dpl_state), "");
	dataplane_close(&dpl);
}

/* auto may pick the kernel backend, which sweeps its marks and sets sysctls:
 * as root, do that in a network namespace of the test's own. */
static void test_choice(void **state)
{
	struct dataplane dpl;

	if (geteuid() == 0 && unshare(CLONE_NEWNET) < 0)
		skip();
	assert_int_equal(dataplane_open(&dpl, "auto"), 0);
	assert_non_null(dpl.dpl_backend);
	assert_non_null(strstr(dpl.dpl_reason, "auto"));
	dataplane_close(&dpl);
	assert_int_equal(dataplane_open(&dpl, "no-such-backend"), -1);
	assert_non_null(strstr(dpl.dpl_reason, "not in this build"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format_route_with_labels), cmocka_unit_test(test_format_label_actions),
		cmocka_unit_test(test_format_sa_hides_keys),	 cmocka_unit_test(test_record_backend_keeps_order),
		cmocka_unit_test(test_choice),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
