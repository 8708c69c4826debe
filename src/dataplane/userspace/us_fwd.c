/* The forwarding decision for packets from a VRF's TUN, VRF routing, and the ICMP errors it owes. */
#include "dataplane/userspace/us_fwd.h"

#include <string.h>

#include "dataplane/userspace/csum.h"
#include "dataplane/userspace/icmp4.h"
#include "dataplane/userspace/ip4.h"
#include "dataplane/userspace/us_fwd_int.h"
#include "dataplane/userspace/wire.h"

const char *us_fwd_drop_name(enum us_fwd_drop reason)
{
#define US_FWD_DROP_NAME(name, text) [name] = text,
	static const char *const names[] = {US_FWD_DROPS(US_FWD_DROP_NAME)};
#undef US_FWD_DROP_NAME

	return (unsigned)reason < FWD__COUNT ? names[reason] : "unknown";
}

void us_fwd_drop(struct us_worker *w, struct us_verdict *v, enum us_fwd_drop why)
{
	v->v_egress = US_EGRESS_DROP;
	v->v_drop = why;
	w->w_fwd_drops[why]++;
}

bool us_fwd_codec_ok(struct us_worker *w, struct us_verdict *v, enum us_drop why)
{
	if (why == DROP_NONE)
		return true;
	v->v_codec = why;
	w->w_codec_drops[why]++;
	us_fwd_drop(w, v, FWD_CODEC);
	return false;
}

/* Spreads flows over equal next hops by their addresses, so a flow keeps its path. */
static const struct us_nh *us_pick_nh(const struct us_route *r, const uint8_t *ip)
{
	uint32_t src, dst;

	memcpy(&src, ip + IP4_OFF_SRC, 4);
	memcpy(&dst, ip + IP4_OFF_DST, 4);
	return &r->ro_nh[(src ^ dst) % r->ro_nnh];
}

/*
 * The source of an ICMP error to the sender of p, as IOS picks it: the
 * address of the VRF's link facing the sender (whose subnet holds it), else
 * the VRF's first address (a sender behind a tunnel outside the VRF).
 */
static struct in_addr us_fwd_icmp_src(const struct us_snap *s, size_t vrf, const struct pkt *p)
{
	struct in_addr sender;
	const struct us_route *r;

	memcpy(&sender, p->pkt_data + IP4_OFF_SRC, 4);
	r = us_snap_route(s, vrf, sender);
	return r && r->ro_src.s_addr ? r->ro_src : s->sn_vrfs[vrf].vr_addr;
}

/* Replaces the packet in p by the ICMP error of kind owed to its sender, routed in vrf; why: the drop it stands for. */
static void us_fwd_icmp(const struct us_snap *s, struct us_worker *w, size_t vrf, struct pkt *p, struct us_verdict *v,
			enum icmp4_error kind, uint16_t mtu, enum us_fwd_drop why)
{
	struct in_addr src = us_fwd_icmp_src(s, vrf, p);

	w->w_fwd_drops[why]++;
	if (src.s_addr == 0) {
		us_fwd_drop(w, v, FWD_NO_ICMP_SOURCE);
		return;
	}
	if (!us_fwd_codec_ok(w, v, icmp4_replace(p, kind, src, mtu, w->w_icmp, sizeof(w->w_icmp))))
		return;
	w->w_icmp_sent++;
	us_fwd_vrf(s, w, vrf, p, v);
	if (v->v_egress != US_EGRESS_DROP)
		v->v_drop = why;
}

void us_fwd_expired(const struct us_snap *s, struct us_worker *w, size_t vrf, struct pkt *p, struct us_verdict *v)
{
	struct in_addr dst;

	memcpy(&dst, p->pkt_data + IP4_OFF_DST, 4);
	if (us_snap_is_local(s, vrf, dst)) /* for the router itself: arrived, whatever its TTL */
		us_fwd_vrf(s, w, vrf, p, v);
	else
		us_fwd_icmp(s, w, vrf, p, v, ICMP4_TIME_EXCEEDED, 0, FWD_TTL_EXPIRED);
}

/* The largest packet a next hop takes before encapsulation: a tunnel's MTU; 0 for a TUN (the kernel's MTU). */
static uint32_t us_fwd_nh_mtu(const struct us_snap *s, const struct us_nh *nh)
{
	const struct dp_link *l = &s->sn_links[nh->nh_link].lk_cfg;

	if (l->dl_kind != DP_LINK_GRE && l->dl_kind != DP_LINK_MGRE)
		return 0;
	return l->dl_mtu ? l->dl_mtu : US_FWD_TUNNEL_MTU;
}

/* A packet too big for its tunnel that may not be fragmented: fragmentation needed (RFC 1191), in its VRF. */
static bool us_fwd_too_big(const struct us_snap *s, struct us_worker *w, size_t vrf, const struct us_nh *nh,
			   struct pkt *p, struct us_verdict *v)
{
	uint32_t mtu = us_fwd_nh_mtu(s, nh);

