/* CREATE_CHILD_SA: the responder. */
#include "ike/ikev2_rekey.h"

#include "ike/ikev2_dh.h"
#include "ike/ikev2_init_int.h"

/* An answer holding the error notify *err names (§1.3), data for INVALID_KE_PAYLOAD's group. */
static enum ikev2_rekey_result refuse(struct ikev2_pl **answer, const struct ikev2_err *err, const void *data,
				      size_t len)
{
	ikev2_pl_list_free(*answer);
	*answer = NULL;
	return init_add_notify(answer, err->e_notify, data, len) < 0 ? IKEV2_REKEY_FAILED : IKEV2_REKEY_REFUSED;
}

static enum ikev2_rekey_result refuse_why(struct ikev2_pl **answer, struct ikev2_err *err, uint16_t notify,
					  uint8_t payload, const char *what)
{
	rekey_fail(err, notify, payload, what);
	return refuse(answer, err, NULL, 0);
}

/* The CHILD_SA REKEY_SA names: the peer's inbound SPI is our outbound one. */
static int find_rekeyed(const struct ikev2_child *current, const struct ikev2_notify *no, struct ikev2_err *err)
{
	const uint8_t *b = no->no_spi.bl_data;
	uint32_t spi;

	if (no->no_protocol != IKEV2_PROTO_ESP || no->no_spi.bl_len != 4)
		return rekey_fail(err, IKEV2_N_INVALID_SYNTAX, IKEV2_PL_NOTIFY, "REKEY_SA without an ESP SPI");
	spi = (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
	if (!current || current->cs_spi_out != spi)
		return rekey_fail(err, IKEV2_N_CHILD_SA_NOT_FOUND, IKEV2_PL_NOTIFY,
				  "REKEY_SA names no CHILD_SA of ours");
	return 0;
}

/* The peer's choice of ESP proposal (with its KE's group, for PFS) into the new child. */
static int choose_child(struct ikev2_rekey *rk, const struct ikev2_sa *offer, const struct ikev2_ke *ke,
			struct ikev2_err *err)
{
	struct ikev2_child *c = &rk->rk_child;
	struct ikev2_sa ours;
	int rc;

	if (ke && !ikev2_dh_public_len(ke->ke_group))
		return rekey_fail(err, IKEV2_N_NO_PROPOSAL_CHOSEN, IKEV2_PL_KE, "PFS group not implemented");
	if (rekey_child_offer(c, ke ? ke->ke_group : 0, &ours) < 0)
		return rekey_fail(err, 0, IKEV2_PL_NONE, "out of memory");
	rc = ikev2_offer_choose(offer, &ours, &c->cs_choice, err);
	ikev2_offer_free(&ours);
	if (rc < 0)
		return -1;
	c->cs_spi_out = c->cs_choice.ch_spi;
	if (ke && !(rk->rk_dh = ikev2_dh_new(ke->ke_group)))
		return rekey_fail(err, 0, IKEV2_PL_NONE, "cannot make a DH key pair");
	return 0;
}

static int child_answer(const struct ikev2_rekey *rk, struct ikev2_pl **answer)
{
	const struct ikev2_child *c = &rk->rk_child;
	uint8_t spi[4] = {(uint8_t)(c->cs_spi_in >> 24), (uint8_t)(c->cs_spi_in >> 16), (uint8_t)(c->cs_spi_in >> 8),
			  (uint8_t)c->cs_spi_in};

	if (c->cs_transport && init_add_notify(answer, IKEV2_N_USE_TRANSPORT_MODE, NULL, 0) < 0)
		return -1;
	if (rekey_add_choice(&c->cs_choice, spi, sizeof(spi), answer) < 0 ||
	    rekey_add_nonce_ke(&rk->rk_nr, rk->rk_dh, answer) < 0)
		return -1;
	return ikev2_child_add_ts(c, false, answer);
}

static enum ikev2_rekey_result accept_child(struct ikev2_rekey *rk, const struct ikev2_child *current,
					    const struct ikev2_pl *inner, struct ikev2_dh_job *j,
					    struct ikev2_pl **answer, struct ikev2_err *err)
{
	const struct ikev2_pl *no = ikev2_notify_find(inner, IKEV2_N_REKEY_SA);
	const struct ikev2_pl *ke = ikev2_pl_find(inner, IKEV2_PL_KE);
	const struct ikev2_ke *kep = ke ? &ke->pl_ke : NULL;

	rk->rk_kind = IKEV2_REKEY_CHILD;
	if (!no)
		return refuse_why(answer, err, IKEV2_N_NO_ADDITIONAL_SAS, IKEV2_PL_NOTIFY,
				  "a CHILD_SA that rekeys none (one per IKE SA)");
	if (find_rekeyed(current, &no->pl_notify, err) < 0)
		return refuse(answer, err, NULL, 0);
	if (ikev2_child_init(&rk->rk_child, current->cs_local, current->cs_remote) < 0)
		return rekey_fail(err, 0, IKEV2_PL_NONE, "no randomness");
	rk->rk_child.cs_reqid = current->cs_reqid;
	rk->rk_child.cs_offer = current->cs_offer; /* a rekey offers what the SA was offered */
	rk->rk_old_spi = current->cs_spi_in;
	rk->rk_child.cs_transport = ikev2_notify_find(inner, IKEV2_N_USE_TRANSPORT_MODE) != NULL;
	if (choose_child(rk, &ikev2_pl_find(inner, IKEV2_PL_SA)->pl_sa, kep, err) < 0 ||
	    ikev2_child_check_ts(&rk->rk_child, false, inner, err) < 0)
		return err->e_notify ? refuse(answer, err, NULL, 0) : IKEV2_REKEY_FAILED;
	return rekey_dh_start(rk, kep, j, err) < 0 ? IKEV2_REKEY_FAILED : IKEV2_REKEY_DONE;
}

/* The peer's IKE proposal against ours; INVALID_KE_PAYLOAD (with the group wanted) when its KE differs. */
static enum ikev2_rekey_result choose_ike(struct ikev2_rekey *rk, const struct ike_proposal *pp,
					  const struct ikev2_sa *offer, const struct ikev2_ke *ke,
					  struct ikev2_pl **answer, struct ikev2_err *err)
{
	struct ikev2_init *n = &rk->rk_ike;
	struct ikev2_sa bare;
	uint16_t want;
	uint8_t group[2];
	int rc;

	if (ikev2_offer_build(pp, &n->in_ours) < 0 || rekey_strip_spis(offer, &bare) < 0)
		return rekey_fail(err, 0, IKEV2_PL_NONE, "no usable local proposal");
	rc = ikev2_offer_choose(&bare, &n->in_ours, &n->in_choice, err);
	ikev2_offer_free(&bare);
	if (rc < 0)
		return refuse(answer, err, NULL, 0);
	want = n->in_choice.ch_tr[IKEV2_TRANS_DH].tr_id;
	if (ke->ke_group != want) {
		group[0] = (uint8_t)(want >> 8);
		group[1] = (uint8_t)want;
		rekey_fail(err, IKEV2_N_INVALID_KE_PAYLOAD, IKEV2_PL_KE, "KE group is not the chosen one");
		return refuse(answer, err, group, sizeof(group));
	}
	n->in_spi_i = rekey_ike_spi(offer, n->in_choice.ch_num);
	if (n->in_spi_i == 0)
		return refuse_why(answer, err, IKEV2_N_INVALID_SYNTAX, IKEV2_PL_SA,
				  "IKE proposal without an 8-octet SPI");
	return IKEV2_REKEY_DONE;
}

static enum ikev2_rekey_result accept_ike(struct ikev2_rekey *rk, const struct ikev2_init *in,
					  const struct ike_proposal *pp, const struct ikev2_pl *inner,
					  struct ikev2_dh_job *j, struct ikev2_pl **answer, struct ikev2_err *err)
{
	const struct ikev2_pl *ke = ikev2_pl_find(inner, IKEV2_PL_KE);
	struct ikev2_init *n = &rk->rk_ike;
	enum ikev2_rekey_result r;

	rk->rk_kind = IKEV2_REKEY_IKE;
	*n = rekey_ike_carry(in, false);
	if (!ke)
		return refuse_why(answer, err, IKEV2_N_INVALID_SYNTAX, IKEV2_PL_KE, "IKE SA rekey without KE");
	r = choose_ike(rk, pp, &ikev2_pl_find(inner, IKEV2_PL_SA)->pl_sa, &ke->pl_ke, answer, err);
	if (r != IKEV2_REKEY_DONE)
		return r;
	if (rekey_new_ike_spi(&n->in_spi_r) < 0 || !(rk->rk_dh = ikev2_dh_new(ke->pl_ke.ke_group)))
		return rekey_fail(err, 0, IKEV2_PL_NONE, "no randomness or no key pair");
	return rekey_dh_start(rk, &ke->pl_ke, j, err) < 0 ? IKEV2_REKEY_FAILED : IKEV2_REKEY_DONE;
}

static int ike_answer(const struct ikev2_rekey *rk, struct ikev2_pl **answer)
{
	uint8_t spi[8];

	rekey_spi_octets(rk->rk_ike.in_spi_r, spi);
	if (rekey_add_choice(&rk->rk_ike.in_choice, spi, sizeof(spi), answer) < 0)
		return -1;
	return rekey_add_nonce_ke(&rk->rk_nr, rk->rk_dh, answer);
}

enum ikev2_rekey_result ikev2_rekey_accept_start(struct ikev2_rekey *rk, const struct ikev2_init *in,
						 const struct ikev2_child *current, const struct ike_proposal *pp,
						 const struct ikev2_pl *inner, struct ikev2_dh_job *j,
						 struct ikev2_pl **answer, struct ikev2_err *err)
{
	const struct ikev2_pl *sa = ikev2_pl_find(inner, IKEV2_PL_SA);
	const struct ikev2_pl *ni = ikev2_pl_find(inner, IKEV2_PL_NONCE);

	*rk = (struct ikev2_rekey){0};
	*j = (struct ikev2_dh_job){0};
	*answer = NULL;
	if (!sa || !ni || sa->pl_sa.sa_nprop == 0)
		return refuse_why(answer, err, IKEV2_N_INVALID_SYNTAX, IKEV2_PL_SA,
				  "CREATE_CHILD_SA without SA or nonce");
	if (ni->pl_data.bl_len < IKEV2_NONCE_MIN || ni->pl_data.bl_len > IKEV2_NONCE_MAX)
		return refuse_why(answer, err, IKEV2_N_INVALID_SYNTAX, IKEV2_PL_NONCE, "nonce size out of range");
	if (ikev2_blob_set(&rk->rk_ni, ni->pl_data.bl_data, ni->pl_data.bl_len) < 0 ||
	    init_random(&rk->rk_nr, INIT_NONCE_LEN) < 0)
		return rekey_fail(err, 0, IKEV2_PL_NONE, "out of memory");
	if (sa->pl_sa.sa_prop[0].pr_protocol == IKEV2_PROTO_IKE)
		return accept_ike(rk, in, pp, inner, j, answer, err);
	return accept_child(rk, current, inner, j, answer, err);
}

enum ikev2_rekey_result ikev2_rekey_accept_finish(struct ikev2_rekey *rk, const struct ikev2_init *in,
						  struct ikev2_dh_job *j, struct ikev2_pl **answer,
						  struct ikev2_err *err)
{
	int rc;

	if (rekey_derive(rk, in, j, err) < 0)
		return err->e_notify ? refuse(answer, err, NULL, 0) : IKEV2_REKEY_FAILED;
	rc = rk->rk_kind == IKEV2_REKEY_CHILD ? child_answer(rk, answer) : ike_answer(rk, answer);
	return rc < 0 ? rekey_fail(err, 0, IKEV2_PL_NONE, "out of memory") : IKEV2_REKEY_DONE;
}

enum ikev2_rekey_result ikev2_rekey_accept(struct ikev2_rekey *rk, const struct ikev2_init *in,
					   const struct ikev2_child *current, const struct ike_proposal *pp,
					   const struct ikev2_pl *inner, struct ikev2_pl **answer,
					   struct ikev2_err *err)
{
	struct ikev2_dh_job j;
	enum ikev2_rekey_result r = ikev2_rekey_accept_start(rk, in, current, pp, inner, &j, answer, err);

	if (r == IKEV2_REKEY_DONE) {
		ikev2_dh_job_run(&j);
		r = ikev2_rekey_accept_finish(rk, in, &j, answer, err);
	}
	ikev2_dh_job_fini(&j);
	return r;
}
