/* CREATE_CHILD_SA: the initiator reads the answer; collisions (§2.8.1); cleanup. */
#include "ike/ikev2_rekey.h"

#include <string.h>

#include "ike/ikev2_dh.h"

/* The answer's KE when we sent one: the same group (§1.3). */
static int answer_ke(const struct ikev2_rekey *rk, const struct ikev2_pl *inner, const struct ikev2_ke **ke,
		     struct ikev2_err *err)
{
	const struct ikev2_pl *pl = ikev2_pl_find(inner, IKEV2_PL_KE);

	*ke = NULL;
	if (!rk->rk_dh)
		return 0;
	if (!pl || pl->pl_ke.ke_group != ikev2_dh_group(rk->rk_dh))
		return rekey_fail(err, IKEV2_N_INVALID_KE_PAYLOAD, IKEV2_PL_KE,
				  "the answer's KE is missing or of another group");
	*ke = &pl->pl_ke;
	return 0;
}

static enum ikev2_rekey_result child_answer(struct ikev2_rekey *rk, const struct ikev2_pl *inner,
					    const struct ikev2_sa *sa, struct ikev2_dh_job *j, struct ikev2_err *err)
{
	struct ikev2_child *c = &rk->rk_child;
	const struct ikev2_ke *ke;
	struct ikev2_sa ours;
	int rc;

	if (rekey_child_offer(c, rk->rk_dh ? ikev2_dh_group(rk->rk_dh) : 0, &ours) < 0)
		return rekey_fail(err, 0, IKEV2_PL_NONE, "out of memory");
	rc = ikev2_offer_choose(sa, &ours, &c->cs_choice, err);
	ikev2_offer_free(&ours);
	if (rc < 0 || answer_ke(rk, inner, &ke, err) < 0)
		return IKEV2_REKEY_FAILED;
	c->cs_spi_out = c->cs_choice.ch_spi;
	c->cs_transport = ikev2_notify_find(inner, IKEV2_N_USE_TRANSPORT_MODE) != NULL;
	if (ikev2_child_check_ts(c, true, inner, err) < 0 || rekey_dh_start(rk, ke, j, err) < 0)
		return IKEV2_REKEY_FAILED;
	return IKEV2_REKEY_DONE;
}

static enum ikev2_rekey_result ike_answer(struct ikev2_rekey *rk, const struct ikev2_pl *inner,
					  const struct ikev2_sa *sa, struct ikev2_dh_job *j, struct ikev2_err *err)
{
	struct ikev2_init *n = &rk->rk_ike;
	const struct ikev2_ke *ke;
	struct ikev2_sa bare;
	int rc;

	if (rekey_strip_spis(sa, &bare) < 0)
		return rekey_fail(err, 0, IKEV2_PL_NONE, "out of memory");
	rc = ikev2_offer_choose(&bare, &n->in_ours, &n->in_choice, err);
	ikev2_offer_free(&bare);
	if (rc < 0 || answer_ke(rk, inner, &ke, err) < 0)
		return IKEV2_REKEY_FAILED;
	n->in_spi_r = rekey_ike_spi(sa, n->in_choice.ch_num);
	if (n->in_spi_r == 0)
		return rekey_fail(err, IKEV2_N_INVALID_SYNTAX, IKEV2_PL_SA, "the answer carries no 8-octet IKE SPI");
	return rekey_dh_start(rk, ke, j, err) < 0 ? IKEV2_REKEY_FAILED : IKEV2_REKEY_DONE;
}

/* The first error notify (§3.10.1: below 16384), or NULL. */
static const struct ikev2_pl *first_error(const struct ikev2_pl *list)
{
	for (const struct ikev2_pl *pl = list; pl; pl = pl->pl_next)
		if (pl->pl_type == IKEV2_PL_NOTIFY && pl->pl_notify.no_type < IKEV2_N_STATUS_FIRST)
			return pl;
	return NULL;
}

