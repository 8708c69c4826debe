/*
 * The SA manager's rekeying against itself: two managers ("a" and "b",
 * each with a record dataplane) hold the two ends of one established IKE SA
 * and hand each other what they send (the request in flight, the last
 * answer) through ikev2_sa_rx, as the network would. A CHILD_SA rekey
 * replaces the CHILD_SA on both ends and the old one goes on its DELETE;
 * simultaneous rekeys of the CHILD_SA and of the IKE SA (§2.8.1) end with
 * both ends holding the same single survivor, made by the exchange without
 * the lowest nonce, and nothing left over. A peer that moved takes the
 * CHILD_SA along in the dataplane. The responder's g^ir runs on a worker:
 * it answers once the keys are made, drops a retransmission meanwhile, and
 * a completion whose SA went only frees.
 */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/log.h"
#include "core/loop.h"
#include "core/workq.h"
#include "ike/ikev2_sa.h"
#include "ike/ikev2_skmsg.h"
#include "rib/fib.h"
#include "subsys.h"

struct end {
	struct ferryd e_d;
	struct ikev2_mgr e_mg;
	struct sockaddr_in e_addr;
};

static struct cli_tree *tree;
static struct loop *loop;

static void end_init(struct end *e, const char *ip)
{
	*e = (struct end){.e_addr = {.sin_family = AF_INET, .sin_port = htons(IKEV2_NATT_PORT)}};
	inet_pton(AF_INET, ip, &e->e_addr.sin_addr);
	e->e_d.fd_loop = loop;
	e->e_d.fd_tree = tree;
	assert_non_null(e->e_d.fd_running = cfg_new());
	assert_int_equal(dataplane_open(&e->e_d.fd_dp, "record"), 0);
	e->e_mg.mg_d = &e->e_d;
	e->e_mg.mg_udp.u_fd[0] = e->e_mg.mg_udp.u_fd[1] = -1; /* the test carries the messages */
}

static void end_fini(struct end *e)
{
	ikev2_mgr.mg_d = &e->e_d; /* freeing an SA reaches the daemon through it */
	while (e->e_mg.mg_sas)
		ikev2_sa_drop(&e->e_mg, e->e_mg.mg_sas);
	fib_forget(&e->e_d); /* made when FlexVPN looked for routes to take down */
	dataplane_close(&e->e_d.fd_dp);
	cfg_free(e->e_d.fd_running);
}

/* One end of the IKE SA: the same keys on both ends, READY, one CHILD_SA. */
static struct ikev2_ike_sa *end_sa(struct end *e, const struct end *peer, bool initiator)
{
	struct ikev2_ike_sa *sa = ikev2_sa_alloc(&e->e_mg);
	struct ikev2_init *in = &sa->sa_init;
	struct ikev2_secret seed = {0};
	struct ikev2_choice *ch = &in->in_choice;