	if (!mtu || p->pkt_len <= mtu || !(wire_get16(p->pkt_data + IP4_OFF_FRAG) & IP4_DF))
		return false;
	us_fwd_icmp(s, w, vrf, p, v, ICMP4_FRAG_NEEDED, (uint16_t)(mtu > UINT16_MAX ? UINT16_MAX : mtu), FWD_TOO_BIG);
	return true;
}

void us_fwd_vrf(const struct us_snap *s, struct us_worker *w, size_t vrf, struct pkt *p, struct us_verdict *v)
{
	struct in_addr dst;
	const struct us_route *r;
	const struct us_nh *nh;

	memcpy(&dst, p->pkt_data + IP4_OFF_DST, 4);
	if (us_snap_is_local(s, vrf, dst)) {
		v->v_egress = US_EGRESS_TUN;
		v->v_vrf = vrf;
		return;
	}
	r = us_snap_route(s, vrf, dst);
	if (!r) {
		us_fwd_drop(w, v, FWD_NO_ROUTE);
		return;
	}
	if (r->ro_kind == US_ROUTE_BLACKHOLE) {
		us_fwd_drop(w, v, FWD_BLACKHOLE);
		return;
	}
	if (r->ro_kind == US_ROUTE_CONNECTED) {
		/* A loopback's subnet has no one else on it: given to the kernel, it would come back by the TUN (a
		 * loop). */
		if (s->sn_links[r->ro_nh[0].nh_link].lk_cfg.dl_kind == DP_LINK_LOOPBACK) {
			us_fwd_drop(w, v, FWD_NO_NEIGHBOUR);
			return;
		}
		v->v_egress = US_EGRESS_TUN;
		v->v_vrf = vrf;
		return;
	}
	nh = us_pick_nh(r, p->pkt_data);
	if (!us_fwd_too_big(s, w, vrf, nh, p, v))
		us_fwd_nexthop(s, w, nh, dst, GRE_PROTO_IPV4, p->pkt_data[IP4_OFF_TTL], true, p, v);
}

/* Checks an IPv4 packet and trims the link's padding past its total length. */
bool us_fwd_ip4_ok(struct us_worker *w, struct us_verdict *v, struct pkt *p)
{
	size_t hlen;

	if (!us_fwd_codec_ok(w, v, ip4_validate(p->pkt_data, p->pkt_len, &hlen)))
		return false;
	pkt_trim(p, p->pkt_len - ip4_total_len(p->pkt_data));
	return true;
}

/* Gives back the hop ip4_ttl_decrement took (TTL and protocol share one checksummed word). */
static void us_fwd_ttl_restore(uint8_t *ip)
{
	uint16_t old = wire_get16(ip + IP4_OFF_TTL), word = (uint16_t)(old + 0x100);

	wire_put16(ip + IP4_OFF_TTL, word);
	wire_put16(ip + IP4_OFF_CSUM, inet_csum_update16(wire_get16(ip + IP4_OFF_CSUM), old, word));
}

/*
 * The router is one hop, whoever counts it. What leaves by a TUN the kernel
 * forwards on to a LAN (or delivers), decrementing the TTL itself; so it
 * leaves here with the TTL it came with, once checked that it had a hop to
 * spare (an expired packet is answered from this VRF's address, which the
 * kernel's own error would not be).
 */
void us_fwd_ip_hop(const struct us_snap *s, struct us_worker *w, size_t vrf, struct pkt *p, struct us_verdict *v)
{
	if (!us_fwd_ip4_ok(w, v, p))
		return;
	if (ip4_ttl_decrement(p->pkt_data) != DROP_NONE) {
		us_fwd_expired(s, w, vrf, p, v);
		return;
	}
	us_fwd_vrf(s, w, vrf, p, v);
	if (v->v_egress == US_EGRESS_TUN)
		us_fwd_ttl_restore(p->pkt_data);
}

void us_fwd_verdict_init(struct us_verdict *v)
{
	memset(v, 0, sizeof(*v));
	v->v_link = US_NO_LINK;
}

void us_fwd_from_tun(const struct us_snap *s, struct us_worker *w, size_t vrf, struct pkt *p, struct us_verdict *v)
{
	us_fwd_verdict_init(v);
	if (vrf >= s->sn_nvrfs) {
		us_fwd_drop(w, v, FWD_NO_VRF);
		return;
	}
	us_fwd_ip_hop(s, w, vrf, p, v);
}

void us_fwd_from_host(const struct us_snap *s, struct us_worker *w, struct pkt *p, struct us_verdict *v)
{
	us_fwd_verdict_init(v);
	if (us_fwd_ip4_ok(w, v, p))
		us_fwd_vrf(s, w, US_VRF_GLOBAL, p, v);
}
