/*
 * Each peer's Adj-RIB-Out: after the table ran, every Established peer is
 * told what changed among the destinations it may get (all of them when
 * its session just came up, all of a family when it sent a ROUTE-REFRESH
 * or was cleared soft out), in as few UPDATEs as the attributes allow.
 */
#include <arpa/inet.h>
#include <sys/socket.h>

#include "bgp/bgp_adv.h"
#include "bgp/bgp_run.h"
#include "bgp/bgp_session.h"
#include "core/daemon.h"
#include "core/log.h"
#include "rib/fib.h"

/* The neighbor's own settings in the family, or its group's. */
static void policy_af(const struct bgp_nbr *nb, enum bgp_afi afi, enum bgp_family f, struct bgp_adv_policy *ap)
{
	for (; nb; nb = nb->nb_group) {
		ap->ap_send_community[f] |= nb->nb_af[afi].na_send_community;
		ap->ap_next_hop_self[f] |= nb->nb_af[afi].na_next_hop_self;
	}
}

static uint32_t local_addr(const struct bgp_conn *cn)
{
	struct sockaddr_in sa;
	socklen_t len = sizeof(sa);

	if (cn->cn_fd < 0 || getsockname(cn->cn_fd, (struct sockaddr *)&sa, &len) < 0 || sa.sin_family != AF_INET)
		return 0;
	return ntohl(sa.sin_addr.s_addr);
}

/* Whether the neighbor has a route-map out in each family (its entries are decided per destination). */
static void policy_route_map(const struct bgp_nbr *nb, struct bgp_adv_policy *ap)
{
	for (int f = BGP_FAMILY_IPV4_UNICAST; f <= BGP_FAMILY_VPNV4; f++)
		ap->ap_route_map_out[f] = bgp_policy_has_map(nb, bgp_afi_of((enum bgp_family)f), true);
}

static void policy_of(const struct bgp_peer *p, const struct bgp_cfg *bgp, struct bgp_adv_policy *ap)
{
	const struct bgp_fsm *f = &p->bp_conn->cn_fsm;
	const struct bgp_nbr *nb = bgp_peer_nbr(p, bgp);

	*ap = (struct bgp_adv_policy){.ap_local_as = f->fs_conf.fc_local_as,
				      .ap_ebgp = f->fs_codec.bc_ebgp,
				      .ap_local_addr = local_addr(p->bp_conn)};
	ap->ap_family[BGP_FAMILY_IPV4_UNICAST] = bgp_fsm_has_family(f, BGP_FF_IPV4_UNICAST);
	ap->ap_family[BGP_FAMILY_VPNV4] = bgp_fsm_has_family(f, BGP_FF_VPNV4);
	policy_af(nb, BGP_AFI_IPV4, BGP_FAMILY_IPV4_UNICAST, ap);
	policy_af(nb, BGP_AFI_VPNV4, BGP_FAMILY_VPNV4, ap);
	policy_route_map(nb, ap);
}

/* The route-map out on the destination's prefix: whether the peer gets it, and *sets the entry whose sets
 * its route gets (NULL: none). */
static bool out_permits(const struct bgp_peer *p, const struct bgp_adv_policy *ap, const struct bgp_dest *d,
			const struct rmap_entry **sets)
{
	const struct config *cfg = p->bp_daemon->fd_running;

	*sets = NULL;
	if (!ap->ap_route_map_out[d->de_family])
		return true;
	return bgp_policy_decide(cfg, bgp_peer_nbr(p, bgp_cfg_get(cfg)), bgp_afi_of(d->de_family), true, d->de_prefix,
				 d->de_plen, sets) == BGP_POLICY_PERMIT;
}

/* The path the peer gets for the destination, or NULL (split horizon, iBGP to iBGP, family not carried,
 * route-map out). */
static const struct bgp_path *path_for(const struct bgp_peer *p, const struct bgp_adv_policy *ap,
				       const struct bgp_dest *d, const struct rmap_entry **sets)
{
	const struct bgp_path *best = d->de_best;

	*sets = NULL;
	if (!best || !ap->ap_family[d->de_family] || best->pa_src == p || !out_permits(p, ap, d, sets))
		return NULL;
	if (best->pa_src && !best->pa_ebgp && !ap->ap_ebgp)
		return NULL; /* no route reflection */
	return best;
}

