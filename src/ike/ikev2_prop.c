/* IKE SA proposals: the offer from the configuration and the choice from an offer. */
#include "ike/ikev2_prop.h"

#include <stdlib.h>

#include "ike/ikev2_dh.h"

/* Transform IDs by the configuration's enums; 0: Ferry does not implement it. */
static const struct {
	uint16_t id, bits;
} encr_ids[IKE_ENCR_COUNT] = {
    [IKE_ENCR_AES_CBC_128] = {IKEV2_ENCR_AES_CBC, 128},	   [IKE_ENCR_AES_CBC_192] = {IKEV2_ENCR_AES_CBC, 192},
    [IKE_ENCR_AES_CBC_256] = {IKEV2_ENCR_AES_CBC, 256},	   [IKE_ENCR_AES_GCM_128] = {IKEV2_ENCR_AES_GCM_16, 128},
    [IKE_ENCR_AES_GCM_256] = {IKEV2_ENCR_AES_GCM_16, 256},
};
static const uint16_t prf_ids[IKE_HASH_COUNT] = {
    [IKE_HASH_SHA1] = IKEV2_PRF_HMAC_SHA1,
    [IKE_HASH_SHA256] = IKEV2_PRF_HMAC_SHA2_256,
    [IKE_HASH_SHA384] = IKEV2_PRF_HMAC_SHA2_384,
    [IKE_HASH_SHA512] = IKEV2_PRF_HMAC_SHA2_512,
};
static const uint16_t integ_ids[IKE_HASH_COUNT] = {
    [IKE_HASH_SHA1] = IKEV2_INTEG_HMAC_SHA1_96,
    [IKE_HASH_SHA256] = IKEV2_INTEG_HMAC_SHA2_256_128,
    [IKE_HASH_SHA384] = IKEV2_INTEG_HMAC_SHA2_384_192,
    [IKE_HASH_SHA512] = IKEV2_INTEG_HMAC_SHA2_512_256,
};
static const uint16_t dh_ids[IKE_DH_COUNT] = {
    [IKE_DH_14] = IKEV2_DH_MODP_2048, [IKE_DH_15] = IKEV2_DH_MODP_3072, [IKE_DH_16] = IKEV2_DH_MODP_4096,
    [IKE_DH_19] = IKEV2_DH_ECP_256,   [IKE_DH_20] = IKEV2_DH_ECP_384,	[IKE_DH_21] = IKEV2_DH_ECP_521,
};

/* IOS's default when no proposal is configured, as this release runs it. */
static const struct ike_proposal default_proposal = {
    .pp_name = "default",
    .pp_encr = {.al_v = {IKE_ENCR_AES_CBC_256}, .al_n = 1},
    .pp_integ = {.al_v = {IKE_HASH_SHA256}, .al_n = 1},
    .pp_prf = {.al_v = {IKE_HASH_SHA256}, .al_n = 1},
    .pp_group = {.al_v = {IKE_DH_19, IKE_DH_14}, .al_n = 2},
};

int ikev2_proposal_add(struct ikev2_proposal *p, uint8_t type, uint16_t id, uint16_t bits)
{
	struct ikev2_transform *tr = realloc(p->pr_tr, (p->pr_ntr + 1) * sizeof(*tr));

	if (!tr)
		return -1;
	p->pr_tr = tr;
	tr[p->pr_ntr++] = (struct ikev2_transform){.tr_type = type, .tr_id = id, .tr_keylen = bits};
	return 0;
}

/* Adds a list's implemented algorithms of one kind; how many it added, or -1. */
static int add_list(struct ikev2_proposal *p, uint8_t type, const struct ike_alglist *l, const uint16_t *ids)
{
	int added = 0;

	for (unsigned i = 0; i < l->al_n; i++) {
		uint16_t id = ids[l->al_v[i]];

		if (!id || (type == IKEV2_TRANS_DH && !ikev2_dh_public_len(id)))
			continue;
		if (ikev2_proposal_add(p, type, id, 0) < 0)
			return -1;
		added++;
	}
	return added;
}

