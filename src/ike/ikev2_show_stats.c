/*
 * show crypto ikev2 stats (the IOS layout, then Ferry's rekey, DPD, message
 * and drop counters in the same style; | json, | xml) and debug crypto
 * ikev2 / undebug / no debug crypto ikev2: every IKEv2 message to the log.
 */
#include <stdio.h>

#include "config/modes.h"
#include "core/log.h"
#include "ike/ikev2_sa.h"
#include "ike/ikev2_show.h"
#include "show/render.h"

#define DASHES "--------------------------------------------------------------------------------\n"

static void add_u64(struct json_object *o, const char *k, uint64_t v)
{
	json_object_object_add(o, k, json_object_new_int64((int64_t)v));
}

/* SAs up and in negotiation, by who started them. */
static void add_sa_counts(struct json_object *o, const struct ikev2_mgr *mg)
{
	uint64_t in = 0, in_up = 0, out = 0, out_up = 0;

	for (const struct ikev2_ike_sa *sa = mg->mg_sas; sa; sa = sa->sa_next) {
		bool up = sa->sa_state == IKEV2_SA_READY;

		if (sa->sa_state == IKEV2_SA_FAILED || sa->sa_state == IKEV2_SA_REKEYED)
			continue;
		if (sa->sa_init.in_initiator) {
			out++;
			out_up += up;
		} else {
			in++;
			in_up += up;
		}
	}
	add_u64(o, "in_sas", in);
	add_u64(o, "in_active", in_up);
	add_u64(o, "in_negotiating", in - in_up);
	add_u64(o, "out_sas", out);
	add_u64(o, "out_active", out_up);
	add_u64(o, "out_negotiating", out - out_up);
}

static struct json_object *stats_json(const struct ikev2_mgr *mg)
{
	const struct ikev2_stats *st = &mg->mg_stats;
	struct json_object *o = json_object_new_object(), *drops = json_object_new_object();

	add_sa_counts(o, mg);
	add_u64(o, "in_requests", st->st_in_requests);
	add_u64(o, "in_accepted", st->st_in_accepted);
	add_u64(o, "in_rejected", st->st_in_rejected);
	add_u64(o, "out_requests", st->st_out_requests);
	add_u64(o, "out_accepted", st->st_out_accepted);
	add_u64(o, "out_rejected", st->st_out_rejected);
	add_u64(o, "failed", st->st_failed);
	add_u64(o, "rekeys_ike", st->st_rekey_ike);
	add_u64(o, "rekeys_child", st->st_rekey_child);
	add_u64(o, "rekey_collisions", st->st_rekey_collisions);
	add_u64(o, "dpd_sent", st->st_dpd_sent);
	add_u64(o, "dpd_failures", st->st_dpd_failures);
	add_u64(o, "messages_in", st->st_msg_in);
	add_u64(o, "messages_out", st->st_msg_out);
	add_u64(o, "dropped", ikev2_stats_drops(st));
	add_u64(o, "cookie_challenged", st->st_cookie_challenged);
	add_u64(o, "cookie_accepted", st->st_cookie_accepted);
	add_u64(o, "cookie_rejected", st->st_cookie_rejected);
	add_u64(o, "cookie_missing", st->st_cookie_missing);
	add_u64(o, "critical_answered", st->st_critical_answered);
	add_u64(o, "critical_in_answers", st->st_critical_in_answers);
	for (int i = 0; i < IKEV2_DROP_REASONS; i++)
		add_u64(drops, ikev2_drop_name((enum ikev2_drop)i), st->st_drops[i]);
	json_object_object_add(o, "drops", drops);
	return o;
}

static void drops_text(struct cli_ctx *c, struct json_object *drops)
{
	cli_printf(c, "IKEv2 packets dropped by reason:\n");
	json_object_object_foreach(drops, k, v) cli_printf(c, "  %-16s%lld\n", k, (long long)json_object_get_int64(v));
}

