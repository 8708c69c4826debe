/*
 * The userspace forwarding core end to end, without devices: two spokes
 * (R3 and R4 of the seed) built from dp_op batches, with cust1 and cust2
 * using the same addresses. A packet leaves R3's decision as ESP in UDP,
 * enters R4's, and must come out of the right VRF's TUN.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dataplane/userspace/ip4.h"
#include "dataplane/userspace/us_build.h"
#include "dataplane/userspace/us_fwd.h"
#include "dataplane/userspace/wire.h"
#include "us_fixture.h"
#include "us_fwd_fixture.h"

static const struct us_snap *router_snap(struct router *r)
{
	return (const struct us_snap *)us_rcu_enter(&r->rt_rcu, r->rt_reader);
}

static size_t vrf_of(struct router *r, const char *name)
{
	size_t vrf = us_snap_vrf(router_snap(r), name);

	us_rcu_exit(&r->rt_rcu, r->rt_reader);
	return vrf;
}

static void from_tun(struct router *r, const char *vrf, struct pkt *p, struct us_verdict *v)
{
	size_t index = vrf_of(r, vrf);

	us_fwd_from_tun(router_snap(r), &r->rt_worker, index, p, v);
	us_rcu_exit(&r->rt_rcu, r->rt_reader);
}

static void from_underlay(struct router *r, struct pkt *p, struct us_verdict *v)
{
	us_fwd_from_underlay(router_snap(r), &r->rt_worker, p, v);
	us_rcu_exit(&r->rt_rcu, r->rt_reader);
}

static struct router r3, r4;

static int setup(void **state)
{
	(void)state;
	fwdfx_init(&r3, &fwdfx_r3);
	fwdfx_init(&r4, &fwdfx_r4);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fwdfx_free(&r3);
	fwdfx_free(&r4);
	return 0;
}

static void echo(struct pkt *p, uint8_t *buf, const char *src, const char *dst, uint8_t ttl)
{
	pkt_init(p, buf, FX_BUF, FX_HEADROOM);
	fx_echo(p, src, dst, ttl, 32);
}

static void assert_addr(const uint8_t *field, const char *dotted)
{
	struct in_addr want = fx_addr(dotted);

	assert_memory_equal(field, &want, 4);
}

/* R3 sends p (from its VRF's TUN) to R4 and checks it went as ESP in UDP to R4's NBMA address. */
static void r3_to_underlay(const char *vrf, struct pkt *p)
{
	struct us_verdict v;

	from_tun(&r3, vrf, p, &v);
	assert_int_equal(v.v_egress, US_EGRESS_UNDERLAY);
	assert_int_equal(v.v_nbma.s_addr, fx_addr(R4_NBMA).s_addr);
	assert_int_equal(p->pkt_data[IP4_OFF_PROTO], IP4_PROTO_UDP);
	assert_addr(p->pkt_data + IP4_OFF_SRC, R3_NBMA);
	assert_addr(p->pkt_data + IP4_OFF_DST, R4_NBMA);
	assert_int_equal(wire_get16(p->pkt_data + IP4_HDR_LEN + 2), 4500);
}

/*
 * A packet R3 sends from vrf reaches R4's TUN of the same VRF one hop older:
 * R3's; R4's kernel counts R4's as it forwards it from the TUN to the LAN.
 */
static void crosses_in(const char *vrf)
{
	uint8_t buf[FX_BUF], orig[FX_BUF];
	struct pkt p;
	struct us_verdict v;
	size_t len, hlen;

	echo(&p, buf, CE3, CE4, 64);
	len = p.pkt_len;
	memcpy(orig, p.pkt_data, len);
	r3_to_underlay(vrf, &p);
	from_underlay(&r4, &p, &v);
	assert_int_equal(v.v_egress, US_EGRESS_TUN);
	assert_int_equal(v.v_vrf, vrf_of(&r4, vrf));
	assert_int_equal(p.pkt_len, len);
	assert_int_equal(ip4_validate(p.pkt_data, p.pkt_len, &hlen), DROP_NONE);
	assert_int_equal(p.pkt_data[IP4_OFF_TTL], 63);
	assert_memory_equal(p.pkt_data, orig, IP4_OFF_TTL);
	assert_memory_equal(p.pkt_data + IP4_OFF_SRC, orig + IP4_OFF_SRC, len - IP4_OFF_SRC);
}

