/* show platform dataplane: which backend forwards, why it was chosen, how VRF LANs reach it, what it dropped. */
#include "dataplane/dp_cli.h"

#include <stdio.h>

#include "config/modes.h"
#include "core/daemon.h"
#include "core/session.h"
#include "core/sync.h"
#include "dataplane/dp_config.h"
#include "show/render.h"

/* How each VRF LAN link reaches the backend's workers. */
static void platform_lans_text(struct cli_ctx *c, struct json_object *doc)
{
	struct json_object *lans;

	if (!json_object_object_get_ex(doc, "lan_inputs", &lans) || !json_object_array_length(lans))
		return;
	cli_printf(c, "  VRF LAN input:\n");
	for (size_t i = 0; i < json_object_array_length(lans); i++) {
		struct json_object *l = json_object_array_get_idx(lans, i);
		char name[64];

		snprintf(name, sizeof(name), "%s (%s)", show_str(l, "interface"), show_str(l, "device"));
		cli_printf(c, "    %-28s vrf %-12s %s\n", name, show_str(l, "vrf"), show_str(l, "input"));
	}
}

static void platform_text(struct cli_ctx *c, struct json_object *doc)
{
	struct json_object *drops, *nhrp;

	cli_printf(c, "Dataplane backend: %s\n", show_str(doc, "backend"));
	cli_printf(c, "  Chosen: %s\n", show_str(doc, "reason"));
	if (json_object_object_get_ex(doc, "nhrp", &nhrp))
		cli_printf(c, "  NHRP: %lld punted, %lld injected\n", show_int(nhrp, "punted"),
			   show_int(nhrp, "injected"));
	platform_lans_text(c, doc);
	if (!json_object_object_get_ex(doc, "drops", &drops))
		return;
	cli_printf(c, "  Drops by reason:%s\n", json_object_object_length(drops) ? "" : " none");
	json_object_object_foreach(drops, reason, count)
	    cli_printf(c, "    %-24s %llu\n", reason, (unsigned long long)json_object_get_int64(count));
}

/* Every NHRP counter (dp_punt.h), zero included. */
static void add_count(void *arg, const char *name, uint64_t count)
{
	json_object_object_add(arg, name, json_object_new_int64((int64_t)count));
}

/* Only the reasons that dropped something: a backend knows dozens. */
static void add_drop(void *arg, const char *reason, uint64_t count)
{
	if (count)
		json_object_object_add(arg, reason, json_object_new_int64((int64_t)count));
}

/* What add_lan fills: the daemon (for IOS names) and the JSON array. */
struct lan_rows {
	const struct ferryd *lr_daemon;
	struct json_object *lr_rows;
};

/* A VRF LAN link: its IOS interface and VRF where the configuration made them, else the device names. */
static void add_lan(void *arg, const char *link, const char *vrf, const char *how)
{
	struct lan_rows *rows = arg;
	struct json_object *l = json_object_new_object();
	struct dp_config_dev ifc, vrf_dev;

	if (dp_config_device(rows->lr_daemon, link, &ifc) < 0)
		snprintf(ifc.dcd_ios, sizeof(ifc.dcd_ios), "%s", link);
	if (dp_config_device(rows->lr_daemon, vrf, &vrf_dev) < 0)
		snprintf(vrf_dev.dcd_ios, sizeof(vrf_dev.dcd_ios), "%s", vrf);
	json_object_object_add(l, "interface", json_object_new_string(ifc.dcd_ios));
	json_object_object_add(l, "device", json_object_new_string(link));
	json_object_object_add(l, "vrf", json_object_new_string(vrf_dev.dcd_ios));
	json_object_object_add(l, "input", json_object_new_string(how));
	json_object_array_add(rows->lr_rows, l);
}

static int run_show_platform_dataplane(struct cli_ctx *c, const struct cli_args *a)
{
	const struct ferryd *d = session_of(c)->s_daemon;
	struct json_object *doc;

	if (!d || !d->fd_dp.dpl_backend)
		return cli_fail(c, "No dataplane is running");
	doc = json_object_new_object();
	json_object_object_add(doc, "backend", json_object_new_string(d->fd_dp.dpl_backend->db_name));
	json_object_object_add(doc, "reason", json_object_new_string(d->fd_dp.dpl_reason));
	if (d->fd_dp.dpl_backend->db_drops && d->fd_dp.dpl_state) {
		struct json_object *drops = json_object_new_object();

		d->fd_dp.dpl_backend->db_drops(d->fd_dp.dpl_state, add_drop, drops);
		json_object_object_add(doc, "drops", drops);
	}
	if (d->fd_dp.dpl_backend->db_punt_counters && d->fd_dp.dpl_state) {
		struct json_object *nhrp = json_object_new_object();

		d->fd_dp.dpl_backend->db_punt_counters(d->fd_dp.dpl_state, add_count, nhrp);
		json_object_object_add(doc, "nhrp", nhrp);
	}
	if (d->fd_dp.dpl_backend->db_lan_inputs && d->fd_dp.dpl_state) {
		struct lan_rows rows = {.lr_daemon = d, .lr_rows = json_object_new_array()};

		d->fd_dp.dpl_backend->db_lan_inputs(d->fd_dp.dpl_state, add_lan, &rows);
		json_object_object_add(doc, "lan_inputs", rows.lr_rows);
	}
	show_render(c, "platform-dataplane", doc, platform_text);
	return 0;
}

static struct cli_cmd dp_cmds[] = {
    {.cc_syntax = "show platform dataplane",
     .cc_help = "Show running system information\nShow platform information\nThe forwarding backend and its state",
     .cc_modes = MODES_EXEC_ALL,
     .cc_run = run_show_platform_dataplane},
};

void dp_cli_init(struct cli_tree *t)
{
	sync_register(dp_config_sync); /* links and VRFs before the FIB's routes */
	cli_cmds_add(t, dp_cmds, sizeof(dp_cmds) / sizeof(dp_cmds[0]));
}
