/* IKE_SA_INIT: what both sides share, and the initiator. */
#include "ike/ikev2_init_int.h"

#include <arpa/inet.h>
#include <string.h>

#include <openssl/rand.h>

#include "ike/ikev2_auth.h"
#include "ike/ikev2_dh.h"
#include "ike/ikev2_frag.h"
#include "ike/ikev2_natd.h"

enum ikev2_init_result init_fail(struct ikev2_err *err, uint16_t notify, uint8_t payload, const char *what)
{
	*err = (struct ikev2_err){.e_notify = notify, .e_payload = payload, .e_what = what};
	return IKEV2_INIT_FAILED;
}

int init_random(struct ikev2_blob *b, size_t len)
{
	uint8_t buf[IKEV2_NONCE_MAX];

	if (len > sizeof(buf) || RAND_bytes(buf, (int)len) != 1)
		return -1;
	return ikev2_blob_set(b, buf, len);
}

int init_add_notify(struct ikev2_pl **list, uint16_t type, const void *data, size_t len)
{
	struct ikev2_pl *pl = ikev2_pl_add(list, IKEV2_PL_NOTIFY);

	if (!pl)
		return -1;
	pl->pl_notify.no_type = type;
	return ikev2_blob_set(&pl->pl_notify.no_data, data, len);
}

/* NAT_DETECTION_SOURCE_IP and _DESTINATION_IP for our address and the peer's (§2.23). */
static int add_natd(const struct ikev2_init *in, struct ikev2_pl **list)
{
	uint8_t src[IKEV2_NATD_LEN], dst[IKEV2_NATD_LEN];

	if (ikev2_natd_hash(in->in_spi_i, in->in_spi_r, (const struct sockaddr *)&in->in_local, src) < 0 ||
	    ikev2_natd_hash(in->in_spi_i, in->in_spi_r, (const struct sockaddr *)&in->in_remote, dst) < 0)
		return -1;
	if (init_add_notify(list, IKEV2_N_NAT_DETECTION_SOURCE_IP, src, sizeof(src)) < 0)
		return -1;
	return init_add_notify(list, IKEV2_N_NAT_DETECTION_DESTINATION_IP, dst, sizeof(dst));
}

/* SIGNATURE_HASH_ALGORITHMS (RFC 7427 §4): the peer may sign with method 14 and one of these. */
static int add_sig_hashes(struct ikev2_pl **list)
{
	struct ikev2_blob hashes = {0};
	int rc = ikev2_sig_hash_list(&hashes);

	if (rc == 0)
		rc = init_add_notify(list, IKEV2_N_SIGNATURE_HASH_ALGORITHMS, hashes.bl_data, hashes.bl_len);
	ikev2_blob_free(&hashes);
	return rc;
}

int init_add_body(const struct ikev2_init *in, const struct ikev2_sa *sa, const struct ikev2_blob *nonce,
		  struct ikev2_pl **list)
{
	struct ikev2_pl *sap = ikev2_pl_add(list, IKEV2_PL_SA);
	struct ikev2_pl *ke = sap ? ikev2_pl_add(list, IKEV2_PL_KE) : NULL;
	struct ikev2_pl *no = ke ? ikev2_pl_add(list, IKEV2_PL_NONCE) : NULL;

	if (!no || ikev2_offer_copy(sa, &sap->pl_sa) < 0)
		return -1;
	ke->pl_ke.ke_group = ikev2_dh_group(in->in_dh);
	if (ikev2_dh_public(in->in_dh, &ke->pl_ke.ke_data) < 0 ||
	    ikev2_blob_set(&no->pl_data, nonce->bl_data, nonce->bl_len) < 0)
		return -1;
	if (init_add_frag_supported(in, list) < 0)
		return -1;
	return add_natd(in, list) < 0 ? -1 : add_sig_hashes(list);
}

int init_peer_parts(const struct ikev2_msg *m, const struct ikev2_ke **ke, const struct ikev2_blob **nonce,
		    struct ikev2_err *err)
{
	const struct ikev2_pl *kp = ikev2_pl_find(m->m_pl, IKEV2_PL_KE);
	const struct ikev2_pl *np = ikev2_pl_find(m->m_pl, IKEV2_PL_NONCE);

