/* The CHILD_SA negotiated in IKE_AUTH: ESP proposals, GRE selectors, keys, dataplane operations. */
#include "ike/ikev2_child.h"

#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/rand.h>

#define GRE_PROTO 47
/* Reqids 1..2^24-2: the dataplane takes reqids below 2^24 (the kernel backend marks them as its own
 * above that) and keeps 2^24-1 for its probe. */
#define REQID_COUNT 0xfffffeu

int ikev2_child_init(struct ikev2_child *c, struct in_addr local, struct in_addr remote)
{
	static uint32_t reqids_given; /* each CHILD_SA its own reqid: peers' SAs never share one */

	*c = (struct ikev2_child){.cs_local = local, .cs_remote = remote};
	/* SPIs 1-255 are reserved by IANA (RFC 4303 §2.1). */
	do {
		if (RAND_bytes((uint8_t *)&c->cs_spi_in, sizeof(c->cs_spi_in)) != 1)
			return -1;
	} while (c->cs_spi_in < 256);
	c->cs_reqid = reqids_given++ % REQID_COUNT + 1;
	return 0;
}

int ikev2_child_offer(const struct ikev2_child *c, struct ikev2_sa *out)
{
	return ikev2_esp_offer_build(&c->cs_offer, c->cs_spi_in, out);
}

static int add_ts(struct ikev2_pl **list, uint8_t type, struct in_addr a)
{
	struct ikev2_pl *pl = ikev2_pl_add(list, type);
	struct ikev2_ts *ts = pl ? calloc(1, sizeof(*ts)) : NULL;

	if (!ts)
		return -1;
	*ts = (struct ikev2_ts){.ts_type = IKEV2_TS_IPV4_ADDR_RANGE, .ts_proto = GRE_PROTO, .ts_port_end = 0xffff};
	memcpy(ts->ts_addr_start, &a, 4);
	memcpy(ts->ts_addr_end, &a, 4);
	pl->pl_ts = (struct ikev2_tsp){.tsp_ts = ts, .tsp_nts = 1};
	return 0;
}

int ikev2_child_add_ts(const struct ikev2_child *c, bool initiator, struct ikev2_pl **list)
{
	if (add_ts(list, IKEV2_PL_TSI, initiator ? c->cs_local : c->cs_remote) < 0)
		return -1;
	return add_ts(list, IKEV2_PL_TSR, initiator ? c->cs_remote : c->cs_local);
}

/* Whether one selector of the payload covers GRE (or any protocol) to or from a. */
static bool ts_covers(const struct ikev2_pl *pl, struct in_addr a)
{
	uint32_t v = ntohl(a.s_addr);

	for (size_t i = 0; pl && i < pl->pl_ts.tsp_nts; i++) {
		const struct ikev2_ts *ts = &pl->pl_ts.tsp_ts[i];
		uint32_t lo, hi;

		if (ts->ts_type != IKEV2_TS_IPV4_ADDR_RANGE || (ts->ts_proto != 0 && ts->ts_proto != GRE_PROTO))
			continue;
		memcpy(&lo, ts->ts_addr_start, 4);
		memcpy(&hi, ts->ts_addr_end, 4);
		if (ntohl(lo) <= v && v <= ntohl(hi))
			return true;
	}
	return false;
}

int ikev2_child_check_ts(const struct ikev2_child *c, bool initiator, const struct ikev2_pl *list,
			 struct ikev2_err *err)
{
	struct in_addr ai = initiator ? c->cs_local : c->cs_remote, ar = initiator ? c->cs_remote : c->cs_local;

	if (ts_covers(ikev2_pl_find(list, IKEV2_PL_TSI), ai) && ts_covers(ikev2_pl_find(list, IKEV2_PL_TSR), ar))
		return 0;
	*err = (struct ikev2_err){.e_notify = IKEV2_N_TS_UNACCEPTABLE,
				  .e_payload = IKEV2_PL_TSI,
				  .e_what = "traffic selectors do not cover GRE between the tunnel endpoints"};
	return -1;
}

const struct ikev2_esp_suite *ikev2_child_suite(const struct ikev2_child *c)
{
	const struct ikev2_transform *tr = c->cs_choice.ch_tr;
	uint16_t integ = c->cs_choice.ch_has[IKEV2_TRANS_INTEG] ? tr[IKEV2_TRANS_INTEG].tr_id : IKEV2_INTEG_NONE;

	return ikev2_esp_suite(tr[IKEV2_TRANS_ENCR].tr_id, tr[IKEV2_TRANS_ENCR].tr_keylen, integ);
}

int ikev2_child_derive(struct ikev2_child *c, const struct ikev2_prf_alg *prf, const struct ikev2_secret *sk_d,
		       const struct ikev2_blob *ni, const struct ikev2_blob *nr, bool initiator)
{
	return ikev2_child_derive_pfs(c, prf, sk_d, NULL, ni, nr, initiator);
}