	in->in_initiator = initiator;
	in->in_spi_i = 0x1111;
	in->in_spi_r = 0x2222;
	in->in_local = e->e_addr;
	in->in_remote = peer->e_addr;
	/* IOS's default proposal, which the responder offers, with its second group. */
	*ch = (struct ikev2_choice){.ch_num = 1, .ch_protocol = IKEV2_PROTO_IKE};
	ch->ch_tr[IKEV2_TRANS_ENCR] = (struct ikev2_transform){IKEV2_TRANS_ENCR, IKEV2_ENCR_AES_CBC, 256, false};
	ch->ch_tr[IKEV2_TRANS_PRF] = (struct ikev2_transform){IKEV2_TRANS_PRF, IKEV2_PRF_HMAC_SHA2_256, 0, false};
	ch->ch_tr[IKEV2_TRANS_INTEG] =
	    (struct ikev2_transform){IKEV2_TRANS_INTEG, IKEV2_INTEG_HMAC_SHA2_256_128, 0, false};
	ch->ch_tr[IKEV2_TRANS_DH] = (struct ikev2_transform){IKEV2_TRANS_DH, IKEV2_DH_MODP_2048, 0, false};
	for (int t = IKEV2_TRANS_ENCR; t <= IKEV2_TRANS_DH; t++)
		ch->ch_has[t] = true;
	assert_int_equal(ikev2_choice_suite(ch, &in->in_suite), 0);
	assert_int_equal(ikev2_secret_copy(&seed, (const uint8_t *)"both ends' SKEYSEED", 19), 0);
	assert_int_equal(ikev2_ike_keys_derive(&in->in_keys, &in->in_suite, &seed, ikev2_chunk((const uint8_t *)"i", 1),
					       ikev2_chunk((const uint8_t *)"r", 1), 0x1111, 0x2222),
			 0);
	ikev2_secret_free(&seed);
	sa->sa_child = (struct ikev2_child){.cs_spi_in = initiator ? 0x1000 : 0x2000,
					    .cs_spi_out = initiator ? 0x2000 : 0x1000,
					    .cs_local = e->e_addr.sin_addr,
					    .cs_remote = peer->e_addr.sin_addr,
					    .cs_reqid = 9};
	sa->sa_child.cs_choice.ch_tr[IKEV2_TRANS_ENCR] =
	    (struct ikev2_transform){IKEV2_TRANS_ENCR, IKEV2_ENCR_AES_GCM_16, 128, false};
	assert_int_equal(ikev2_child_derive(&sa->sa_child, in->in_suite.su_prf, &in->in_keys.ik_d,
					    &(struct ikev2_blob){0}, &(struct ikev2_blob){0}, initiator),
			 0);
	sa->sa_child_installed = true;
	sa->sa_state = IKEV2_SA_READY;
	ikev2_sa_link(&e->e_mg, sa);
	return sa;
}

/* What a message of from (a copy: sending may replace it) does at to. */
static void deliver(struct end *to, const struct end *from, const struct ikev2_blob *msg)
{
	struct ikev2_blob copy = {0};

	assert_true(msg->bl_len > 0);
	assert_int_equal(ikev2_blob_set(&copy, msg->bl_data, msg->bl_len), 0);
	ikev2_sa_rx(&to->e_mg, copy.bl_data, copy.bl_len, &from->e_addr, &to->e_addr, true);
	ikev2_blob_free(&copy);
}

/* The one READY SA of an end. */
static struct ikev2_ike_sa *ready(const struct end *e)
{
	struct ikev2_ike_sa *found = NULL;

	for (struct ikev2_ike_sa *sa = e->e_mg.mg_sas; sa; sa = sa->sa_next)
		if (sa->sa_state == IKEV2_SA_READY) {
			assert_null(found);
			found = sa;
		}
	assert_non_null(found);
	return found;
}

static int count_sas(const struct end *e)
{
	int n = 0;

	for (const struct ikev2_ike_sa *sa = e->e_mg.mg_sas; sa; sa = sa->sa_next)
		n++;
	return n;
}

static bool no_spares(const struct ikev2_ike_sa *sa)
{
	for (int i = 0; i < IKEV2_SA_SPARES; i++)
		if (sa->sa_spare[i].cs_spi_in)
			return false;
	return true;
}

/* Both ends run one CHILD_SA, each other's, and nothing else. */
static void check_settled(const struct end *a, const struct end *b)
{
	const struct ikev2_ike_sa *x = ready(a), *y = ready(b);

	assert_int_equal(count_sas(a), 1);
	assert_int_equal(count_sas(b), 1);
	assert_int_equal(x->sa_init.in_spi_i, y->sa_init.in_spi_i);
	assert_int_equal(x->sa_init.in_spi_r, y->sa_init.in_spi_r);
	assert_int_equal(x->sa_child.cs_spi_in, y->sa_child.cs_spi_out);
	assert_int_equal(x->sa_child.cs_spi_out, y->sa_child.cs_spi_in);
	assert_int_equal(x->sa_child.cs_reqid, 9);
	assert_true(no_spares(x) && no_spares(y));
	assert_int_equal(x->sa_req_kind, IKEV2_REQ_NONE);
	assert_int_equal(y->sa_req_kind, IKEV2_REQ_NONE);
}

