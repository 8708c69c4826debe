/*
 * The control packet queue between the userspace dataplane's workers and the control thread (us_pq.h):
 * order, the bound and its counted drops, the eventfd, and many producers racing one consumer without loss;
 * NHRP sent by the inject path of spoke R3 of the forwarding fixture (GRE in ESP, or no-sa without its SA)
 * and punted by R4 with its link, NBMA source and bytes; worker 0's inject run, which drops and counts
 * an inject over a tunnel that is down or absent; the record and none backends (dp_punt.h).
 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dataplane/dp_punt.h"
#include "dataplane/userspace/ip4.h"
#include "dataplane/userspace/us_fwd_int.h"
#include "dataplane/userspace/us_io.h"
#include "dataplane/userspace/us_pq.h"
#include "dataplane/userspace/us_punt.h"
#include "us_fixture.h"
#include "us_fwd_fixture.h"

#define PRODUCERS    4
#define PER_PRODUCER 20000

/* A packet whose bytes say who sent it and its number: [producer, seq (4 bytes big-endian)]. */
static struct dp_punt numbered(uint8_t *buf, uint8_t producer, uint32_t seq)
{
	struct dp_punt pkt = {.dpu_link = "fy-tu0", .dpu_proto = 0x2001, .dpu_data = buf, .dpu_len = 5};

	pkt.dpu_nbma.s_addr = htonl(0xc0000201); /* 192.0.2.1 */
	buf[0] = producer;
	buf[1] = (uint8_t)(seq >> 24);
	buf[2] = (uint8_t)(seq >> 16);
	buf[3] = (uint8_t)(seq >> 8);
	buf[4] = (uint8_t)seq;
	return pkt;
}

static uint32_t seq_of(const struct us_pq_msg *m)
{
	return (uint32_t)m->pm_data[1] << 24 | (uint32_t)m->pm_data[2] << 16 | (uint32_t)m->pm_data[3] << 8 |
	       m->pm_data[4];
}

static bool readable(int fd)
{
	struct pollfd pfd = {.fd = fd, .events = POLLIN};

	return poll(&pfd, 1, 0) == 1;
}

/* What a drain saw: each packet's sequence number, in order, and that its other fields came through. */
struct seen {
	uint32_t sn_seq[64];
	size_t sn_count;
	bool sn_fields_ok;
};

static void record_seen(void *arg, const struct us_pq_msg *m)
{
	struct seen *s = arg;
	struct dp_punt pkt = us_pq_view(m);

	s->sn_fields_ok = s->sn_fields_ok && strcmp(pkt.dpu_link, "fy-tu0") == 0 && pkt.dpu_proto == 0x2001 &&
			  pkt.dpu_nbma.s_addr == htonl(0xc0000201) && pkt.dpu_len == 5;
	if (s->sn_count < 64)
		s->sn_seq[s->sn_count++] = seq_of(m);
}

static void test_order_and_signal(void **state)
{
	struct us_pq q;
	struct seen s = {.sn_fields_ok = true};
	uint8_t buf[5];

	(void)state;
	assert_int_equal(us_pq_init(&q, 16), 0);
	assert_false(readable(q.pq_wake));
	for (uint32_t i = 0; i < 10; i++) {
		struct dp_punt pkt = numbered(buf, 0, 100 + i);
		assert_int_equal(us_pq_push(&q, &pkt), 0);
	}
	assert_true(readable(q.pq_wake));
	/* A partial drain leaves the rest signalled. */
	assert_int_equal(us_pq_drain(&q, 4, record_seen, &s), 4);
	assert_true(readable(q.pq_wake));
	assert_int_equal(us_pq_drain(&q, SIZE_MAX, record_seen, &s), 6);
	assert_false(readable(q.pq_wake));
	assert_int_equal(s.sn_count, 10);
	for (uint32_t i = 0; i < 10; i++)
		assert_int_equal(s.sn_seq[i], 100 + i);
	assert_true(s.sn_fields_ok);
	assert_int_equal(q.pq_in, 10);
	us_pq_destroy(&q);
}