/* The label the peer gets with a VPNv4 path: ours when we are its next hop, else the received one. */
static uint32_t label_for(struct ferryd *dm, const struct bgp_adv_policy *ap, struct bgp_dest *d,
			  const struct bgp_path *pa)
{
	if (d->de_family != BGP_FAMILY_VPNV4)
		return MFI_LABEL_NONE;
	if (!pa->pa_src)
		return pa->pa_nlabels ? pa->pa_labels[0] : MFI_LABEL_NONE;
	if (!bgp_adv_rewrites_next_hop(ap, d->de_family, pa))
		return pa->pa_nlabels ? pa->pa_labels[0] : MFI_LABEL_NONE;
	return bgp_label_readvertise(mfi_of(dm), dm->fd_running, d);
}

static int adv_dest(struct bgp_peer *p, const struct bgp_adv_policy *ap, struct bgp_adv_batch *b, struct bgp_dest *d)
{
	const struct rmap_entry *sets;
	const struct bgp_path *pa = path_for(p, ap, d, &sets);
	uint32_t label = pa ? label_for(p->bp_daemon, ap, d, pa) : MFI_LABEL_NONE;
	bool sent = keymap_get(&p->bp_out, (uintptr_t)d) != NULL;

	if (pa && d->de_family == BGP_FAMILY_VPNV4 && label == MFI_LABEL_NONE)
		pa = NULL; /* a VPNv4 route goes with a label or not at all */
	if (pa) {
		if (keymap_put(&p->bp_out, (uintptr_t)d, d) < 0)
			return -1;
		return bgp_adv_batch_add(b, ap, d, pa, label, sets);
	}
	if (!sent)
		return 0;
	keymap_del(&p->bp_out, (uintptr_t)d);
	return bgp_adv_batch_withdraw(b, d);
}

static int fsm_send(void *arg, const uint8_t *buf, size_t len)
{
	return bgp_fsm_send(arg, buf, len);
}

/* What changed goes into the batch; all of it after the session came up, all of a family the peer asked for again. */
static int collect(struct bgp_peer *p, const struct bgp_adv_policy *ap, struct bgp_adv_batch *b, struct bgp_table *t)
{
	struct bgp_dest *d;
	int rc = 0;

	if (!p->bp_out_full && !p->bp_refresh) {
		for (size_t i = 0; i < t->bt_ndirty; i++)
			rc |= adv_dest(p, ap, b, t->bt_dirty[i]);
		return rc;
	}
	for (struct bgp_table_iter it = {0}; (d = bgp_table_next(t, &it));)
		if (p->bp_out_full || d->de_dirty || (p->bp_refresh & (1u << d->de_family)))
			rc |= adv_dest(p, ap, b, d);
	return rc;
}

void bgp_adv_peer(struct bgp_peer *p, struct bgp_table *t, const struct bgp_cfg *bgp)
{
	struct bgp_fsm *f = &p->bp_conn->cn_fsm;
	bool full = p->bp_out_full;
	struct bgp_adv_policy ap;
	struct bgp_adv_batch b = {0};
	int rc;

	if (f->fs_state != BGP_ST_ESTABLISHED || !bgp)
		return;
	policy_of(p, bgp, &ap);
	rc = collect(p, &ap, &b, t);
	if (rc == 0 && (rc = bgp_adv_batch_send(&b, &ap, &f->fs_codec, fsm_send, f)) > 0) {
		char addr[INET_ADDRSTRLEN];
		inet_ntop(AF_INET, &p->bp_addr, addr, sizeof(addr));
		log_msg(SEV_WARN, "BGP", "UPDATE", "neighbor %s: %d group(s) of routes too large to send, left out",
			addr, rc);
		rc = 0;
	}
	if (rc == 0 && full)
		rc = bgp_adv_send_eor(&ap, &f->fs_codec, fsm_send, f);
	p->bp_out_full = rc < 0; /* out of memory or the socket refused: the whole table again next time */
	if (rc == 0)
		p->bp_refresh = 0;
	bgp_adv_batch_free(&b);
}
