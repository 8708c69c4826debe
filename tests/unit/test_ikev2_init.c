/*
 * The IKE_SA_INIT exchange without a network: the offers built from a
 * configuration (hand-checked transform lists), and both sides run against
 * each other in memory: keys agree, INVALID_KE_PAYLOAD makes the initiator
 * retry with the group asked for, NO_PROPOSAL_CHOSEN ends it, NAT detection
 * sees a changed address, and an answer outside the offer is refused.
 * Then IKE_AUTH with pre-shared keys on the SA: both sides derive the same
 * CHILD_SA keys in transport mode; a wrong key or an unknown peer is
 * answered AUTHENTICATION_FAILED.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "ike/ikev2_authx.h"
#include "ike/ikev2_init.h"

static struct sockaddr_in addr(const char *ip, uint16_t port)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};

	assert_int_equal(inet_pton(AF_INET, ip, &a.sin_addr), 1);
	return a;
}

static void check_tr(const struct ikev2_transform *tr, uint8_t type, uint16_t id, uint16_t bits)
{
	assert_int_equal(tr->tr_type, type);
	assert_int_equal(tr->tr_id, id);
	assert_int_equal(tr->tr_keylen, bits);
}

static void test_default_offer(void **state)
{
	struct ikev2_sa sa;

	(void)state;
	assert_int_equal(ikev2_offer_build(NULL, &sa), 0);
	assert_int_equal(sa.sa_nprop, 1);
	assert_int_equal(sa.sa_prop[0].pr_num, 1);
	assert_int_equal(sa.sa_prop[0].pr_protocol, IKEV2_PROTO_IKE);
	assert_int_equal(sa.sa_prop[0].pr_ntr, 5);
	check_tr(&sa.sa_prop[0].pr_tr[0], IKEV2_TRANS_ENCR, IKEV2_ENCR_AES_CBC, 256);
	check_tr(&sa.sa_prop[0].pr_tr[1], IKEV2_TRANS_PRF, IKEV2_PRF_HMAC_SHA2_256, 0);
	check_tr(&sa.sa_prop[0].pr_tr[2], IKEV2_TRANS_INTEG, IKEV2_INTEG_HMAC_SHA2_256_128, 0);
	check_tr(&sa.sa_prop[0].pr_tr[3], IKEV2_TRANS_DH, IKEV2_DH_ECP_256, 0);
	check_tr(&sa.sa_prop[0].pr_tr[4], IKEV2_TRANS_DH, IKEV2_DH_MODP_2048, 0);
	ikev2_offer_free(&sa);
}

/* 3DES and group 5 are not implemented and left out; GCM goes into a second proposal without integrity. */
static void test_configured_offer(void **state)
{
	const struct ike_proposal pp = {
	    .pp_encr = {.al_v = {IKE_ENCR_3DES, IKE_ENCR_AES_CBC_128, IKE_ENCR_AES_GCM_256}, .al_n = 3},
	    .pp_integ = {.al_v = {IKE_HASH_SHA384}, .al_n = 1},
	    .pp_group = {.al_v = {IKE_DH_5, IKE_DH_20}, .al_n = 2},
	};
	struct ikev2_sa sa;

	(void)state;
	assert_int_equal(ikev2_offer_build(&pp, &sa), 0);
	assert_int_equal(sa.sa_nprop, 2);
	assert_int_equal(sa.sa_prop[0].pr_ntr, 4);
	check_tr(&sa.sa_prop[0].pr_tr[0], IKEV2_TRANS_ENCR, IKEV2_ENCR_AES_CBC, 128);
	check_tr(&sa.sa_prop[0].pr_tr[1], IKEV2_TRANS_PRF, IKEV2_PRF_HMAC_SHA2_384, 0); /* PRF from integrity */
	check_tr(&sa.sa_prop[0].pr_tr[2], IKEV2_TRANS_INTEG, IKEV2_INTEG_HMAC_SHA2_384_192, 0);
	check_tr(&sa.sa_prop[0].pr_tr[3], IKEV2_TRANS_DH, IKEV2_DH_ECP_384, 0);
	assert_int_equal(sa.sa_prop[1].pr_num, 2);
	assert_int_equal(sa.sa_prop[1].pr_ntr, 3);
	check_tr(&sa.sa_prop[1].pr_tr[0], IKEV2_TRANS_ENCR, IKEV2_ENCR_AES_GCM_16, 256);
	check_tr(&sa.sa_prop[1].pr_tr[1], IKEV2_TRANS_PRF, IKEV2_PRF_HMAC_SHA2_384, 0);
	check_tr(&sa.sa_prop[1].pr_tr[2], IKEV2_TRANS_DH, IKEV2_DH_ECP_384, 0);
	ikev2_offer_free(&sa);
}

