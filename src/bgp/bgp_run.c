/*
 * The BGP table's run on the loop. Changes (received UPDATEs, sessions
 * going, configuration) only mark destinations; one run shortly after
 * handles them all: local routes exported anew if the configuration
 * changed, best paths chosen, their labels and RIB imports updated, each
 * Established peer sent what changed, then one FIB sync. The next run waits
 * as long as the last one took: parts of a run may grow with the tables
 * (the FIB sync once looked at every swapping label), so while a big feed
 * comes in the runs take larger bites instead of most of the time.
 */
#include <time.h>

#include "bgp/bgp.h"
#include "bgp/bgp_run.h"
#include "bgp/bgp_session.h"
#include "core/clock.h"
#include "core/daemon.h"
#include "core/log.h"
#include "core/loop.h"
#include "dataplane/dp_config.h"
#include "rib/fib.h"

#define RUN_DELAY_MS	 1
#define RUN_DELAY_MAX_MS 1000

struct bgp_run {
	struct bgp_table ru_table;
	struct bgp_rt_index ru_index; /* the VRFs' import route targets */
	struct loop_timer *ru_timer;
	bool ru_armed;
	bool ru_config;	      /* the configuration changed since the last run */
	unsigned ru_delay_ms; /* before the next run: how long the last one took */
};

static struct bgp_run run;

struct bgp_table *bgp_run_table(void)
{
	return &run.ru_table;
}

/* Best paths first (a VRF picks among the best paths of every RD importing a prefix), then labels and RIB. */
static void decide(struct ferryd *d, struct bgp_table *t)
{
	struct rib *rib = rib_of(d);

	for (size_t i = 0; i < t->bt_ndirty; i++) {
		t->bt_dirty[i]->de_best = bgp_best_select(t->bt_dirty[i]);
		t->bt_dirty[i]->de_version = bgp_session_table_version() + 1; /* the run bumps it once it is done */
	}
	for (size_t i = 0; i < t->bt_ndirty; i++) {
		bgp_label_follow(mfi_of(d), t->bt_dirty[i]);
		if (rib)
			bgp_import_dest(t->bt_dirty[i], &run.ru_index, rib);
	}
}

/* VRF import route targets changed: every received best path is imported anew. */
static void reimport(struct ferryd *d)
{
	struct rib *rib = rib_of(d);
	struct bgp_dest *de;

	for (struct bgp_table_iter it = {0}; rib && (de = bgp_table_next(&run.ru_table, &it));)
		if (!de->de_dirty)
			bgp_import_dest(de, &run.ru_index, rib);
}

static void config_changed(struct ferryd *d)
{
	struct rib *rib = rib_of(d);
	int rebuilt = rib ? bgp_rt_index_build(&run.ru_index, d->fd_running, rib) : 0;

	run.ru_config = false;
	if (bgp_export_run(&run.ru_table, d->fd_running, rib, mfi_of(d)) < 0)
		log_msg(SEV_ERR, "BGP", "NOMEMORY", "local routes could not all be exported");
	if (rebuilt < 0)
		log_msg(SEV_ERR, "BGP", "NOMEMORY", "route targets could not all be indexed");
	if (rebuilt)
		reimport(d);
}

/* As long as the run took, within RUN_DELAY_MS..RUN_DELAY_MAX_MS. */
static unsigned next_delay(uint64_t took_ms)
{
	if (took_ms < RUN_DELAY_MS)
		return RUN_DELAY_MS;
	return took_ms < RUN_DELAY_MAX_MS ? (unsigned)took_ms : RUN_DELAY_MAX_MS;
}

static void run_fire(void *arg)
{
	struct ferryd *d = arg;
	struct bgp_table *t = &run.ru_table;
	uint64_t start = clock_ms();

	run.ru_armed = false;
	bgp_label_run(true);
	t->bt_path_gone = bgp_label_path_gone;
	t->bt_arg = mfi_of(d);
	if (run.ru_config)
		config_changed(d);
	decide(d, t);
	for (struct bgp_peer *p = bgp_session_peers(); p; p = p->bp_next)
		bgp_adv_peer(p, t, bgp_cfg_get(d->fd_running));
	if (t->bt_ndirty)
		bgp_session_table_bump();
	bgp_table_settle(t);
	bgp_label_run(false);
	/* Links first: an interface made since the last reconciliation (a Virtual-Access of an SA that just
	 * came up) must exist before routes through it go to the dataplane. */
	dp_config_sync(d);
	fib_sync(d);
	run.ru_delay_ms = next_delay(clock_ms() - start);
}

void bgp_run_schedule(struct ferryd *d)
{
	if (run.ru_armed || !d->fd_loop)
		return; /* no loop: a unit test drives the parts itself */
	if (!run.ru_timer)
		run.ru_timer = loop_timer_add(d->fd_loop, RUN_DELAY_MS, run_fire, d);
	else
		loop_timer_rearm(run.ru_timer, run.ru_delay_ms);
	run.ru_armed = run.ru_timer != NULL;
}

void bgp_run_config(struct ferryd *d)
{
	run.ru_config = true;
	bgp_run_schedule(d);
}

void bgp_run_peer_up(struct bgp_peer *p)
{
	p->bp_out_full = true;
	bgp_run_schedule(p->bp_daemon);
}

void bgp_run_peer_refresh(struct bgp_peer *p, enum bgp_family fam)
{
	p->bp_refresh |= (uint8_t)(1u << fam);
	bgp_run_schedule(p->bp_daemon);
}

void bgp_run_shutdown(struct ferryd *d)
{
	struct mfi *m = mfi_of(d);
	struct bgp_dest *de;

	for (struct bgp_table_iter it = {0}; (de = bgp_table_next(&run.ru_table, &it));)
		if (de->de_label != MFI_LABEL_NONE && m)
			mfi_release(m, de->de_label, MFI_OWNER_BGP);
	bgp_table_clear(&run.ru_table);
	bgp_rt_index_clear(&run.ru_index);
	loop_timer_cancel(run.ru_timer);
	run.ru_timer = NULL;
	run.ru_armed = false;
}
