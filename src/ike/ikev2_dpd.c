/*
 * Lifetimes and liveness, checked once a second for every SA: a READY SA
 * rekeys its IKE SA and CHILD_SA at their soft lifetimes, and with "dpd
 * INTERVAL RETRY on-demand|periodic" in its IKEv2 profile it sends an empty
 * INFORMATIONAL request when nothing came from the peer for INTERVAL
 * seconds, retransmitted every RETRY seconds (IOS: the second number is the
 * retry interval) five times; then the peer is dead (ikev2_sa.c).
 * on-demand (IOS's default, RFC 7296 §2.4: "only when ... traffic sent and
 * nothing received") reads the CHILD_SA's ESP packet counts from the
 * dataplane once the peer has been silent for INTERVAL, and probes only
 * when packets went out and none came in since it last looked: an idle SA
 * costs a hub nothing, and a dead peer that is sent traffic is found. A
 * backend that cannot count makes it periodic. A replaced IKE SA whose
 * DELETE never comes, and replaced CHILD_SAs, go after a while.
 */
#include <arpa/inet.h>
#include <stdio.h>

#include "core/log.h"
#include "dataplane/dataplane.h"
#include "ike/ikev2_dpd.h"
#include "ike/ikev2_sa_life.h"

#define TICK_MS	      1000
#define REKEYED_MAX_S 60 /* a replaced IKE SA waits this long for the peer's DELETE */
#define SPARE_MAX_S   60 /* a replaced CHILD_SA waits this long for its DELETE */

unsigned ikev2_sa_dpd_retry_ms(const struct ikev2_ike_sa *sa)
{
	const struct ike_profile *pr = ikev2_sa_profile(&ikev2_mgr, sa);

	return (pr && pr->pr_dpd_retry ? pr->pr_dpd_retry : 2) * 1000u;
}

static bool stale_spare(const struct ikev2_ike_sa *sa, time_t now)
{
	for (int i = 0; i < IKEV2_SA_SPARES; i++)
		if (sa->sa_spare[i].cs_spi_in && now - sa->sa_spare_at[i] >= SPARE_MAX_S)
			return true;
	return false;
}

static bool past(time_t deadline, time_t now)
{
	return deadline && now >= deadline;
}

static time_t later(time_t a, time_t b)
{
	return a > b ? a : b;
}

enum ikev2_due ikev2_sa_due(const struct ikev2_ike_sa *sa, unsigned dpd_interval, time_t now)
{
	if (sa->sa_state == IKEV2_SA_READY && (past(sa->sa_ike_expire_at, now) || past(sa->sa_child_expire_at, now)))
		return IKEV2_DUE_HARD;
	if (sa->sa_req_kind != IKEV2_REQ_NONE)
		return IKEV2_DUE_NONE; /* one request at a time (§2.3); it has its own timer */
	if (sa->sa_state == IKEV2_SA_REKEYED)
		return now - sa->sa_ready_at >= REKEYED_MAX_S ? IKEV2_DUE_EXPIRE : IKEV2_DUE_NONE;
	if (sa->sa_state != IKEV2_SA_READY)
		return IKEV2_DUE_NONE;
	if (past(sa->sa_ike_rekey_at, now))
		return IKEV2_DUE_REKEY_IKE;
	if (past(sa->sa_child_rekey_at, now))
		return IKEV2_DUE_REKEY_CHILD;
	if (stale_spare(sa, now))
		return IKEV2_DUE_SPARE;
	if (dpd_interval && now - later(sa->sa_last_rx, sa->sa_dpd.dw_at) >= (time_t)dpd_interval)
		return IKEV2_DUE_DPD;
	return IKEV2_DUE_NONE;
}

static void drop_stale_spares(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa, time_t now)
{
	for (int i = 0; i < IKEV2_SA_SPARES; i++)
		if (sa->sa_spare[i].cs_spi_in && now - sa->sa_spare_at[i] >= SPARE_MAX_S)
			ikev2_sa_spare_remove(mg, sa, &sa->sa_spare[i]);
}

bool ikev2_dpd_demand(struct ikev2_dpd_watch *w, uint32_t spi_in, uint64_t in, uint64_t out, time_t now)
{
	bool same_child = w->dw_spi_in == spi_in;
	bool came_in = in > (same_child ? w->dw_in : 0);
	bool went_out = out > (same_child ? w->dw_out : 0);

	*w = (struct ikev2_dpd_watch){.dw_spi_in = spi_in, .dw_in = in, .dw_out = out, .dw_at = now};
	return went_out && !came_in;
}

