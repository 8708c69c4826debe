/* The kernel backend's xfrm SA and policy messages, read back with libmnl. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>
#include <linux/udp.h>
#include <linux/xfrm.h>

#include "dataplane/kernel/kn_mark.h"
#include "nl_fixture.h"

static struct dp_op sa_op(void)
{
	struct dp_op op = {.op_type = DP_SA_ADD};
	struct dp_sa *s = &op.op_sa;

	s->dsa_spi = 0xc0ffee01;
	s->dsa_src = a4("172.16.1.103");
	s->dsa_dst = a4("172.16.0.1");
	s->dsa_alg = DP_SA_AES_GCM_128;
	for (unsigned i = 0; i < 20; i++)
		s->dsa_key[i] = (uint8_t)(i + 1);
	s->dsa_keylen = 20;
	s->dsa_encap_sport = s->dsa_encap_dport = 4500;
	s->dsa_reqid = 7;
	s->dsa_replay_window = 32;
	return op;
}

static struct xfrm_usersa_info info_of(const struct nlmsghdr *nlh)
{
	struct xfrm_usersa_info xs;

	assert_true(mnl_nlmsg_get_payload_len(nlh) >= sizeof(xs));
	memcpy(&xs, mnl_nlmsg_get_payload(nlh), sizeof(xs));
	return xs;
}

static void test_sa_gcm_transport_natt(void **state)
{
	struct dp_op op = sa_op();
	const struct nlattr *tb[XFRMA_MAX + 1];
	struct xfrm_usersa_info xs;
	struct xfrm_algo_aead aead;
	struct xfrm_encap_tmpl encap;
	struct kn_msgs m;

	build_ok(&m, &op, 1);
	assert_int_equal(msg_at(&m, 0)->nlmsg_type, XFRM_MSG_NEWSA);
	assert_int_equal(msg_at(&m, 0)->nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK);
	xs = info_of(msg_at(&m, 0));
	assert_int_equal(xs.id.spi, htonl(0xc0ffee01));
	assert_int_equal(xs.id.daddr.a4, a4("172.16.0.1").s_addr);
	assert_int_equal(xs.saddr.a4, a4("172.16.1.103").s_addr);
	assert_int_equal(xs.id.proto, IPPROTO_ESP);
	assert_int_equal(xs.family, AF_INET);
	assert_int_equal(xs.mode, XFRM_MODE_TRANSPORT);
	assert_int_equal(xs.reqid, KN_REQID_MIN + 7); /* moved into ferryd's range */
	assert_int_equal(xs.replay_window, 32);
	assert_true(xs.lft.hard_byte_limit == XFRM_INF && xs.lft.hard_packet_limit == XFRM_INF);
	attrs_of(msg_at(&m, 0), sizeof(xs), tb, XFRMA_MAX);
	assert_non_null(tb[XFRMA_ALG_AEAD]);
	assert_int_equal(mnl_attr_get_payload_len(tb[XFRMA_ALG_AEAD]), sizeof(aead) + 20);
	memcpy(&aead, mnl_attr_get_payload(tb[XFRMA_ALG_AEAD]), sizeof(aead));
	assert_string_equal(aead.alg_name, "rfc4106(gcm(aes))");
	assert_int_equal(aead.alg_key_len, 160); /* bits: 128-bit key and 32-bit salt */
	assert_int_equal(aead.alg_icv_len, 128);
	assert_memory_equal((const char *)mnl_attr_get_payload(tb[XFRMA_ALG_AEAD]) + sizeof(aead), op.op_sa.dsa_key,
			    20);
	assert_null(tb[XFRMA_ALG_CRYPT]);
	assert_null(tb[XFRMA_REPLAY_ESN_VAL]);
	assert_non_null(tb[XFRMA_ENCAP]);
	assert_int_equal(mnl_attr_get_payload_len(tb[XFRMA_ENCAP]), sizeof(encap));
	memcpy(&encap, mnl_attr_get_payload(tb[XFRMA_ENCAP]), sizeof(encap));
	assert_int_equal(encap.encap_type, UDP_ENCAP_ESPINUDP);
	assert_int_equal(encap.encap_sport, htons(4500));
	assert_int_equal(encap.encap_dport, htons(4500));
}

