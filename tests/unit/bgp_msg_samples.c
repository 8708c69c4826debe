/* The sample messages of bgp_msg_samples.h, built through the codec's API as a session layer would. */
#include <stdlib.h>
#include <string.h>

#include "bgp_msg_samples.h"

#define IPV4(a, b, c, d) ((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (uint32_t)(d))

static void must(int rc)
{
	if (rc < 0)
		abort();
}

static void *copy_of(const void *p, size_t n)
{
	void *c = malloc(n);

	if (!c)
		abort();
	return memcpy(c, p, n);
}

static void open_build(struct bgp_open *o, uint32_t asn, uint32_t id, bool ipv4)
{
	o->bo_version = BGP_VERSION;
	o->bo_hold_time = 180;
	o->bo_bgp_id = id;
	bgp_open_set_asn(o, asn);
	if (ipv4)
		must(bgp_open_add_mp(o, BGP_MP_AFI_IPV4, BGP_MP_SAFI_UNICAST));
	must(bgp_open_add_mp(o, BGP_MP_AFI_IPV4, BGP_MP_SAFI_VPN));
	o->bo_route_refresh = true;
	if (ipv4) /* enhanced route refresh (RFC 7313), which the codec keeps raw */
		must(bgp_tlv_add(&o->bo_other, &o->bo_nother, 70, NULL, 0));
}

static struct bgp_nlri vpn_route(uint32_t prefix, uint8_t plen, const struct bgp_rd *rd, const uint32_t *labels,
				 uint8_t nlabels)
{
	struct bgp_nlri n = {.bn_prefix = prefix, .bn_plen = plen, .bn_rd = *rd, .bn_nlabels = nlabels};

	memcpy(n.bn_labels, labels, nlabels * sizeof(*labels));
	return n;
}

/* The seed's route: 1:1:192.168.114.0/24, label 16. */
static struct bgp_nlri seed_route(void)
{
	static const uint32_t label16[] = {16};
	struct bgp_rd rd;

	must(bgp_rd_set(&rd, BGP_ASNN_AS2, 1, 1));
	return vpn_route(IPV4(192, 168, 114, 0), 24, &rd, label16, 1);
}

static void path_build(struct bgp_attrs *a, uint8_t origin, const uint32_t *asns, size_t n)
{
	a->ba_has |= 1u << BGP_ATTR_ORIGIN | 1u << BGP_ATTR_AS_PATH;
	a->ba_origin = origin;
	must(bgp_aspath_add_segment(&a->ba_as_path, BGP_AS_SEQUENCE, asns, n));
}

static void ext_build(struct bgp_attrs *a, const struct bgp_ext_community *ec, size_t n)
{
	a->ba_has |= 1u << BGP_ATTR_EXT_COMMUNITIES;
	a->ba_ext = copy_of(ec, n * sizeof(*ec));
	a->ba_next = n;
}

static void update_vpnv4(struct bgp_update *u)
{
	static const uint32_t as100[] = {100};
	struct bgp_nlri n = seed_route();
	struct bgp_ext_community rt;

	u->bu_mp_reach = (struct bgp_mp_nlri){
	    .bmp_present = true, .bmp_family = BGP_FAMILY_VPNV4, .bmp_next_hop = IPV4(10, 1, 1, 4)};
	must(bgp_nlri_list_add(&u->bu_mp_reach.bmp_nlri, &n));
	path_build(&u->bu_attrs, BGP_ORIGIN_INCOMPLETE, as100, 1);
	must(bgp_ext_set_rt(&rt, BGP_ASNN_AS2, 1, 1));
	ext_build(&u->bu_attrs, &rt, 1);
}