	if (!kp || !np || !ikev2_pl_find(m->m_pl, IKEV2_PL_SA))
		return init_fail(err, IKEV2_N_INVALID_SYNTAX, IKEV2_PL_NONE, "IKE_SA_INIT without SA, KE or Nonce");
	if (np->pl_data.bl_len < IKEV2_NONCE_MIN || np->pl_data.bl_len > IKEV2_NONCE_MAX)
		return init_fail(err, IKEV2_N_INVALID_SYNTAX, IKEV2_PL_NONCE, "nonce size out of range");
	*ke = &kp->pl_ke;
	*nonce = &np->pl_data;
	return 0;
}

/* Whether one of the list's notifies of that type carries the hash of addr. */
static bool natd_matches(const struct ikev2_msg *m, uint16_t type, const struct sockaddr_in *addr)
{
	uint8_t want[IKEV2_NATD_LEN];

	if (ikev2_natd_hash(m->m_spi_i, m->m_spi_r, (const struct sockaddr *)addr, want) < 0)
		return false;
	for (const struct ikev2_pl *pl = m->m_pl; pl; pl = pl->pl_next)
		if (pl->pl_type == IKEV2_PL_NOTIFY && pl->pl_notify.no_type == type &&
		    pl->pl_notify.no_data.bl_len == IKEV2_NATD_LEN &&
		    memcmp(pl->pl_notify.no_data.bl_data, want, IKEV2_NATD_LEN) == 0)
			return true;
	return false;
}

void init_detect_nat(struct ikev2_init *in, const struct ikev2_msg *m)
{
	/* A peer that sends no NAT detection does not do NAT traversal: assume no NAT. */
	if (!ikev2_notify_find(m->m_pl, IKEV2_N_NAT_DETECTION_SOURCE_IP))
		return;
	in->in_nat_remote = !natd_matches(m, IKEV2_N_NAT_DETECTION_SOURCE_IP, &in->in_remote);
	in->in_nat_local = !natd_matches(m, IKEV2_N_NAT_DETECTION_DESTINATION_IP, &in->in_local);
}

int init_derive_start(struct ikev2_init *in, const struct ikev2_ke *peer, struct ikev2_dh_job *j, struct ikev2_err *err)
{
	if (ikev2_choice_suite(&in->in_choice, &in->in_suite) < 0)
		return init_fail(err, IKEV2_N_NO_PROPOSAL_CHOSEN, IKEV2_PL_SA, "chosen transforms cannot run together");
	return ikev2_dh_job_start(j, &in->in_dh, peer, err);
}

int init_derive_finish(struct ikev2_init *in, struct ikev2_dh_job *j, struct ikev2_err *err)
{
	struct ikev2_secret gir = {0}, skeyseed = {0};
	struct ikev2_chunk ni = ikev2_chunk(in->in_ni.bl_data, in->in_ni.bl_len);
	struct ikev2_chunk nr = ikev2_chunk(in->in_nr.bl_data, in->in_nr.bl_len);
	int rc = -1;

	if (ikev2_dh_job_take(j, &in->in_dh, &gir, err) < 0)
		return -1;
	if (ikev2_skeyseed(in->in_suite.su_prf, ni, nr, &gir, &skeyseed) == 0 &&
	    ikev2_ike_keys_derive(&in->in_keys, &in->in_suite, &skeyseed, ni, nr, in->in_spi_i, in->in_spi_r) == 0)
		rc = 0;
	else
		init_fail(err, 0, IKEV2_PL_NONE, "key derivation failed");
	ikev2_secret_free(&gir);
	ikev2_secret_free(&skeyseed);
	return rc;
}

int init_encode(const struct ikev2_msg *m, struct ikev2_blob *out, struct ikev2_blob *kept, struct ikev2_err *err)
{
	if (ikev2_msg_encode(m, out, err) < 0)
		return -1;
	if (kept && ikev2_blob_set(kept, out->bl_data, out->bl_len) < 0) {
		ikev2_blob_free(out);
		return init_fail(err, 0, IKEV2_PL_NONE, "out of memory");
	}
	return 0;
}

/* The DH group of the offer's first proposal. */
static uint16_t first_group(const struct ikev2_sa *offer)
{
	for (size_t i = 0; i < offer->sa_prop[0].pr_ntr; i++)
		if (offer->sa_prop[0].pr_tr[i].tr_type == IKEV2_TRANS_DH)
			return offer->sa_prop[0].pr_tr[i].tr_id;
	return IKEV2_DH_NONE;
}

