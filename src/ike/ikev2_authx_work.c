/* The signature work of an IKE_AUTH step (ikev2_authx.h): run on a worker thread or inline. */
#include "ike/ikev2_authx.h"

#include "ike/ikev2_sig.h"

bool ikev2_authx_work_pending(const struct ikev2_authx_work *w)
{
	return w->aw_verify || w->aw_sign;
}

void ikev2_authx_work_run(void *arg)
{
	struct ikev2_authx_work *w = arg;

	if (w->aw_verify)
		ikev2_sig_job_run(w->aw_verify);
	/* A peer whose signature fails gets no signature of ours: no CPU spent for a forger. */
	if (w->aw_sign && (!w->aw_verify || w->aw_verify->sj_rc == 0))
		ikev2_sig_job_run(w->aw_sign);
}

void ikev2_authx_work_fini(struct ikev2_authx_work *w)
{
	ikev2_pl_list_free(w->aw_inner);
	ikev2_sig_job_free(w->aw_verify);
	ikev2_sig_job_free(w->aw_sign);
	*w = (struct ikev2_authx_work){0};
}