/* The ciphers of the configuration that are (aead) or are not AEAD. */
static int add_ciphers(struct ikev2_proposal *p, const struct ike_alglist *l, bool aead)
{
	int added = 0;

	for (unsigned i = 0; i < l->al_n; i++) {
		uint16_t id = encr_ids[l->al_v[i]].id;

		if (!id || (id == IKEV2_ENCR_AES_GCM_16) != aead)
			continue;
		if (ikev2_proposal_add(p, IKEV2_TRANS_ENCR, id, encr_ids[l->al_v[i]].bits) < 0)
			return -1;
		added++;
	}
	return added;
}

/* One proposal: the CBC ciphers with integrity, or the GCM ones without. 0 when it has no cipher. */
static int build_one(const struct ike_proposal *pp, bool aead, struct ikev2_proposal *p)
{
	/* IOS: a proposal without "prf" uses its integrity algorithms as PRFs. */
	const struct ike_alglist *prfs = pp->pp_prf.al_n ? &pp->pp_prf : &pp->pp_integ;
	int n = add_ciphers(p, &pp->pp_encr, aead);

	if (n <= 0)
		return n;
	if (add_list(p, IKEV2_TRANS_PRF, prfs, prf_ids) <= 0 ||
	    (!aead && add_list(p, IKEV2_TRANS_INTEG, &pp->pp_integ, integ_ids) <= 0) ||
	    add_list(p, IKEV2_TRANS_DH, &pp->pp_group, dh_ids) <= 0)
		return -1;
	return 1;
}

int ikev2_offer_build(const struct ike_proposal *pp, struct ikev2_sa *out)
{
	*out = (struct ikev2_sa){0};
	out->sa_prop = calloc(2, sizeof(*out->sa_prop));
	if (!out->sa_prop)
		return -1;
	for (int aead = 0; aead <= 1; aead++) {
		struct ikev2_proposal *p = &out->sa_prop[out->sa_nprop];
		int n = build_one(pp ? pp : &default_proposal, aead, p);

		if (n < 0) {
			free(p->pr_tr);
			p->pr_tr = NULL;
			out->sa_nprop = 0;
			break;
		}
		if (n == 0)
			continue;
		p->pr_num = (uint8_t)(out->sa_nprop + 1);
		p->pr_protocol = IKEV2_PROTO_IKE;
		out->sa_nprop++;
	}
	if (out->sa_nprop == 0) {
		ikev2_offer_free(out);
		return -1;
	}
	return 0;
}

int ikev2_offer_copy(const struct ikev2_sa *src, struct ikev2_sa *dst)
{
	*dst = (struct ikev2_sa){0};
	dst->sa_prop = calloc(src->sa_nprop ? src->sa_nprop : 1, sizeof(*dst->sa_prop));
	if (!dst->sa_prop)
		return -1;
	for (size_t i = 0; i < src->sa_nprop; i++) {
		const struct ikev2_proposal *from = &src->sa_prop[i];
		struct ikev2_proposal *to = &dst->sa_prop[i];

		*to = (struct ikev2_proposal){.pr_num = from->pr_num, .pr_protocol = from->pr_protocol};
		dst->sa_nprop++;
		if (ikev2_blob_set(&to->pr_spi, from->pr_spi.bl_data, from->pr_spi.bl_len) < 0)
			goto fail;
		for (size_t t = 0; t < from->pr_ntr; t++)
			if (ikev2_proposal_add(to, from->pr_tr[t].tr_type, from->pr_tr[t].tr_id,
					       from->pr_tr[t].tr_keylen) < 0)
				goto fail;
	}
	return 0;
fail:
	ikev2_offer_free(dst);
	return -1;
}

void ikev2_offer_free(struct ikev2_sa *sa)
{
	for (size_t i = 0; i < sa->sa_nprop; i++) {
		free(sa->sa_prop[i].pr_tr);
		ikev2_blob_free(&sa->sa_prop[i].pr_spi);
	}
	free(sa->sa_prop);
	*sa = (struct ikev2_sa){0};
}

static bool has_transform(const struct ikev2_proposal *p, const struct ikev2_transform *t)
{
	for (size_t i = 0; i < p->pr_ntr; i++)
		if (p->pr_tr[i].tr_type == t->tr_type && p->pr_tr[i].tr_id == t->tr_id &&
		    p->pr_tr[i].tr_keylen == t->tr_keylen)
			return true;
	return false;
}

