/* show crypto ikev2 sa (the IOS layout, or | json / | xml) and clear crypto ikev2 sa. */
#include "ike/ikev2_show.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "config/modes.h"
#include "core/session.h"
#include "core/sync.h"
#include "ike/ike_int.h"
#include "ike/ikev2_id_text.h"
#include "ike/ikev2_sa.h"
#include "ike/ikev2_sa_life.h"
#include "show/render.h"

static const char *prf_name(uint16_t id)
{
	switch (id) {
	case IKEV2_PRF_HMAC_SHA1:
		return "SHA1";
	case IKEV2_PRF_HMAC_SHA2_256:
		return "SHA256";
	case IKEV2_PRF_HMAC_SHA2_384:
		return "SHA384";
	default:
		return "SHA512";
	}
}

/* IOS names integrity by its hash, and SHA-1-96 by its truncation. */
static const char *hash_name(const struct ikev2_choice *ch)
{
	if (!ch->ch_has[IKEV2_TRANS_INTEG])
		return "None";
	switch (ch->ch_tr[IKEV2_TRANS_INTEG].tr_id) {
	case IKEV2_INTEG_HMAC_SHA1_96:
		return "SHA96";
	case IKEV2_INTEG_HMAC_SHA2_256_128:
		return "SHA256";
	case IKEV2_INTEG_HMAC_SHA2_384_192:
		return "SHA384";
	default:
		return "SHA512";
	}
}

static const char *status_name(enum ikev2_sa_state st)
{
	return st == IKEV2_SA_READY ? "READY" : st == IKEV2_SA_REKEYED ? "DELETE" : "IN-NEG";
}

static void add_str(struct json_object *o, const char *k, const char *v)
{
	json_object_object_add(o, k, json_object_new_string(v));
}

static void add_int(struct json_object *o, const char *k, long long v)
{
	json_object_object_add(o, k, json_object_new_int64(v));
}

static void add_endpoint(struct json_object *o, const char *k, const struct sockaddr_in *a)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%s/%u", inet_ntoa(a->sin_addr), ntohs(a->sin_port));
	add_str(o, k, buf);
}

/* The algorithms, once IKE_SA_INIT chose them; the AUTH methods of the SA's profile (rsa-sig both ways, or PSK). */
static void add_suite(struct json_object *o, const struct ikev2_choice *ch, const struct ikev2_authx_conf *ac)
{
	const struct ikev2_transform *encr = &ch->ch_tr[IKEV2_TRANS_ENCR];

	add_str(o, "encryption", encr->tr_id == IKEV2_ENCR_AES_GCM_16 ? "AES-GCM" : "AES-CBC");
	add_int(o, "keysize", encr->tr_keylen);
	add_str(o, "prf", prf_name(ch->ch_tr[IKEV2_TRANS_PRF].tr_id));
	add_str(o, "hash", hash_name(ch));
	add_int(o, "dh_group", ch->ch_tr[IKEV2_TRANS_DH].tr_id);
	add_str(o, "auth_sign", ac->ac_cert ? "RSA" : "PSK");
	add_str(o, "auth_verify", ac->ac_cert ? "RSA" : "PSK");
}

static void add_spi(struct json_object *o, const char *k, uint64_t spi)
{
	char buf[20];

	snprintf(buf, sizeof(buf), "%016llX", (unsigned long long)spi);
	add_str(o, k, buf);
}

static void add_id(struct json_object *o, const char *k, const struct ikev2_id *id)
{
	char buf[512];

	add_str(o, k, ikev2_id_text(id, buf, sizeof(buf)));
}