static void test_bounded(void **state)
{
	struct us_pq q;
	struct seen s = {.sn_fields_ok = true};
	uint8_t buf[5], big[DP_PUNT_MAX + 1] = {0};
	struct dp_punt too_long = {.dpu_link = "fy-tu0", .dpu_data = big, .dpu_len = sizeof(big)};

	(void)state;
	assert_int_equal(us_pq_init(&q, 4), 0);
	for (uint32_t i = 0; i < 7; i++) {
		struct dp_punt pkt = numbered(buf, 0, i);
		assert_int_equal(us_pq_push(&q, &pkt), i < 4 ? 0 : -ENOBUFS);
	}
	assert_int_equal(us_pq_push(&q, &too_long), -EMSGSIZE);
	assert_int_equal(q.pq_full, 3);
	assert_int_equal(q.pq_in, 4);
	/* The first four stay, in order; the ring wraps for the next ones. */
	assert_int_equal(us_pq_drain(&q, SIZE_MAX, record_seen, &s), 4);
	for (uint32_t i = 0; i < 3; i++) {
		struct dp_punt pkt = numbered(buf, 0, 50 + i);
		assert_int_equal(us_pq_push(&q, &pkt), 0);
	}
	assert_int_equal(us_pq_drain(&q, SIZE_MAX, record_seen, &s), 3);
	assert_int_equal(s.sn_count, 7);
	assert_int_equal(s.sn_seq[3], 3);
	assert_int_equal(s.sn_seq[4], 50);
	assert_int_equal(s.sn_seq[6], 52);
	us_pq_destroy(&q);
}

/* Many producers: each packet taken arrives once, each producer's in its order; the refused are counted. */
struct race {
	struct us_pq rc_q;
	uint32_t rc_next[PRODUCERS]; /* the consumer's: the sequence number it expects from each producer */
	uint64_t rc_refused[PRODUCERS];
	uint64_t rc_received;
	bool rc_in_order;
};

struct producer {
	struct race *pr_race;
	uint8_t pr_id;
};

static void *produce(void *arg)
{
	struct producer *p = arg;
	uint8_t buf[5];

	for (uint32_t seq = 0; seq < PER_PRODUCER;) {
		struct dp_punt pkt = numbered(buf, p->pr_id, seq);

		/* A refused packet is sent again: it must not be delivered twice nor out of order. */
		if (us_pq_push(&p->pr_race->rc_q, &pkt) == 0)
			seq++;
		else
			p->pr_race->rc_refused[p->pr_id]++;
	}
	return NULL;
}

static void consume_one(void *arg, const struct us_pq_msg *m)
{
	struct race *r = arg;
	uint8_t id = m->pm_data[0];

	if (id >= PRODUCERS || seq_of(m) != r->rc_next[id])
		r->rc_in_order = false;
	else
		r->rc_next[id]++;
	r->rc_received++;
}

static void test_many_producers(void **state)
{
	struct race r = {.rc_in_order = true};
	struct producer p[PRODUCERS];
	pthread_t th[PRODUCERS];
	uint64_t refused = 0;

	(void)state;
	assert_int_equal(us_pq_init(&r.rc_q, 32), 0);
	for (uint8_t i = 0; i < PRODUCERS; i++) {
		p[i] = (struct producer){.pr_race = &r, .pr_id = i};
		assert_int_equal(pthread_create(&th[i], NULL, produce, &p[i]), 0);
	}
	/* The consumer sleeps on the eventfd as the main loop does: a lost wake-up would hang here. */
	while (r.rc_received < (uint64_t)PRODUCERS * PER_PRODUCER) {
		struct pollfd pfd = {.fd = r.rc_q.pq_wake, .events = POLLIN};

		assert_int_equal(poll(&pfd, 1, 5000), 1);
		us_pq_drain(&r.rc_q, SIZE_MAX, consume_one, &r);
	}
	for (int i = 0; i < PRODUCERS; i++) {
		pthread_join(th[i], NULL);
		refused += r.rc_refused[i];
		assert_int_equal(r.rc_next[i], PER_PRODUCER);
	}
	assert_true(r.rc_in_order);
	assert_int_equal(r.rc_q.pq_in, (uint64_t)PRODUCERS * PER_PRODUCER);
	assert_int_equal(r.rc_q.pq_full, refused);
	assert_false(readable(r.rc_q.pq_wake));
	us_pq_destroy(&r.rc_q);
}

/* The snapshot router r publishes now; left with us_rcu_exit. */
static const struct us_snap *enter(struct router *r)
{
	return (const struct us_snap *)us_rcu_enter(&r->rt_rcu, r->rt_reader);
}

static size_t link_index(const struct us_snap *s, const char *name)
{
	for (size_t i = 0; i < s->sn_nlinks; i++)
		if (strcmp(s->sn_links[i].lk_cfg.dl_name, name) == 0)
			return i;
	fail_msg("no link %s", name);
	return US_NO_LINK;
}

/* An NHRP message as the control thread hands it down (the bytes after the GRE header). */
static const uint8_t injected_nhrp[] = {0x00, 0x01, 0x08, 0x00, 0xff, 0x00, 0x20, 0x00, 0x01, 0x03};