static void test_sa_cbc_tunnel_big_window(void **state)
{
	struct dp_op op = sa_op();
	struct dp_sa *s = &op.op_sa;
	const struct nlattr *tb[XFRMA_MAX + 1];
	struct xfrm_algo crypt;
	struct xfrm_algo_auth auth;
	struct xfrm_replay_state_esn esn;
	struct kn_msgs m;

	s->dsa_alg = DP_SA_AES_CBC_256_SHA256;
	s->dsa_keylen = 32;
	memset(s->dsa_auth_key, 0x5a, 32);
	s->dsa_auth_keylen = 32;
	s->dsa_mode = DP_SA_TUNNEL;
	s->dsa_replay_window = 1024;
	s->dsa_encap_sport = s->dsa_encap_dport = 0;
	build_ok(&m, &op, 1);
	assert_int_equal(info_of(msg_at(&m, 0)).mode, XFRM_MODE_TUNNEL);
	assert_int_equal(info_of(msg_at(&m, 0)).replay_window, 0); /* the kernel wants 0 beside the bitmap */
	attrs_of(msg_at(&m, 0), sizeof(struct xfrm_usersa_info), tb, XFRMA_MAX);
	assert_null(tb[XFRMA_ALG_AEAD]);
	assert_null(tb[XFRMA_ENCAP]);
	memcpy(&crypt, mnl_attr_get_payload(tb[XFRMA_ALG_CRYPT]), sizeof(crypt));
	assert_string_equal(crypt.alg_name, "cbc(aes)");
	assert_int_equal(crypt.alg_key_len, 256);
	assert_int_equal(mnl_attr_get_payload_len(tb[XFRMA_ALG_CRYPT]), sizeof(crypt) + 32);
	memcpy(&auth, mnl_attr_get_payload(tb[XFRMA_ALG_AUTH_TRUNC]), sizeof(auth));
	assert_string_equal(auth.alg_name, "hmac(sha256)");
	assert_int_equal(auth.alg_key_len, 256);
	assert_int_equal(auth.alg_trunc_len, 128);
	assert_memory_equal((const char *)mnl_attr_get_payload(tb[XFRMA_ALG_AUTH_TRUNC]) + sizeof(auth),
			    s->dsa_auth_key, 32);
	assert_int_equal(mnl_attr_get_payload_len(tb[XFRMA_REPLAY_ESN_VAL]), sizeof(esn) + 1024 / 8);
	memcpy(&esn, mnl_attr_get_payload(tb[XFRMA_REPLAY_ESN_VAL]), sizeof(esn));
	assert_int_equal(esn.bmp_len, 32);
	assert_int_equal(esn.replay_window, 1024);
}

static void test_sa_refusals_and_delete(void **state)
{
	struct dp_op op = sa_op();
	const struct xfrm_usersa_id *id;
	struct kn_msgs m;

	op.op_sa.dsa_keylen = 16;
	build_fails(&op, EINVAL, "20-byte key");
	op = sa_op();
	op.op_sa.dsa_alg = DP_SA_AES_CBC_128_SHA256;
	op.op_sa.dsa_keylen = 16;
	build_fails(&op, EINVAL, "hmac(sha256)");
	op = sa_op();
	op.op_sa.dsa_replay_window = 4097;
	build_fails(&op, EINVAL, "replay window");
	op = sa_op();
	op.op_sa.dsa_encap_dport = 0;
	build_fails(&op, EINVAL, "both ports");
	op = sa_op();
	op.op_sa.dsa_reqid = 0x01000000;
	build_fails(&op, EINVAL, "reqid");
	op.op_sa.dsa_reqid = KN_REQID_MIN + 9; /* already ferryd's */
	build_ok(&m, &op, 1);
	assert_int_equal(info_of(msg_at(&m, 0)).reqid, KN_REQID_MIN + 9);

	op.op_type = DP_SA_DEL;
	build_ok(&m, &op, 1);
	assert_int_equal(msg_at(&m, 0)->nlmsg_type, XFRM_MSG_DELSA);
	assert_int_equal(m.km_tolerate[0], KN_GONE_OK);
	assert_int_equal(mnl_nlmsg_get_payload_len(msg_at(&m, 0)), sizeof(*id));
	id = mnl_nlmsg_get_payload(msg_at(&m, 0));
	assert_int_equal(id->spi, htonl(0xc0ffee01));
	assert_int_equal(id->daddr.a4, a4("172.16.0.1").s_addr);
	assert_int_equal(id->family, AF_INET);
	assert_int_equal(id->proto, IPPROTO_ESP);
}

static struct dp_op policy_op(void)
{
	struct dp_op op = {.op_type = DP_POLICY_ADD};

	op.op_policy.dpo_src = a4("172.16.1.103");
	op.op_policy.dpo_dst = a4("172.16.0.1");
	op.op_policy.dpo_proto = IPPROTO_GRE;
	op.op_policy.dpo_dir = DP_POLICY_OUT;
	op.op_policy.dpo_reqid = 7;
	return op;
}

static struct xfrm_user_tmpl tmpl_of(const struct nlattr *a)
{
	struct xfrm_user_tmpl t;

	assert_non_null(a);
	assert_int_equal(mnl_attr_get_payload_len(a), sizeof(t));
	memcpy(&t, mnl_attr_get_payload(a), sizeof(t));
	return t;
}