int ikev2_init_start(struct ikev2_init *in, const struct ike_proposal *pp, const struct sockaddr_in *local,
		     const struct sockaddr_in *remote)
{
	*in = (struct ikev2_init){
	    .in_initiator = true, .in_local = *local, .in_remote = *remote, .in_frag_mtu = ikev2_frag_conf_mtu()};
	if (ikev2_offer_build(pp, &in->in_ours) < 0 ||
	    RAND_bytes((uint8_t *)&in->in_spi_i, sizeof(in->in_spi_i)) != 1 ||
	    init_random(&in->in_ni, INIT_NONCE_LEN) < 0 || !(in->in_dh = ikev2_dh_new(first_group(&in->in_ours)))) {
		ikev2_init_fini(in);
		return -1;
	}
	return 0;
}

int ikev2_init_request(struct ikev2_init *in, struct ikev2_blob *out, struct ikev2_err *err)
{
	struct ikev2_msg m;
	int rc;

	ikev2_msg_init(&m, in->in_spi_i, 0, IKEV2_EXCH_IKE_SA_INIT, IKEV2_FLAG_INITIATOR, 0);
	/* §2.6: the COOKIE comes first, the rest unchanged */
	if ((in->in_cookie.bl_len &&
	     init_add_notify(&m.m_pl, IKEV2_N_COOKIE, in->in_cookie.bl_data, in->in_cookie.bl_len) < 0) ||
	    init_add_body(in, &in->in_ours, &in->in_ni, &m.m_pl) < 0)
		rc = init_fail(err, 0, IKEV2_PL_NONE, "out of memory");
	else
		rc = init_encode(&m, out, &in->in_req, err);
	ikev2_msg_fini(&m);
	return rc;
}

/* Whether the offer holds that DH group. */
static bool offers_group(const struct ikev2_sa *offer, uint16_t group)
{
	for (size_t p = 0; p < offer->sa_nprop; p++)
		for (size_t i = 0; i < offer->sa_prop[p].pr_ntr; i++)
			if (offer->sa_prop[p].pr_tr[i].tr_type == IKEV2_TRANS_DH &&
			    offer->sa_prop[p].pr_tr[i].tr_id == group)
				return true;
	return false;
}

/* INVALID_KE_PAYLOAD: a new key pair of the group the responder wants, if we offered it (§1.3). */
static enum ikev2_init_result retry_group(struct ikev2_init *in, const struct ikev2_notify *no, struct ikev2_err *err)
{
	struct ikev2_dh *dh;
	uint16_t group;

	if (no->no_data.bl_len != 2)
		return init_fail(err, IKEV2_N_INVALID_SYNTAX, IKEV2_PL_NOTIFY, "INVALID_KE_PAYLOAD without a group");
	group = (uint16_t)(no->no_data.bl_data[0] << 8 | no->no_data.bl_data[1]);
	if (group == ikev2_dh_group(in->in_dh) || !offers_group(&in->in_ours, group))
		return init_fail(err, IKEV2_N_INVALID_KE_PAYLOAD, IKEV2_PL_NOTIFY,
				 "peer wants a group we did not offer");
	if (!(dh = ikev2_dh_new(group)))
		return init_fail(err, 0, IKEV2_PL_NONE, "cannot make a DH key pair");
	ikev2_dh_free(in->in_dh);
	in->in_dh = dh;
	ikev2_blob_free(&in->in_req);
	return IKEV2_INIT_RETRY;
}

/* An error notify in a response (§3.10.1: types below 16384), or NULL. */
static const struct ikev2_pl *error_notify(const struct ikev2_msg *m)
{
	for (const struct ikev2_pl *pl = m->m_pl; pl; pl = pl->pl_next)
		if (pl->pl_type == IKEV2_PL_NOTIFY && pl->pl_notify.no_type < IKEV2_N_STATUS_FIRST)
			return pl;
	return NULL;
}

/* The response's SA must be one proposal with one transform of each type, all from our offer. */
static int check_answer(struct ikev2_init *in, const struct ikev2_msg *m, struct ikev2_err *err)
{
	const struct ikev2_sa *sa = &ikev2_pl_find(m->m_pl, IKEV2_PL_SA)->pl_sa;
	size_t expect;

	if (sa->sa_nprop != 1 || ikev2_offer_choose(sa, &in->in_ours, &in->in_choice, err) < 0)
		return init_fail(err, IKEV2_N_NO_PROPOSAL_CHOSEN, IKEV2_PL_SA,
				 "the answer is not one of our proposals");
	expect = in->in_choice.ch_has[IKEV2_TRANS_INTEG] ? 4 : 3;
	if (sa->sa_prop[0].pr_ntr != expect)
		return init_fail(err, IKEV2_N_INVALID_SYNTAX, IKEV2_PL_SA,
				 "the answer must hold one transform per type");
	return 0;
}