/* What R3's inject path makes of an NHRP message to R4's NBMA address over tun1. */
static void r3_inject(struct router *r3, uint8_t *buf, size_t size, struct pkt *p, struct us_verdict *v)
{
	const struct us_snap *s = enter(r3);

	pkt_init(p, buf, size, US_FWD_HEADROOM);
	memcpy(pkt_put(p, sizeof(injected_nhrp)), injected_nhrp, sizeof(injected_nhrp));
	us_fwd_verdict_init(v);
	us_fwd_gre_out(s, &r3->rt_worker, link_index(s, "tun1"), fx_addr(R4_NBMA), GRE_PROTO_NHRP, p, v);
	us_rcu_exit(&r3->rt_rcu, r3->rt_reader);
}

static void drain_one(void *arg, const struct us_pq_msg *m)
{
	char *line = arg;
	struct dp_punt pkt = us_pq_view(m);

	dp_punt_format("punt", &pkt, line, 128);
}

static void test_inject_and_punt(void **state)
{
	struct router r3, r4;
	struct us_punt pu;
	uint8_t buf[US_FWD_HEADROOM + 256 + US_FWD_TAILROOM];
	struct pkt p;
	struct us_verdict v;
	char line[128] = "";
	struct dp_op ops[1];
	size_t n = 0;
	const struct us_snap *s4;

	(void)state;
	fwdfx_init(&r3, &fwdfx_r3);
	fwdfx_init(&r4, &fwdfx_r4);
	assert_int_equal(us_punt_init(&pu), 0);
	r3_inject(&r3, buf, sizeof(buf), &p, &v);
	assert_int_equal(v.v_egress, US_EGRESS_UNDERLAY);
	assert_int_equal(v.v_nbma.s_addr, fx_addr(R4_NBMA).s_addr);
	assert_int_equal(p.pkt_data[IP4_OFF_PROTO], IP4_PROTO_UDP); /* ESP in UDP, not GRE (47) */
	/* R4 decides it as it would from its socket, and its worker punts it. */
	s4 = enter(&r4);
	us_fwd_from_underlay(s4, &r4.rt_worker, &p, &v);
	assert_int_equal(v.v_egress, US_EGRESS_CONTROL);
	assert_int_equal(v.v_control, US_CONTROL_NHRP);
	us_punt_nhrp(&pu, s4, &v, &p);
	us_rcu_exit(&r4.rt_rcu, r4.rt_reader);
	assert_int_equal(us_pq_drain(&pu.pu_up, SIZE_MAX, drain_one, line), 1);
	assert_string_equal(line, "punt tun1 " R3_NBMA " 0x2001 00010800ff0020000103");
	/* Without its outbound SA (IKE deleted it), the protected path drops rather than send GRE in clear. */
	fwdfx_sa(ops, &n, fwdfx_r3.sp_spi_out, R3_NBMA, R4_NBMA, 1);
	ops[0].op_type = DP_SA_DEL;
	fwdfx_apply(&r3, ops, n);
	r3_inject(&r3, buf, sizeof(buf), &p, &v);
	assert_int_equal(v.v_egress, US_EGRESS_DROP);
	assert_int_equal(v.v_drop, FWD_NO_SA);
	assert_int_equal(r3.rt_worker.w_fwd_drops[FWD_NO_SA], 1);
	us_punt_destroy(&pu);
	fwdfx_free(&r3);
	fwdfx_free(&r4);
}

/* Worker 0 of a backend whose snapshots are R3's, for the inject path: no sockets, so nothing leaves the test. */
struct inject_rig {
	struct router ir_r3;
	struct dp *ir_dp; /* its punt queues and sockets only */
	struct us_wthread *ir_worker;
	struct us_batch *ir_batch;
};

static void rig_init(struct inject_rig *g)
{
	fwdfx_init(&g->ir_r3, &fwdfx_r3);
	assert_non_null(g->ir_dp = calloc(1, sizeof(*g->ir_dp)));
	assert_non_null(g->ir_batch = calloc(1, sizeof(*g->ir_batch)));
	assert_int_equal(us_punt_init(&g->ir_dp->up_punt), 0);
	/* A packet that reaches the send is refused (io-send-failed), never sent anywhere. */
	g->ir_dp->up_sock.so_tx = -1;
	for (size_t i = 0; i < US_RX__COUNT; i++)
		g->ir_dp->up_sock.so_rx[i] = -1;
	us_send_init(&g->ir_batch->ba_send, false);
	g->ir_worker = &g->ir_dp->up_workers[0];
	g->ir_worker->wt_dp = g->ir_dp;
	g->ir_worker->wt_fwd = g->ir_r3.rt_worker; /* R3's ESP context, freed with R3 */
}

static void rig_free(struct inject_rig *g)
{
	us_punt_destroy(&g->ir_dp->up_punt);
	free(g->ir_batch);
	free(g->ir_dp);
	fwdfx_free(&g->ir_r3);
}

