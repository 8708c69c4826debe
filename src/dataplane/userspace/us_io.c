/* Batched reads, the forwarding decision per packet, and batched sends. */
#include "dataplane/userspace/us_io.h"

#include <string.h>
#include <unistd.h>

#include "dataplane/userspace/esp_tx.h"
#include "dataplane/userspace/ip4.h"
#include "dataplane/userspace/udpencap.h"
#include "dataplane/userspace/us_echo.h"
#include "dataplane/userspace/us_fwd_int.h"
#include "dataplane/userspace/us_lan_frame.h"
#include "dataplane/userspace/us_tun.h"
#include "dataplane/userspace/us_udp_rx.h"
#include "dataplane/userspace/wire.h"

#define US_ENCAP_TTL 64	      /* of the IPv4 header rebuilt for a datagram (the socket does not tell the real one) */
#define US_HELP_WAKE US_BATCH /* a full batch read: the socket holds more, worth waking other workers for */
/*
 * Workers it takes for helping to pay: with two (bench/dataplane on 2 cores, both routers, CEs and iperf3 on them),
 * waking the second for every full batch cost UDP about 30% and gained TCP nothing measurable (bench/README.md).
 */
#define US_HELP_MIN_WORKERS 3

static void us_io_drop(struct us_wthread *t, enum us_io_drop why)
{
	atomic_fetch_add_explicit(&t->wt_io_drops[why], 1, memory_order_relaxed);
}

/* Sends what the batch queued for the underlay; a packet the kernel refuses is counted, the rest go on. */
void us_io_flush(struct us_wthread *t, struct us_batch *b)
{
	unsigned refused = 0;

	us_send_flush(&b->ba_send, &t->wt_dp->up_sock, &refused);
	atomic_fetch_add_explicit(&t->wt_io_drops[IO_SEND], refused, memory_order_relaxed);
	/* Sent: the SAs sealed for this batch may go to other workers (esp_tx.h). */
	esp_tx_release(esp_ctx_own_tx(t->wt_fwd.w_esp));
}

static int us_io_write(int fd, const uint8_t *buf, size_t len)
{
	return write(fd, buf, len) < 0 ? -1 : 0;
}

/* What the batch joined for a TUN goes out when the batch ends. */
static void us_io_tun_flush(struct us_wthread *t, struct us_batch *b)
{
	if (us_gro_flush(&b->ba_gro, us_io_write) < 0)
		us_io_drop(t, IO_SEND);
}

static void us_io_to_slot(struct us_wthread *t, struct us_batch *b, struct us_tun_slot *slot, struct pkt *p)
{
	if (!slot) {
		us_io_drop(t, IO_NO_TUN);
		return;
	}
	us_count_add(&slot->ts_to_tun, p->pkt_len);
	b->ba_gro.gr_uso = us_tun_uso();
	if (us_gro_add(&b->ba_gro, slot->ts_fd[t->wt_index], p, us_io_write) < 0)
		us_io_drop(t, IO_SEND);
}

static void us_io_to_tun(struct us_wthread *t, struct us_batch *b, const struct us_snap *s, size_t vrf, struct pkt *p)
{
	us_io_to_slot(t, b, vrf < s->sn_nvrfs ? us_tun_find(t->wt_dp, s->sn_vrfs[vrf].vr_name) : NULL, p);
}

/*
 * A packet for the global table goes to the kernel, which holds its
 * addresses and routes, through the TUN of the tunnel it came in on (its
 * own or the shared one); from no tunnel, it has no way in.
 */
static void us_io_to_host(struct us_wthread *t, struct us_batch *b, const struct us_snap *s, size_t link, struct pkt *p)
{
	us_io_to_slot(t, b, link < s->sn_nlinks ? us_tun_host(t->wt_dp, s->sn_links[link].lk_cfg.dl_name) : NULL, p);
}

static void us_io_send(struct us_wthread *t, struct us_batch *b, const struct us_snap *s, struct pkt *p,
		       struct us_verdict *v, bool may_answer);

/* A packet for one of the router's VRF addresses: a ping answered, UDP and TCP refused, else dropped. */
static void us_io_local(struct us_wthread *t, struct us_batch *b, const struct us_snap *s, struct pkt *p,
			struct us_verdict *v)
{
	size_t vrf = v->v_vrf;

	if (!us_echo_answer(p)) {
		us_io_drop(t, IO_LOCAL);
		return;
	}
	us_fwd_verdict_init(v);
	us_fwd_vrf(s, &t->wt_fwd, vrf, p, v);
	us_io_send(t, b, s, p, v, false);
}

/* Carries out a verdict; may_answer: a packet for a router address may be answered (not a reply itself). */
static void us_io_send(struct us_wthread *t, struct us_batch *b, const struct us_snap *s, struct pkt *p,
		       struct us_verdict *v, bool may_answer)
{
	struct in_addr dst;

