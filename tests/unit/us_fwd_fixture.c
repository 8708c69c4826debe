/* The two spokes of the forwarding tests (see us_fwd_fixture.h). */
#include "us_fwd_fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dataplane/userspace/ip4.h"
#include "us_fixture.h"

const struct spoke fwdfx_r3 = {R3_NBMA,		R4_NBMA,    "10.0.0.3", "10.0.0.4", "192.168.113.1",
			       "192.168.114.0", {103, 203}, {104, 204}, 0x3000,	    0x4000};
const struct spoke fwdfx_r4 = {R4_NBMA,		R3_NBMA,    "10.0.0.4", "10.0.0.3", "192.168.114.1",
			       "192.168.113.0", {104, 204}, {103, 203}, 0x4000,	    0x3000};

static const char *const vrf_names[2] = {"cust1", "cust2"};

struct dp_op *fwdfx_op(struct dp_op *ops, size_t *n, enum dp_op_type type)
{
	memset(&ops[*n], 0, sizeof(ops[*n]));
	ops[*n].op_type = type;
	return &ops[(*n)++];
}

/* An AES-GCM-128 transport SA in UDP with keys derived from its SPI (both ends derive the same). */
void fwdfx_sa(struct dp_op *ops, size_t *n, uint32_t spi, const char *src, const char *dst, uint32_t reqid)
{
	struct dp_sa *sa = &fwdfx_op(ops, n, DP_SA_ADD)->op_sa;

	*sa = (struct dp_sa){.dsa_spi = spi,
			     .dsa_src = fx_addr(src),
			     .dsa_dst = fx_addr(dst),
			     .dsa_keylen = 20,
			     .dsa_alg = DP_SA_AES_GCM_128,
			     .dsa_mode = DP_SA_TRANSPORT,
			     .dsa_encap_sport = 4500,
			     .dsa_encap_dport = 4500,
			     .dsa_reqid = reqid,
			     .dsa_replay_window = 1024};
	for (size_t i = 0; i < 20; i++)
		sa->dsa_key[i] = (uint8_t)(spi + i);
}

static void add_policy(struct dp_op *ops, size_t *n, enum dp_policy_dir dir, const char *src, const char *dst,
		       uint32_t reqid)
{
	fwdfx_op(ops, n, DP_POLICY_ADD)->op_policy = (struct dp_policy){.dpo_src = fx_addr(src),
									.dpo_dst = fx_addr(dst),
									.dpo_proto = IP4_PROTO_GRE,
									.dpo_dir = dir,
									.dpo_mode = DP_SA_TRANSPORT,
									.dpo_reqid = reqid};
}

static void add_underlay(struct dp_op *ops, size_t *n, const struct spoke *sp)
{
	struct dp_link *tun = &fwdfx_op(ops, n, DP_LINK_ADD)->op_link;

	strcpy(tun->dl_name, "tun1");
	tun->dl_kind = DP_LINK_MGRE;
	tun->dl_local = fx_addr(sp->sp_nbma);
	tun->dl_mpls = tun->dl_up = true;
	fwdfx_op(ops, n, DP_ADDR_ADD)->op_addr = (struct dp_addr){"tun1", fx_addr(sp->sp_overlay), 24};
	fwdfx_op(ops, n, DP_NEIGH_ADD)->op_neigh =
	    (struct dp_neigh){"tun1", fx_addr(sp->sp_peer_overlay), fx_addr(sp->sp_peer_nbma)};
	fwdfx_sa(ops, n, sp->sp_spi_out, sp->sp_nbma, sp->sp_peer_nbma, 1);
	fwdfx_sa(ops, n, sp->sp_spi_in, sp->sp_peer_nbma, sp->sp_nbma, 2);
	add_policy(ops, n, DP_POLICY_OUT, sp->sp_nbma, sp->sp_peer_nbma, 1);
	add_policy(ops, n, DP_POLICY_IN, sp->sp_peer_nbma, sp->sp_nbma, 2);
}

/* VRF i: its device, a LAN link with the same address in both VRFs, its label, the route to the peer's LAN. */
static void add_vrf(struct dp_op *ops, size_t *n, const struct spoke *sp, size_t i)
{
	struct dp_link *lan;
	struct dp_route *rt;

	fwdfx_op(ops, n, DP_VRF_ADD)->op_vrf = (struct dp_vrf){.dv_table = (uint32_t)(10 + i)};
	strcpy(ops[*n - 1].op_vrf.dv_name, vrf_names[i]);
	lan = &fwdfx_op(ops, n, DP_LINK_ADD)->op_link;
	snprintf(lan->dl_name, DP_DEVLEN, "lan%zu", i + 1);
	strcpy(lan->dl_vrf, vrf_names[i]);
	lan->dl_up = true;
	fwdfx_op(ops, n, DP_ADDR_ADD)->op_addr = (struct dp_addr){.da_addr = fx_addr(sp->sp_lan), .da_plen = 24};
	strcpy(ops[*n - 1].op_addr.da_dev, lan->dl_name);
	fwdfx_op(ops, n, DP_LABEL_ADD)->op_label =
	    (struct dp_label){.dlb_in = sp->sp_label_in[i], .dlb_action = DP_LABEL_POP_LOOKUP};
	strcpy(ops[*n - 1].op_label.dlb_vrf, vrf_names[i]);
	rt = &fwdfx_op(ops, n, DP_ROUTE_ADD)->op_route;
	*rt = (struct dp_route){
	    .dr_table = (uint32_t)(10 + i), .dr_dst = fx_addr(sp->sp_peer_net), .dr_plen = 24, .dr_nnh = 1};
	rt->dr_nh[0] = (struct dp_nexthop){
	    .dn_gw = fx_addr(sp->sp_peer_overlay), .dn_labels = {sp->sp_label_out[i]}, .dn_nlabels = 1};
	strcpy(rt->dr_nh[0].dn_dev, "tun1");
}

void fwdfx_apply(struct router *r, const struct dp_op *ops, size_t n)
{
	char err[128] = "";
	size_t failed = 0;

	if (us_build_apply(&r->rt_build, ops, n, &failed, err, sizeof(err)) < 0 ||
	    us_build_publish(&r->rt_build, &r->rt_rcu, err, sizeof(err)) < 0) {
		fprintf(stderr, "fixture: %s\n", err);
		abort();
	}
}

void fwdfx_init(struct router *r, const struct spoke *sp)
{
	struct dp_op ops[32];
	size_t n = 0;

	memset(r, 0, sizeof(*r));
	us_build_init(&r->rt_build);
	us_rcu_init(&r->rt_rcu, us_snap_free);
	r->rt_reader = us_rcu_reader_add(&r->rt_rcu);
	r->rt_worker.w_esp = esp_ctx_new();
	if (!r->rt_worker.w_esp)
		abort();
	add_vrf(ops, &n, sp, 0);
	add_vrf(ops, &n, sp, 1);
	add_underlay(ops, &n, sp);
	fwdfx_apply(r, ops, n);
}

void fwdfx_free(struct router *r)
{
	us_rcu_destroy(&r->rt_rcu);
	us_build_free(&r->rt_build);
	esp_ctx_free(r->rt_worker.w_esp);
}