int ikev2_child_derive_pfs(struct ikev2_child *c, const struct ikev2_prf_alg *prf, const struct ikev2_secret *sk_d,
			   const struct ikev2_secret *gir, const struct ikev2_blob *ni, const struct ikev2_blob *nr,
			   bool initiator)
{
	const struct ikev2_transform *encr = &c->cs_choice.ch_tr[IKEV2_TRANS_ENCR];
	const struct ikev2_encr_alg *ea = ikev2_encr_alg(encr->tr_id);
	const struct ikev2_integ_alg *ia = ikev2_integ_alg(c->cs_choice.ch_tr[IKEV2_TRANS_INTEG].tr_id);
	size_t integ_len = c->cs_choice.ch_has[IKEV2_TRANS_INTEG] && ia ? ia->ia_key_len : 0;

	if (!ea || (!ea->ea_aead && !integ_len) || !ikev2_child_suite(c))
		return -1;
	c->cs_initiator = initiator;
	return ikev2_child_keys_derive(&c->cs_keys, prf, sk_d, gir, ikev2_chunk(ni->bl_data, ni->bl_len),
				       ikev2_chunk(nr->bl_data, nr->bl_len), encr->tr_keylen / 8u + ea->ea_salt_len,
				       integ_len);
}

static struct dp_op sa_op(const struct ikev2_child *c, bool out, const struct ikev2_secret *ek,
			  const struct ikev2_secret *ak)
{
	struct dp_op op = {.op_type = DP_SA_ADD};
	struct dp_sa *sa = &op.op_sa;

	sa->dsa_spi = out ? c->cs_spi_out : c->cs_spi_in;
	sa->dsa_src = out ? c->cs_local : c->cs_remote;
	sa->dsa_dst = out ? c->cs_remote : c->cs_local;
	sa->dsa_mode = c->cs_transport ? DP_SA_TRANSPORT : DP_SA_TUNNEL;
	sa->dsa_alg = ikev2_child_suite(c)->es_dp_alg; /* derivation checked it exists */
	sa->dsa_keylen = (uint8_t)(ek->se_len < DP_KEY_MAX ? ek->se_len : DP_KEY_MAX);
	memcpy(sa->dsa_key, ek->se_data, sa->dsa_keylen);
	sa->dsa_auth_keylen = (uint8_t)(ak->se_len < DP_AUTH_KEY_MAX ? ak->se_len : DP_AUTH_KEY_MAX);
	if (ak->se_len)
		memcpy(sa->dsa_auth_key, ak->se_data, sa->dsa_auth_keylen);
	sa->dsa_reqid = c->cs_reqid;
	sa->dsa_replay_window = 64;
	return op;
}

static struct dp_op policy_op(const struct ikev2_child *c, bool out)
{
	struct dp_op op = {.op_type = DP_POLICY_ADD};
	struct dp_policy *po = &op.op_policy;

	po->dpo_src = po->dpo_tun_src = out ? c->cs_local : c->cs_remote;
	po->dpo_dst = po->dpo_tun_dst = out ? c->cs_remote : c->cs_local;
	po->dpo_proto = GRE_PROTO;
	po->dpo_dir = out ? DP_POLICY_OUT : DP_POLICY_IN;
	po->dpo_mode = c->cs_transport ? DP_SA_TRANSPORT : DP_SA_TUNNEL;
	po->dpo_reqid = c->cs_reqid;
	return op;
}

size_t ikev2_child_ops(const struct ikev2_child *c, uint16_t encap_sport, uint16_t encap_dport, struct dp_op ops[4])
{
	const struct ikev2_child_keys *k = &c->cs_keys;
	/* ei/ai protect what the initiator sends. */
	const struct ikev2_secret *out_e = c->cs_initiator ? &k->ck_ei : &k->ck_er;
	const struct ikev2_secret *out_a = c->cs_initiator ? &k->ck_ai : &k->ck_ar;
	const struct ikev2_secret *in_e = c->cs_initiator ? &k->ck_er : &k->ck_ei;
	const struct ikev2_secret *in_a = c->cs_initiator ? &k->ck_ar : &k->ck_ai;

	/* A CHILD_SA whose keys were never derived (or were wiped) must not reach the dataplane keyless. */
	if (!in_e->se_len || !out_e->se_len || !in_e->se_data || !out_e->se_data)
		return 0;
	ops[0] = sa_op(c, false, in_e, in_a);
	ops[1] = sa_op(c, true, out_e, out_a);
	for (int i = 0; i < 2; i++) {
		/* Outbound ESP goes from our port to the peer's; inbound the other way. */
		ops[i].op_sa.dsa_encap_sport = i ? encap_sport : encap_dport;
		ops[i].op_sa.dsa_encap_dport = i ? encap_dport : encap_sport;
	}
	ops[2] = policy_op(c, true);
	ops[3] = policy_op(c, false);
	return 4;
}

void ikev2_child_fini(struct ikev2_child *c)
{
	ikev2_child_keys_free(&c->cs_keys);
	*c = (struct ikev2_child){0};
}