static void test_nothing_usable(void **state)
{
	const struct ike_proposal pp = {
	    .pp_encr = {.al_v = {IKE_ENCR_3DES}, .al_n = 1},
	    .pp_integ = {.al_v = {IKE_HASH_SHA1}, .al_n = 1},
	    .pp_group = {.al_v = {IKE_DH_19}, .al_n = 1},
	};
	struct ikev2_sa sa;

	(void)state;
	assert_int_equal(ikev2_offer_build(&pp, &sa), -1);
}

/* One side's message as the other receives it: encoded bytes decoded again. */
struct wire {
	struct ikev2_blob w_raw;
	struct ikev2_msg w_msg;
};

static void wire_decode(struct wire *w)
{
	struct ikev2_err err;

	assert_int_equal(ikev2_msg_decode(w->w_raw.bl_data, w->w_raw.bl_len, &w->w_msg, &err), 0);
}

static void wire_free(struct wire *w)
{
	ikev2_msg_fini(&w->w_msg);
	ikev2_blob_free(&w->w_raw);
}

/* The responder's answer to the initiator's current request. */
static enum ikev2_init_result respond(struct ikev2_init *ini, struct ikev2_init *rsp, const struct ike_proposal *pp,
				      const struct sockaddr_in *seen_from, struct wire *answer)
{
	struct wire req = {0};
	struct ikev2_err err;
	struct sockaddr_in local = addr("192.0.2.2", 500);
	enum ikev2_init_result r;

	assert_int_equal(ikev2_init_request(ini, &req.w_raw, &err), 0);
	wire_decode(&req);
	r = ikev2_init_accept(rsp, pp, &local, seen_from, &req.w_msg, req.w_raw.bl_data, req.w_raw.bl_len,
			      &answer->w_raw, &err);
	wire_free(&req);
	if (r != IKEV2_INIT_FAILED)
		wire_decode(answer);
	return r;
}

static void start(struct ikev2_init *ini, const struct ike_proposal *pp)
{
	struct sockaddr_in local = addr("192.0.2.1", 500), remote = addr("192.0.2.2", 500);

	assert_int_equal(ikev2_init_start(ini, pp, &local, &remote), 0);
}

static void assert_same_keys(const struct ikev2_init *a, const struct ikev2_init *b)
{
	assert_int_equal(a->in_spi_i, b->in_spi_i);
	assert_int_equal(a->in_spi_r, b->in_spi_r);
	assert_int_equal(a->in_keys.ik_d.se_len, a->in_suite.su_prf->pa_len);
	assert_int_equal(a->in_keys.ik_d.se_len, b->in_keys.ik_d.se_len);
	assert_memory_equal(a->in_keys.ik_d.se_data, b->in_keys.ik_d.se_data, a->in_keys.ik_d.se_len);
	assert_memory_equal(a->in_keys.ik_pr.se_data, b->in_keys.ik_pr.se_data, a->in_keys.ik_pr.se_len);
	assert_memory_equal(a->in_req.bl_data, b->in_req.bl_data, a->in_req.bl_len);
	assert_memory_equal(a->in_resp.bl_data, b->in_resp.bl_data, a->in_resp.bl_len);
}

/* Both sides of one IKE_SA_INIT, and the answer on the wire. */
struct pair {
	struct ikev2_init p_ini, p_rsp;
	struct wire p_ans;
	struct ikev2_err p_err;
};

/* The initiator (default offer) asks; the responder with proposal pp sees the request from ip:port. */
static enum ikev2_init_result pair_ask(struct pair *p, const struct ike_proposal *pp, const char *ip, uint16_t port)
{
	struct sockaddr_in from = addr(ip, port);

	*p = (struct pair){0};
	start(&p->p_ini, NULL);
	return respond(&p->p_ini, &p->p_rsp, pp, &from, &p->p_ans);
}

