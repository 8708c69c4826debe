/*
 * show crypto ipsec sa [peer A.B.C.D]: the CHILD_SAs of every READY IKE SA
 * in the IOS layout (or | json / | xml), with packet counts from the
 * dataplane when the backend keeps them. A CHILD_SA replaced by a rekey
 * is listed until its DELETE.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "config/modes.h"
#include "ike/ikev2_sa.h"
#include "ike/ikev2_sa_life.h"
#include "ike/ikev2_show.h"
#include "show/render.h"

static const char *transform_name(const struct ikev2_child *c)
{
	const struct ikev2_esp_suite *es = ikev2_child_suite(c);

	return es ? es->es_ios : "";
}

/* The dataplane's counters of one direction of an SA (zero when the backend keeps none). */
static struct dp_counters sa_counters(uint32_t spi, struct in_addr dst)
{
	const struct dataplane *dpl = &ikev2_mgr.mg_d->fd_dp;
	struct dp_counters cnt = {0};
	char key[40];

	snprintf(key, sizeof(key), "%08x@%s", spi, inet_ntoa(dst));
	if (!dpl->dpl_backend || !dpl->dpl_backend->db_counters ||
	    dpl->dpl_backend->db_counters(dpl->dpl_state, DP_CNT_SA, key, &cnt) < 0)
		cnt = (struct dp_counters){0};
	return cnt;
}

static struct json_object *esp_json(const struct ikev2_child *c, uint32_t spi, long long remaining)
{
	struct json_object *o = json_object_new_object();
	char buf[16];

	snprintf(buf, sizeof(buf), "0x%08X", spi);
	json_object_object_add(o, "spi", json_object_new_string(buf));
	json_object_object_add(o, "spi_decimal", json_object_new_int64(spi));
	json_object_object_add(o, "transform", json_object_new_string(transform_name(c)));
	json_object_object_add(o, "mode", json_object_new_string(c->cs_transport ? "Transport" : "Tunnel"));
	json_object_object_add(o, "remaining_seconds", json_object_new_int64(remaining > 0 ? remaining : 0));
	json_object_object_add(o, "status", json_object_new_string(remaining >= 0 ? "ACTIVE" : "EXPIRED"));
	return o;
}

/* Each CHILD_SA's inbound and outbound ESP SAs, the current one first; packet counts summed. */
static void add_children(struct json_object *o, const struct ikev2_ike_sa *sa, time_t now)
{
	struct json_object *in = json_object_new_array(), *out = json_object_new_array();
	long long life = ikev2_sa_ipsec_lifetime(&ikev2_mgr, sa);
	uint64_t enc = 0, dec = 0;

	for (int i = -1; i < IKEV2_SA_SPARES; i++) {
		const struct ikev2_child *c = i < 0 ? &sa->sa_child : &sa->sa_spare[i];
		long long left = (i < 0 ? sa->sa_child_at : sa->sa_spare_at[i]) + life - now;
		struct dp_counters ci, co;

		if (!c->cs_spi_in)
			continue;
		ci = sa_counters(c->cs_spi_in, c->cs_local);
		co = sa_counters(c->cs_spi_out, c->cs_remote);
		dec += ci.dc_packets_in;
		enc += co.dc_packets_out;
		json_object_array_add(in, esp_json(c, c->cs_spi_in, left));
		json_object_array_add(out, esp_json(c, c->cs_spi_out, left));
	}
	json_object_object_add(o, "inbound_esp", in);
	json_object_object_add(o, "outbound_esp", out);
	json_object_object_add(o, "pkts_encaps", json_object_new_int64((int64_t)enc));
	json_object_object_add(o, "pkts_decaps", json_object_new_int64((int64_t)dec));
}

static void add_ident(struct json_object *o, const char *k, struct in_addr a)
{
	char buf[64];

	snprintf(buf, sizeof(buf), "%s/255.255.255.255/47/0", inet_ntoa(a));
	json_object_object_add(o, k, json_object_new_string(buf));
}

static struct json_object *flow_json(const struct ikev2_ike_sa *sa, time_t now)
{
	struct json_object *o = json_object_new_object();
	const struct ikev2_child *c = &sa->sa_child;
	uint16_t pfs = sa->sa_child.cs_choice.ch_tr[IKEV2_TRANS_DH].tr_id;
	char spi[32];

	json_object_object_add(o, "interface", json_object_new_string(sa->sa_tunnel[0] ? sa->sa_tunnel : "(none)"));
	json_object_object_add(o, "local", json_object_new_string(inet_ntoa(c->cs_local)));
	json_object_object_add(o, "remote", json_object_new_string(inet_ntoa(c->cs_remote)));
	json_object_object_add(o, "remote_port", json_object_new_int(ntohs(sa->sa_init.in_remote.sin_port)));
	add_ident(o, "local_ident", c->cs_local);
	add_ident(o, "remote_ident", c->cs_remote);
	snprintf(spi, sizeof(spi), "0x%08X(%u)", c->cs_spi_out, c->cs_spi_out);
	json_object_object_add(o, "current_outbound_spi", json_object_new_string(spi));
	json_object_object_add(o, "pfs", json_object_new_string(pfs ? "Y" : "N"));
	json_object_object_add(o, "dh_group", json_object_new_int(pfs));
	add_children(o, sa, now);
	return o;
}