/* Requests in flight on either end go over, then their answers come back, until none is left. */
static void settle(struct end *a, struct end *b)
{
	for (int round = 0; round < 4; round++) {
		struct ikev2_ike_sa *x = ready(a), *y = ready(b);
		struct ikev2_blob qa = {0}, qb = {0};

		if (x->sa_req_kind == IKEV2_REQ_NONE && y->sa_req_kind == IKEV2_REQ_NONE)
			return;
		ikev2_blob_set(&qa, x->sa_req.bl_data, x->sa_req.bl_len);
		ikev2_blob_set(&qb, y->sa_req.bl_data, y->sa_req.bl_len);
		if (qa.bl_len) {
			deliver(b, a, &qa);
			deliver(a, b, &ready(b)->sa_resp);
		}
		if (qb.bl_len && ready(b)->sa_req_kind != IKEV2_REQ_NONE) {
			deliver(a, b, &qb);
			deliver(b, a, &ready(a)->sa_resp);
		}
		ikev2_blob_free(&qa);
		ikev2_blob_free(&qb);
	}
	fail_msg("requests still in flight");
}

struct pair {
	struct end p_a, p_b;
	struct ikev2_ike_sa *p_x, *p_y; /* a's end (the IKE SA's initiator), b's */
};

static void pair_init(struct pair *p)
{
	end_init(&p->p_a, "192.0.2.1");
	end_init(&p->p_b, "192.0.2.2");
	ikev2_mgr.mg_d = &p->p_a.e_d; /* what the SA manager reaches globally (timers, FlexVPN) */
	p->p_x = end_sa(&p->p_a, &p->p_b, true);
	p->p_y = end_sa(&p->p_b, &p->p_a, false);
}

static void pair_fini(struct pair *p)
{
	end_fini(&p->p_a);
	end_fini(&p->p_b);
}

/* The dataplane of an end: the new inbound SA went in before the old one went out; the policies stayed. */
static void check_replaced(const struct end *e, uint32_t new_in, uint32_t old_in)
{
	const char *ops = dp_record_text(e->e_d.fd_dp.dpl_state);
	char add[32], del[32];
	const char *a, *d;

	snprintf(add, sizeof(add), "sa-add spi 0x%08x", new_in);
	snprintf(del, sizeof(del), "sa-del spi 0x%08x", old_in);
	a = strstr(ops, add);
	d = strstr(ops, del);
	assert_non_null(a);
	assert_non_null(d);
	assert_true(a < d);
	assert_null(strstr(ops, "policy"));
}

static void test_child_rekey(void **state)
{
	struct pair p;

	(void)state;
	pair_init(&p);
	assert_int_equal(ikev2_sa_rekey_child(&p.p_a.e_mg, p.p_x), 0);
	assert_int_equal(ikev2_sa_rekey_child(&p.p_a.e_mg, p.p_x), -1); /* one request at a time */
	deliver(&p.p_b, &p.p_a, &p.p_x->sa_req);
	assert_int_not_equal(p.p_y->sa_child.cs_spi_in, 0x2000); /* b runs the new one at once */
	assert_int_equal(p.p_y->sa_spare[0].cs_spi_in, 0x2000);	 /* and keeps the old for its DELETE */
	deliver(&p.p_a, &p.p_b, &p.p_y->sa_resp);
	assert_int_equal(p.p_x->sa_req_kind, IKEV2_REQ_DELETE_CHILD); /* a deletes the old one */
	settle(&p.p_a, &p.p_b);
	check_settled(&p.p_a, &p.p_b);
	assert_int_not_equal(p.p_x->sa_child.cs_spi_in, 0x1000);
	assert_int_equal(p.p_a.e_mg.mg_stats.st_rekey_child, 1);
	assert_int_equal(p.p_b.e_mg.mg_stats.st_rekey_child, 1);
	check_replaced(&p.p_a, p.p_x->sa_child.cs_spi_in, 0x1000);
	pair_fini(&p);
}

/* b's dataplane after a moved to 198.51.100.7 port 40000: the CHILD_SA left the old endpoints, then came back
 * between the new ones with the new encapsulation ports, its policies too. */
