/*
 * show crypto session [detail] (IOS layout, | json, | xml) and clear crypto
 * session [remote A.B.C.D]: a session is a peer's IKE SA with its CHILD_SA;
 * clearing sends DELETE, and protected tunnels start a new one as on IOS.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "config/modes.h"
#include "core/session.h"
#include "ike/ikev2_sa.h"
#include "ike/ikev2_sa_life.h"
#include "ike/ikev2_show.h"
#include "show/render.h"

static void add_endpoint(struct json_object *o, const char *k, const struct sockaddr_in *a)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%s/%u", inet_ntoa(a->sin_addr), ntohs(a->sin_port));
	json_object_object_add(o, k, json_object_new_string(buf));
}

static int active_sas(const struct ikev2_ike_sa *sa)
{
	int n = sa->sa_child.cs_spi_in ? 2 : 0;

	for (int i = 0; i < IKEV2_SA_SPARES; i++)
		n += sa->sa_spare[i].cs_spi_in ? 2 : 0;
	return n;
}

static struct json_object *session_json(const struct ikev2_ike_sa *sa, time_t now)
{
	struct json_object *o = json_object_new_object();
	const struct ikev2_init *in = &sa->sa_init;
	bool up = sa->sa_state == IKEV2_SA_READY;
	long long ipsec_left = sa->sa_child_at + ikev2_sa_ipsec_lifetime(&ikev2_mgr, sa) - now;
	long long ike_left = sa->sa_ready_at + ikev2_sa_ike_lifetime(&ikev2_mgr, sa) - now;

	json_object_object_add(o, "interface", json_object_new_string(sa->sa_tunnel[0] ? sa->sa_tunnel : "(none)"));
	json_object_object_add(o, "profile", json_object_new_string(sa->sa_conf.ac_profile));
	json_object_object_add(o, "status",
			       json_object_new_string(up && sa->sa_child.cs_spi_in ? "UP-ACTIVE"
						      : up			   ? "UP-IDLE"
										   : "UP-NO-IKE"));
	json_object_object_add(o, "peer", json_object_new_string(inet_ntoa(in->in_remote.sin_addr)));
	json_object_object_add(o, "peer_port", json_object_new_int(ntohs(in->in_remote.sin_port)));
	json_object_object_add(o, "session_id", json_object_new_int64(sa->sa_session));
	add_endpoint(o, "ike_local", &in->in_local);
	add_endpoint(o, "ike_remote", &in->in_remote);
	json_object_object_add(o, "ike_status", json_object_new_string(up ? "Active" : "Inactive"));
	json_object_object_add(o, "conn_id", json_object_new_int64(sa->sa_id));
	json_object_object_add(o, "uptime", json_object_new_int64(up ? (int64_t)(now - sa->sa_ready_at) : 0));
	json_object_object_add(o, "ike_lifetime_left", json_object_new_int64(ike_left > 0 ? ike_left : 0));
	json_object_object_add(o, "ipsec_lifetime_left", json_object_new_int64(ipsec_left > 0 ? ipsec_left : 0));
	json_object_object_add(o, "flow_local", json_object_new_string(inet_ntoa(sa->sa_child.cs_local)));
	json_object_object_add(o, "flow_remote", json_object_new_string(inet_ntoa(sa->sa_child.cs_remote)));
	json_object_object_add(o, "active_sas", json_object_new_int(active_sas(sa)));
	return o;
}

static struct json_object *sessions_json(const struct ikev2_mgr *mg)
{
	struct json_object *doc = json_object_new_object(), *arr = json_object_new_array();
	time_t now = time(NULL);

	for (const struct ikev2_ike_sa *sa = mg->mg_sas; sa; sa = sa->sa_next)
		if (sa->sa_state == IKEV2_SA_READY)
			json_object_array_add(arr, session_json(sa, now));
	json_object_object_add(doc, "sessions", arr);
	return doc;
}

static void flow_text(struct cli_ctx *c, struct json_object *s, bool detail)
{
	char life[16];

	cli_printf(c, "  IPSEC FLOW: permit 47 host %s host %s \n", show_str(s, "flow_local"),
		   show_str(s, "flow_remote"));
	cli_printf(c, "        Active SAs: %lld, origin: crypto map\n", show_int(s, "active_sas"));
	if (!detail)
		return;
	snprintf(life, sizeof(life), "%lld", show_int(s, "ipsec_lifetime_left"));
	cli_printf(c, "        Inbound:  #pkts dec'ed 0 drop 0 life (KB/Sec) 4608000/%s\n", life);
	cli_printf(c, "        Outbound: #pkts enc'ed 0 drop 0 life (KB/Sec) 4608000/%s\n", life);
}

static void session_text(struct cli_ctx *c, struct json_object *s, bool detail)
{
	char age[32];

	cli_printf(c, "\nInterface: %s\n", show_str(s, "interface"));
	cli_printf(c, "Profile: %s\n", show_str(s, "profile"));
	if (detail) {
		show_age(show_int(s, "uptime"), age, sizeof(age));
		cli_printf(c, "Uptime: %s\n", age);
	}
	cli_printf(c, "Session status: %-14s\n", show_str(s, "status"));
	cli_printf(c, "Peer: %s port %lld%s\n", show_str(s, "peer"), show_int(s, "peer_port"),
		   detail ? " fvrf: (none) ivrf: (none)" : " ");
	if (detail)
		cli_printf(c, "      Phase1_id: %s\n      Desc: (none)\n", show_str(s, "peer"));
	cli_printf(c, "  Session ID: %lld  \n", show_int(s, "session_id"));
	cli_printf(c, "  IKEv2 SA: local %s remote %s %s \n", show_str(s, "ike_local"), show_str(s, "ike_remote"),
		   show_str(s, "ike_status"));
	if (detail) {
		show_age(show_int(s, "ike_lifetime_left"), age, sizeof(age));
		cli_printf(c, "          Capabilities:(none) connid:%lld lifetime:%s\n", show_int(s, "conn_id"), age);
	}
	flow_text(c, s, detail);
}

static void sessions_print(struct cli_ctx *c, struct json_object *doc, bool detail)
{
	struct json_object *arr = show_arr(doc, "sessions");
	size_t n = arr ? json_object_array_length(arr) : 0;

	cli_printf(c, "Crypto session current status\n");
	for (size_t i = 0; i < n; i++)
		session_text(c, json_object_array_get_idx(arr, i), detail);
	cli_printf(c, "\n");
}

static void sessions_text(struct cli_ctx *c, struct json_object *doc)
{
	sessions_print(c, doc, false);
}

static void sessions_detail_text(struct cli_ctx *c, struct json_object *doc)
{
	sessions_print(c, doc, true);
}

static int run_show_session(struct cli_ctx *c, const struct cli_args *a)
{
	show_render(c, "crypto-session", sessions_json(&ikev2_mgr),
		    cli_has(a, "detail") ? sessions_detail_text : sessions_text);
	return 0;
}

static int run_clear_session(struct cli_ctx *c, const struct cli_args *a)
{
	struct ferryd *d = session_of(c)->s_daemon;
	const char *remote = cli_arg(a, "remote-addr");
	struct in_addr want = {0};

	if (!d)
		return 0;
	if (remote && inet_pton(AF_INET, remote, &want) != 1)
		return 0;
	ikev2_sa_clear_where(&ikev2_mgr, NULL, remote ? &want : NULL);
	ikev2_sa_sync(d); /* protected tunnels start again, as on IOS */
	return 0;
}

static struct cli_cmd session_cmds[] = {
    {.cc_syntax = "show crypto session [detail]",
     .cc_help = "Show running system information\n" CRYPTO_HELP "Show crypto sessions\nShow detailed information",
     .cc_modes = MODES_EXEC_ALL,
     .cc_run = run_show_session},
    {.cc_syntax = "clear crypto session [remote A.B.C.D$remote-addr]",
     .cc_help = "Reset functions\n" CRYPTO_HELP "Clear crypto sessions\nRemote peer\nIP address of the remote peer",
     .cc_modes = CLI_MODE(MODE_ENABLE),
     .cc_run = run_clear_session},
};

void ikev2_show_session_init(struct cli_tree *t)
{
	cli_cmds_add(t, session_cmds, sizeof(session_cmds) / sizeof(session_cmds[0]));
}