	switch (v->v_egress) {
	case US_EGRESS_UNDERLAY:
		us_send_queue(&b->ba_send, p, v->v_nbma);
		break;
	case US_EGRESS_TUN:
		memcpy(&dst, p->pkt_data + IP4_OFF_DST, 4);
		if (v->v_vrf == US_VRF_GLOBAL)
			us_io_to_host(t, b, s, v->v_link, p);
		else if (!us_snap_is_local(s, v->v_vrf, dst))
			us_io_to_tun(t, b, s, v->v_vrf, p);
		else if (may_answer)
			us_io_local(t, b, s, p, v);
		else
			us_io_drop(t, IO_LOCAL);
		break;
	case US_EGRESS_CONTROL: /* NHRP to the control thread (us_punt.h); IKE its socket did not take: no taker */
		if (v->v_control == US_CONTROL_NHRP)
			us_punt_nhrp(&t->wt_dp->up_punt, s, v, p);
		else
			us_io_drop(t, IO_CONTROL);
		break;
	case US_EGRESS_DROP: /* counted by the decision */
		break;
	}
}

/* Decides the packets one read from a TUN makes, each in the buffer of the next underlay send. */
static void us_io_tun_packets(struct us_wthread *t, struct us_batch *b, const struct us_snap *s, bool from_host,
			      size_t vrf, const struct us_gso *g)
{
	for (size_t k = 0; k < g->g_nseg; k++) {
		struct pkt *p;
		struct us_verdict v;

		size_t i = us_send_queued(&b->ba_send);

		if (i == US_BATCH) {
			us_io_flush(t, b);
			i = 0;
		}
		p = &b->ba_pkt[i];
		pkt_init(p, b->ba_buf[i], US_BUF_SIZE, US_FWD_HEADROOM);
		pkt_put(p, us_gso_segment(g, k, p->pkt_data));
		if (from_host)
			us_fwd_from_host(s, &t->wt_fwd, p, &v);
		else
			us_fwd_from_tun(s, &t->wt_fwd, vrf, p, &v);
		us_io_send(t, b, s, p, &v, true);
	}
}

/*
 * One packet as a TUN read gives it (virtio-net header first), read from
 * slot's TUN or from a LAN link of its VRF: checked, counted on the slot
 * (none: a VRF without its TUN yet), cut and decided.
 */
static void us_io_read(struct us_wthread *t, struct us_batch *b, const struct us_snap *s, struct us_tun_slot *slot,
		       size_t vrf, const uint8_t *buf, size_t n)
{
	struct us_gso g;
	enum us_drop why = us_gso_parse(buf, n, &g);

	if (why == DROP_NONE && us_gso_max(&g) > US_DATA_MAX)
		why = DROP_NO_ROOM;
	if (slot)
		us_count_add(&slot->ts_from_tun, why == DROP_NONE ? g.g_len : n);
	if (why != DROP_NONE)
		t->wt_fwd.w_codec_drops[why]++;
	else
		us_io_tun_packets(t, b, s, slot && slot->ts_tunnel, vrf, &g);
}

/* The snapshot's index of VRF name; one not in this snapshot yet: an index past the last, dropped as no-vrf. */
static size_t us_io_vrf(const struct us_snap *s, const char *name)
{
	size_t vrf = us_snap_vrf(s, name);

	return vrf == SIZE_MAX ? s->sn_nvrfs : vrf;
}

/* Ends a batch: what it queued for the underlay and for TUNs goes out. */
static void us_io_batch_end(struct us_wthread *t, struct us_batch *b)
{
	us_io_flush(t, b);
	us_io_tun_flush(t, b);
}

void us_io_tun(struct us_wthread *t, struct us_batch *b, const struct us_snap *s, struct us_tun_slot *slot)
{
	size_t vrf = us_io_vrf(s, slot->ts_name);
	ssize_t n;

	for (unsigned i = 0; i < US_BATCH && (n = read(slot->ts_fd[t->wt_index], b->ba_tun, sizeof(b->ba_tun))) > 0;
	     i++)
		us_io_read(t, b, s, slot, vrf, b->ba_tun, (size_t)n);
	us_io_batch_end(t, b);
}