static void stats_text(struct cli_ctx *c, struct json_object *o)
{
	cli_printf(c, DASHES "                      Crypto IKEv2 SA Statistics\n" DASHES);
	/* Ferry sets no SA limits: 0 is how IOS shows one that is not set */
	cli_printf(c, "System Resource Limit:   0        Max IKEv2 SAs: 0        Max in nego(in/out): 0/0\n");
	cli_printf(c, "Total incoming IKEv2 SA Count:    %-9lldactive:        %-9lldnegotiating: %lld\n",
		   show_int(o, "in_sas"), show_int(o, "in_active"), show_int(o, "in_negotiating"));
	cli_printf(c, "Total outgoing IKEv2 SA Count:    %-9lldactive:        %-9lldnegotiating: %lld\n",
		   show_int(o, "out_sas"), show_int(o, "out_active"), show_int(o, "out_negotiating"));
	cli_printf(c, "Incoming IKEv2 Requests: %-9lldaccepted:      %-9lldrejected:      %lld\n",
		   show_int(o, "in_requests"), show_int(o, "in_accepted"), show_int(o, "in_rejected"));
	cli_printf(c, "Outgoing IKEv2 Requests: %-9lldaccepted:      %-9lldrejected:      %lld\n",
		   show_int(o, "out_requests"), show_int(o, "out_accepted"), show_int(o, "out_rejected"));
	cli_printf(c, "Rejected IKEv2 Requests: %-9lldrsrc low:      0        SA limit:      0\n",
		   show_int(o, "in_rejected") + show_int(o, "out_rejected"));
	cli_printf(c, "IKEv2 packets dropped at dispatch: %lld\n", show_int(o, "dropped"));
	cli_printf(c, "Incoming IKEV2 Cookie Challenged Requests: %lld\n", show_int(o, "cookie_challenged"));
	cli_printf(
	    c, "                                  accepted:      %-9lldrejected:      %-9lldrejected no cookie: %lld\n",
	    show_int(o, "cookie_accepted"), show_int(o, "cookie_rejected"), show_int(o, "cookie_missing"));
	cli_printf(c, "Total Deleted sessions of Cert Revoked Peers: 0\n");
	cli_printf(c, "Failed IKEv2 negotiations: %lld\n", show_int(o, "failed"));
	cli_printf(c, "IKEv2 SA rekeys: %-9lldIPsec SA rekeys: %-9lldcollisions: %lld\n", show_int(o, "rekeys_ike"),
		   show_int(o, "rekeys_child"), show_int(o, "rekey_collisions"));
	cli_printf(c, "DPD requests sent: %-9lldDPD failures: %lld\n", show_int(o, "dpd_sent"),
		   show_int(o, "dpd_failures"));
	cli_printf(c, "IKEv2 messages in: %-9lldout: %lld\n", show_int(o, "messages_in"), show_int(o, "messages_out"));
	cli_printf(c, "Unsupported critical payloads: answered: %-9lldin answers: %lld\n",
		   show_int(o, "critical_answered"), show_int(o, "critical_in_answers"));
	drops_text(c, json_object_object_get(o, "drops"));
}

static int run_show_stats(struct cli_ctx *c, const struct cli_args *a)
{
	(void)a;
	show_render(c, "crypto-ikev2-stats", stats_json(&ikev2_mgr), stats_text);
	return 0;
}

static int run_debug(struct cli_ctx *c, const struct cli_args *a)
{
	bool on = !a->a_negate && a->a_line[0] != 'u';

	ikev2_mgr.mg_debug = on;
	cli_printf(c, "IKEv2 default debugging is %s\n", on ? "on" : "off");
	return 0;
}

static struct cli_cmd stats_cmds[] = {
    {.cc_syntax = "show crypto ikev2 stats",
     .cc_help = "Show running system information\n" CRYPTO_HELP "Shared IKEv2 information\nShow Crypto IKEv2 Stats",
     .cc_modes = MODES_EXEC_ALL,
     .cc_run = run_show_stats},
    {.cc_syntax = "debug crypto ikev2",
     .cc_help = "Debugging functions (see also 'undebug')\nCryptographic subsystem\nIKEv2 debug",
     .cc_modes = CLI_MODE(MODE_ENABLE),
     .cc_flags = CLI_NEGATE,
     .cc_run = run_debug},
    {.cc_syntax = "undebug crypto ikev2",
     .cc_help = "Disable debugging functions (see also 'debug')\nCryptographic subsystem\nIKEv2 debug",
     .cc_modes = CLI_MODE(MODE_ENABLE),
     .cc_run = run_debug},
};

void ikev2_show_stats_init(struct cli_tree *t)
{
	cli_cmds_add(t, stats_cmds, sizeof(stats_cmds) / sizeof(stats_cmds[0]));
}
