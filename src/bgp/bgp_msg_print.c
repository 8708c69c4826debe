/* Whole BGP messages as text, one element per line, every field shown (logs, debugging, tests). */
#include <arpa/inet.h>
#include <stdio.h>

#include "bgp/bgp_msg_int.h"

static void hex_print(FILE *f, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%02x", p[i]);
}

static void open_print(FILE *f, const struct bgp_open *o)
{
	char ip[INET_ADDRSTRLEN];

	fprintf(f, "OPEN version %u AS %u hold %u id %s\n", o->bo_version, o->bo_my_as, o->bo_hold_time,
		bgp_ipv4_text(o->bo_bgp_id, ip));
	for (size_t i = 0; i < o->bo_nmp; i++)
		fprintf(f, "  capability multiprotocol AFI %u SAFI %u\n", o->bo_mp[i].bafs_afi, o->bo_mp[i].bafs_safi);
	if (o->bo_route_refresh)
		fprintf(f, "  capability route-refresh\n");
	if (o->bo_has_as4)
		fprintf(f, "  capability 4-octet AS %u\n", o->bo_as4);
	for (size_t i = 0; i < o->bo_nother; i++) {
		fprintf(f, "  capability %u: ", o->bo_other[i].btlv_type);
		hex_print(f, o->bo_other[i].btlv_value, o->bo_other[i].btlv_len);
		fputc('\n', f);
	}
}

/* IOS style: a set in braces, confederation segments in parentheses and brackets. */
static void aspath_print(FILE *f, const char *name, const struct bgp_aspath *p)
{
	static const char *const open[] = {"", "{", "", "(", "["}, *const close[] = {"", "}", "", ")", "]"};
	size_t at = 0;

	fprintf(f, "  %s", name);
	for (size_t s = 0; s < p->bap_nsegs; s++) {
		uint8_t t = p->bap_segs[s].bas_type <= BGP_AS_CONFED_SET ? p->bap_segs[s].bas_type : 0;
		const char *sep = t == BGP_AS_SET || t == BGP_AS_CONFED_SET ? "," : " ";
		fprintf(f, " %s", open[t]);
		for (unsigned i = 0; i < p->bap_segs[s].bas_count; i++, at++)
			fprintf(f, "%s%u", i ? sep : "", p->bap_asns[at]);
		fprintf(f, "%s", close[t]);
	}
	fputc('\n', f);
}

static void aggregator_print(FILE *f, const char *name, const struct bgp_aggregator *ag)
{
	char ip[INET_ADDRSTRLEN];

	fprintf(f, "  %s %u %s\n", name, ag->bag_asn, bgp_ipv4_text(ag->bag_addr, ip));
}

static bool has(const struct bgp_attrs *a, enum bgp_attr_type t)
{
	return a->ba_has & 1u << t;
}

static void communities_print(FILE *f, const struct bgp_attrs *a)
{
	char ext[40];

	if (has(a, BGP_ATTR_COMMUNITIES)) {
		fprintf(f, "  COMMUNITIES");
		for (size_t i = 0; i < a->ba_ncommunities; i++)
			fprintf(f, " %u:%u", a->ba_communities[i] >> 16, a->ba_communities[i] & 0xffff);
		fputc('\n', f);
	}
	if (has(a, BGP_ATTR_EXT_COMMUNITIES)) {
		fprintf(f, "  EXTENDED_COMMUNITIES");
		for (size_t i = 0; i < a->ba_next; i++) {
			bgp_ext_format(&a->ba_ext[i], ext, sizeof(ext));
			fprintf(f, " %s", ext);
		}
		fputc('\n', f);
	}
}

