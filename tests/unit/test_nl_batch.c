/* Batches: operations' messages numbered in order, and the kernel's acknowledgements mapped back. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>
#include <linux/rtnetlink.h>

#include "dataplane/kernel/kn_batch.h"
#include "nl_fixture.h"

#define SEQ0 100

/* Five messages: a VRF (create, settle), a route, a route delete, an address. */
static int setup(void **state)
{
	static struct kn_batch b;
	struct dp_op ops[4] = {
	    {.op_type = DP_VRF_ADD}, {.op_type = DP_ROUTE_ADD}, {.op_type = DP_ROUTE_DEL}, {.op_type = DP_ADDR_ADD}};
	const unsigned counts[4] = {2, 1, 1, 1};
	struct kn_msgs m;

	strcpy(ops[0].op_vrf.dv_name, "fy-v-cust1");
	ops[0].op_vrf.dv_table = 101;
	ops[1].op_route.dr_kind = ops[2].op_route.dr_kind = DP_ROUTE_BLACKHOLE;
	strcpy(ops[3].op_addr.da_dev, "eth0");
	assert_int_equal(kn_batch_init(&b), 0);
	for (size_t i = 0; i < 4; i++) {
		build_ok(&m, &ops[i], counts[i]);
		assert_true(kn_batch_room(&b, &m));
		kn_batch_add(&b, &m, i);
	}
	kn_batch_number(&b, SEQ0);
	*state = &b;
	return 0;
}

static int teardown(void **state)
{
	kn_batch_free(*state);
	return 0;
}

/* An acknowledgement as the kernel writes it with NETLINK_CAP_ACK and NETLINK_EXT_ACK. */
static size_t put_ack(char *buf, uint32_t seq, int error, const char *text)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct nlmsgerr *e;

	nlh->nlmsg_type = NLMSG_ERROR;
	nlh->nlmsg_seq = seq;
	nlh->nlmsg_flags = error ? NLM_F_CAPPED : 0;
	e = mnl_nlmsg_put_extra_header(nlh, sizeof(*e));
	e->error = error;
	e->msg.nlmsg_len = 64; /* the request's header, not its body: capped */
	e->msg.nlmsg_seq = seq;
	if (text) {
		nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
		mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, text);
	}
	return nlh->nlmsg_len;
}

/* Acknowledgements for messages SEQ0 .. SEQ0 + 4, errors[i] for message i (0: success). */
static void ack_all(struct kn_batch *b, const int errors[5], struct kn_result *res)
{
	char buf[1024];
	size_t len = 0;

	for (uint32_t i = 0; i < 5; i++)
		len += put_ack(buf + len, SEQ0 + i, errors[i], NULL);
	kn_batch_acks(b, buf, len, res);
}

static void test_numbering(void **state)
{
	struct kn_batch *b = *state;
	const struct nlmsghdr *nlh = kn_batch_head(b);
	int left = (int)kn_batch_size(b);
	const size_t ops[5] = {0, 0, 1, 2, 3};

	assert_int_equal(b->kb_count, 5);
	for (uint32_t i = 0; i < 5; i++, nlh = mnl_nlmsg_next(nlh, &left)) {
		assert_true(mnl_nlmsg_ok(nlh, left));
		assert_int_equal(nlh->nlmsg_seq, SEQ0 + i);
		assert_int_equal(b->kb_sent[i].ks_op, ops[i]);
	}
	assert_int_equal(left, 0);
	assert_int_equal(b->kb_sent[0].ks_tolerate, KN_EXISTS_OK);
	assert_int_equal(b->kb_sent[3].ks_tolerate, KN_GONE_OK);
}

static void test_all_acknowledged(void **state)
{
	const int ok[5] = {0};
	struct kn_result res = {0};

	assert_false(kn_batch_done(*state));
	ack_all(*state, ok, &res);
	assert_true(kn_batch_done(*state));
	assert_false(res.kr_failed);
}

static void test_error_text(void **state)
{
	struct kn_batch *b = *state;
	struct kn_result res = {0};
	char buf[1024];
	size_t len = 0;

	for (uint32_t i = 0; i < 5; i++)
		len +=
		    put_ack(buf + len, SEQ0 + i, i == 2 ? -EINVAL : 0, i == 2 ? "Nexthop has invalid gateway" : NULL);
	kn_batch_acks(b, buf, len, &res);
	assert_true(kn_batch_done(b));
	assert_true(res.kr_failed);
	assert_int_equal(res.kr_op, 1);
	assert_int_equal(res.kr_errno, EINVAL);
	assert_string_equal(res.kr_msg, "Invalid argument: Nexthop has invalid gateway");
}

/* EEXIST for the create (the settle configures it), ESRCH for the delete: the intent holds. */
static void test_tolerated_answers(void **state)
{
	const int answers[5] = {-EEXIST, 0, 0, -ESRCH, 0};
	struct kn_result res = {0};

	ack_all(*state, answers, &res);
	assert_false(res.kr_failed);
}

static void test_strict_answers(void **state)
{
	const int answers[5] = {0, 0, -ESRCH, 0, -EEXIST};
	struct kn_result res = {0};

	ack_all(*state, answers, &res);
	assert_true(res.kr_failed);
	assert_int_equal(res.kr_op, 1); /* the lowest failed operation */
	assert_int_equal(res.kr_errno, ESRCH);
	assert_string_equal(res.kr_msg, "No such process");
}