/* The initiator reads the answer. */
static enum ikev2_init_result pair_answer(struct pair *p)
{
	struct wire *w = &p->p_ans;

	return ikev2_init_response(&p->p_ini, &w->w_msg, w->w_raw.bl_data, w->w_raw.bl_len, &p->p_err);
}

static void pair_free(struct pair *p)
{
	wire_free(&p->p_ans);
	ikev2_init_fini(&p->p_ini);
	ikev2_init_fini(&p->p_rsp);
}

static void test_exchange(void **state)
{
	struct pair p;

	(void)state;
	assert_int_equal(pair_ask(&p, NULL, "192.0.2.1", 500), IKEV2_INIT_DONE);
	assert_int_equal(pair_answer(&p), IKEV2_INIT_DONE);
	assert_same_keys(&p.p_ini, &p.p_rsp);
	assert_int_equal(p.p_ini.in_choice.ch_tr[IKEV2_TRANS_DH].tr_id, IKEV2_DH_ECP_256);
	assert_false(p.p_ini.in_nat_local || p.p_ini.in_nat_remote || p.p_rsp.in_nat_local || p.p_rsp.in_nat_remote);
	pair_free(&p);
}

/* The responder wants group 14: INVALID_KE_PAYLOAD, the initiator retries with it. */
static void test_invalid_ke_retry(void **state)
{
	const struct ike_proposal only14 = {
	    .pp_encr = {.al_v = {IKE_ENCR_AES_CBC_256}, .al_n = 1},
	    .pp_integ = {.al_v = {IKE_HASH_SHA256}, .al_n = 1},
	    .pp_group = {.al_v = {IKE_DH_14}, .al_n = 1},
	};
	struct sockaddr_in from = addr("192.0.2.1", 500);
	struct pair p;

	(void)state;
	assert_int_equal(pair_ask(&p, &only14, "192.0.2.1", 500), IKEV2_INIT_REFUSED);
	assert_int_equal(pair_answer(&p), IKEV2_INIT_RETRY);
	ikev2_init_fini(&p.p_rsp);
	wire_free(&p.p_ans);
	p.p_ans = (struct wire){0};
	assert_int_equal(respond(&p.p_ini, &p.p_rsp, &only14, &from, &p.p_ans), IKEV2_INIT_DONE);
	assert_int_equal(pair_answer(&p), IKEV2_INIT_DONE);
	assert_int_equal(p.p_ini.in_choice.ch_tr[IKEV2_TRANS_DH].tr_id, IKEV2_DH_MODP_2048);
	assert_same_keys(&p.p_ini, &p.p_rsp);
	pair_free(&p);
}

static void test_no_proposal(void **state)
{
	const struct ike_proposal gcm = {
	    .pp_encr = {.al_v = {IKE_ENCR_AES_GCM_128}, .al_n = 1},
	    .pp_prf = {.al_v = {IKE_HASH_SHA256}, .al_n = 1},
	    .pp_group = {.al_v = {IKE_DH_19}, .al_n = 1},
	};
	struct pair p;

	(void)state;
	assert_int_equal(pair_ask(&p, &gcm, "192.0.2.1", 500), IKEV2_INIT_REFUSED);
	assert_int_equal(pair_answer(&p), IKEV2_INIT_FAILED);
	assert_int_equal(p.p_err.e_notify, IKEV2_N_NO_PROPOSAL_CHOSEN);
	pair_free(&p);
}

/* The request arrives from another address than the initiator put in its hash: a NAT in front of it. */
static void test_nat_detected(void **state)
{
	struct pair p;

	(void)state;
	assert_int_equal(pair_ask(&p, NULL, "198.51.100.7", 4500), IKEV2_INIT_DONE);
	assert_true(p.p_rsp.in_nat_remote);
	assert_false(p.p_rsp.in_nat_local);
	pair_free(&p);
}