static void check_moved(const struct end *b)
{
	const char *ops = dp_record_text(b->e_d.fd_dp.dpl_state);
	const char *del =
	    strstr(ops, "sa-del spi 0x00002000 192.0.2.1 -> 192.0.2.2 tunnel aes-gcm-128 encap 4500/4500");
	const char *pdel = strstr(ops, "policy-del out 192.0.2.2 -> 192.0.2.1 proto 47");
	const char *in =
	    strstr(ops, "sa-add spi 0x00002000 198.51.100.7 -> 192.0.2.2 tunnel aes-gcm-128 encap 40000/4500");
	const char *out =
	    strstr(ops, "sa-add spi 0x00001000 192.0.2.2 -> 198.51.100.7 tunnel aes-gcm-128 encap 4500/40000");
	const char *pol = strstr(ops, "policy-add out 192.0.2.2 -> 198.51.100.7 proto 47 tunnel reqid 9 tunnel "
				      "192.0.2.2 -> 198.51.100.7");

	assert_non_null(del);
	assert_non_null(pdel);
	assert_non_null(in);
	assert_non_null(out);
	assert_non_null(pol);
	assert_true(del < in && pdel < pol);
	assert_non_null(strstr(ops, "policy-add in 198.51.100.7 -> 192.0.2.2 proto 47"));
}

/* A DPD request of a's from another address and port: followed only once it authenticated (§2.23). */
static void test_peer_moves(void **state)
{
	struct pair p;
	struct end moved = {.e_addr = {.sin_family = AF_INET, .sin_port = htons(40000)}};
	struct ikev2_blob forged = {0};
	const struct sockaddr_in *remote;

	(void)state;
	pair_init(&p);
	remote = &p.p_y->sa_init.in_remote;
	inet_pton(AF_INET, "198.51.100.7", &moved.e_addr.sin_addr);
	assert_int_equal(ikev2_sa_request(&p.p_a.e_mg, p.p_x, IKEV2_REQ_DPD, IKEV2_EXCH_INFORMATIONAL, NULL), 0);
	assert_int_equal(ikev2_blob_set(&forged, p.p_x->sa_req.bl_data, p.p_x->sa_req.bl_len), 0);
	forged.bl_data[forged.bl_len - 1] ^= 1; /* the integrity check value no longer holds */
	deliver(&p.p_b, &moved, &forged);
	assert_int_equal(remote->sin_addr.s_addr, p.p_a.e_addr.sin_addr.s_addr);
	assert_int_equal(remote->sin_port, htons(IKEV2_NATT_PORT));
	assert_int_equal(p.p_y->sa_resp.bl_len, 0);			       /* not answered */
	assert_null(strstr(dp_record_text(p.p_b.e_d.fd_dp.dpl_state), "sa-")); /* the CHILD_SA stays */
	deliver(&p.p_b, &moved, &p.p_x->sa_req);
	assert_int_equal(remote->sin_addr.s_addr, moved.e_addr.sin_addr.s_addr);
	assert_int_equal(remote->sin_port, htons(40000));
	assert_true(p.p_y->sa_resp.bl_len > 0); /* answered, to the new address */
	check_moved(&p.p_b);
	deliver(&p.p_a, &p.p_b, &p.p_y->sa_resp);
	assert_int_equal(p.p_x->sa_req_kind, IKEV2_REQ_NONE);
	ikev2_blob_free(&forged);
	pair_fini(&p);
}

/* What two crossing exchanges made: their nonces, and what each gave a's end. */
struct race {
	struct ikev2_rekey ra_a, ra_b;	 /* a's exchange, b's: the nonces only */
	uint32_t ra_child_a, ra_child_b; /* a's inbound SPI of the CHILD_SA each made */
	uint64_t ra_ike_a, ra_ike_b;	 /* the SPIi of the IKE SA each made */
};

static void keep_nonces(struct ikev2_rekey *to, const struct ikev2_rekey *from)
{
	assert_non_null(from);
	assert_true(from->rk_ni.bl_len && from->rk_nr.bl_len);
	assert_int_equal(ikev2_blob_set(&to->rk_ni, from->rk_ni.bl_data, from->rk_ni.bl_len), 0);
	assert_int_equal(ikev2_blob_set(&to->rk_nr, from->rk_nr.bl_data, from->rk_nr.bl_len), 0);
}