static void attrs_print(FILE *f, const struct bgp_attrs *a)
{
	static const char *const origins[] = {"IGP", "EGP", "incomplete"};
	char ip[INET_ADDRSTRLEN];

	if (has(a, BGP_ATTR_ORIGIN))
		fprintf(f, "  ORIGIN %s\n", a->ba_origin <= BGP_ORIGIN_INCOMPLETE ? origins[a->ba_origin] : "?");
	if (has(a, BGP_ATTR_AS_PATH))
		aspath_print(f, "AS_PATH", &a->ba_as_path);
	if (has(a, BGP_ATTR_NEXT_HOP))
		fprintf(f, "  NEXT_HOP %s\n", bgp_ipv4_text(a->ba_next_hop, ip));
	if (has(a, BGP_ATTR_MED))
		fprintf(f, "  MULTI_EXIT_DISC %u\n", a->ba_med);
	if (has(a, BGP_ATTR_LOCAL_PREF))
		fprintf(f, "  LOCAL_PREF %u\n", a->ba_local_pref);
	if (has(a, BGP_ATTR_ATOMIC_AGGREGATE))
		fprintf(f, "  ATOMIC_AGGREGATE\n");
	if (has(a, BGP_ATTR_AGGREGATOR))
		aggregator_print(f, "AGGREGATOR", &a->ba_aggregator);
	communities_print(f, a);
	if (has(a, BGP_ATTR_AS4_PATH))
		aspath_print(f, "AS4_PATH", &a->ba_as4_path);
	if (has(a, BGP_ATTR_AS4_AGGREGATOR))
		aggregator_print(f, "AS4_AGGREGATOR", &a->ba_as4_aggregator);
	for (size_t i = 0; i < a->ba_nraw; i++) {
		fprintf(f, "  attribute %u (passed on, partial): ", a->ba_raw[i].btlv_type);
		hex_print(f, a->ba_raw[i].btlv_value, a->ba_raw[i].btlv_len);
		fputc('\n', f);
	}
}

static void routes_print(FILE *f, const char *indent, const char *what, const struct bgp_nlri_list *l,
			 enum bgp_family fam)
{
	char text[96];

	for (size_t i = 0; i < l->bnl_n; i++) {
		bgp_nlri_format(&l->bnl_v[i], fam, text, sizeof(text));
		fprintf(f, "%s%s %s\n", indent, what, text);
	}
}

static void mp_print(FILE *f, const char *name, const struct bgp_mp_nlri *mp, bool reach)
{
	char ip[INET_ADDRSTRLEN];

	if (!mp->bmp_present)
		return;
	fprintf(f, "  %s %s", name, bgp_family_name(mp->bmp_family));
	if (reach)
		fprintf(f, " next hop %s", bgp_ipv4_text(mp->bmp_next_hop, ip));
	fputc('\n', f);
	routes_print(f, "    ", reach ? "announced" : "withdrawn", &mp->bmp_nlri, mp->bmp_family);
}

static void update_print(FILE *f, const struct bgp_update *u)
{
	fprintf(f, "UPDATE\n");
	routes_print(f, "  ", "withdrawn", &u->bu_withdrawn, BGP_FAMILY_IPV4_UNICAST);
	mp_print(f, "MP_UNREACH_NLRI", &u->bu_mp_unreach, false);
	mp_print(f, "MP_REACH_NLRI", &u->bu_mp_reach, true);
	attrs_print(f, &u->bu_attrs);
	routes_print(f, "  ", "announced", &u->bu_nlri, BGP_FAMILY_IPV4_UNICAST);
}

static void notification_print(FILE *f, const struct bgp_notification *n)
{
	char what[96];

	bgp_notification_format(n->bnf_code, n->bnf_subcode, what, sizeof(what));
	fprintf(f, "NOTIFICATION %u/%u (%s)", n->bnf_code, n->bnf_subcode, what);
	if (n->bnf_len) {
		fprintf(f, " data ");
		hex_print(f, n->bnf_data, n->bnf_len);
	}
	fputc('\n', f);
}

void bgp_msg_print(FILE *f, const struct bgp_msg *m)
{
	const struct bgp_route_refresh *rr = &m->bm_route_refresh;

	switch (m->bm_type) {
	case BGP_MSG_OPEN:
		open_print(f, &m->bm_open);
		break;
	case BGP_MSG_UPDATE:
		update_print(f, &m->bm_update);
		break;
	case BGP_MSG_NOTIFICATION:
		notification_print(f, &m->bm_notification);
		break;
	case BGP_MSG_KEEPALIVE:
		fprintf(f, "KEEPALIVE\n");
		break;
	case BGP_MSG_ROUTE_REFRESH:
		fprintf(f, "ROUTE-REFRESH AFI %u SAFI %u subtype %u\n", rr->brr_afi, rr->brr_safi, rr->brr_subtype);
		break;
	}
}