static void update_vpnv4_2(struct bgp_update *u)
{
	static const uint32_t labels[] = {16, 17}, label18[] = {18}, path[] = {65536, 100};
	struct bgp_ext_community ec[4] = {{.bec_type = 0x00, .bec_subtype = 0x03, .bec_value = {0, 1, 0, 0, 0, 2}}};
	struct bgp_rd rd1, rd2;
	struct bgp_nlri n;

	must(bgp_rd_set(&rd1, BGP_ASNN_IPV4, IPV4(10, 0, 0, 1), 5));
	must(bgp_rd_set(&rd2, BGP_ASNN_AS4, 65536, 7));
	u->bu_mp_reach = (struct bgp_mp_nlri){
	    .bmp_present = true, .bmp_family = BGP_FAMILY_VPNV4, .bmp_next_hop = IPV4(10, 0, 0, 1)};
	n = vpn_route(IPV4(192, 168, 113, 0), 24, &rd1, labels, 2);
	must(bgp_nlri_list_add(&u->bu_mp_reach.bmp_nlri, &n));
	n = vpn_route(0, 0, &rd2, label18, 1);
	must(bgp_nlri_list_add(&u->bu_mp_reach.bmp_nlri, &n));
	path_build(&u->bu_attrs, BGP_ORIGIN_IGP, path, 2);
	must(bgp_ext_set_rt(&ec[1], BGP_ASNN_IPV4, IPV4(10, 0, 0, 1), 5));
	must(bgp_ext_set_rt(&ec[2], BGP_ASNN_AS4, 65536, 7));
	must(bgp_ext_set_rt(&ec[3], BGP_ASNN_AS2, 2, 2));
	ext_build(&u->bu_attrs, ec, 4);
}

static void attrs_ipv4(struct bgp_attrs *a)
{
	static const uint32_t path[] = {65001, 65002}, set[] = {7, 8};
	static const uint32_t communities[] = {65001u << 16 | 100};
	static const uint8_t raw_value[] = {1, 2, 3};

	path_build(a, BGP_ORIGIN_IGP, path, 2);
	must(bgp_aspath_add_segment(&a->ba_as_path, BGP_AS_SET, set, 2));
	a->ba_has |= 1u << BGP_ATTR_NEXT_HOP | 1u << BGP_ATTR_MED | 1u << BGP_ATTR_LOCAL_PREF |
		     1u << BGP_ATTR_ATOMIC_AGGREGATE | 1u << BGP_ATTR_AGGREGATOR | 1u << BGP_ATTR_COMMUNITIES;
	a->ba_next_hop = IPV4(10, 1, 1, 4);
	a->ba_med = 50;
	a->ba_local_pref = 200;
	a->ba_aggregator = (struct bgp_aggregator){.bag_asn = 65001, .bag_addr = IPV4(10, 0, 0, 9)};
	a->ba_communities = copy_of(communities, sizeof(communities));
	a->ba_ncommunities = 1;
	must(bgp_tlv_add(&a->ba_raw, &a->ba_nraw, SAMPLE_RAW_ATTR, raw_value, sizeof(raw_value)));
}

static void update_ipv4(struct bgp_update *u)
{
	const struct bgp_nlri withdrawn = {.bn_prefix = IPV4(10, 0, 0, 0), .bn_plen = 8},
			      nlri[] = {{.bn_prefix = IPV4(192, 168, 1, 0), .bn_plen = 24},
					{.bn_prefix = IPV4(172, 16, 0, 0), .bn_plen = 12},
					{.bn_prefix = IPV4(10, 10, 10, 128), .bn_plen = 25}};

	must(bgp_nlri_list_add(&u->bu_withdrawn, &withdrawn));
	attrs_ipv4(&u->bu_attrs);
	for (size_t i = 0; i < sizeof(nlri) / sizeof(nlri[0]); i++)
		must(bgp_nlri_list_add(&u->bu_nlri, &nlri[i]));
}

static void update_mp_ipv4(struct bgp_update *u)
{
	static const uint32_t as100[] = {100};
	const struct bgp_nlri withdrawn = {.bn_prefix = IPV4(10, 0, 0, 0), .bn_plen = 8},
			      announced = {.bn_prefix = IPV4(192, 168, 1, 0), .bn_plen = 24};

	u->bu_mp_unreach = (struct bgp_mp_nlri){.bmp_present = true, .bmp_family = BGP_FAMILY_IPV4_UNICAST};
	must(bgp_nlri_list_add(&u->bu_mp_unreach.bmp_nlri, &withdrawn));
	u->bu_mp_reach = (struct bgp_mp_nlri){
	    .bmp_present = true, .bmp_family = BGP_FAMILY_IPV4_UNICAST, .bmp_next_hop = IPV4(10, 1, 1, 4)};
	must(bgp_nlri_list_add(&u->bu_mp_reach.bmp_nlri, &announced));
	path_build(&u->bu_attrs, BGP_ORIGIN_IGP, as100, 1);
}