static void test_cust1_crosses(void **state)
{
	(void)state;
	crosses_in("cust1");
	assert_int_equal(r4.rt_worker.w_fwd_drops[FWD_CODEC], 0);
}

static void test_cust2_isolated(void **state)
{
	uint8_t buf[FX_BUF];
	struct pkt p;
	struct us_verdict v;

	(void)state;
	crosses_in("cust2");
	assert_int_not_equal(vrf_of(&r4, "cust2"), vrf_of(&r4, "cust1"));
	/* The same addresses, sent in cust2, carry cust2's label: never cust1's TUN. */
	echo(&p, buf, CE3, CE4, 64);
	r3_to_underlay("cust2", &p);
	from_underlay(&r4, &p, &v);
	assert_int_equal(v.v_egress, US_EGRESS_TUN);
	assert_int_not_equal(v.v_vrf, vrf_of(&r4, "cust1"));
}

static void test_replay_dropped(void **state)
{
	uint8_t buf[FX_BUF], copy[FX_BUF];
	struct pkt p, again;
	struct us_verdict v;

	(void)state;
	echo(&p, buf, CE3, CE4, 64);
	r3_to_underlay("cust1", &p);
	fx_pkt(&again, copy, p.pkt_data, p.pkt_len);
	from_underlay(&r4, &p, &v);
	assert_int_equal(v.v_egress, US_EGRESS_TUN);
	from_underlay(&r4, &again, &v);
	assert_int_equal(v.v_egress, US_EGRESS_DROP);
	assert_int_equal(v.v_drop, FWD_CODEC);
	assert_int_equal(v.v_codec, DROP_ESP_REPLAY);
	assert_int_equal(r4.rt_worker.w_codec_drops[DROP_ESP_REPLAY], 1);
	assert_string_equal(us_fwd_drop_name(v.v_drop), "codec");
}

static void test_wrong_label_dropped(void **state)
{
	struct dp_op op = {.op_type = DP_ROUTE_ADD};
	uint8_t buf[FX_BUF];
	struct pkt p;
	struct us_verdict v;

	(void)state;
	op.op_route = (struct dp_route){.dr_table = 10, .dr_dst = fx_addr("192.168.115.0"), .dr_plen = 24, .dr_nnh = 1};
	op.op_route.dr_nh[0] = (struct dp_nexthop){.dn_gw = fx_addr("10.0.0.4"), .dn_labels = {999}, .dn_nlabels = 1};
	strcpy(op.op_route.dr_nh[0].dn_dev, "tun1");
	fwdfx_apply(&r3, &op, 1);
	echo(&p, buf, CE3, "192.168.115.10", 64);
	r3_to_underlay("cust1", &p);
	from_underlay(&r4, &p, &v);
	assert_int_equal(v.v_egress, US_EGRESS_DROP);
	assert_int_equal(v.v_drop, FWD_UNKNOWN_LABEL);
	assert_int_equal(r4.rt_worker.w_fwd_drops[FWD_UNKNOWN_LABEL], 1);
	assert_string_equal(us_fwd_drop_name(FWD_UNKNOWN_LABEL), "unknown-label");
}

/* p holds an ICMP time exceeded from router to CE3 quoting the echo. */
static void assert_time_exceeded(const struct pkt *p, const char *router)
{
	size_t hlen;

	assert_int_equal(ip4_validate(p->pkt_data, p->pkt_len, &hlen), DROP_NONE);
	assert_int_equal(p->pkt_data[IP4_OFF_PROTO], IP4_PROTO_ICMP);
	assert_addr(p->pkt_data + IP4_OFF_SRC, router);
	assert_addr(p->pkt_data + IP4_OFF_DST, CE3);
	assert_int_equal(p->pkt_data[hlen], 11);
	assert_int_equal(p->pkt_data[hlen + 1], 0);
	assert_addr(p->pkt_data + hlen + 8 + IP4_OFF_DST, CE4); /* the quoted header */
}

