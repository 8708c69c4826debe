/*
 * The MPLS labels BGP holds (owner MFI_OWNER_BGP): a VRF's aggregate label,
 * one reference per local path advertised with it, and a per-prefix label
 * for a received VPNv4 path re-advertised with this router as next hop,
 * which swaps to the received label toward the received next hop (the
 * hub's "mpls labels in/out 25/16").
 */
#include <arpa/inet.h>
#include <string.h>

#include "bgp/bgp_run.h"
#include "config/config.h"
#include "mpls/mfi.h"

void bgp_label_path_gone(void *arg, const struct bgp_path *pa)
{
	if (arg && !pa->pa_src && pa->pa_nlabels)
		mfi_release(arg, pa->pa_labels[0], MFI_OWNER_BGP);
}

/* The received path the label swaps to; NULL when the best path is not one. */
static const struct bgp_path *swap_target(const struct bgp_dest *d)
{
	const struct bgp_path *best = d->de_best;

	return best && best->pa_src && best->pa_nlabels && d->de_family == BGP_FAMILY_VPNV4 ? best : NULL;
}

static int set_swap(struct mfi *m, uint32_t label, const struct bgp_path *to)
{
	struct mfi_out out = {.mo_label = to->pa_labels[0], .mo_gw.s_addr = htonl(to->pa_next_hop), .mo_global = true};

	return mfi_set_out(m, label, &out);
}

static void label_drop(struct mfi *m, struct bgp_dest *d)
{
	mfi_set_out(m, d->de_label, NULL); /* the swap was BGP's: another owner keeps the label without it */
	mfi_release(m, d->de_label, MFI_OWNER_BGP);
	d->de_label = MFI_LABEL_NONE;
}

/* Within a run, the last RD looked up and its VRF: a feed's routes come RD by RD, and the lookup scans every
 * VRF. Only within: the configuration changes between runs. */
static struct {
	bool rv_running, rv_valid;
	struct bgp_rd rv_rd;
	const struct vrf *rv_vrf;
} rd_vrf;

void bgp_label_run(bool running)
{
	rd_vrf.rv_running = running;
	rd_vrf.rv_valid = false;
}

static const struct vrf *vrf_of_rd(const struct config *cfg, const struct bgp_rd *rd)
{
	if (!rd_vrf.rv_running)
		return bgp_vrf_of_rd(cfg, rd);
	if (!rd_vrf.rv_valid || memcmp(&rd_vrf.rv_rd, rd, sizeof(*rd)) != 0) {
		rd_vrf.rv_vrf = bgp_vrf_of_rd(cfg, rd);
		rd_vrf.rv_rd = *rd;
		rd_vrf.rv_valid = true;
	}
	return rd_vrf.rv_vrf;
}

uint32_t bgp_label_readvertise(struct mfi *m, const struct config *cfg, struct bgp_dest *d)
{
	const struct bgp_path *to = swap_target(d);
	const struct vrf *v;
	struct in_addr prefix = {.s_addr = htonl(d->de_prefix)};
	char rd[32];

	if (d->de_label != MFI_LABEL_NONE || !to || !m)
		return d->de_label;
	/* the binding's table: the VRF with the route's RD, else one named after the RD (no VRF forwards it) */
	v = vrf_of_rd(cfg, &d->de_rd);
	bgp_rd_format(&d->de_rd, rd, sizeof(rd));
	d->de_label = mfi_prefix_label(m, v ? v->vrf_name : rd, prefix, d->de_plen, MFI_OWNER_BGP);
	if (d->de_label != MFI_LABEL_NONE && set_swap(m, d->de_label, to) < 0)
		label_drop(m, d);
	return d->de_label;
}

void bgp_label_follow(struct mfi *m, struct bgp_dest *d)
{
	const struct bgp_path *to = swap_target(d);

	if (d->de_label == MFI_LABEL_NONE || !m)
		return;
	if (!to || set_swap(m, d->de_label, to) < 0)
		label_drop(m, d);
}
