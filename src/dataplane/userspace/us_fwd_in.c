/* The forwarding decision for packets from the underlay: ESP, GRE, the LFIB, then the VRF. */
#include <string.h>

#include "dataplane/userspace/ip4.h"
#include "dataplane/userspace/mpls_label.h"
#include "dataplane/userspace/us_fwd_int.h"

static struct esp_sa *us_sa_by_spi(void *arg, uint32_t spi)
{
	return keymap_get(&((const struct us_snap *)arg)->sn_sa_in, spi);
}

/*
 * A label whose TTL runs out: at the end of a per-VRF label the router owes
 * the sender an ICMP time exceeded from that VRF (RFC 3032 2.3.2); elsewhere
 * it has no route back for one, and drops.
 */
static void us_fwd_label_expired(const struct us_snap *s, struct us_worker *w, const struct us_label *lb,
				 const struct lse *top, struct pkt *p, struct us_verdict *v)
{
	if (lb->lb_action != DP_LABEL_POP_LOOKUP || !top->lse_bos) {
		us_fwd_codec_ok(w, v, DROP_MPLS_TTL_EXPIRED);
		return;
	}
	if (us_fwd_ip4_ok(w, v, p))
		us_fwd_expired(s, w, lb->lb_vrf, p, v);
}

static void us_fwd_mpls(const struct us_snap *s, struct us_worker *w, struct pkt *p, struct us_verdict *v)
{
	struct lse top;
	const struct us_label *lb;

	if (!us_fwd_codec_ok(w, v, lse_pop(p, &top)))
		return;
	lb = us_snap_label(s, top.lse_label);
	if (!lb) {
		us_fwd_drop(w, v, FWD_UNKNOWN_LABEL);
		return;
	}
	us_count_add(lb->lb_count, p->pkt_len);
	if (top.lse_ttl <= 1) {
		us_fwd_label_expired(s, w, lb, &top, p, v);
		return;
	}
	top.lse_ttl--;
	if (lb->lb_action == DP_LABEL_POP_LOOKUP) {
		/* A per-VRF label is the bottom one: IPv4 follows. */
		if (!top.lse_bos) {
			us_fwd_codec_ok(w, v, DROP_MPLS_STACK_DEPTH);
			return;
		}
		us_fwd_ip_hop(s, w, lb->lb_vrf, p, v);
		return;
	}
	/* Swap pushes the next hop's labels where the top one was; pop-and-forward pushes none. */
	us_fwd_nexthop(s, w, &lb->lb_nh, lb->lb_nh.nh_gw, top.lse_bos ? GRE_PROTO_IPV4 : GRE_PROTO_MPLS, top.lse_ttl,
		       top.lse_bos, p, v);
}

/*
 * The link a GRE packet from src to dst came in on; US_NO_LINK (dropped, counted) for none, or when
 * it came in clear (!sealed) on a protected link, which has no SA up yet or any more.
 */
static size_t us_fwd_gre_link(const struct us_snap *s, struct us_worker *w, struct in_addr src, struct in_addr dst,
			      const struct gre_info *gi, bool sealed, struct us_verdict *v)
{
	size_t link = us_snap_gre_link(s, src, dst, gi->gi_has_key, gi->gi_key);

	if (link == US_NO_LINK) {
		us_fwd_drop(w, v, FWD_NO_TUNNEL);
		return US_NO_LINK;
	}
	if (!sealed && s->sn_links[link].lk_cfg.dl_protected) {
		us_fwd_drop(w, v, FWD_UNPROTECTED);
		return US_NO_LINK;
	}
	return link;
}

/* A GRE packet (outer IPv4 header in front) for one of this router's tunnels; sealed: it came in ESP. */
static void us_fwd_gre(const struct us_snap *s, struct us_worker *w, struct pkt *p, bool sealed, struct us_verdict *v)
{
	struct in_addr src, dst;
	struct gre_info gi;
	size_t link;

	if (ip4_is_fragment(p->pkt_data)) {
		us_fwd_codec_ok(w, v, DROP_IP4_FRAGMENT);
		return;
	}
	memcpy(&src, p->pkt_data + IP4_OFF_SRC, 4);
	memcpy(&dst, p->pkt_data + IP4_OFF_DST, 4);
	pkt_pull(p, ip4_header_len(p->pkt_data)); /* validated: the header is within p */
	if (!us_fwd_codec_ok(w, v, gre_decap(p, &gi)))
		return;
	link = us_fwd_gre_link(s, w, src, dst, &gi, sealed, v);
	if (link == US_NO_LINK)
		return;
	v->v_link = link;
	v->v_src = src;
	us_count_add(&s->sn_links[link].lk_stats->ls_in, p->pkt_len);
	if (gi.gi_proto == GRE_PROTO_MPLS)
		us_count_add(&s->sn_links[link].lk_stats->ls_mpls_in, p->pkt_len);
	if (gi.gi_proto == GRE_PROTO_NHRP) {
		v->v_egress = US_EGRESS_CONTROL;
		v->v_control = US_CONTROL_NHRP;
		return;
	}
	if (gi.gi_proto == GRE_PROTO_IPV4) {
		us_fwd_ip_hop(s, w, s->sn_links[link].lk_vrf, p, v);
		return;
	}
	if (!s->sn_links[link].lk_cfg.dl_mpls) {
		us_fwd_drop(w, v, FWD_NOT_MPLS);
		return;
	}
	us_fwd_mpls(s, w, p, v);
}

/* Removes ESP; false when the packet was dropped or was for IKE (the verdict says which). */
static bool us_fwd_esp(const struct us_snap *s, struct us_worker *w, struct pkt *p, struct us_verdict *v)
{
	struct esp_rx rx;

	if (!us_fwd_codec_ok(w, v, esp_input(w->w_esp, us_sa_by_spi, (void *)s, p, &rx)))
		return false;
	if (rx.rx_kind == UDPENCAP_ESP)
		return true;
	v->v_egress = US_EGRESS_CONTROL;
	v->v_control = rx.rx_kind == UDPENCAP_IKE ? US_CONTROL_IKE : US_CONTROL_KEEPALIVE;
	v->v_src = rx.rx_src;
	return false;
}

void us_fwd_from_underlay(const struct us_snap *s, struct us_worker *w, struct pkt *p, struct us_verdict *v)
{
	struct in_addr src, dst;
	uint8_t proto;

	us_fwd_verdict_init(v);
	if (!us_fwd_ip4_ok(w, v, p))
		return;
	proto = p->pkt_data[IP4_OFF_PROTO];
	memcpy(&src, p->pkt_data + IP4_OFF_SRC, 4);
	memcpy(&dst, p->pkt_data + IP4_OFF_DST, 4);
	if (proto == IP4_PROTO_ESP || proto == IP4_PROTO_UDP) {
		/* Tunnel mode's inner header is the peer's: authentic, not necessarily well formed. */
		if (!us_fwd_esp(s, w, p, v) || !us_fwd_ip4_ok(w, v, p))
			return;
		if (p->pkt_data[IP4_OFF_PROTO] != IP4_PROTO_GRE) {
			us_fwd_drop(w, v, FWD_NOT_GRE);
			return;
		}
	} else if (proto != IP4_PROTO_GRE) {
		us_fwd_drop(w, v, FWD_NOT_GRE);
		return;
	} else if (keymap_get(&s->sn_protect, us_pair_key(src, dst))) {
		us_fwd_drop(w, v, FWD_UNPROTECTED);
		return;
	}
	us_fwd_gre(s, w, p, proto != IP4_PROTO_GRE, v);
}