static void test_ttl_expires_at_ingress(void **state)
{
	uint8_t buf[FX_BUF];
	struct pkt p;
	struct us_verdict v;

	(void)state;
	echo(&p, buf, CE3, CE4, 1);
	from_tun(&r3, "cust1", &p, &v);
	assert_int_equal(v.v_egress, US_EGRESS_TUN);
	assert_int_equal(v.v_vrf, vrf_of(&r3, "cust1"));
	assert_int_equal(v.v_drop, FWD_TTL_EXPIRED);
	assert_time_exceeded(&p, "192.168.113.1");
	assert_int_equal(r3.rt_worker.w_fwd_drops[FWD_TTL_EXPIRED], 1);
	assert_int_equal(r3.rt_worker.w_icmp_sent, 1);
}

/* A second LAN in cust1: the error to a sender there comes from that LAN's address, not cust1's first (as IOS). */
static void test_ttl_expires_from_facing_link(void **state)
{
	struct dp_op ops[2];
	uint8_t buf[FX_BUF];
	struct us_verdict v;
	struct dp_link *lan;
	size_t n = 0;
	struct pkt p;

	(void)state;
	lan = &fwdfx_op(ops, &n, DP_LINK_ADD)->op_link;
	*lan = (struct dp_link){.dl_name = "lan3", .dl_vrf = "cust1", .dl_up = true};
	fwdfx_op(ops, &n, DP_ADDR_ADD)->op_addr = (struct dp_addr){"lan3", fx_addr("192.168.213.1"), 24};
	fwdfx_apply(&r3, ops, n);
	echo(&p, buf, "192.168.213.10", CE4, 1);
	from_tun(&r3, "cust1", &p, &v);
	assert_int_equal(v.v_drop, FWD_TTL_EXPIRED);
	assert_addr(p.pkt_data + IP4_OFF_SRC, "192.168.213.1");
	assert_addr(p.pkt_data + IP4_OFF_DST, "192.168.213.10");
}

/* TTL 2: R3 forwards it with 1, R4 owes the error, which goes back through the tunnel to R3's cust1. */
static void test_ttl_expires_at_egress(void **state)
{
	uint8_t buf[FX_BUF];
	struct pkt p;
	struct us_verdict v;

	(void)state;
	echo(&p, buf, CE3, CE4, 2);
	r3_to_underlay("cust1", &p);
	from_underlay(&r4, &p, &v);
	assert_int_equal(v.v_egress, US_EGRESS_UNDERLAY);
	assert_int_equal(v.v_nbma.s_addr, fx_addr(R3_NBMA).s_addr);
	from_underlay(&r3, &p, &v);
	assert_int_equal(v.v_egress, US_EGRESS_TUN);
	assert_int_equal(v.v_vrf, vrf_of(&r3, "cust1"));
	assert_time_exceeded(&p, "192.168.114.1");
}

/* An echo from CE3 to dst with ttl, sent by R3 in cust1, handed by R4 to cust1's TUN with no ICMP error owed. */
static void r4_delivers(const char *dst, uint8_t ttl, struct pkt *p, uint8_t *buf)
{
	struct us_verdict v;
	size_t hlen;

	echo(p, buf, CE3, dst, ttl);
	r3_to_underlay("cust1", p);
	from_underlay(&r4, p, &v);
	assert_int_equal(v.v_egress, US_EGRESS_TUN);
	assert_int_equal(v.v_vrf, vrf_of(&r4, "cust1"));
	assert_int_equal(v.v_drop, FWD_NONE);
	assert_int_equal(ip4_validate(p->pkt_data, p->pkt_len, &hlen), DROP_NONE); /* the checksum follows the TTL */
	assert_int_equal(r4.rt_worker.w_icmp_sent, 0);
}

/* TTL 3: R3 counts one hop, R4 checks it has one to spare and leaves it to its kernel: 2 into the TUN. */
static void test_ttl_one_hop_per_router(void **state)
{
	uint8_t buf[FX_BUF];
	struct pkt p;

	(void)state;
	r4_delivers(CE4, 3, &p, buf);
	assert_int_equal(p.pkt_data[IP4_OFF_TTL], 2);
}

