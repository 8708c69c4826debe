/* Work of an SA on the daemon's worker queue, safe against the SA going meanwhile (ikev2_sa.h). */
#include <stdlib.h>

#include "core/log.h"
#include "core/workq.h"
#include "ike/ikev2_sa.h"

bool ikev2_sa_busy(const struct ikev2_ike_sa *sa)
{
	return sa->sa_ticket != 0;
}

void ikev2_sa_work_submit(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa, struct ikev2_sa_work *w, bool offload,
			  void (*run)(void *), void (*done)(void *), void *arg)
{
	struct workq *q = mg->mg_d->fd_workq;

	w->sw_mg = mg;
	w->sw_sa = sa->sa_id;
	if (++mg->mg_next_ticket == 0) /* 0 means "not waiting" */
		++mg->mg_next_ticket;
	w->sw_ticket = sa->sa_ticket = mg->mg_next_ticket;
	if (offload && q && workq_submit(q, run, done, arg) == 0)
		return;
	run(arg);
	done(arg);
}

struct ikev2_ike_sa *ikev2_sa_work_owner(const struct ikev2_sa_work *w, const char *what)
{
	struct ikev2_ike_sa *sa = ikev2_sa_by_id(w->sw_mg, w->sw_sa);

	if (!sa || sa->sa_ticket != w->sw_ticket) {
		log_msg(SEV_DEBUG, "IKEV2", "WORK", "SA %u went while its %s was computed", w->sw_sa, what);
		return NULL;
	}
	sa->sa_ticket = 0;
	return sa;
}

static void dh_run(void *arg)
{
	struct ikev2_sa_dh *d = arg; /* the first member of arg */

	ikev2_dh_job_run(&d->sd_dh);
}

void ikev2_sa_dh_submit(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa, struct ikev2_sa_dh *d, void (*done)(void *),
			void *arg)
{
	ikev2_sa_work_submit(mg, sa, &d->sd_wait, d->sd_dh.dj_dh != NULL, dh_run, done, arg);
}

void ikev2_sa_dh_free(struct ikev2_sa_dh *d)
{
	ikev2_dh_job_fini(&d->sd_dh);
	free(d);
}