static void withdraw_vpnv4(struct bgp_update *u)
{
	struct bgp_nlri n = seed_route();

	n.bn_nlabels = 0; /* a withdrawal carries no label stack */
	u->bu_mp_unreach = (struct bgp_mp_nlri){.bmp_present = true, .bmp_family = BGP_FAMILY_VPNV4};
	must(bgp_nlri_list_add(&u->bu_mp_unreach.bmp_nlri, &n));
}

static void update_build(enum sample_id id, struct bgp_update *u)
{
	switch (id) {
	case SAMPLE_UPDATE_VPNV4:
		update_vpnv4(u);
		break;
	case SAMPLE_UPDATE_VPNV4_2:
		update_vpnv4_2(u);
		break;
	case SAMPLE_UPDATE_IPV4:
		update_ipv4(u);
		break;
	case SAMPLE_UPDATE_MP_IPV4:
		update_mp_ipv4(u);
		break;
	case SAMPLE_WITHDRAW_VPNV4:
		withdraw_vpnv4(u);
		break;
	case SAMPLE_EOR_VPNV4:
		u->bu_mp_unreach = (struct bgp_mp_nlri){.bmp_present = true, .bmp_family = BGP_FAMILY_VPNV4};
		break;
	default: /* SAMPLE_EOR_IPV4: nothing at all */
		break;
	}
}

void sample_build(enum sample_id id, struct bgp_msg *m, struct bgp_codec *c)
{
	memset(m, 0, sizeof(*m));
	*c = (struct bgp_codec){.bc_as4 = true};
	switch (id) {
	case SAMPLE_OPEN:
	case SAMPLE_OPEN_PEER:
		m->bm_type = BGP_MSG_OPEN;
		if (id == SAMPLE_OPEN)
			open_build(&m->bm_open, 100, IPV4(172, 16, 1, 103), false);
		else
			open_build(&m->bm_open, 65536, IPV4(10, 0, 0, 1), true);
		break;
	case SAMPLE_KEEPALIVE:
		m->bm_type = BGP_MSG_KEEPALIVE;
		break;
	case SAMPLE_ROUTE_REFRESH:
		m->bm_type = BGP_MSG_ROUTE_REFRESH;
		m->bm_route_refresh =
		    (struct bgp_route_refresh){.brr_afi = BGP_MP_AFI_IPV4, .brr_safi = BGP_MP_SAFI_VPN};
		break;
	case SAMPLE_NOTIFICATION:
		m->bm_type = BGP_MSG_NOTIFICATION;
		m->bm_notification =
		    (struct bgp_notification){.bnf_code = BGP_ERR_CEASE, .bnf_subcode = BGP_SUB_ADMIN_SHUTDOWN};
		break;
	default:
		m->bm_type = BGP_MSG_UPDATE;
		update_build(id, &m->bm_update);
		break;
	}
}

const char *sample_name(enum sample_id id)
{
	static const char *const names[] = {
	    [SAMPLE_OPEN] = "open",
	    [SAMPLE_OPEN_PEER] = "open-peer",
	    [SAMPLE_KEEPALIVE] = "keepalive",
	    [SAMPLE_UPDATE_VPNV4] = "update-vpnv4",
	    [SAMPLE_UPDATE_VPNV4_2] = "update-vpnv4-rd-types",
	    [SAMPLE_UPDATE_IPV4] = "update-ipv4",
	    [SAMPLE_UPDATE_MP_IPV4] = "update-mp-ipv4",
	    [SAMPLE_WITHDRAW_VPNV4] = "withdraw-vpnv4",
	    [SAMPLE_EOR_VPNV4] = "eor-vpnv4",
	    [SAMPLE_EOR_IPV4] = "eor-ipv4",
	    [SAMPLE_ROUTE_REFRESH] = "route-refresh",
	    [SAMPLE_NOTIFICATION] = "notification",
	};

	return names[id];
}

bool sample_from_first(enum sample_id id)
{
	return id != SAMPLE_OPEN_PEER && id != SAMPLE_UPDATE_VPNV4_2 && id != SAMPLE_ROUTE_REFRESH;
}