/* An answer choosing a transform we did not offer (AES-CBC-128) is refused. */
static void test_answer_outside_offer(void **state)
{
	struct pair p;
	struct ikev2_pl *sa;

	(void)state;
	assert_int_equal(pair_ask(&p, NULL, "192.0.2.1", 500), IKEV2_INIT_DONE);
	sa = (struct ikev2_pl *)ikev2_pl_find(p.p_ans.w_msg.m_pl, IKEV2_PL_SA);
	sa->pl_sa.sa_prop[0].pr_tr[0].tr_keylen = 128;
	assert_int_equal(pair_answer(&p), IKEV2_INIT_FAILED);
	assert_int_equal(p.p_err.e_notify, IKEV2_N_NO_PROPOSAL_CHOSEN);
	pair_free(&p);
}

/* ID_IPV4_ADDR of addr and a pre-shared key used both ways. */
static void conf_set(struct ikev2_authx_conf *ac, const char *ip, const char *psk)
{
	struct in_addr a;

	*ac = (struct ikev2_authx_conf){.ac_id.id_type = IKEV2_ID_IPV4_ADDR};
	assert_int_equal(inet_pton(AF_INET, ip, &a), 1);
	assert_int_equal(ikev2_blob_set(&ac->ac_id.id_data, &a, 4), 0);
	assert_int_equal(ikev2_secret_copy(&ac->ac_psk_local, (const uint8_t *)psk, strlen(psk)), 0);
	assert_int_equal(ikev2_secret_copy(&ac->ac_psk_remote, (const uint8_t *)psk, strlen(psk)), 0);
}

/* The responder knows one peer, 192.0.2.1, with the key "lab-secret". */
static int lookup(void *arg, const struct ikev2_id *peer, const struct ikev2_pl *inner,
		  const struct sockaddr_in *remote, struct ikev2_authx_conf *out)
{
	const uint8_t known[4] = {192, 0, 2, 1};

	(void)arg;
	(void)inner;
	(void)remote;
	if (peer->id_type != IKEV2_ID_IPV4_ADDR || peer->id_data.bl_len != 4 ||
	    memcmp(peer->id_data.bl_data, known, 4) != 0)
		return -1;
	conf_set(out, "192.0.2.2", "lab-secret");
	return 0;
}

struct auth_run {
	struct pair ar_sa; /* the IKE SA, through IKE_SA_INIT */
	struct ikev2_authx_conf ar_iconf, ar_rconf;
	struct ikev2_child ar_ichild, ar_rchild;
	struct wire ar_ans;
	enum ikev2_init_result ar_accepted;
	int ar_done; /* the initiator's verdict on the answer */
	struct ikev2_err ar_err;
};

static void auth_run(struct auth_run *r, const char *my_ip, const char *psk)
{
	struct wire req = {0};
	struct in_addr local, remote;

	*r = (struct auth_run){0};
	assert_int_equal(pair_ask(&r->ar_sa, NULL, "192.0.2.1", 500), IKEV2_INIT_DONE);
	assert_int_equal(pair_answer(&r->ar_sa), IKEV2_INIT_DONE);
	conf_set(&r->ar_iconf, my_ip, psk);
	local = r->ar_sa.p_ini.in_local.sin_addr;
	remote = r->ar_sa.p_ini.in_remote.sin_addr;
	assert_int_equal(ikev2_child_init(&r->ar_ichild, local, remote), 0);
	assert_int_equal(ikev2_authx_request(&r->ar_sa.p_ini, &r->ar_iconf, &r->ar_ichild, &req.w_raw, &r->ar_err), 0);
	wire_decode(&req);
	r->ar_accepted = ikev2_authx_accept(&r->ar_sa.p_rsp, lookup, NULL, &r->ar_rconf, &r->ar_rchild, &req.w_msg,
					    req.w_raw.bl_data, req.w_raw.bl_len, &r->ar_ans.w_raw, &r->ar_err);
	wire_free(&req);
	assert_int_not_equal(r->ar_accepted, IKEV2_INIT_FAILED);
	wire_decode(&r->ar_ans);
	r->ar_done = ikev2_authx_response(&r->ar_sa.p_ini, &r->ar_iconf, &r->ar_ichild, &r->ar_ans.w_msg,
					  r->ar_ans.w_raw.bl_data, r->ar_ans.w_raw.bl_len, &r->ar_err);
}

static void auth_free(struct auth_run *r)
{
	wire_free(&r->ar_ans);
	pair_free(&r->ar_sa);
	ikev2_child_fini(&r->ar_ichild);
	ikev2_child_fini(&r->ar_rchild);
	ikev2_authx_conf_fini(&r->ar_iconf);
	ikev2_authx_conf_fini(&r->ar_rconf);
}

