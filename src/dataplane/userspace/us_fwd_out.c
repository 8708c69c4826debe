/* Sending to a next hop: labels, GRE, the outer IPv4 header and ESP, or out of a VRF's TUN. */
#include <string.h>

#include "dataplane/userspace/ip4.h"
#include "dataplane/userspace/mpls_label.h"
#include "dataplane/userspace/us_fwd_int.h"

#define US_TUNNEL_TTL 255 /* outer TTL when the link inherits (IOS's tunnel default) */

/* Pushes nh's labels, each with TTL ttl (RFC 3443 uniform model), the innermost the bottom when bos. */
static enum us_drop us_push_labels(struct pkt *p, const struct us_nh *nh, uint8_t ttl, bool bos)
{
	struct lse stack[DP_MAX_LABELS];

	for (uint8_t i = 0; i < nh->nh_nlabels; i++)
		stack[i] = (struct lse){
		    .lse_label = nh->nh_labels[i], .lse_ttl = ttl, .lse_bos = bos && i + 1 == nh->nh_nlabels};
	return lse_push_stack(p, stack, nh->nh_nlabels);
}

/* The underlay address of the far end of a GRE link towards an overlay next hop. */
static bool us_far_end(const struct us_snap *s, const struct us_link *l, size_t link, struct in_addr overlay,
		       struct in_addr *nbma)
{
	if (l->lk_cfg.dl_kind == DP_LINK_GRE) {
		*nbma = l->lk_cfg.dl_remote;
		return true;
	}
	return us_snap_nbma(s, link, overlay, nbma);
}

/* Puts the outer IPv4 header on a GRE packet and protects it with the SA policy asks for. */
static void us_fwd_underlay(const struct us_snap *s, struct us_worker *w, const struct dp_link *l, struct in_addr nbma,
			    struct pkt *p, struct us_verdict *v)
{
	struct ip4_fields f = {.if_src = l->dl_local,
			       .if_dst = nbma,
			       .if_proto = IP4_PROTO_GRE,
			       .if_ttl = l->dl_ttl ? l->dl_ttl : US_TUNNEL_TTL};
	uint8_t *hdr = pkt_push(p, IP4_HDR_LEN);
	uint64_t pair = us_pair_key(l->dl_local, nbma);
	struct esp_sa *sa = keymap_get(&s->sn_sa_out, pair);

	if (!hdr || p->pkt_len > UINT16_MAX) {
		us_fwd_codec_ok(w, v, DROP_NO_ROOM);
		return;
	}
	ip4_write(hdr, &f, (uint16_t)p->pkt_len);
	if (sa && !us_fwd_codec_ok(w, v, esp_output(w->w_esp, sa, p)))
		return;
	/* A protected link with no SA yet (or any more) drops rather than send GRE in clear. */
	if (!sa && (l->dl_protected || keymap_get(&s->sn_protect, pair))) {
		us_fwd_drop(w, v, FWD_NO_SA);
		return;
	}
	v->v_egress = US_EGRESS_UNDERLAY;
	v->v_nbma = nbma;
}

void us_fwd_gre_out(const struct us_snap *s, struct us_worker *w, size_t link, struct in_addr nbma, uint16_t proto,
		    struct pkt *p, struct us_verdict *v)
{
	const struct us_link *l = &s->sn_links[link];
	struct gre_info gi = {.gi_proto = proto, .gi_has_key = l->lk_cfg.dl_has_key, .gi_key = l->lk_cfg.dl_key};
	size_t payload = p->pkt_len;

	if (!us_fwd_codec_ok(w, v, gre_encap(p, &gi)))
		return;
	us_fwd_underlay(s, w, &l->lk_cfg, nbma, p, v);
	if (v->v_egress == US_EGRESS_UNDERLAY)
		us_count_add(&l->lk_stats->ls_out, payload);
}

void us_fwd_nexthop(const struct us_snap *s, struct us_worker *w, const struct us_nh *nh, struct in_addr overlay,
		    uint16_t proto, uint8_t ttl, bool bos, struct pkt *p, struct us_verdict *v)
{
	const struct us_link *l = &s->sn_links[nh->nh_link];
	struct in_addr nbma;

	if (l->lk_cfg.dl_kind != DP_LINK_GRE && l->lk_cfg.dl_kind != DP_LINK_MGRE) {
		/* A TUN carries IPv4 only: labels end at this router. */
		if (proto != GRE_PROTO_IPV4 || nh->nh_nlabels) {
			us_fwd_drop(w, v, FWD_NOT_GRE);
			return;
		}
		v->v_egress = US_EGRESS_TUN;
		v->v_vrf = l->lk_vrf;
		return;
	}
	if (!l->lk_cfg.dl_up) {
		us_fwd_drop(w, v, FWD_LINK_DOWN);
		return;
	}
	if (!us_far_end(s, l, nh->nh_link, nh->nh_gw.s_addr ? nh->nh_gw : overlay, &nbma)) {
		us_fwd_drop(w, v, FWD_NO_NEIGHBOUR);
		return;
	}
	if (!us_fwd_codec_ok(w, v, us_push_labels(p, nh, ttl, bos)))
		return;
	us_fwd_gre_out(s, w, nh->nh_link, nbma, nh->nh_nlabels ? GRE_PROTO_MPLS : proto, p, v);
}
