/*
 * Local routes into the BGP table as the seed's hub configures them
 * (redistribute connected, redistribute static with a route-map matching a
 * tag, default-information originate, network), with the VRF's RD, export
 * route targets and aggregate label; and the labels BGP holds: one
 * reference per local path on the VRF's label, a per-prefix label swapping
 * to the received one for a re-advertised path, all released when the
 * routes go; best paths imported into the VRFs by route target, the best
 * of several RDs importing one prefix.
 */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "bgp/bgp_run.h"
#include "bgp_export_fixture.h"
#include "mpls/mfi.h"
#include "rib/fib.h"
#include "rib/rib_table.h"

static const char hub_cust1[] = "ip vrf cust1\n"
				" rd 1:1\n"
				" route-target export 1:1\n"
				" route-target export 65000:7\n"
				" route-target import 1:1\n"
				"interface Ethernet0/2\n"
				" ip vrf forwarding cust1\n"
				" ip address 192.168.110.1 255.255.255.0\n"
				" no shutdown\n"
				"ip route vrf cust1 0.0.0.0 0.0.0.0 Null0 tag 666 name default_originate\n"
				"ip route vrf cust1 10.9.0.0 255.255.0.0 Null0 tag 5\n"
				"route-map cust1 permit 10\n"
				" match tag 666\n"
				"router bgp 10\n"
				" address-family ipv4 vrf cust1\n"
				"  redistribute connected\n"
				"  redistribute static route-map cust1\n"
				"  default-information originate\n";

static const struct bgp_path *local_path(struct fx *f, uint32_t prefix, uint8_t plen)
{
	struct bgp_nlri n = {.bn_prefix = prefix, .bn_plen = plen};
	const struct bgp_dest *d;

	assert_int_equal(bgp_rd_set(&n.bn_rd, BGP_ASNN_AS2, 1, 1), 0);
	d = bgp_table_find(&f->fx_t, BGP_FAMILY_VPNV4, &n);
	return d ? bgp_dest_path_of(d, NULL) : NULL;
}

static uint32_t bgp_refs(struct fx *f, uint32_t label)
{
	const struct mfi_label *l = mfi_find(mfi_of(&f->fx_r.rf_d), label);

	return l ? l->ml_refs[MFI_OWNER_BGP] : 0;
}

static void test_seed_hub_export(void **state)
{
	struct fx *f = *state;
	const struct bgp_path *conn, *dflt;
	const struct mfi_label *agg;

	fx_export(f, hub_cust1);
	assert_int_equal(f->fx_t.bt_count, 2); /* 10.9.0.0/16: tag 5, the route-map denies it */
	conn = local_path(f, 0xc0a86e00, 24);
	dflt = local_path(f, 0, 0);
	assert_non_null(conn);
	assert_non_null(dflt);
	assert_int_equal(conn->pa_weight, 32768);
	assert_int_equal(conn->pa_attr->pat_attrs.ba_origin, BGP_ORIGIN_INCOMPLETE);
	assert_int_equal(conn->pa_attr->pat_attrs.ba_as_path.bap_nasns, 0);
	assert_int_equal(conn->pa_attr->pat_attrs.ba_next, 2); /* both export route targets, in order */
	assert_int_equal(conn->pa_attr->pat_attrs.ba_ext[0].bec_rt.ban_admin, 1);
	assert_int_equal(conn->pa_attr->pat_attrs.ba_ext[1].bec_rt.ban_admin, 65000);
	assert_int_equal(conn->pa_attr->pat_attrs.ba_ext[1].bec_rt.ban_number, 7);
	agg = mfi_vrf_binding(mfi_of(&f->fx_r.rf_d), "cust1");
	assert_non_null(agg);
	assert_int_equal(conn->pa_nlabels, 1);
	assert_int_equal(conn->pa_labels[0], agg->ml_label);
	assert_int_equal(dflt->pa_labels[0], agg->ml_label);
	assert_int_equal(bgp_refs(f, agg->ml_label), 2); /* one reference per local path */
	assert_ptr_equal(conn->pa_attr, dflt->pa_attr);	 /* same attributes, shared: one UPDATE carries both */
}

static void test_export_follows_config(void **state)
{
	struct fx *f = *state;
	uint32_t label;

	fx_export(f, hub_cust1);
	label = local_path(f, 0, 0)->pa_labels[0];
	fx_export(f, "router bgp 10\n address-family ipv4 vrf cust1\n  no default-information originate\n");
	assert_null(local_path(f, 0, 0)); /* a default route needs default-information originate */
	assert_int_equal(f->fx_t.bt_count, 1);
	assert_int_equal(bgp_refs(f, label), 1);
	fx_export(f, "router bgp 10\n address-family ipv4 vrf cust1\n  default-information originate\n"
		     "  redistribute static route-map nosuch\n");
	assert_null(local_path(f, 0, 0)); /* a route-map that does not exist permits nothing */
	fx_export(f, "router bgp 10\n address-family ipv4 vrf cust1\n  network 10.9.0.0 mask 255.255.0.0\n");
	assert_non_null(local_path(f, 0x0a090000, 16));
	assert_int_equal(local_path(f, 0x0a090000, 16)->pa_attr->pat_attrs.ba_origin, BGP_ORIGIN_IGP);
	fx_export(f, "no router bgp 10\n");
	assert_int_equal(f->fx_t.bt_count, 0);
	assert_null(mfi_find(mfi_of(&f->fx_r.rf_d), label)); /* the last reference released the label */
}