/* What "detailed" adds: SPIs, identities, message IDs, DPD and NAT-T. */
static void add_details(struct json_object *o, const struct ikev2_ike_sa *sa, const struct ike_profile *pr)
{
	const struct ikev2_init *in = &sa->sa_init;

	add_int(o, "session_id", sa->sa_session);
	add_spi(o, "local_spi", in->in_initiator ? in->in_spi_i : in->in_spi_r);
	add_spi(o, "remote_spi", in->in_initiator ? in->in_spi_r : in->in_spi_i);
	add_id(o, "local_id", &sa->sa_conf.ac_id);
	add_id(o, "remote_id", &sa->sa_conf.ac_peer_id);
	add_int(o, "local_next_msgid", sa->sa_next_msgid);
	add_int(o, "remote_next_msgid", sa->sa_peer_msgid);
	add_int(o, "dpd_interval", pr ? pr->pr_dpd_interval : 0);
	add_int(o, "dpd_retry", pr ? pr->pr_dpd_retry : 0);
	add_str(o, "nat_t", in->in_nat_local ? "inside" : in->in_nat_remote ? "outside" : "none");
	json_object_object_add(o, "initiator", json_object_new_boolean(in->in_initiator));
}

static struct json_object *sa_json(const struct ikev2_ike_sa *sa, time_t now)
{
	struct json_object *o = json_object_new_object();
	const struct ike_profile *pr = ikev2_sa_profile(&ikev2_mgr, sa);

	add_int(o, "tunnel_id", sa->sa_id);
	add_endpoint(o, "local", &sa->sa_init.in_local);
	add_endpoint(o, "remote", &sa->sa_init.in_remote);
	add_str(o, "fvrf", "none");
	add_str(o, "ivrf", "none");
	add_str(o, "status", status_name(sa->sa_state));
	if (sa->sa_init.in_keys.ik_d.se_len)
		add_suite(o, &sa->sa_init.in_choice, &sa->sa_conf);
	add_int(o, "lifetime", ikev2_sa_ike_lifetime(&ikev2_mgr, sa));
	add_int(o, "active_time", sa->sa_state == IKEV2_SA_READY ? (long long)(now - sa->sa_ready_at) : 0);
	add_details(o, sa, pr);
	return o;
}

static struct json_object *sas_json(const struct ikev2_mgr *mg)
{
	struct json_object *doc = json_object_new_object(), *arr = json_object_new_array();
	time_t now = time(NULL);

	for (const struct ikev2_ike_sa *sa = mg->mg_sas; sa; sa = sa->sa_next)
		if (sa->sa_state != IKEV2_SA_FAILED) /* waiting to start over: no SA */
			json_object_array_add(arr, sa_json(sa, now));
	json_object_object_add(doc, "sas", arr);
	return doc;
}

static void sa_text(struct cli_ctx *c, struct json_object *sa)
{
	char vrfs[64];

	snprintf(vrfs, sizeof(vrfs), "%s/%s", show_str(sa, "fvrf"), show_str(sa, "ivrf"));
	cli_printf(c, "%-10lld%-22s%-22s%-21s%-7s\n", show_int(sa, "tunnel_id"), show_str(sa, "local"),
		   show_str(sa, "remote"), vrfs, show_str(sa, "status"));
	if (*show_str(sa, "encryption"))
		cli_printf(c,
			   "      Encr: %s, keysize: %lld, PRF: %s, Hash: %s, DH Grp:%lld, Auth sign: %s, Auth verify: "
			   "%s\n",
			   show_str(sa, "encryption"), show_int(sa, "keysize"), show_str(sa, "prf"),
			   show_str(sa, "hash"), show_int(sa, "dh_group"), show_str(sa, "auth_sign"),
			   show_str(sa, "auth_verify"));
	cli_printf(c, "      Life/Active Time: %lld/%lld sec\n", show_int(sa, "lifetime"), show_int(sa, "active_time"));
}