enum ikev2_init_result ikev2_init_response_start(struct ikev2_init *in, const struct ikev2_msg *m, const uint8_t *raw,
						 size_t len, struct ikev2_dh_job *j, struct ikev2_err *err)
{
	const struct ikev2_pl *bad = error_notify(m);
	const struct ikev2_ke *ke;
	const struct ikev2_blob *nr;

	*j = (struct ikev2_dh_job){0};
	if (m->m_exchange != IKEV2_EXCH_IKE_SA_INIT || !(m->m_flags & IKEV2_FLAG_RESPONSE) || m->m_msgid != 0 ||
	    m->m_spi_i != in->in_spi_i)
		return init_fail(err, 0, IKEV2_PL_NONE, "not the response to our IKE_SA_INIT");
	if (bad && bad->pl_notify.no_type == IKEV2_N_INVALID_KE_PAYLOAD)
		return retry_group(in, &bad->pl_notify, err);
	if (bad)
		return init_fail(err, bad->pl_notify.no_type, IKEV2_PL_NOTIFY, "the responder refused IKE_SA_INIT");
	if (ikev2_notify_find(m->m_pl, IKEV2_N_COOKIE))
		return init_cookie_retry(in, m, err);
	if (m->m_spi_r == 0)
		return init_fail(err, IKEV2_N_INVALID_SYNTAX, IKEV2_PL_NONE, "response without a responder SPI");
	if (init_peer_parts(m, &ke, &nr, err) < 0 || check_answer(in, m, err) < 0)
		return IKEV2_INIT_FAILED;
	if (ke->ke_group != ikev2_dh_group(in->in_dh) || in->in_choice.ch_tr[IKEV2_TRANS_DH].tr_id != ke->ke_group)
		return init_fail(err, IKEV2_N_INVALID_KE_PAYLOAD, IKEV2_PL_KE, "KE group is not the chosen one");
	in->in_spi_r = m->m_spi_r;
	if (ikev2_blob_set(&in->in_nr, nr->bl_data, nr->bl_len) < 0 || ikev2_blob_set(&in->in_resp, raw, len) < 0)
		return init_fail(err, 0, IKEV2_PL_NONE, "out of memory");
	init_detect_nat(in, m);
	init_detect_frag(in, m);
	return init_derive_start(in, ke, j, err) < 0 ? IKEV2_INIT_FAILED : IKEV2_INIT_DONE;
}

int ikev2_init_response_finish(struct ikev2_init *in, struct ikev2_dh_job *j, struct ikev2_err *err)
{
	return init_derive_finish(in, j, err);
}

enum ikev2_init_result ikev2_init_response(struct ikev2_init *in, const struct ikev2_msg *m, const uint8_t *raw,
					   size_t len, struct ikev2_err *err)
{
	struct ikev2_dh_job j;
	enum ikev2_init_result r = ikev2_init_response_start(in, m, raw, len, &j, err);

	if (r == IKEV2_INIT_DONE) {
		ikev2_dh_job_run(&j);
		r = init_derive_finish(in, &j, err) < 0 ? IKEV2_INIT_FAILED : IKEV2_INIT_DONE;
	}
	ikev2_dh_job_fini(&j);
	return r;
}

void ikev2_init_trim(struct ikev2_init *in)
{
	ikev2_offer_free(&in->in_ours);
	ikev2_blob_free(&in->in_req);
	ikev2_blob_free(&in->in_resp);
}

void ikev2_init_fini(struct ikev2_init *in)
{
	ikev2_offer_free(&in->in_ours);
	ikev2_dh_free(in->in_dh);
	ikev2_blob_free(&in->in_ni);
	ikev2_blob_free(&in->in_nr);
	ikev2_blob_free(&in->in_req);
	ikev2_blob_free(&in->in_resp);
	ikev2_blob_free(&in->in_cookie);
	ikev2_frag_rx_free(in->in_frag_rx);
	ikev2_ike_keys_free(&in->in_keys);
	*in = (struct ikev2_init){0};
}