static int peer_a, peer_b; /* path sources */

static struct bgp_path *received(const void *src, uint32_t next_hop, uint32_t label)
{
	struct bgp_attrs a = {.ba_has = 1u << BGP_ATTR_ORIGIN | 1u << BGP_ATTR_AS_PATH};
	struct bgp_pattr *pa = bgp_pattr_new(&a);
	struct bgp_path *p = bgp_path_new(pa);

	assert_non_null(p);
	bgp_pattr_unref(pa);
	p->pa_src = src;
	p->pa_ebgp = true;
	p->pa_next_hop = next_hop;
	p->pa_nlabels = 1;
	p->pa_labels[0] = label;
	p->pa_from = next_hop;
	return p;
}

static void test_readvertise_label(void **state)
{
	struct fx *f = *state;
	struct mfi *m = mfi_of(&f->fx_r.rf_d);
	struct bgp_nlri n = {.bn_prefix = 0xc0a87100, .bn_plen = 24};
	struct bgp_dest *d;
	const struct mfi_label *l;
	uint32_t label;

	rfx_config(&f->fx_r, hub_cust1);
	assert_int_equal(bgp_rd_set(&n.bn_rd, BGP_ASNN_AS2, 1, 1), 0);
	d = bgp_table_get(&f->fx_t, BGP_FAMILY_VPNV4, &n);
	bgp_dest_set_path(&f->fx_t, d, received(&peer_a, 0x0a010103, 16));
	d->de_best = bgp_best_select(d);
	label = bgp_label_readvertise(m, f->fx_r.rf_d.fd_running, d);
	assert_int_not_equal(label, MFI_LABEL_NONE);
	assert_int_equal(bgp_label_readvertise(m, f->fx_r.rf_d.fd_running, d), label); /* bound once */
	l = mfi_find(m, label);
	assert_int_equal(l->ml_kind, MFI_PER_PREFIX);
	assert_string_equal(l->ml_vrf, "cust1"); /* the VRF with the route's RD */
	assert_int_equal(l->ml_refs[MFI_OWNER_BGP], 1);
	assert_int_equal(l->ml_out->mo_label, 16);
	assert_int_equal(ntohl(l->ml_out->mo_gw.s_addr), 0x0a010103);
	assert_true(l->ml_out->mo_global);
	/* a better path from another peer: the label swaps to its label, toward its next hop */
	bgp_dest_set_path(&f->fx_t, d, received(&peer_b, 0x0a010102, 21));
	d->de_best = bgp_best_select(d);
	bgp_label_follow(m, d);
	assert_int_equal(mfi_find(m, label)->ml_out->mo_label, 21);
	/* both gone: the label is released */
	bgp_dest_del_path(&f->fx_t, d, &peer_a);
	bgp_dest_del_path(&f->fx_t, d, &peer_b);
	d->de_best = bgp_best_select(d);
	bgp_label_follow(m, d);
	assert_int_equal(d->de_label, MFI_LABEL_NONE);
	assert_null(mfi_find(m, label));
	bgp_table_settle(&f->fx_t);
	assert_int_equal(f->fx_t.bt_count, 0);
}

/* A VPNv4 path carrying route target 1:1 (sent as a four-octet AS target: either AS type of ASN:NN matches). */
static struct bgp_path *vpn_path(const void *src, uint32_t next_hop, bool ebgp, uint32_t local_pref)
{
	struct bgp_ext_community rt;
	struct bgp_attrs a = {.ba_has = 1u << BGP_ATTR_EXT_COMMUNITIES | 1u << BGP_ATTR_LOCAL_PREF,
			      .ba_ext = &rt,
			      .ba_next = 1,
			      .ba_local_pref = local_pref};
	struct bgp_pattr *attrs;
	struct bgp_path *p;

	assert_int_equal(bgp_ext_set_rt(&rt, BGP_ASNN_AS4, 1, 1), 0);
	attrs = bgp_pattr_new(&a);
	p = bgp_path_new(attrs);
	assert_non_null(p);
	bgp_pattr_unref(attrs);
	p->pa_src = src;
	p->pa_ebgp = ebgp;
	p->pa_next_hop = next_hop;
	p->pa_from = next_hop;
	return p;
}

/* The destination of 192.168.113.0/24 with RD n:n, its path set (NULL: withdrawn), best path and import run. */
static struct bgp_dest *vpn_route(struct fx *f, struct bgp_rt_index *ix, uint16_t rd, const void *src,
				  struct bgp_path *p)
{
	struct bgp_nlri n = {.bn_prefix = 0xc0a87100, .bn_plen = 24};
	struct bgp_dest *d;