/* TTL 2 to R4's own cust1 address: it arrives with 1 and is R4's to answer, not expired. */
static void test_ttl_one_to_router_arrives(void **state)
{
	uint8_t buf[FX_BUF];
	struct pkt p;

	(void)state;
	r4_delivers("192.168.114.1", 2, &p, buf);
	assert_int_equal(p.pkt_data[IP4_OFF_PROTO], IP4_PROTO_ICMP);
	assert_int_equal(p.pkt_data[IP4_OFF_TTL], 1);
}

/* R4's cust1 loopback 192.168.200.1/24: its address answers, the rest of its subnet has no one to reach. */
static void test_loopback_subnet_dropped(void **state)
{
	struct dp_op ops[2] = {{.op_type = DP_LINK_ADD}, {.op_type = DP_ADDR_ADD}};
	uint8_t buf[FX_BUF];
	struct pkt p;
	struct us_verdict v;

	(void)state;
	ops[0].op_link =
	    (struct dp_link){.dl_name = "lo200", .dl_kind = DP_LINK_LOOPBACK, .dl_vrf = "cust1", .dl_up = true};
	ops[1].op_addr = (struct dp_addr){.da_dev = "lo200", .da_addr = fx_addr("192.168.200.1"), .da_plen = 24};
	fwdfx_apply(&r4, ops, 2);
	echo(&p, buf, CE4, "192.168.200.1", 64);
	from_tun(&r4, "cust1", &p, &v);
	assert_int_equal(v.v_egress, US_EGRESS_TUN);
	echo(&p, buf, CE4, "192.168.200.9", 64);
	from_tun(&r4, "cust1", &p, &v);
	assert_int_equal(v.v_egress, US_EGRESS_DROP);
	assert_int_equal(v.v_drop, FWD_NO_NEIGHBOUR);
	assert_int_equal(r4.rt_worker.w_fwd_drops[FWD_NO_NEIGHBOUR], 1);
}

/* p: GRE from R4 to R3 carrying proto with payload, protected with R4's SA unless clear. */
static void r4_gre(struct pkt *p, uint8_t *buf, uint16_t proto, const char *payload, bool clear)
{
	struct gre_info gi = {.gi_proto = proto};
	const struct us_snap *s = router_snap(&r4);
	struct esp_sa *sa = keymap_get(&s->sn_sa_out, us_pair_key(fx_addr(R4_NBMA), fx_addr(R3_NBMA)));

	assert_non_null(sa);
	fx_pkt(p, buf, (const uint8_t *)payload, strlen(payload));
	assert_int_equal(gre_encap(p, &gi), DROP_NONE);
	fx_ip4(p, IP4_PROTO_GRE, R4_NBMA, R3_NBMA);
	if (!clear)
		assert_int_equal(esp_output(r4.rt_worker.w_esp, sa, p), DROP_NONE);
	us_rcu_exit(&r4.rt_rcu, r4.rt_reader);
}

static void test_nhrp_to_control(void **state)
{
	uint8_t buf[FX_BUF];
	struct pkt p;
	struct us_verdict v;

	(void)state;
	r4_gre(&p, buf, GRE_PROTO_NHRP, "nhrp resolution request", false);
	from_underlay(&r3, &p, &v);
	assert_int_equal(v.v_egress, US_EGRESS_CONTROL);
	assert_int_equal(v.v_control, US_CONTROL_NHRP);
	assert_int_equal(v.v_src.s_addr, fx_addr(R4_NBMA).s_addr);
	assert_string_equal(router_snap(&r3)->sn_links[v.v_link].lk_cfg.dl_name, "tun1");
	us_rcu_exit(&r3.rt_rcu, r3.rt_reader);
	assert_int_equal(p.pkt_len, strlen("nhrp resolution request"));
	assert_memory_equal(p.pkt_data, "nhrp resolution request", p.pkt_len);
}

