/* CREATE_CHILD_SA: what both sides share, and the initiator. */
#include "ike/ikev2_rekey.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/rand.h>

#include "ike/ikev2_dh.h"
#include "ike/ikev2_init_int.h"

int rekey_fail(struct ikev2_err *err, uint16_t notify, uint8_t payload, const char *what)
{
	*err = (struct ikev2_err){.e_notify = notify, .e_payload = payload, .e_what = what};
	return -1;
}

int rekey_new_ike_spi(uint64_t *spi)
{
	do {
		if (RAND_bytes((uint8_t *)spi, sizeof(*spi)) != 1)
			return -1;
	} while (*spi == 0);
	return 0;
}

int rekey_strip_spis(const struct ikev2_sa *sa, struct ikev2_sa *out)
{
	if (ikev2_offer_copy(sa, out) < 0)
		return -1;
	for (size_t i = 0; i < out->sa_nprop; i++)
		ikev2_blob_free(&out->sa_prop[i].pr_spi);
	return 0;
}

uint64_t rekey_ike_spi(const struct ikev2_sa *sa, uint8_t num)
{
	uint64_t v = 0;

	for (size_t i = 0; i < sa->sa_nprop; i++) {
		const struct ikev2_proposal *p = &sa->sa_prop[i];

		if (p->pr_num != num || p->pr_protocol != IKEV2_PROTO_IKE || p->pr_spi.bl_len != 8)
			continue;
		for (size_t k = 0; k < 8; k++)
			v = v << 8 | p->pr_spi.bl_data[k];
		return v;
	}
	return 0;
}

int rekey_add_nonce_ke(const struct ikev2_blob *nonce, const struct ikev2_dh *dh, struct ikev2_pl **list)
{
	struct ikev2_pl *no = ikev2_pl_add(list, IKEV2_PL_NONCE), *ke;

	if (!no || ikev2_blob_set(&no->pl_data, nonce->bl_data, nonce->bl_len) < 0)
		return -1;
	if (!dh)
		return 0;
	if (!(ke = ikev2_pl_add(list, IKEV2_PL_KE)))
		return -1;
	ke->pl_ke.ke_group = ikev2_dh_group(dh);
	return ikev2_dh_public(dh, &ke->pl_ke.ke_data);
}

int rekey_add_choice(const struct ikev2_choice *ch, const uint8_t *spi, size_t spi_len, struct ikev2_pl **list)
{
	struct ikev2_pl *sa = ikev2_pl_add(list, IKEV2_PL_SA);

	return sa ? ikev2_choice_to_sa(ch, spi, spi_len, &sa->pl_sa) : -1;
}

void rekey_spi_octets(uint64_t spi, uint8_t out[8])
{
	for (int i = 0; i < 8; i++)
		out[i] = (uint8_t)(spi >> (56 - 8 * i));
}

int rekey_child_offer(const struct ikev2_child *c, uint16_t group, struct ikev2_sa *out)
{
	if (ikev2_child_offer(c, out) < 0)
		return -1;
	for (size_t i = 0; group && i < out->sa_nprop; i++)
		if (ikev2_proposal_add(&out->sa_prop[i], IKEV2_TRANS_DH, group, 0) < 0) {
			ikev2_offer_free(out);
			return -1;
		}
	return 0;
}

int rekey_dh_start(struct ikev2_rekey *rk, const struct ikev2_ke *peer, struct ikev2_dh_job *j, struct ikev2_err *err)
{
	*j = (struct ikev2_dh_job){0};
	return rk->rk_dh ? ikev2_dh_job_start(j, &rk->rk_dh, peer, err) : 0;
}

static int ike_derive(struct ikev2_rekey *rk, const struct ikev2_init *old, const struct ikev2_secret *gir,
		      struct ikev2_err *err)
{
	struct ikev2_init *n = &rk->rk_ike;
	struct ikev2_chunk ni = ikev2_chunk(rk->rk_ni.bl_data, rk->rk_ni.bl_len);
	struct ikev2_chunk nr = ikev2_chunk(rk->rk_nr.bl_data, rk->rk_nr.bl_len);
	struct ikev2_secret skeyseed = {0};
	int rc = -1;

	if (ikev2_choice_suite(&n->in_choice, &n->in_suite) < 0)
		return rekey_fail(err, IKEV2_N_NO_PROPOSAL_CHOSEN, IKEV2_PL_SA,
				  "chosen transforms cannot run together");
	if (ikev2_blob_set(&n->in_ni, ni.ch_ptr, ni.ch_len) < 0 || ikev2_blob_set(&n->in_nr, nr.ch_ptr, nr.ch_len) < 0)
		return rekey_fail(err, 0, IKEV2_PL_NONE, "out of memory");
	/* §2.18: SKEYSEED from the old SA's PRF and SK_d, the keys with the new SA's PRF and SPIs. */
	if (ikev2_skeyseed_rekey(old->in_suite.su_prf, &old->in_keys.ik_d, gir, ni, nr, &skeyseed) == 0 &&
	    ikev2_ike_keys_derive(&n->in_keys, &n->in_suite, &skeyseed, ni, nr, n->in_spi_i, n->in_spi_r) == 0)
		rc = 0;
	else
		rekey_fail(err, 0, IKEV2_PL_NONE, "key derivation failed");
	ikev2_secret_free(&skeyseed);
	return rc;
}