/* Each side's outbound SA is the other's inbound one: same SPI, same keys. */
static void assert_mirrored(const struct ikev2_child *a, const struct ikev2_child *b)
{
	struct dp_op oa[4], ob[4];

	assert_int_equal(ikev2_child_ops(a, 0, 0, oa), 4);
	assert_int_equal(ikev2_child_ops(b, 0, 0, ob), 4);
	assert_int_equal(oa[0].op_type, DP_SA_ADD);
	assert_int_equal(oa[1].op_sa.dsa_spi, ob[0].op_sa.dsa_spi);
	assert_int_equal(oa[0].op_sa.dsa_spi, ob[1].op_sa.dsa_spi);
	assert_int_equal(oa[1].op_sa.dsa_keylen, 20); /* AES-GCM-128 and its salt */
	assert_memory_equal(oa[1].op_sa.dsa_key, ob[0].op_sa.dsa_key, 20);
	assert_memory_equal(oa[0].op_sa.dsa_key, ob[1].op_sa.dsa_key, 20);
	assert_memory_not_equal(oa[0].op_sa.dsa_key, oa[1].op_sa.dsa_key, 20);
	assert_int_equal(oa[2].op_type, DP_POLICY_ADD);
	assert_int_equal(oa[2].op_policy.dpo_proto, 47);
	assert_int_equal(oa[2].op_policy.dpo_mode, DP_SA_TRANSPORT);
}

static void test_auth_psk(void **state)
{
	struct auth_run r;

	(void)state;
	auth_run(&r, "192.0.2.1", "lab-secret");
	assert_int_equal(r.ar_accepted, IKEV2_INIT_DONE);
	assert_int_equal(r.ar_done, 0);
	assert_true(r.ar_ichild.cs_transport && r.ar_rchild.cs_transport);
	assert_int_equal(r.ar_ichild.cs_choice.ch_tr[IKEV2_TRANS_ENCR].tr_id, IKEV2_ENCR_AES_GCM_16);
	assert_mirrored(&r.ar_ichild, &r.ar_rchild);
	auth_free(&r);
}

/* A CHILD_SA without its encryption key yields no dataplane operation. */
static void test_child_without_key(void **state)
{
	struct auth_run r;
	struct dp_op ops[4];

	(void)state;
	auth_run(&r, "192.0.2.1", "lab-secret");
	assert_int_equal(ikev2_child_ops(&r.ar_ichild, 0, 0, ops), 4);
	ikev2_secret_free(&r.ar_ichild.cs_keys.ck_er);
	assert_int_equal(ikev2_child_ops(&r.ar_ichild, 0, 0, ops), 0);
	auth_free(&r);
}

static void test_auth_wrong_key(void **state)
{
	struct auth_run r;

	(void)state;
	auth_run(&r, "192.0.2.1", "not-the-secret");
	assert_int_equal(r.ar_accepted, IKEV2_INIT_REFUSED);
	assert_int_equal(r.ar_done, -1);
	assert_int_equal(r.ar_err.e_notify, IKEV2_N_AUTHENTICATION_FAILED);
	auth_free(&r);
}

static void test_auth_unknown_peer(void **state)
{
	struct auth_run r;

	(void)state;
	auth_run(&r, "192.0.2.99", "lab-secret");
	assert_int_equal(r.ar_accepted, IKEV2_INIT_REFUSED);
	assert_int_equal(r.ar_done, -1);
	assert_int_equal(r.ar_err.e_notify, IKEV2_N_AUTHENTICATION_FAILED);
	auth_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_default_offer),     cmocka_unit_test(test_configured_offer),
	    cmocka_unit_test(test_nothing_usable),    cmocka_unit_test(test_exchange),
	    cmocka_unit_test(test_invalid_ke_retry),  cmocka_unit_test(test_no_proposal),
	    cmocka_unit_test(test_nat_detected),      cmocka_unit_test(test_answer_outside_offer),
	    cmocka_unit_test(test_auth_psk),	      cmocka_unit_test(test_auth_wrong_key),
	    cmocka_unit_test(test_auth_unknown_peer), cmocka_unit_test(test_child_without_key),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