static void test_hostile_dropped(void **state)
{
	static const uint8_t junk[] = {0x45, 0x00, 0x00, 0x30, 0, 0, 0, 0, 64, 47, 0, 0};
	uint8_t buf[FX_BUF];
	struct pkt p;
	struct us_verdict v;

	(void)state;
	/* GRE the policy says must come in ESP. */
	r4_gre(&p, buf, GRE_PROTO_NHRP, "in the clear", true);
	from_underlay(&r3, &p, &v);
	assert_int_equal(v.v_drop, FWD_UNPROTECTED);
	assert_int_equal(r3.rt_worker.w_fwd_drops[FWD_UNPROTECTED], 1);
	/* A truncated header. */
	fx_pkt(&p, buf, junk, sizeof(junk));
	from_underlay(&r3, &p, &v);
	assert_int_equal(v.v_egress, US_EGRESS_DROP);
	assert_int_equal(v.v_drop, FWD_CODEC);
	assert_int_equal(r3.rt_worker.w_codec_drops[v.v_codec], 1);
	/* A VRF that does not exist. */
	echo(&p, buf, CE3, CE4, 64);
	us_fwd_from_tun(router_snap(&r3), &r3.rt_worker, 99, &p, &v);
	us_rcu_exit(&r3.rt_rcu, r3.rt_reader);
	assert_int_equal(v.v_drop, FWD_NO_VRF);
}

static void test_builder_errors(void **state)
{
	struct dp_op op = {.op_type = DP_ROUTE_ADD};
	char err[128] = "";
	size_t failed = 7;

	(void)state;
	op.op_route = (struct dp_route){.dr_table = 10, .dr_dst = fx_addr("10.9.0.0"), .dr_plen = 16, .dr_nnh = 1};
	strcpy(op.op_route.dr_nh[0].dn_dev, "nosuch0");
	assert_int_equal(us_build_apply(&r3.rt_build, &op, 1, &failed, err, sizeof(err)), 0);
	assert_int_equal(us_build_publish(&r3.rt_build, &r3.rt_rcu, err, sizeof(err)), -1);
	assert_string_equal(err, "next hop via unknown link nosuch0");
	op.op_type = DP_LABEL_DEL;
	op.op_label = (struct dp_label){.dlb_in = 5555};
	assert_int_equal(us_build_apply(&r3.rt_build, &op, 1, &failed, err, sizeof(err)), -1);
	assert_int_equal(failed, 0);
	assert_string_equal(err, "no such entry");
}

/* R3's SAs and policies go (the IKE SA was deleted) while its tun1 says "tunnel protection". */
static void r3_sa_gone(void)
{
	struct dp_op ops[6];
	size_t n = 0;
	struct dp_link *tun = &fwdfx_op(ops, &n, DP_LINK_ADD)->op_link;

	*tun = (struct dp_link){.dl_name = "tun1",
				.dl_kind = DP_LINK_MGRE,
				.dl_local = fx_addr(R3_NBMA),
				.dl_mpls = true,
				.dl_up = true,
				.dl_protected = true};
	fwdfx_sa(ops, &n, fwdfx_r3.sp_spi_out, R3_NBMA, R4_NBMA, 1);
	fwdfx_sa(ops, &n, fwdfx_r3.sp_spi_in, R4_NBMA, R3_NBMA, 2);
	ops[1].op_type = ops[2].op_type = DP_SA_DEL;
	fwdfx_op(ops, &n, DP_POLICY_DEL)->op_policy = (struct dp_policy){.dpo_src = fx_addr(R3_NBMA),
									 .dpo_dst = fx_addr(R4_NBMA),
									 .dpo_proto = IP4_PROTO_GRE,
									 .dpo_dir = DP_POLICY_OUT};
	fwdfx_op(ops, &n, DP_POLICY_DEL)->op_policy = (struct dp_policy){.dpo_src = fx_addr(R4_NBMA),
									 .dpo_dst = fx_addr(R3_NBMA),
									 .dpo_proto = IP4_PROTO_GRE,
									 .dpo_dir = DP_POLICY_IN};
	fwdfx_apply(&r3, ops, n);
}

/* Routes still point into a protected tunnel whose SA is gone: no GRE leaves or enters in clear. */
static void test_protected_without_sa(void **state)
{
	uint8_t buf[FX_BUF];
	struct pkt p;
	struct us_verdict v;

	(void)state;
	r3_sa_gone();
	echo(&p, buf, CE3, CE4, 64);
	from_tun(&r3, "cust1", &p, &v);
	assert_int_equal(v.v_egress, US_EGRESS_DROP);
	assert_int_equal(v.v_drop, FWD_NO_SA);
	assert_int_equal(r3.rt_worker.w_fwd_drops[FWD_NO_SA], 1);
	r4_gre(&p, buf, GRE_PROTO_NHRP, "in the clear", true);
	from_underlay(&r3, &p, &v);
	assert_int_equal(v.v_egress, US_EGRESS_DROP);
	assert_int_equal(v.v_drop, FWD_UNPROTECTED);
	assert_int_equal(r3.rt_worker.w_fwd_drops[FWD_UNPROTECTED], 1);
}