static void test_first_failure_stays(void **state)
{
	struct kn_result res = {0};

	kn_result_fail(&res, 0, EPERM, "first");
	kn_result_fail(&res, 3, EINVAL, "later");
	assert_int_equal(res.kr_op, 0);
	assert_string_equal(res.kr_msg, "first");
	kn_result_fail(&res, 0, EINVAL, "same operation again");
	assert_string_equal(res.kr_msg, "first");
}

static void test_strays_and_duplicates(void **state)
{
	struct kn_batch *b = *state;
	struct kn_result res = {0};
	char buf[1024];
	size_t len = 0;
	struct nlmsghdr *done;

	len += put_ack(buf + len, SEQ0 - 1, -EPERM, NULL); /* an older batch's */
	len += put_ack(buf + len, SEQ0 + 5, -EPERM, NULL); /* past this batch */
	len += put_ack(buf + len, SEQ0, 0, NULL);
	len += put_ack(buf + len, SEQ0, -EPERM, NULL); /* twice */
	done = mnl_nlmsg_put_header(buf + len);
	done->nlmsg_type = NLMSG_DONE;
	done->nlmsg_seq = SEQ0 + 1;
	len += done->nlmsg_len;
	kn_batch_acks(b, buf, len, &res);
	assert_int_equal(b->kb_acked, 1);
	assert_false(res.kr_failed);
}

static void test_malformed(void **state)
{
	struct kn_batch *b = *state;
	struct kn_result res = {0};
	char buf[1024];
	size_t len, more;
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;

	put_ack(buf, SEQ0 + 1, 0, NULL);
	nlh->nlmsg_len = MNL_NLMSG_HDRLEN + 4; /* too short for struct nlmsgerr */
	len = nlh->nlmsg_len;
	len += put_ack(buf + len, SEQ0 + 2, 4096, NULL); /* not an errno */
	more = put_ack(buf + len, SEQ0 + 3, -EPERM, NULL);
	len += more - 1; /* cut: the last one is not whole */
	kn_batch_acks(b, buf, len, &res);
	assert_true(res.kr_failed);
	assert_int_equal(res.kr_op, 0);
	assert_int_equal(res.kr_errno, EPROTO);
	assert_int_equal(b->kb_acked, 2);
}

/* libmnl takes a length of 2 GiB or more for a negative int (and one of 4 GiB - 3 aligns to 0). */
static void test_huge_length(void **state)
{
	struct kn_batch *b = *state;
	struct kn_result res = {0};
	char buf[256];
	size_t len = put_ack(buf, SEQ0, 0, NULL);

	put_ack(buf + len, SEQ0 + 1, -EPERM, NULL);
	((struct nlmsghdr *)(buf + len))->nlmsg_len = 0xfffffffdu;
	kn_batch_acks(b, buf, len + MNL_NLMSG_HDRLEN + sizeof(struct nlmsgerr), &res);
	assert_int_equal(b->kb_acked, 1);
	assert_false(res.kr_failed);
}

/* Without NETLINK_CAP_ACK the request comes back whole, before the attributes. */
static void test_uncapped_echo(void **state)
{
	struct kn_batch *b = *state;
	const struct nlmsghdr *req = kn_batch_head(b);
	struct kn_result res = {0};
	char buf[2048];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct nlmsgerr *e;

	nlh->nlmsg_type = NLMSG_ERROR;
	nlh->nlmsg_seq = SEQ0;
	nlh->nlmsg_flags = NLM_F_ACK_TLVS;
	e = mnl_nlmsg_put_extra_header(nlh, sizeof(*e) - sizeof(e->msg) + req->nlmsg_len);
	e->error = -EOPNOTSUPP;
	memcpy(&e->msg, req, req->nlmsg_len);
	mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, "Unknown device type");
	kn_batch_acks(b, buf, nlh->nlmsg_len, &res);
	assert_int_equal(res.kr_op, 0);
	assert_string_equal(res.kr_msg, "Operation not supported: Unknown device type");
}

static void test_lost(void **state)
{
	struct kn_batch *b = *state;
	struct kn_result res = {0};
	char buf[256];
	size_t len = put_ack(buf, SEQ0, 0, NULL);

	len += put_ack(buf + len, SEQ0 + 1, 0, NULL);
	kn_batch_acks(b, buf, len, &res);
	kn_batch_lost(b, ENOBUFS, &res);
	assert_true(res.kr_failed);
	assert_int_equal(res.kr_op, 1); /* message 2, the route */
	assert_non_null(strstr(res.kr_msg, "no acknowledgement"));
}

static void test_room(void **state)
{
	struct kn_batch b;
	struct dp_op op = {.op_type = DP_ROUTE_DEL};
	struct kn_msgs m;
	size_t n = 0;

	assert_int_equal(kn_batch_init(&b), 0);
	build_ok(&m, &op, 1);
	while (kn_batch_room(&b, &m))
		kn_batch_add(&b, &m, n++);
	assert_int_equal(n, KN_BATCH_MSGS);
	assert_true(kn_batch_size(&b) <= KN_BATCH_BYTES);
	kn_batch_reset(&b);
	assert_true(kn_batch_empty(&b));
	assert_true(kn_batch_room(&b, &m));
	kn_batch_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_numbering, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_all_acknowledged, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_error_text, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_tolerated_answers, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_strict_answers, setup, teardown),
	    cmocka_unit_test(test_first_failure_stays),
	    cmocka_unit_test_setup_teardown(test_strays_and_duplicates, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_malformed, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_huge_length, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_uncapped_echo, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_lost, setup, teardown),
	    cmocka_unit_test(test_room),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