/* The frame at the head of ring r: its packet, or the whole copy queued on the socket, decided; or counted. */
static void us_io_lan_frame(struct us_wthread *t, struct us_batch *b, const struct us_snap *s,
			    const struct us_lan_ring *r, struct us_tun_slot *slot, size_t vrf, uint8_t *frame)
{
	struct us_lan_frame f;
	enum us_drop why = us_lan_frame_parse(frame, US_LAN_RING_FRAME, &f);
	ssize_t n;

	if (why == DROP_NONE && f.lf_copy) {
		if ((n = us_lan_ring_read_copy(r, b->ba_tun, sizeof(b->ba_tun))) < 0) {
			us_io_drop(t, IO_TRUNCATED);
			return;
		}
		why = us_lan_frame_copied(b->ba_tun, (size_t)n, &f);
	}
	if (why != DROP_NONE)
		t->wt_fwd.w_codec_drops[why]++;
	else
		us_io_read(t, b, s, slot, vrf, f.lf_pkt, f.lf_len);
}

void us_io_lan(struct us_wthread *t, struct us_batch *b, const struct us_snap *s, struct us_lan_slot *lan)
{
	struct us_lan_ring *r = &lan->ls_ring[t->wt_index];
	struct us_tun_slot *slot = us_tun_find(t->wt_dp, lan->ls_vrf);
	size_t vrf = us_io_vrf(s, lan->ls_vrf);
	uint8_t *frame;

	for (unsigned i = 0; i < US_BATCH && (frame = us_lan_ring_frame(r)); i++) {
		us_io_lan_frame(t, b, s, r, slot, vrf, frame);
		us_lan_ring_release(r);
	}
	us_io_batch_end(t, b);
}

/* The address a datagram was sent to, from its IP_PKTINFO. */
static bool us_io_pktinfo(struct msghdr *mh, struct in_addr *dst)
{
	for (struct cmsghdr *cm = CMSG_FIRSTHDR(mh); cm; cm = CMSG_NXTHDR(mh, cm))
		if (cm->cmsg_level == IPPROTO_IP && cm->cmsg_type == IP_PKTINFO) {
			struct in_pktinfo pi;

			memcpy(&pi, CMSG_DATA(cm), sizeof(pi));
			*dst = pi.ipi_addr;
			return true;
		}
	return false;
}

/* Where each of n datagrams read from UDP 4500 was sent. */
static void us_io_rx_dsts(struct us_batch *b, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		if (!us_io_pktinfo(&b->ba_rx[i].msg_hdr, &b->ba_dst[i]))
			b->ba_dst[i].s_addr = INADDR_ANY;
}

/* Puts back the IPv4 and UDP headers of a datagram read from UDP 4500, as esp_input takes them. */
static bool us_io_encap_headers(struct us_batch *b, unsigned i, struct pkt *p)
{
	struct ip4_fields f = {.if_src = b->ba_from[i].sin_addr,
			       .if_dst = b->ba_dst[i],
			       .if_proto = IP4_PROTO_UDP,
			       .if_ttl = US_ENCAP_TTL};
	uint8_t *udp, *ip;

	if (f.if_dst.s_addr == INADDR_ANY || p->pkt_len + US_ENCAP_HDR > UINT16_MAX)
		return false;
	udp = pkt_push(p, UDP_HDR_LEN);
	wire_put16(udp, ntohs(b->ba_from[i].sin_port));
	wire_put16(udp + 2, UDPENCAP_PORT);
	wire_put16(udp + 4, (uint16_t)p->pkt_len);
	wire_put16(udp + 6, 0);
	ip = pkt_push(p, IP4_HDR_LEN);
	ip4_write(ip, &f, (uint16_t)p->pkt_len);
	return true;
}

static void us_io_rx_prepare(struct us_batch *b, size_t room)
{
	for (unsigned i = 0; i < US_BATCH; i++) {
		b->ba_rx_iov[i] = (struct iovec){.iov_base = b->ba_buf[i] + room, .iov_len = US_DATA_MAX};
		b->ba_rx[i].msg_hdr = (struct msghdr){.msg_name = &b->ba_from[i],
						      .msg_namelen = sizeof(b->ba_from[i]),
						      .msg_iov = &b->ba_rx_iov[i],
						      .msg_iovlen = 1,
						      .msg_control = b->ba_ctl[i].c,
						      .msg_controllen = sizeof(b->ba_ctl[i].c)};
	}
}

/* An underlay batch being decided: what each worker deciding one of its datagrams needs (us_help.h). */
struct us_io_job {
	struct us_batch *jb_batch;
	const struct us_snap *jb_snap;
	enum us_rx_sock jb_which;
	size_t jb_room;
	struct esp_tx *jb_tx; /* the reading worker's sender: SAs sealed here are its until it sends */
};