static struct json_object *ipsec_json(const struct ikev2_mgr *mg, const char *peer)
{
	struct json_object *doc = json_object_new_object(), *arr = json_object_new_array();
	struct in_addr want = {0};
	time_t now = time(NULL);

	if (peer)
		inet_pton(AF_INET, peer, &want);
	for (const struct ikev2_ike_sa *sa = mg->mg_sas; sa; sa = sa->sa_next)
		if (sa->sa_state == IKEV2_SA_READY && sa->sa_child.cs_spi_in &&
		    (!peer || sa->sa_child.cs_remote.s_addr == want.s_addr))
			json_object_array_add(arr, flow_json(sa, now));
	json_object_object_add(doc, "flows", arr);
	return doc;
}

static void esp_text(struct cli_ctx *c, struct json_object *esp)
{
	cli_printf(c, "      spi: %s(%lld)\n", show_str(esp, "spi"), show_int(esp, "spi_decimal"));
	cli_printf(c, "        transform: %s\n", show_str(esp, "transform"));
	cli_printf(c, "        in use settings ={%s, }\n", show_str(esp, "mode"));
	cli_printf(c, "        sa timing: remaining key lifetime (k/sec): (4608000/%lld)\n",
		   show_int(esp, "remaining_seconds"));
	cli_printf(c, "        replay detection support: Y\n");
	cli_printf(c, "        Status: %s(%s)\n\n", show_str(esp, "status"), show_str(esp, "status"));
}

static void esps_text(struct cli_ctx *c, struct json_object *flow, const char *dir)
{
	char key[32];
	struct json_object *arr;
	size_t n;

	snprintf(key, sizeof(key), "%s_esp", dir);
	arr = show_arr(flow, key);
	n = arr ? json_object_array_length(arr) : 0;
	cli_printf(c, "     %s esp sas:\n", dir);
	for (size_t i = 0; i < n; i++)
		esp_text(c, json_object_array_get_idx(arr, i));
	cli_printf(c, "\n     %s ah sas:\n\n     %s pcp sas:\n\n", dir, dir);
}

static void flow_text(struct cli_ctx *c, struct json_object *f)
{
	long long enc = show_int(f, "pkts_encaps"), dec = show_int(f, "pkts_decaps");

	cli_printf(c, "\ninterface: %s\n", show_str(f, "interface"));
	cli_printf(c, "    Crypto map tag: %s-head-0, local addr %s\n\n", show_str(f, "interface"),
		   show_str(f, "local"));
	cli_printf(c, "   protected vrf: (none)\n");
	cli_printf(c, "   local  ident (addr/mask/prot/port): (%s)\n", show_str(f, "local_ident"));
	cli_printf(c, "   remote ident (addr/mask/prot/port): (%s)\n", show_str(f, "remote_ident"));
	cli_printf(c, "   current_peer %s port %lld\n", show_str(f, "remote"), show_int(f, "remote_port"));
	cli_printf(c, "     PERMIT, flags={origin_is_acl,}\n");
	cli_printf(c, "    #pkts encaps: %lld, #pkts encrypt: %lld, #pkts digest: %lld\n", enc, enc, enc);
	cli_printf(c, "    #pkts decaps: %lld, #pkts decrypt: %lld, #pkts verify: %lld\n", dec, dec, dec);
	cli_printf(c, "    #pkts compressed: 0, #pkts decompressed: 0\n");
	cli_printf(c, "    #pkts not compressed: 0, #pkts compr. failed: 0\n");
	cli_printf(c, "    #pkts not decompressed: 0, #pkts decompress failed: 0\n");
	cli_printf(c, "    #send errors 0, #recv errors 0\n\n");
	cli_printf(c, "     local crypto endpt.: %s, remote crypto endpt.: %s\n", show_str(f, "local"),
		   show_str(f, "remote"));
	cli_printf(c, "     current outbound spi: %s\n", show_str(f, "current_outbound_spi"));
	if (show_int(f, "dh_group"))
		cli_printf(c, "     PFS (Y/N): Y, DH group: group%lld\n\n", show_int(f, "dh_group"));
	else
		cli_printf(c, "     PFS (Y/N): N, DH group: none\n\n");
	esps_text(c, f, "inbound");
	esps_text(c, f, "outbound");
}

static void ipsec_text(struct cli_ctx *c, struct json_object *doc)
{
	struct json_object *arr = show_arr(doc, "flows");
	size_t n = arr ? json_object_array_length(arr) : 0;

	for (size_t i = 0; i < n; i++)
		flow_text(c, json_object_array_get_idx(arr, i));
}

static int run_show_ipsec_sa(struct cli_ctx *c, const struct cli_args *a)
{
	show_render(c, "crypto-ipsec-sa", ipsec_json(&ikev2_mgr, cli_arg(a, "peer-addr")), ipsec_text);
	return 0;
}

static struct cli_cmd ipsec_show_cmds[] = {
    {.cc_syntax = "show crypto ipsec sa [peer A.B.C.D$peer-addr]",
     .cc_help = "Show running system information\n" CRYPTO_HELP "Show IPSEC info\nIPSEC SA table\nShow SA by peer\n"
		"IPv4 address of the peer",
     .cc_modes = MODES_EXEC_ALL,
     .cc_run = run_show_ipsec_sa},
};

void ikev2_show_ipsec_init(struct cli_tree *t)
{
	cli_cmds_add(t, ipsec_show_cmds, sizeof(ipsec_show_cmds) / sizeof(ipsec_show_cmds[0]));
}