/* Both ends send their rekey before either hears the other's, then the answers cross. */
static void cross(struct pair *p, int (*start)(struct ikev2_mgr *, struct ikev2_ike_sa *), struct race *r)
{
	struct ikev2_blob qa = {0}, qb = {0}, ra = {0}, rb = {0};

	*r = (struct race){0};
	assert_int_equal(start(&p->p_a.e_mg, p->p_x), 0);
	assert_int_equal(start(&p->p_b.e_mg, p->p_y), 0);
	ikev2_blob_set(&qa, p->p_x->sa_req.bl_data, p->p_x->sa_req.bl_len);
	ikev2_blob_set(&qb, p->p_y->sa_req.bl_data, p->p_y->sa_req.bl_len);
	deliver(&p->p_b, &p->p_a, &qa);
	ikev2_blob_set(&rb, p->p_y->sa_resp.bl_data, p->p_y->sa_resp.bl_len);
	keep_nonces(&r->ra_a, p->p_y->sa_peer_rekey);
	r->ra_child_a = ready(&p->p_b)->sa_child.cs_spi_out;
	r->ra_ike_a = ready(&p->p_b)->sa_init.in_spi_i;
	deliver(&p->p_a, &p->p_b, &qb);
	ikev2_blob_set(&ra, p->p_x->sa_resp.bl_data, p->p_x->sa_resp.bl_len);
	keep_nonces(&r->ra_b, p->p_x->sa_peer_rekey);
	r->ra_child_b = ready(&p->p_a)->sa_child.cs_spi_in;
	r->ra_ike_b = ready(&p->p_a)->sa_init.in_spi_i;
	deliver(&p->p_a, &p->p_b, &rb);
	deliver(&p->p_b, &p->p_a, &ra);
	ikev2_blob_free(&qa);
	ikev2_blob_free(&qb);
	ikev2_blob_free(&ra);
	ikev2_blob_free(&rb);
	assert_int_equal(p->p_a.e_mg.mg_stats.st_rekey_collisions, 1);
	assert_int_equal(p->p_b.e_mg.mg_stats.st_rekey_collisions, 1);
}

/* The lower of an exchange's two nonces (ours are all 32 octets: compared as they are). */
static const struct ikev2_blob *lower(const struct ikev2_rekey *rk)
{
	assert_int_equal(rk->rk_ni.bl_len, 32);
	assert_int_equal(rk->rk_nr.bl_len, 32);
	return memcmp(rk->rk_ni.bl_data, rk->rk_nr.bl_data, 32) < 0 ? &rk->rk_ni : &rk->rk_nr;
}

/* Whether a's exchange survived (§2.8.1: b's holds the lowest of the four nonces). */
static bool a_wins(struct race *r)
{
	bool won = memcmp(lower(&r->ra_b)->bl_data, lower(&r->ra_a)->bl_data, 32) < 0;

	ikev2_rekey_fini(&r->ra_a);
	ikev2_rekey_fini(&r->ra_b);
	return won;
}

static void test_child_collision(void **state)
{
	struct pair p;
	struct race r;
	uint32_t want;

	(void)state;
	pair_init(&p);
	cross(&p, ikev2_sa_rekey_child, &r);
	want = a_wins(&r) ? r.ra_child_a : r.ra_child_b;
	settle(&p.p_a, &p.p_b);
	check_settled(&p.p_a, &p.p_b);
	assert_int_equal(ready(&p.p_a)->sa_child.cs_spi_in, want);
	pair_fini(&p);
}

/*
 * Each DELETE of an IKE SA in flight from one end goes to the other, whose
 * SA answers and goes; the answer (sealed here with that SA's keys, which
 * go with it) comes back and the sender's SA goes too.
 */
static void deliver_deletes(struct end *from, struct end *to)
{
	struct ikev2_ike_sa *sa = from->e_mg.mg_sas, *next;

	for (; sa; sa = next) {
		struct ikev2_ike_sa *peer = ikev2_sa_find(&to->e_mg, sa->sa_init.in_spi_i, sa->sa_init.in_spi_r);
		struct ikev2_blob answer = {0};
		struct ikev2_err err;

		next = sa->sa_next;
		if (sa->sa_req_kind != IKEV2_REQ_DELETE_IKE)
			continue;
		assert_non_null(peer);
		assert_int_equal(ikev2_sk_send(&peer->sa_init, IKEV2_EXCH_INFORMATIONAL, IKEV2_FLAG_RESPONSE,
					       sa->sa_next_msgid - 1, NULL, &answer, &err),
				 0);
		deliver(to, from, &sa->sa_req);
		assert_null(ikev2_sa_find(&to->e_mg, sa->sa_init.in_spi_i, sa->sa_init.in_spi_r));
		deliver(from, to, &answer);
		ikev2_blob_free(&answer);
	}
}