enum ikev2_rekey_result ikev2_rekey_response_start(struct ikev2_rekey *rk, const struct ikev2_pl *inner,
						   struct ikev2_dh_job *j, struct ikev2_err *err)
{
	const struct ikev2_pl *bad = first_error(inner);
	const struct ikev2_pl *sa = ikev2_pl_find(inner, IKEV2_PL_SA);
	const struct ikev2_pl *nr = ikev2_pl_find(inner, IKEV2_PL_NONCE);

	*j = (struct ikev2_dh_job){0};
	if (bad) {
		rekey_fail(err, bad->pl_notify.no_type, IKEV2_PL_NOTIFY, "the peer refused CREATE_CHILD_SA");
		return IKEV2_REKEY_REFUSED;
	}
	if (!sa || !nr || sa->pl_sa.sa_nprop != 1)
		return rekey_fail(err, IKEV2_N_INVALID_SYNTAX, IKEV2_PL_SA,
				  "the answer needs one proposal and a nonce");
	if (nr->pl_data.bl_len < IKEV2_NONCE_MIN || nr->pl_data.bl_len > IKEV2_NONCE_MAX)
		return rekey_fail(err, IKEV2_N_INVALID_SYNTAX, IKEV2_PL_NONCE, "nonce size out of range");
	if (ikev2_blob_set(&rk->rk_nr, nr->pl_data.bl_data, nr->pl_data.bl_len) < 0)
		return rekey_fail(err, 0, IKEV2_PL_NONE, "out of memory");
	if (rk->rk_kind == IKEV2_REKEY_CHILD)
		return child_answer(rk, inner, &sa->pl_sa, j, err);
	return ike_answer(rk, inner, &sa->pl_sa, j, err);
}

int ikev2_rekey_response_finish(struct ikev2_rekey *rk, const struct ikev2_init *in, struct ikev2_dh_job *j,
				struct ikev2_err *err)
{
	return rekey_derive(rk, in, j, err);
}

enum ikev2_rekey_result ikev2_rekey_response(struct ikev2_rekey *rk, const struct ikev2_init *in,
					     const struct ikev2_pl *inner, struct ikev2_err *err)
{
	struct ikev2_dh_job j;
	enum ikev2_rekey_result r = ikev2_rekey_response_start(rk, inner, &j, err);

	if (r == IKEV2_REKEY_DONE) {
		ikev2_dh_job_run(&j);
		r = rekey_derive(rk, in, &j, err) < 0 ? IKEV2_REKEY_FAILED : IKEV2_REKEY_DONE;
	}
	ikev2_dh_job_fini(&j);
	return r;
}

/* Nonces compare as octet strings; a prefix is the lower. */
static int nonce_cmp(const struct ikev2_blob *x, const struct ikev2_blob *y)
{
	size_t n = x->bl_len < y->bl_len ? x->bl_len : y->bl_len;
	int c = n ? memcmp(x->bl_data, y->bl_data, n) : 0;

	if (c)
		return c;
	return (x->bl_len > y->bl_len) - (x->bl_len < y->bl_len);
}

static const struct ikev2_blob *lowest(const struct ikev2_rekey *rk)
{
	return nonce_cmp(&rk->rk_ni, &rk->rk_nr) <= 0 ? &rk->rk_ni : &rk->rk_nr;
}

bool ikev2_rekey_redundant(const struct ikev2_rekey *a, const struct ikev2_rekey *b)
{
	return nonce_cmp(lowest(a), lowest(b)) < 0;
}

void ikev2_rekey_fini(struct ikev2_rekey *rk)
{
	ikev2_dh_free(rk->rk_dh);
	ikev2_blob_free(&rk->rk_ni);
	ikev2_blob_free(&rk->rk_nr);
	ikev2_child_fini(&rk->rk_child);
	ikev2_init_fini(&rk->rk_ike);
	*rk = (struct ikev2_rekey){0};
}