/* The lines "detailed" adds, in the IOS layout. */
static void sa_detail_text(struct cli_ctx *c, struct json_object *sa)
{
	cli_printf(c, "      CE id: %lld, Session-id: %lld\n", show_int(sa, "tunnel_id"), show_int(sa, "session_id"));
	cli_printf(c, "      Status Description: %s\n",
		   strcmp(show_str(sa, "status"), "READY") == 0 ? "Negotiation done" : "Negotiation in progress");
	cli_printf(c, "      Local spi: %s       Remote spi: %s\n", show_str(sa, "local_spi"),
		   show_str(sa, "remote_spi"));
	cli_printf(c, "      Local id: %s\n", show_str(sa, "local_id"));
	cli_printf(c, "      Remote id: %s\n", show_str(sa, "remote_id"));
	cli_printf(c, "      Local next msg id: %-14lldRemote next msg id: %lld\n", show_int(sa, "local_next_msgid"),
		   show_int(sa, "remote_next_msgid"));
	cli_printf(c, "      Local window:      1             Remote window:      1\n");
	if (show_int(sa, "dpd_interval"))
		cli_printf(c, "      DPD configured for %lld seconds, retry %lld\n", show_int(sa, "dpd_interval"),
			   show_int(sa, "dpd_retry"));
	else
		cli_printf(c, "      DPD configured for 0 seconds, retry 0\n");
	if (strcmp(show_str(sa, "nat_t"), "none") == 0)
		cli_printf(c, "      NAT-T is not detected  \n");
	else
		cli_printf(c, "      NAT-T is detected  %s\n", show_str(sa, "nat_t"));
	cli_printf(c, "      Initiator of SA : %s\n",
		   json_object_get_boolean(json_object_object_get(sa, "initiator")) ? "Yes" : "No");
}

static void sas_print(struct cli_ctx *c, struct json_object *doc, bool detailed)
{
	struct json_object *arr = show_arr(doc, "sas");
	size_t n = arr ? json_object_array_length(arr) : 0;

	cli_printf(c, " IPv4 Crypto IKEv2  SA \n\n");
	cli_printf(c, "Tunnel-id Local                 Remote                fvrf/ivrf            Status \n");
	for (size_t i = 0; i < n; i++) {
		sa_text(c, json_object_array_get_idx(arr, i));
		if (detailed)
			sa_detail_text(c, json_object_array_get_idx(arr, i));
	}
	if (detailed)
		cli_printf(c, "\n");
}

static void sas_text(struct cli_ctx *c, struct json_object *doc)
{
	sas_print(c, doc, false);
}

static void sas_detailed_text(struct cli_ctx *c, struct json_object *doc)
{
	sas_print(c, doc, true);
}

static int run_show_sa(struct cli_ctx *c, const struct cli_args *a)
{
	show_render(c, "crypto-ikev2-sa", sas_json(&ikev2_mgr), cli_has(a, "detailed") ? sas_detailed_text : sas_text);
	return 0;
}

static int run_clear_sa(struct cli_ctx *c, const struct cli_args *a)
{
	struct ferryd *d = session_of(c)->s_daemon;
	const char *addr = cli_arg(a, "addr");
	struct in_addr at = {0};
	bool local = cli_has(a, "local");

	if (addr && inet_pton(AF_INET, addr, &at) != 1)
		return cli_fail(c, "Invalid address %s", addr);
	if (!d)
		return 0;
	ikev2_sa_clear_where(&ikev2_mgr, addr && local ? &at : NULL, addr && !local ? &at : NULL);
	ikev2_sa_sync(d); /* protected tunnels start again, as on IOS */
	return 0;
}

static struct cli_cmd ikev2_show_cmds[] = {
    {.cc_syntax = "show crypto ikev2 sa [detailed]",
     .cc_help = "Show running system information\n" CRYPTO_HELP "Shared IKEv2 information\nShow Crypto IKEv2 SAs\n"
		"show detail information",
     .cc_modes = MODES_EXEC_ALL,
     .cc_run = run_show_sa},
    {.cc_syntax = "clear crypto ikev2 sa [(local|remote) A.B.C.D$addr]",
     .cc_help = "Reset functions\n" CRYPTO_HELP "IKEv2 information\nClear IKEv2 SAs\nLocal IP address\nRemote IP "
		"address\nIP address",
     .cc_modes = CLI_MODE(MODE_ENABLE),
     .cc_run = run_clear_sa},
};

void ikev2_show_init(struct cli_tree *t)
{
	cli_cmds_add(t, ikev2_show_cmds, sizeof(ikev2_show_cmds) / sizeof(ikev2_show_cmds[0]));
	ikev2_show_ipsec_init(t);
	ikev2_show_session_init(t);
	ikev2_show_stats_init(t);
	sync_register(ikev2_sa_sync);
	sync_register_shutdown(ikev2_sa_shutdown);
}