static int child_derive(struct ikev2_rekey *rk, const struct ikev2_init *in, const struct ikev2_secret *gir,
			struct ikev2_err *err)
{
	/* §2.17: ei/ai protect what the initiator of this exchange sends. */
	int rc = ikev2_child_derive_pfs(&rk->rk_child, in->in_suite.su_prf, &in->in_keys.ik_d, rk->rk_dh ? gir : NULL,
					&rk->rk_ni, &rk->rk_nr, rk->rk_initiator);

	return rc < 0 ? rekey_fail(err, 0, IKEV2_PL_NONE, "CHILD_SA key derivation failed") : 0;
}

int rekey_derive(struct ikev2_rekey *rk, const struct ikev2_init *in, struct ikev2_dh_job *j, struct ikev2_err *err)
{
	struct ikev2_secret gir = {0};
	int rc = ikev2_dh_job_take(j, &rk->rk_dh, &gir, err);

	if (rc == 0)
		rc = rk->rk_kind == IKEV2_REKEY_IKE ? ike_derive(rk, in, &gir, err) : child_derive(rk, in, &gir, err);
	ikev2_secret_free(&gir);
	return rc;
}

/* REKEY_SA names the CHILD_SA by the SPI its sender receives on (§1.3.3). */
static int add_rekey_notify(uint32_t spi, struct ikev2_pl **list)
{
	uint8_t b[4] = {(uint8_t)(spi >> 24), (uint8_t)(spi >> 16), (uint8_t)(spi >> 8), (uint8_t)spi};
	struct ikev2_pl *no = ikev2_pl_add(list, IKEV2_PL_NOTIFY);

	if (!no)
		return -1;
	no->pl_notify.no_type = IKEV2_N_REKEY_SA;
	no->pl_notify.no_protocol = IKEV2_PROTO_ESP;
	return ikev2_blob_set(&no->pl_notify.no_spi, b, sizeof(b));
}

int ikev2_rekey_child_request(struct ikev2_rekey *rk, const struct ikev2_init *in, const struct ikev2_child *old,
			      uint16_t pfs_group, struct ikev2_pl **inner, struct ikev2_err *err)
{
	struct ikev2_pl *sa;

	(void)in;
	*rk = (struct ikev2_rekey){.rk_kind = IKEV2_REKEY_CHILD, .rk_initiator = true, .rk_old_spi = old->cs_spi_in};
	if (ikev2_child_init(&rk->rk_child, old->cs_local, old->cs_remote) < 0 ||
	    init_random(&rk->rk_ni, INIT_NONCE_LEN) < 0 || (pfs_group && !(rk->rk_dh = ikev2_dh_new(pfs_group))))
		return rekey_fail(err, 0, IKEV2_PL_NONE, "no randomness or no key pair");
	rk->rk_child.cs_reqid = old->cs_reqid;
	rk->rk_child.cs_offer = old->cs_offer; /* a rekey offers what the SA was offered */
	rk->rk_child.cs_transport = old->cs_transport;
	if (add_rekey_notify(old->cs_spi_in, inner) < 0 ||
	    (old->cs_transport && init_add_notify(inner, IKEV2_N_USE_TRANSPORT_MODE, NULL, 0) < 0) ||
	    !(sa = ikev2_pl_add(inner, IKEV2_PL_SA)) || rekey_child_offer(&rk->rk_child, pfs_group, &sa->pl_sa) < 0 ||
	    rekey_add_nonce_ke(&rk->rk_ni, rk->rk_dh, inner) < 0 || ikev2_child_add_ts(&rk->rk_child, true, inner) < 0)
		return rekey_fail(err, 0, IKEV2_PL_NONE, "out of memory");
	return 0;
}

struct ikev2_init rekey_ike_carry(const struct ikev2_init *old, bool initiator)
{
	return (struct ikev2_init){.in_initiator = initiator,
				   .in_local = old->in_local,
				   .in_remote = old->in_remote,
				   .in_nat_local = old->in_nat_local,
				   .in_nat_remote = old->in_nat_remote,
				   .in_frag_mtu = old->in_frag_mtu,
				   .in_frag_peer = old->in_frag_peer};
}

int ikev2_rekey_ike_request(struct ikev2_rekey *rk, const struct ikev2_init *in, struct ikev2_pl **inner,
			    struct ikev2_err *err)
{
	struct ikev2_init *n = &rk->rk_ike;
	struct ikev2_choice offer;
	uint8_t spi[8];

	*rk = (struct ikev2_rekey){.rk_kind = IKEV2_REKEY_IKE, .rk_initiator = true};
	*n = rekey_ike_carry(in, true);
	/* The offer is what the SA runs now: the peer chose it once, and the KE group is certain. */
	if (rekey_new_ike_spi(&n->in_spi_i) < 0 || init_random(&rk->rk_ni, INIT_NONCE_LEN) < 0 ||
	    !(rk->rk_dh = ikev2_dh_new(in->in_choice.ch_tr[IKEV2_TRANS_DH].tr_id)))
		return rekey_fail(err, 0, IKEV2_PL_NONE, "no randomness or no key pair");
	rekey_spi_octets(n->in_spi_i, spi);
	offer = in->in_choice;
	offer.ch_num = 1;
	offer.ch_protocol = IKEV2_PROTO_IKE;
	if (ikev2_choice_to_sa(&offer, NULL, 0, &n->in_ours) < 0 ||
	    rekey_add_choice(&offer, spi, sizeof(spi), inner) < 0 ||
	    rekey_add_nonce_ke(&rk->rk_ni, rk->rk_dh, inner) < 0)
		return rekey_fail(err, 0, IKEV2_PL_NONE, "out of memory");
	return 0;
}