	assert_int_equal(bgp_rd_set(&n.bn_rd, BGP_ASNN_AS2, rd, rd), 0);
	assert_non_null(d = bgp_table_get(&f->fx_t, BGP_FAMILY_VPNV4, &n));
	if (p)
		bgp_dest_set_path(&f->fx_t, d, p);
	else
		bgp_dest_del_path(&f->fx_t, d, src);
	d->de_best = bgp_best_select(d);
	bgp_import_dest(d, ix, rib_of(&f->fx_r.rf_d));
	return d;
}

static void import_config(struct fx *f, struct bgp_rt_index *ix)
{
	rfx_config(&f->fx_r, hub_cust1);
	rfx_config(&f->fx_r, "ip vrf cust2\n rd 2:2\n route-target import 2:2\n route-target import 1:1\n"
			     "ip vrf other\n rd 3:3\n route-target import 3:3\n");
	assert_int_equal(bgp_rt_index_build(ix, f->fx_r.rf_d.fd_running, rib_of(&f->fx_r.rf_d)), 1);
}

static const struct rib_path *vrf_path(struct fx *f, const char *vrf)
{
	const struct rib_entry *e = rib_exact(rib_table_of(rib_of(&f->fx_r.rf_d), vrf), 0xc0a87100, 24);

	return e ? e->re_paths : NULL;
}

/* Best paths into the VRFs whose import route targets they carry, and out again. */
static void test_import_by_route_target(void **state)
{
	struct fx *f = *state;
	struct bgp_rt_index ix = {0};
	struct bgp_dest *d;

	import_config(f, &ix);
	assert_int_equal(bgp_rt_index_build(&ix, f->fx_r.rf_d.fd_running, rib_of(&f->fx_r.rf_d)), 0); /* unchanged */
	d = vpn_route(f, &ix, 1, &peer_a, vpn_path(&peer_a, 0x0a010103, true, 100));
	assert_non_null(vrf_path(f, "cust1"));
	assert_non_null(vrf_path(f, "cust2"));
	assert_null(vrf_path(f, "other"));
	assert_int_equal(d->de_nimported, 2);
	vpn_route(f, &ix, 1, &peer_a, NULL); /* withdrawn: out of both */
	assert_null(vrf_path(f, "cust1"));
	assert_null(vrf_path(f, "cust2"));
	bgp_table_settle(&f->fx_t);
	assert_int_equal(f->fx_t.bt_count, 0);
	bgp_rt_index_clear(&ix);
}

/* The RIB holds the one path of the VRF's best path among those of every RD importing the prefix. */
static void assert_vrf_path(struct fx *f, const char *vrf, enum rib_source src, uint32_t next_hop)
{
	const struct rib_path *rp = vrf_path(f, vrf);

	assert_non_null(rp);
	assert_null(rp->rp_next);
	assert_int_equal(rp->rp_source, src);
	assert_int_equal(ntohl(rp->rp_nh[0].rn_gw.s_addr), next_hop);
}

/* One prefix under two RDs into the same VRFs (IOS: the VRF runs best path among both): the better one is
 * installed whichever came first, and a withdrawal of either leaves the other. */
static void test_import_two_rds(void **state)
{
	struct fx *f = *state;
	struct bgp_rt_index ix = {0};

	import_config(f, &ix);
	vpn_route(f, &ix, 1, &peer_a, vpn_path(&peer_a, 0x0a010103, true, 100));
	assert_vrf_path(f, "cust1", RIB_SRC_EBGP, 0x0a010103);
	/* RD 2:2 from an iBGP peer with a higher local preference: better, and the eBGP path leaves the RIB */
	vpn_route(f, &ix, 2, &peer_b, vpn_path(&peer_b, 0x0a010102, false, 200));
	assert_vrf_path(f, "cust1", RIB_SRC_IBGP, 0x0a010102);
	assert_vrf_path(f, "cust2", RIB_SRC_IBGP, 0x0a010102);
	/* a worse path from RD 1:1 afterwards does not take over */
	vpn_route(f, &ix, 1, &peer_a, vpn_path(&peer_a, 0x0a010104, true, 150));
	assert_vrf_path(f, "cust1", RIB_SRC_IBGP, 0x0a010102);
	vpn_route(f, &ix, 2, &peer_b, NULL); /* the best withdrawn: the other takes its place */
	assert_vrf_path(f, "cust1", RIB_SRC_EBGP, 0x0a010104);
	assert_vrf_path(f, "cust2", RIB_SRC_EBGP, 0x0a010104);
	vpn_route(f, &ix, 2, &peer_b, vpn_path(&peer_b, 0x0a010102, false, 200));
	vpn_route(f, &ix, 1, &peer_a, NULL); /* the worse withdrawn: the best stays */
	assert_vrf_path(f, "cust1", RIB_SRC_IBGP, 0x0a010102);
	vpn_route(f, &ix, 2, &peer_b, NULL);
	assert_null(vrf_path(f, "cust1"));
	assert_null(vrf_path(f, "cust2"));
	bgp_table_settle(&f->fx_t);
	assert_int_equal(f->fx_t.bt_count, 0);
	bgp_rt_index_clear(&ix);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_seed_hub_export, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_export_follows_config, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_readvertise_label, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_import_by_route_target, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_import_two_rds, fx_setup, fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
