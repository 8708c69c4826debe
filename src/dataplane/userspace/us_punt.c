/* NHRP between the workers and the control thread (us_punt.h). */
#include "dataplane/userspace/us_punt.h"

#include <errno.h>
#include <string.h>

#include "dataplane/userspace/us_fwd_int.h"
#include "dataplane/userspace/us_io.h"

_Static_assert(DP_PUNT_MAX <= US_DATA_MAX, "an injected packet fits a worker's packet buffer");

int us_punt_init(struct us_punt *pu)
{
	int rc;

	memset(pu, 0, sizeof(*pu));
	if ((rc = us_pq_init(&pu->pu_up, US_PUNT_UP_CAP)) < 0)
		return rc;
	if ((rc = us_pq_init(&pu->pu_down, US_PUNT_DOWN_CAP)) < 0)
		us_pq_destroy(&pu->pu_up);
	return rc;
}

void us_punt_destroy(struct us_punt *pu)
{
	us_pq_destroy(&pu->pu_up);
	us_pq_destroy(&pu->pu_down);
}

void us_punt_nhrp(struct us_punt *pu, const struct us_snap *s, const struct us_verdict *v, const struct pkt *p)
{
	struct dp_punt pkt = {
	    .dpu_nbma = v->v_src, .dpu_proto = GRE_PROTO_NHRP, .dpu_data = p->pkt_data, .dpu_len = p->pkt_len};

	/* The decision sets v_link for every GRE packet it accepts. */
	memcpy(pkt.dpu_link, s->sn_links[v->v_link].lk_cfg.dl_name, sizeof(pkt.dpu_link));
	if (us_pq_push(&pu->pu_up, &pkt) == -EMSGSIZE)
		atomic_fetch_add_explicit(&pu->pu_punt_too_big, 1, memory_order_relaxed);
}

int us_punt_inject_fd(const struct us_punt *pu)
{
	return pu->pu_down.pq_wake;
}

/* The GRE tunnel named name in the snapshot; US_NO_LINK when none. */
static size_t us_punt_link(const struct us_snap *s, const char *name)
{
	for (size_t i = 0; i < s->sn_nlinks; i++) {
		const struct dp_link *l = &s->sn_links[i].lk_cfg;

		if ((l->dl_kind == DP_LINK_GRE || l->dl_kind == DP_LINK_MGRE) && strcmp(l->dl_name, name) == 0)
			return i;
	}
	return US_NO_LINK;
}

/* What an inject run needs: the worker, its batch and the snapshot it entered. */
struct us_punt_run {
	struct us_wthread *pr_worker;
	struct us_batch *pr_batch;
	const struct us_snap *pr_snap;
};

/* One injected packet into the batch's next underlay buffer; never more than a batch per run. */
static void us_punt_send_one(void *arg, const struct us_pq_msg *m)
{
	struct us_punt_run *r = arg;
	struct us_punt *pu = &r->pr_worker->wt_dp->up_punt;
	struct us_batch *b = r->pr_batch;
	size_t link = us_punt_link(r->pr_snap, m->pm_link), i = us_send_queued(&b->ba_send);
	struct pkt *p = &b->ba_pkt[i];
	const struct dp_link *l;
	struct us_verdict v;

	us_fwd_verdict_init(&v);
	if (link == US_NO_LINK) {
		atomic_fetch_add_explicit(&pu->pu_inject_no_link, 1, memory_order_relaxed);
		return;
	}
	l = &r->pr_snap->sn_links[link].lk_cfg;
	if (!l->dl_up) {
		us_fwd_drop(&r->pr_worker->wt_fwd, &v, FWD_LINK_DOWN);
		return;
	}
	pkt_init(p, b->ba_buf[i], US_BUF_SIZE, US_FWD_HEADROOM);
	memcpy(pkt_put(p, m->pm_len), m->pm_data, m->pm_len); /* fits: the assertion above */
	/* Point-to-point: its destination is the only NBMA address it has. */
	us_fwd_gre_out(r->pr_snap, &r->pr_worker->wt_fwd, link, l->dl_kind == DP_LINK_GRE ? l->dl_remote : m->pm_nbma,
		       m->pm_proto, p, &v);
	if (v.v_egress != US_EGRESS_UNDERLAY)
		return; /* counted by the decision (no-sa, no-room) */
	us_send_queue(&b->ba_send, p, v.v_nbma);
	atomic_fetch_add_explicit(&pu->pu_injected, 1, memory_order_relaxed);
}

void us_punt_inject_run(struct us_wthread *t, struct us_batch *b, const struct us_snap *s)
{
	struct us_punt_run run = {.pr_worker = t, .pr_batch = b, .pr_snap = s};

	/* Worker 0 flushes every batch it queues: the send queue is empty here and holds a batch. */
	if (us_pq_drain(&t->wt_dp->up_punt.pu_down, US_BATCH, us_punt_send_one, &run) > 0)
		us_io_flush(t, b);
}

int us_punt_fd(struct dp *dp)
{
	return dp->up_punt.pu_up.pq_wake;
}

/* The caller's function and argument, for each packet drained. */
struct us_punt_up {
	dp_punt_fn *pp_fn;
	void *pp_arg;
};

static void us_punt_hand_up(void *arg, const struct us_pq_msg *m)
{
	const struct us_punt_up *up = arg;
	struct dp_punt pkt = us_pq_view(m);

	up->pp_fn(up->pp_arg, &pkt);
}

int us_punt_drain(struct dp *dp, dp_punt_fn *fn, void *arg)
{
	struct us_punt_up up = {.pp_fn = fn, .pp_arg = arg};

	/* At most what the queue holds: packets arriving meanwhile wait for the next wake-up. */
	return (int)us_pq_drain(&dp->up_punt.pu_up, US_PUNT_UP_CAP, us_punt_hand_up, &up);
}

int us_punt_inject(struct dp *dp, const struct dp_punt *pkt)
{
	return us_pq_push(&dp->up_punt.pu_down, pkt);
}

void us_punt_counters(struct dp *dp, dp_drop_fn *visit, void *arg)
{
	visit(arg, "punted", atomic_load(&dp->up_punt.pu_up.pq_in));
	visit(arg, "injected", atomic_load(&dp->up_punt.pu_injected));
}

void us_punt_drops(const struct us_punt *pu, dp_drop_fn *visit, void *arg)
{
	visit(arg, "punt-full", atomic_load(&pu->pu_up.pq_full));
	visit(arg, "punt-too-big", atomic_load(&pu->pu_punt_too_big));
	visit(arg, "inject-full", atomic_load(&pu->pu_down.pq_full));
	visit(arg, "inject-no-link", atomic_load(&pu->pu_inject_no_link));
}