/* A worker thread of R3 forwarding while the control thread republishes its tables and rekeys. */
struct worker_race {
	struct us_worker wr_worker;
	int wr_reader;
	_Atomic int *wr_done;
	size_t wr_vrf;
	_Atomic uint64_t wr_sent;
	uint64_t wr_bad;
};

static void *worker_main(void *arg)
{
	struct worker_race *wr = arg;
	uint8_t buf[FX_BUF];
	struct pkt p;
	struct us_verdict v;

	while (!atomic_load(wr->wr_done)) {
		const struct us_snap *s = (const struct us_snap *)us_rcu_enter(&r3.rt_rcu, wr->wr_reader);

		echo(&p, buf, CE3, CE4, 64);
		us_fwd_from_tun(s, &wr->wr_worker, wr->wr_vrf, &p, &v);
		us_rcu_exit(&r3.rt_rcu, wr->wr_reader);
		wr->wr_bad += v.v_egress != US_EGRESS_UNDERLAY;
		atomic_fetch_add(&wr->wr_sent, 1);
	}
	return NULL;
}

#define REPUBLISH 300

/* Every round replaces R3's outbound SA (the old one retired, not freed) and flaps a route. */
static void republish(size_t round)
{
	struct dp_op ops[2];
	size_t n = 0;

	fwdfx_sa(ops, &n, fwdfx_r3.sp_spi_out, R3_NBMA, R4_NBMA, 1);
	fwdfx_op(ops, &n, round % 2 ? DP_ROUTE_DEL : DP_ROUTE_ADD)->op_route = (struct dp_route){
	    .dr_table = 10, .dr_dst = fx_addr("10.7.0.0"), .dr_plen = 16, .dr_kind = DP_ROUTE_BLACKHOLE};
	fwdfx_apply(&r3, ops, n);
}

static void test_swap_under_workers(void **state)
{
	_Atomic int done = 0;
	struct worker_race races[2];
	pthread_t threads[2];
	size_t vrf = vrf_of(&r3, "cust1"), round = 0;

	(void)state;
	for (size_t i = 0; i < 2; i++) {
		races[i] =
		    (struct worker_race){.wr_reader = us_rcu_reader_add(&r3.rt_rcu), .wr_done = &done, .wr_vrf = vrf};
		races[i].wr_worker.w_esp = esp_ctx_new();
		assert_non_null(races[i].wr_worker.w_esp);
		assert_int_equal(pthread_create(&threads[i], NULL, worker_main, &races[i]), 0);
	}
	/* Keep republishing until both workers forwarded under many versions. */
	while (round < REPUBLISH || atomic_load(&races[0].wr_sent) < REPUBLISH ||
	       atomic_load(&races[1].wr_sent) < REPUBLISH)
		republish(round++);
	atomic_store(&done, 1);
	for (size_t i = 0; i < 2; i++) {
		assert_int_equal(pthread_join(threads[i], NULL), 0);
		esp_ctx_free(races[i].wr_worker.w_esp);
		assert_int_equal(races[i].wr_bad, 0);
		assert_true(races[i].wr_sent > 0);
	}
	assert_int_equal(us_rcu_reclaim(&r3.rt_rcu), 0);
	assert_int_equal(router_snap(&r3)->sn_version, round + 1);
	us_rcu_exit(&r3.rt_rcu, r3.rt_reader);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_cust1_crosses, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_cust2_isolated, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_replay_dropped, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_wrong_label_dropped, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_ttl_expires_at_ingress, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_ttl_expires_from_facing_link, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_ttl_expires_at_egress, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_ttl_one_hop_per_router, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_ttl_one_to_router_arrives, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_loopback_subnet_dropped, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_nhrp_to_control, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_hostile_dropped, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_builder_errors, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_protected_without_sa, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_swap_under_workers, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