static bool has_type(const struct ikev2_proposal *p, uint8_t type)
{
	for (size_t i = 0; i < p->pr_ntr; i++)
		if (p->pr_tr[i].tr_type == type)
			return true;
	return false;
}

/* The first transform of that type in theirs that ours holds too, into *out; false if none. */
static bool pick(const struct ikev2_proposal *theirs, const struct ikev2_proposal *ours, uint8_t type,
		 struct ikev2_transform *out)
{
	for (size_t i = 0; i < theirs->pr_ntr; i++) {
		const struct ikev2_transform *t = &theirs->pr_tr[i];

		if (t->tr_type == type && !t->tr_unknown_attr && has_transform(ours, t)) {
			*out = *t;
			return true;
		}
	}
	return false;
}

/* The SPI size a proposal of that protocol carries (§3.3.1); IKE's is empty in IKE_SA_INIT. */
static size_t spi_size(uint8_t protocol)
{
	return protocol == IKEV2_PROTO_IKE ? 0 : IKEV2_SPI_SIZE_CHILD;
}

static bool match_one(const struct ikev2_proposal *theirs, const struct ikev2_proposal *ours, struct ikev2_choice *ch)
{
	const uint8_t *spi = theirs->pr_spi.bl_data;

	*ch = (struct ikev2_choice){.ch_num = theirs->pr_num, .ch_protocol = theirs->pr_protocol};
	if (theirs->pr_protocol != ours->pr_protocol || theirs->pr_spi.bl_len != spi_size(ours->pr_protocol))
		return false;
	if (theirs->pr_spi.bl_len == IKEV2_SPI_SIZE_CHILD)
		ch->ch_spi = (uint32_t)spi[0] << 24 | (uint32_t)spi[1] << 16 | (uint32_t)spi[2] << 8 | spi[3];
	for (uint8_t type = 1; type < IKEV2_TRANS_TYPES; type++) {
		if (!has_type(ours, type))
			continue;
		if (!pick(theirs, ours, type, &ch->ch_tr[type]))
			return false;
		ch->ch_has[type] = true;
	}
	return true;
}

int ikev2_offer_choose(const struct ikev2_sa *offer, const struct ikev2_sa *ours, struct ikev2_choice *out,
		       struct ikev2_err *err)
{
	for (size_t i = 0; i < offer->sa_nprop; i++)
		for (size_t j = 0; j < ours->sa_nprop; j++)
			if (match_one(&offer->sa_prop[i], &ours->sa_prop[j], out))
				return 0;
	*err = (struct ikev2_err){
	    .e_notify = IKEV2_N_NO_PROPOSAL_CHOSEN, .e_payload = IKEV2_PL_SA, .e_what = "no acceptable proposal"};
	return -1;
}

int ikev2_choice_to_sa(const struct ikev2_choice *ch, const void *spi, size_t spi_len, struct ikev2_sa *out)
{
	struct ikev2_proposal *p;

	*out = (struct ikev2_sa){0};
	p = out->sa_prop = calloc(1, sizeof(*p));
	if (!p)
		return -1;
	out->sa_nprop = 1;
	*p = (struct ikev2_proposal){.pr_num = ch->ch_num, .pr_protocol = ch->ch_protocol};
	if (ikev2_blob_set(&p->pr_spi, spi, spi_len) < 0)
		goto fail;
	for (uint8_t type = 1; type < IKEV2_TRANS_TYPES; type++)
		if (ch->ch_has[type] &&
		    ikev2_proposal_add(p, type, ch->ch_tr[type].tr_id, ch->ch_tr[type].tr_keylen) < 0)
			goto fail;
	return 0;
fail:
	ikev2_offer_free(out);
	return -1;
}

int ikev2_choice_suite(const struct ikev2_choice *ch, struct ikev2_suite *s)
{
	const struct ikev2_transform *tr = ch->ch_tr;

	return ikev2_suite_init(s, tr[IKEV2_TRANS_ENCR].tr_id, tr[IKEV2_TRANS_ENCR].tr_keylen,
				tr[IKEV2_TRANS_PRF].tr_id,
				ch->ch_has[IKEV2_TRANS_INTEG] ? tr[IKEV2_TRANS_INTEG].tr_id : IKEV2_INTEG_NONE);
}