static void test_ike_collision(void **state)
{
	struct pair p;
	struct race r;
	uint64_t want;

	(void)state;
	pair_init(&p);
	cross(&p, ikev2_sa_rekey_ike, &r);
	want = a_wins(&r) ? r.ra_ike_a : r.ra_ike_b;
	deliver_deletes(&p.p_a, &p.p_b);
	deliver_deletes(&p.p_b, &p.p_a);
	check_settled(&p.p_a, &p.p_b);
	assert_int_equal(ready(&p.p_a)->sa_init.in_spi_i, want);
	assert_int_equal(ready(&p.p_a)->sa_child.cs_spi_in, 0x1000); /* the CHILD_SA moved over unchanged */
	pair_fini(&p);
}

/* a's IKE SA rekey request, delivered twice to b whose g^ir runs on a worker: the copy is dropped meanwhile. */
static void request_on_worker(struct pair *p)
{
	struct ikev2_blob req = {0};

	p->p_b.e_d.fd_workq = workq_new(loop, 1);
	assert_int_equal(ikev2_sa_rekey_ike(&p->p_a.e_mg, p->p_x), 0);
	assert_int_equal(ikev2_blob_set(&req, p->p_x->sa_req.bl_data, p->p_x->sa_req.bl_len), 0);
	deliver(&p->p_b, &p->p_a, &req);
	assert_true(ikev2_sa_busy(p->p_y));
	assert_int_equal(p->p_y->sa_resp.bl_len, 0);			  /* no answer before the keys */
	assert_int_equal(ikev2_sa_rekey_child(&p->p_b.e_mg, p->p_y), -1); /* nor another rekey */
	deliver(&p->p_b, &p->p_a, &req);
	assert_int_equal(p->p_b.e_mg.mg_stats.st_drops[IKEV2_DROP_STATE], 1);
	ikev2_blob_free(&req);
}

/* Waits for b's worker job and runs its completion. */
static void finish_worker(struct pair *p)
{
	workq_free(p->p_b.e_d.fd_workq);
	p->p_b.e_d.fd_workq = NULL;
}

static void test_ike_rekey_on_worker(void **state)
{
	struct pair p;

	(void)state;
	pair_init(&p);
	request_on_worker(&p);
	finish_worker(&p);
	assert_false(ikev2_sa_busy(p.p_y));
	deliver(&p.p_a, &p.p_b, &p.p_y->sa_resp);
	deliver_deletes(&p.p_a, &p.p_b);
	check_settled(&p.p_a, &p.p_b);
	assert_int_not_equal(ready(&p.p_a)->sa_init.in_spi_i, 0x1111);
	assert_memory_equal(ready(&p.p_a)->sa_init.in_keys.ik_d.se_data, ready(&p.p_b)->sa_init.in_keys.ik_d.se_data,
			    ready(&p.p_a)->sa_init.in_keys.ik_d.se_len);
	pair_fini(&p);
}

static void test_deleted_while_rekey_computes(void **state)
{
	struct pair p;

	(void)state;
	pair_init(&p);
	request_on_worker(&p);
	ikev2_sa_drop(&p.p_b.e_mg, p.p_y); /* e.g. clear crypto session */
	finish_worker(&p);		   /* the completion only frees its job */
	assert_null(p.p_b.e_mg.mg_sas);
	pair_fini(&p);
}

static int group_setup(void **state)
{
	(void)state;
	log_init(true);
	tree = subsys_grammar();
	loop = loop_new();
	return tree && loop ? 0 : -1;
}

static int group_teardown(void **state)
{
	(void)state;
	loop_free(loop);
	cli_tree_free(tree);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_child_rekey),		cmocka_unit_test(test_child_collision),
	    cmocka_unit_test(test_ike_collision),	cmocka_unit_test(test_peer_moves),
	    cmocka_unit_test(test_ike_rekey_on_worker), cmocka_unit_test(test_deleted_while_rekey_computes),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