/* The packets of one direction of an ESP SA (SPI spi to dst); -1 when the dataplane cannot tell. */
static int esp_packets(const struct dataplane *dpl, uint32_t spi, struct in_addr dst, uint64_t *packets)
{
	struct dp_counters cnt;
	char key[32], addr[INET_ADDRSTRLEN];

	snprintf(key, sizeof(key), "%08x@%s", spi, inet_ntop(AF_INET, &dst, addr, sizeof(addr)));
	if (!dpl->dpl_backend || !dpl->dpl_backend->db_counters ||
	    dpl->dpl_backend->db_counters(dpl->dpl_state, DP_CNT_SA, key, &cnt) < 0)
		return -1;
	*packets = cnt.dc_packets_in + cnt.dc_packets_out; /* the backend fills the SA's direction only */
	return 0;
}

/* Whether the silent SA gets a probe: always periodic; on-demand when its traffic says so (ikev2_dpd_demand). */
static bool dpd_wanted(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa, const struct ike_profile *pr, time_t now)
{
	const struct ikev2_child *c = &sa->sa_child;
	const struct dataplane *dpl = &mg->mg_d->fd_dp;
	uint64_t in, out;

	if (pr->pr_dpd_mode != IKE_DPD_ON_DEMAND)
		return true;
	if (!sa->sa_child_installed || esp_packets(dpl, c->cs_spi_in, c->cs_local, &in) < 0 ||
	    esp_packets(dpl, c->cs_spi_out, c->cs_remote, &out) < 0) {
		log_msg(SEV_DEBUG, "IKEV2", "DPD", "SA %u: no traffic counts, probing as periodic", sa->sa_id);
		return true;
	}
	return ikev2_dpd_demand(&sa->sa_dpd, c->cs_spi_in, in, out, now);
}

static void send_dpd(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa)
{
	if (ikev2_sa_request(mg, sa, IKEV2_REQ_DPD, IKEV2_EXCH_INFORMATIONAL, NULL) == 0)
		mg->mg_stats.st_dpd_sent++;
}

static void tick_one(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa, time_t now)
{
	const struct ike_profile *pr = ikev2_sa_profile(mg, sa);

	switch (ikev2_sa_due(sa, pr ? pr->pr_dpd_interval : 0, now)) {
	case IKEV2_DUE_EXPIRE:
		return ikev2_sa_drop(mg, sa);
	case IKEV2_DUE_HARD:
		return ikev2_sa_close(mg, sa, "lifetime expired without a rekey");
	case IKEV2_DUE_REKEY_IKE:
		if (ikev2_sa_rekey_ike(mg, sa) < 0)
			sa->sa_ike_rekey_at = now + 10;
		return;
	case IKEV2_DUE_REKEY_CHILD:
		if (ikev2_sa_rekey_child(mg, sa) < 0)
			sa->sa_child_rekey_at = now + 10;
		return;
	case IKEV2_DUE_SPARE:
		return drop_stale_spares(mg, sa, now);
	case IKEV2_DUE_DPD:
		if (dpd_wanted(mg, sa, pr, now))
			send_dpd(mg, sa);
		return;
	case IKEV2_DUE_NONE:
		return;
	}
}

void ikev2_sa_tick(struct ikev2_mgr *mg, time_t now)
{
	struct ikev2_ike_sa *sa = mg->mg_sas, *next;

	for (; sa; sa = next) {
		next = sa->sa_next;
		tick_one(mg, sa, now);
	}
}

static void tick_cb(void *arg)
{
	struct ikev2_mgr *mg = arg;

	ikev2_sa_tick(mg, time(NULL));
	loop_timer_rearm(mg->mg_tick, TICK_MS);
}

void ikev2_sa_tick_start(struct ikev2_mgr *mg)
{
	if (!mg->mg_tick)
		mg->mg_tick = loop_timer_add(mg->mg_d->fd_loop, TICK_MS, tick_cb, mg);
	if (!mg->mg_tick)
		log_msg(SEV_ERR, "IKEV2", "TIMER", "no timer: lifetimes and DPD will not run");
}