static void test_policy_transport(void **state)
{
	struct dp_op op = policy_op();
	const struct nlattr *tb[XFRMA_MAX + 1];
	struct xfrm_userpolicy_info pi;
	struct xfrm_user_tmpl t;
	struct kn_msgs m;

	build_ok(&m, &op, 1);
	assert_int_equal(msg_at(&m, 0)->nlmsg_type, XFRM_MSG_UPDPOLICY);
	memcpy(&pi, mnl_nlmsg_get_payload(msg_at(&m, 0)), sizeof(pi));
	assert_int_equal(pi.sel.saddr.a4, a4("172.16.1.103").s_addr);
	assert_int_equal(pi.sel.daddr.a4, a4("172.16.0.1").s_addr);
	assert_int_equal(pi.sel.prefixlen_s, 32);
	assert_int_equal(pi.sel.prefixlen_d, 32);
	assert_int_equal(pi.sel.proto, IPPROTO_GRE);
	assert_int_equal(pi.sel.family, AF_INET);
	assert_int_equal(pi.dir, XFRM_POLICY_OUT);
	assert_int_equal(pi.action, XFRM_POLICY_ALLOW);
	attrs_of(msg_at(&m, 0), sizeof(pi), tb, XFRMA_MAX);
	t = tmpl_of(tb[XFRMA_TMPL]);
	assert_int_equal(t.id.proto, IPPROTO_ESP);
	assert_int_equal(t.family, AF_INET);
	assert_int_equal(t.reqid, KN_REQID_MIN + 7);
	assert_int_equal(t.mode, XFRM_MODE_TRANSPORT);
	assert_int_equal(t.saddr.a4, 0); /* transport mode: the packet's own addresses */
	assert_int_equal(t.id.daddr.a4, 0);
	assert_int_equal(t.optional, 0);
	assert_int_equal(t.ealgos, ~0u);
}

static void test_policy_tunnel_and_delete(void **state)
{
	struct dp_op op = policy_op();
	const struct nlattr *tb[XFRMA_MAX + 1];
	const struct xfrm_userpolicy_id *id;
	struct xfrm_user_tmpl t;
	struct kn_msgs m;

	op.op_policy.dpo_dir = DP_POLICY_IN;
	op.op_policy.dpo_mode = DP_SA_TUNNEL;
	build_fails(&op, EINVAL, "tunnel ends");
	op.op_policy.dpo_tun_src = a4("172.16.0.1");
	op.op_policy.dpo_tun_dst = a4("172.16.1.103");
	build_ok(&m, &op, 1);
	attrs_of(msg_at(&m, 0), sizeof(struct xfrm_userpolicy_info), tb, XFRMA_MAX);
	t = tmpl_of(tb[XFRMA_TMPL]);
	assert_int_equal(t.mode, XFRM_MODE_TUNNEL);
	assert_int_equal(t.saddr.a4, a4("172.16.0.1").s_addr);
	assert_int_equal(t.id.daddr.a4, a4("172.16.1.103").s_addr);

	op.op_type = DP_POLICY_DEL;
	op.op_policy.dpo_dir = DP_POLICY_FWD;
	build_ok(&m, &op, 1);
	assert_int_equal(msg_at(&m, 0)->nlmsg_type, XFRM_MSG_DELPOLICY);
	assert_int_equal(m.km_tolerate[0], KN_GONE_OK);
	assert_int_equal(mnl_nlmsg_get_payload_len(msg_at(&m, 0)), sizeof(*id));
	id = mnl_nlmsg_get_payload(msg_at(&m, 0));
	assert_int_equal(id->dir, XFRM_POLICY_FWD);
	assert_int_equal(id->sel.proto, IPPROTO_GRE);
	assert_int_equal(id->sel.daddr.a4, a4("172.16.0.1").s_addr);
}

/* The largest SA the interface can express still fits one message. */
static void test_largest_sa_fits(void **state)
{
	struct dp_op op = sa_op();
	struct kn_msgs m;

	op.op_sa.dsa_alg = DP_SA_AES_CBC_256_SHA256;
	op.op_sa.dsa_keylen = 32;
	op.op_sa.dsa_auth_keylen = 32;
	op.op_sa.dsa_replay_window = 4096;
	build_ok(&m, &op, 1);
	assert_true(msg_at(&m, 0)->nlmsg_len < KN_MSG_MAX);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_sa_gcm_transport_natt),    cmocka_unit_test(test_sa_cbc_tunnel_big_window),
	    cmocka_unit_test(test_sa_refusals_and_delete),   cmocka_unit_test(test_policy_transport),
	    cmocka_unit_test(test_policy_tunnel_and_delete), cmocka_unit_test(test_largest_sa_fits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
