/* The userspace backend's counters: per VRF (its TUN), per SA, and drops per reason summed over workers. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dataplane/userspace/us_attach_int.h"

static uint64_t us_load(_Atomic uint64_t *v)
{
	return atomic_load_explicit(v, memory_order_relaxed);
}

static int us_count_tun(struct dp *dp, const char *dev, struct dp_counters *out)
{
	struct us_tun_slot *slot = us_tun_find(dp, dev);

	if (!slot || slot->ts_tunnel) /* a tunnel counts its payload, not what the kernel sent it */
		return -ENOENT;
	out->dc_packets_in = us_load(&slot->ts_from_tun.uc_packets);
	out->dc_bytes_in = us_load(&slot->ts_from_tun.uc_bytes);
	out->dc_packets_out = us_load(&slot->ts_to_tun.uc_packets);
	out->dc_bytes_out = us_load(&slot->ts_to_tun.uc_bytes);
	return 0;
}

/* key: the SPI in hex, optionally "@DST". */
static int us_count_sa(struct dp *dp, const char *key, struct dp_counters *out)
{
	char *end;
	unsigned long spi = strtoul(key, &end, 16);
	struct in_addr dst = {0};

	if (end == key || (*end && (*end != '@' || inet_pton(AF_INET, end + 1, &dst) != 1)))
		return -EINVAL;
	for (size_t i = 0; i < dp->up_build.b_sas.v_n; i++) {
		const struct us_build_sa *bs = us_vec_at(&dp->up_build.b_sas, i);
		uint64_t packets, bytes;

		if (bs->bs_cfg.dsa_spi != spi || (dst.s_addr && dst.s_addr != bs->bs_cfg.dsa_dst.s_addr))
			continue;
		packets = us_load(&bs->bs_sa->sa_packets);
		bytes = us_load(&bs->bs_sa->sa_bytes);
		if (bs->bs_inbound) { /* as the last snapshot compiled it */
			out->dc_packets_in = packets;
			out->dc_bytes_in = bytes;
		} else {
			out->dc_packets_out = packets;
			out->dc_bytes_out = bytes;
		}
		return 0;
	}
	return -ENOENT;
}

static void us_count_read(struct us_count *c, uint64_t *packets, uint64_t *bytes)
{
	*packets = us_load(&c->uc_packets);
	*bytes = us_load(&c->uc_bytes);
}

/* A VRF's TUN; a tunnel (its payload); a kernel device (the kernel's counters). */
static int us_count_link(struct dp *dp, enum dp_counter_kind kind, const char *name, struct dp_counters *out)
{
	struct us_link_stats *ls = us_stats_link_find(&dp->up_build.b_stats, name);

	if (kind == DP_CNT_LINK && us_count_tun(dp, name, out) == 0)
		return 0;
	if (!us_attach_in_userspace(dp, name))
		return dp->up_kernel.dpl_backend->db_counters(dp->up_kernel.dpl_state, kind, name, out);
	if (!ls)
		return -ENOENT;
	if (kind == DP_CNT_MPLS_LINK) {
		us_count_read(&ls->ls_mpls_in, &out->dc_packets_in, &out->dc_bytes_in);
		return 0;
	}
	us_count_read(&ls->ls_in, &out->dc_packets_in, &out->dc_bytes_in);
	us_count_read(&ls->ls_out, &out->dc_packets_out, &out->dc_bytes_out);
	return 0;
}

static int us_count_label(struct dp *dp, const char *key, struct dp_counters *out)
{
	char *end;
	unsigned long label = strtoul(key, &end, 10);
	struct us_count *c =
	    *end || end == key || label > 0xfffff ? NULL : us_stats_label_find(&dp->up_build.b_stats, (uint32_t)label);

	if (!c)
		return -ENOENT;
	us_count_read(c, &out->dc_packets_in, &out->dc_bytes_in);
	return 0;
}

int us_counters(struct dp *dp, enum dp_counter_kind kind, const char *key, struct dp_counters *out)
{
	memset(out, 0, sizeof(*out));
	switch (kind) {
	case DP_CNT_LINK:
	case DP_CNT_MPLS_LINK:
		return us_count_link(dp, kind, key, out);
	case DP_CNT_SA:
		return us_count_sa(dp, key, out);
	case DP_CNT_LABEL:
		return us_count_label(dp, key, out);
	}
	return -EINVAL;
}

void us_drops(struct dp *dp, dp_drop_fn *visit, void *arg)
{
	uint64_t fwd[FWD__COUNT] = {0}, codec[DROP__COUNT] = {0}, io[IO__COUNT] = {0};

	for (unsigned w = 0; w < dp->up_nworkers; w++) {
		struct us_wthread *t = &dp->up_workers[w];

		/* Plain counters of another thread: a read may lag by a packet, never tear on 64-bit hosts. */
		for (int i = 0; i < FWD__COUNT; i++)
			fwd[i] += t->wt_fwd.w_fwd_drops[i];
		for (int i = 0; i < DROP__COUNT; i++)
			codec[i] += t->wt_fwd.w_codec_drops[i];
		for (int i = 0; i < IO__COUNT; i++)
			io[i] += us_load(&t->wt_io_drops[i]);
	}
	/* "codec" sums the codec reasons listed one by one below it. */
	for (int i = FWD_CODEC + 1; i < FWD__COUNT; i++)
		visit(arg, us_fwd_drop_name((enum us_fwd_drop)i), fwd[i]);
	for (int i = DROP_NONE + 1; i < DROP__COUNT; i++)
		visit(arg, us_drop_name((enum us_drop)i), codec[i]);
	for (int i = 0; i < IO__COUNT; i++)
		visit(arg, us_io_drop_name((enum us_io_drop)i), io[i]);
	us_attach_lan_ring_drops(dp);
	visit(arg, "io-ring-full", dp->up_ring_drops);
}