/* The control thread injects NHRP for R4 over link; worker 0, woken, runs the inject path and drains it. */
static void rig_inject(struct inject_rig *g, const char *link)
{
	struct dp_punt pkt = {.dpu_nbma = fx_addr(R4_NBMA),
			      .dpu_proto = GRE_PROTO_NHRP,
			      .dpu_data = injected_nhrp,
			      .dpu_len = sizeof(injected_nhrp)};

	snprintf(pkt.dpu_link, sizeof(pkt.dpu_link), "%s", link);
	assert_int_equal(us_punt_inject(g->ir_dp, &pkt), 0);
	assert_true(readable(us_punt_inject_fd(&g->ir_dp->up_punt)));
	us_punt_inject_run(g->ir_worker, g->ir_batch, enter(&g->ir_r3));
	us_rcu_exit(&g->ir_r3.rt_rcu, g->ir_r3.rt_reader);
	assert_false(readable(us_punt_inject_fd(&g->ir_dp->up_punt)));
}

/* R3's tun1 as it is, but down (the line protocol went down: the control plane sends the link again). */
static void rig_link_down(struct inject_rig *g)
{
	const struct us_snap *s = enter(&g->ir_r3);
	struct dp_op op = {.op_type = DP_LINK_ADD, .op_link = s->sn_links[link_index(s, "tun1")].lk_cfg};

	us_rcu_exit(&g->ir_r3.rt_rcu, g->ir_r3.rt_reader);
	op.op_link.dl_up = false;
	fwdfx_apply(&g->ir_r3, &op, 1);
}

/* An inject over an up tunnel goes to the send (refused here: no socket) and counts as injected. */
static void test_inject_run_up(void **state)
{
	struct inject_rig g;

	(void)state;
	rig_init(&g);
	rig_inject(&g, "tun1");
	assert_int_equal(g.ir_dp->up_punt.pu_injected, 1);
	assert_int_equal(g.ir_worker->wt_io_drops[IO_SEND], 1);
	assert_int_equal(g.ir_worker->wt_fwd.w_fwd_drops[FWD_LINK_DOWN], 0);
	rig_free(&g);
}

/* An inject over a tunnel that is down, absent, or no GRE tunnel is dropped and counted, and reaches no send. */
static void test_inject_run_link_down(void **state)
{
	struct inject_rig g;

	(void)state;
	rig_init(&g);
	rig_link_down(&g);
	rig_inject(&g, "tun1");
	assert_int_equal(g.ir_worker->wt_fwd.w_fwd_drops[FWD_LINK_DOWN], 1);
	assert_int_equal(g.ir_dp->up_punt.pu_inject_no_link, 0);
	rig_inject(&g, "tun9");
	rig_inject(&g, "lan1");
	assert_int_equal(g.ir_dp->up_punt.pu_inject_no_link, 2);
	assert_int_equal(g.ir_worker->wt_fwd.w_fwd_drops[FWD_LINK_DOWN], 1);
	assert_int_equal(g.ir_dp->up_punt.pu_injected, 0);
	assert_int_equal(g.ir_worker->wt_io_drops[IO_SEND], 0);
	rig_free(&g);
}

static void test_record_and_none(void **state)
{
	struct dataplane dpl;
	const uint8_t nhrp[] = {0x00, 0x01, 0x08, 0x00};
	struct in_addr nbma = {.s_addr = htonl(0xc0000202)};

	(void)state;
	assert_int_equal(dataplane_open(&dpl, "record"), 0);
	assert_int_equal(dataplane_punt_fd(&dpl), -1);
	assert_int_equal(dataplane_inject(&dpl, "fy-tu0", nbma, 0x2001, nhrp, sizeof(nhrp)), 0);
	assert_string_equal(dp_record_text(dpl.dpl_state), "inject fy-tu0 192.0.2.2 0x2001 00010800\n");
	assert_int_equal(dataplane_inject(&dpl, "a-name-too-long-for-linux", nbma, 0x2001, nhrp, 4), -ENODEV);
	assert_int_equal(dataplane_inject(&dpl, "fy-tu0", nbma, 0x2001, nhrp, DP_PUNT_MAX + 1), -EMSGSIZE);
	dataplane_close(&dpl);
	assert_int_equal(dataplane_open(&dpl, "none"), 0);
	assert_int_equal(dataplane_punt_fd(&dpl), -1);
	assert_int_equal(dataplane_punt_drain(&dpl, NULL, NULL), -EOPNOTSUPP);
	assert_int_equal(dataplane_inject(&dpl, "fy-tu0", nbma, 0x2001, nhrp, sizeof(nhrp)), -EOPNOTSUPP);
	dataplane_close(&dpl);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_order_and_signal), cmocka_unit_test(test_bounded),
	    cmocka_unit_test(test_many_producers),   cmocka_unit_test(test_inject_and_punt),
	    cmocka_unit_test(test_inject_run_up),    cmocka_unit_test(test_inject_run_link_down),
	    cmocka_unit_test(test_record_and_none),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