/* Decides datagram i of the job's batch into its verdict, on worker's contexts and counters. */
static void us_io_underlay_verdict(const struct us_io_job *j, struct us_wthread *t, unsigned i)
{
	struct us_batch *b = j->jb_batch;
	struct pkt *p = &b->ba_pkt[i];
	struct us_verdict *v = &b->ba_verdict[i];

	us_fwd_verdict_init(v);
	v->v_egress = US_EGRESS_DROP;
	if (b->ba_rx[i].msg_hdr.msg_flags & MSG_TRUNC) {
		us_io_drop(t, IO_TRUNCATED);
		return;
	}
	pkt_init(p, b->ba_buf[i], US_BUF_SIZE, j->jb_room);
	pkt_put(p, b->ba_rx[i].msg_len);
	if (j->jb_which == US_RX_UDP && !us_io_encap_headers(b, i, p)) {
		us_io_drop(t, IO_TRUNCATED);
		return;
	}
	us_fwd_from_underlay(j->jb_snap, &t->wt_fwd, p, v);
}

/* Seals for the reader, which sends, without waiting: the reader waits for the deciders (esp_tx.h). */
static void us_io_underlay_decide(void *job, void *worker, unsigned i)
{
	struct us_io_job *j = job;
	struct us_wthread *t = worker;
	struct esp_ctx *ctx = t->wt_fwd.w_esp;

	esp_ctx_send_as(ctx, j->jb_tx, false);
	us_io_underlay_verdict(j, t, i);
	esp_ctx_send_as(ctx, esp_ctx_own_tx(ctx), true);
}

/* Decides the n datagrams of the job's batch with every worker that is free (us_help.h), sends them in order. */
static void us_io_underlay_run(struct us_wthread *t, struct us_io_job *job, unsigned n)
{
	struct us_batch *b = job->jb_batch;

	us_help_run(&t->wt_dp->up_help, us_io_underlay_decide, job, t, n,
		    n >= US_HELP_WAKE && t->wt_dp->up_nworkers >= US_HELP_MIN_WORKERS);
	for (unsigned i = 0; i < n; i++)
		us_io_send(t, b, job->jb_snap, &b->ba_pkt[i], &b->ba_verdict[i], true);
	us_io_batch_end(t, b);
}

/* Datagram i of the batch from a segment of a super-datagram, as recvmmsg would have read it. */
static void us_io_rx_segment(struct us_batch *b, unsigned i, size_t room, const struct us_udp_rx *r, const uint8_t *seg,
			     size_t len)
{
	bool fits = !r->ur_truncated && len <= US_DATA_MAX;

	b->ba_rx[i].msg_hdr.msg_flags = fits ? 0 : MSG_TRUNC;
	b->ba_rx[i].msg_len = fits ? (unsigned)len : 0;
	b->ba_from[i] = r->ur_from;
	b->ba_dst[i].s_addr = r->ur_has_dst ? r->ur_dst.s_addr : INADDR_ANY;
	if (fits)
		memcpy(b->ba_buf[i] + room, seg, len);
}

/*
 * UDP 4500 with UDP_GRO: super-datagrams read one at a time, their segments decided in batches; reading stops
 * once a batch is full, as one recvmmsg did, so that worker 0 goes back to its TUN queues as often.
 */
static void us_io_underlay_gro(struct us_wthread *t, struct us_io_job *job)
{
	struct us_batch *b = job->jb_batch;
	int fd = t->wt_dp->up_sock.so_rx[US_RX_UDP];
	struct us_udp_rx r;
	const uint8_t *seg;
	size_t len;
	unsigned n = 0;
	bool full = false;

	while (!full && us_udp_rx_read(fd, b->ba_tun, sizeof(b->ba_tun), &r) > 0)
		while (us_udp_rx_next(&r, &seg, &len)) {
			us_io_rx_segment(b, n, job->jb_room, &r, seg, len);
			if (++n == US_BATCH) {
				us_io_underlay_run(t, job, n);
				n = 0;
				full = true;
			}
		}
	if (n)
		us_io_underlay_run(t, job, n);
}

/* Decided by every worker that is free (us_help.h), sent by this one in the order read. */
void us_io_underlay(struct us_wthread *t, struct us_batch *b, const struct us_snap *s, enum us_rx_sock which)
{
	struct us_io_job job = {.jb_batch = b,
				.jb_snap = s,
				.jb_which = which,
				.jb_room = US_FWD_HEADROOM + (which == US_RX_UDP ? US_ENCAP_HDR : 0),
				.jb_tx = esp_ctx_own_tx(t->wt_fwd.w_esp)};
	int n;

	if (which == US_RX_UDP && t->wt_dp->up_sock.so_udp_gro) {
		us_io_underlay_gro(t, &job);
		return;
	}
	us_io_rx_prepare(b, job.jb_room);
	n = recvmmsg(t->wt_dp->up_sock.so_rx[which], b->ba_rx, US_BATCH, MSG_DONTWAIT, NULL);
	if (n <= 0)
		return;
	if (which == US_RX_UDP)
		us_io_rx_dsts(b, (unsigned)n);
	us_io_underlay_run(t, &job, (unsigned)n);
}
