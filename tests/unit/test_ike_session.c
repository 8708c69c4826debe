/*
 * The session API for NHRP (src/ike/ike_session.h) between two SA managers
 * in one process over real UDP sockets on loopback, in a network namespace
 * of the test's own (skipped without the privilege to make one): "a" (the
 * daemon's global manager, 127.0.0.1) opens a session to "b" (127.0.0.2,
 * a responder) with pre-shared keys. One socket pair on port 500 serves
 * both; what arrives goes to the manager of the address it was sent to. A
 * session comes up with its CHILD_SA in a's dataplane, a second subscriber
 * joins it, the reconciler leaves it alone, and a DELETE from b takes it
 * down for both; the last subscriber's cancel deletes the IKE SA on both
 * sides; a wrong key ends in FAILED with the reason. The responder
 * accepts only its IPsec profile's transform sets. On the established SA,
 * bad messages (§2.21) are dropped and counted by reason: truncated,
 * mis-sized, for an unknown SPI, an old answer replayed; a replayed
 * request gets the same answer again; the session stays up throughout.
 * Unknown payloads marked critical (§2.5, §2.21): an IKE_SA_INIT request
 * holding one is answered UNSUPPORTED_CRITICAL_PAYLOAD in the clear, an
 * encrypted request holding one in an encrypted answer with its message ID,
 * and an answer to a's request holding one ends that request. Other
 * authentic requests that do not decode are answered INVALID_SYNTAX and
 * the IKE SA deleted (§2.21.3); an IKE_AUTH request holding an unknown
 * critical payload or a bad one is refused in b's encrypted answer with
 * UNSUPPORTED_CRITICAL_PAYLOAD (naming it) or INVALID_SYNTAX. Of two IKE
 * SAs between the same addresses, deleting one leaves the shared policies
 * to the other's CHILD_SA. An IKE_AUTH answer that is not authentic is
 * dropped, not taken as a refusal. A session
 * takes lifetime and transform sets from its own IPsec profile, not from
 * the first that names the IKEv2 profile; one whose IKE SA cannot start (no
 * route) is FAILED for its subscribers at once, not retried.
 */
#include <arpa/inet.h>
#include <net/if.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cmocka.h>

#include "config/text.h"
#include "ike/ike_session.h"
#include "ike/ikev2_critical.h"
#include "ike/ikev2_sk.h"
#include "ike/ikev2_skmsg.h"
#include "ike_tshark_one.h"
#include "pcap_tshark.h"
#include "rib/fib.h"
#include "subsys.h"

#define CONF_FMT                                                                                                       \
	"crypto ikev2 keyring KR\n"                                                                                    \
	" peer P\n"                                                                                                    \
	"  address %s\n"                                                                                               \
	"  pre-shared-key %s\n"                                                                                        \
	"crypto ikev2 profile PROF\n"                                                                                  \
	" match identity remote address %s 255.255.255.255\n"                                                          \
	" authentication remote pre-share\n"                                                                           \
	" authentication local pre-share\n"                                                                            \
	" keyring local KR\n"                                                                                          \
	"crypto ipsec profile IPP\n"                                                                                   \
	" set ikev2-profile PROF\n"

struct end {
	struct ferryd e_d;
	struct ikev2_mgr *e_mg;
	struct in_addr e_addr;
};

/* What a subscriber heard. */
struct heard {
	int h_up, h_down;
	struct ike_session_event h_last;
};

static struct cli_tree *tree;
static struct loop *loop;
static struct ikev2_udp udp;
static struct end a, b;
static struct ikev2_mgr b_mgr;
static bool timed_out;

static void diag(void *arg, const char *file, unsigned line, const char *msg)
{
	(void)arg;
	print_error("%s:%u: %s\n", file, line, msg);
}

/* Each manager reaches its daemon through the global one's too (configuration, FlexVPN). */
static void as(const struct end *e)
{
	ikev2_mgr.mg_d = (struct ferryd *)&e->e_d;
}

/* The payloads of an SK payload in the clear: the first one's type and their octets. */
struct inner_bytes {
	uint8_t ib_next;
	const uint8_t *ib_data;
	size_t ib_len;
};

/* When set, a's IKE_AUTH request reaches b with these payloads instead of its own (sealed with a's keys). */
static const struct inner_bytes *swap_auth;

/* The last error notify an end opened from its peer (type, first data octet): what the tests read of answers. */
struct heard_notify {
	uint16_t hn_type;
	uint8_t hn_data;
};
static struct heard_notify heard_by_a, heard_by_b;

/* A message of exchange sealed with k around inner. */
static void seal_inner(const struct ikev2_init *in, const struct ikev2_sk_keys *k, uint8_t exchange, uint8_t flags,
		       uint32_t msgid, const struct inner_bytes *inner, struct ikev2_blob *out)
{
	struct ikev2_msg m;
	struct ikev2_pl *sk;
	struct ikev2_err err;

	ikev2_msg_init(&m, in->in_spi_i, in->in_spi_r, exchange, flags, msgid);
	assert_non_null(sk = ikev2_pl_add(&m.m_pl, IKEV2_PL_SK));
	sk->pl_sk.sk_next = inner->ib_next;
	assert_int_equal(ikev2_msg_seal(k, &m, inner->ib_data, inner->ib_len, out, &err), 0);
	ikev2_msg_fini(&m);
}

static void note_error_notify(struct heard_notify *hn, const struct ikev2_pl *inner)
{
	for (const struct ikev2_pl *pl = inner; pl; pl = pl->pl_next)
		if (pl->pl_type == IKEV2_PL_NOTIFY && pl->pl_notify.no_type < IKEV2_N_STATUS_FIRST) {
			hn->hn_type = pl->pl_notify.no_type;
			hn->hn_data = pl->pl_notify.no_data.bl_len ? pl->pl_notify.no_data.bl_data[0] : 0;
		}
}

/* Opens msg for e with the keys of its SA, if it has them, to note its error notify. */
static void note_heard(struct end *e, const uint8_t *msg, size_t len)
{
	struct ikev2_pl *inner = NULL;
	struct ikev2_ike_sa *sa;
	struct ikev2_msg m;
	struct ikev2_err err;

	if (ikev2_msg_decode(msg, len, &m, &err) < 0)
		return;
	sa = ikev2_sa_find(e->e_mg, m.m_spi_i, m.m_spi_r);
	if (sa && m.m_exchange != IKEV2_EXCH_IKE_SA_INIT &&
	    ikev2_sk_receive(&sa->sa_init, &m, msg, len, &inner, &err) == IKEV2_SK_RX_OK)
		note_error_notify(e == &a ? &heard_by_a : &heard_by_b, inner);
	ikev2_pl_list_free(inner);
	ikev2_msg_fini(&m);
}

/* When set, a first gets b's IKE_AUTH answer cut to its header (no SK payload): not authentic, to drop. */
static bool forge_auth_answer;

static bool is_auth(const uint8_t *msg, size_t len, bool response)
{
	return len >= 28 && msg[18] == IKEV2_EXCH_IKE_AUTH && !(msg[19] & IKEV2_FLAG_RESPONSE) == !response;
}

/* The header of b's IKE_AUTH answer msg alone, to a, before the answer itself. */
static void forge_before(const uint8_t *msg, const struct sockaddr_in *from, const struct sockaddr_in *to)
{
	uint8_t hdr[28];

	memcpy(hdr, msg, sizeof(hdr));
	hdr[16] = IKEV2_PL_NONE;
	memset(hdr + 24, 0, 4);
	hdr[27] = sizeof(hdr);
	forge_auth_answer = false;
	ikev2_sa_rx(&ikev2_mgr, hdr, sizeof(hdr), from, to, false);
}

/* A datagram for 127.0.0.2 is b's, anything else a's. */
static void dispatch(void *arg, const uint8_t *msg, size_t len, const struct sockaddr_in *from,
		     const struct sockaddr_in *to, bool natt)
{
	struct end *e = to->sin_addr.s_addr == b.e_addr.s_addr ? &b : &a;
	struct ikev2_blob swapped = {0};

	(void)arg;
	if (e == &a && forge_auth_answer && is_auth(msg, len, true))
		forge_before(msg, from, to);
	if (e == &b && swap_auth && is_auth(msg, len, false)) {
		const struct ikev2_init *in = &ikev2_mgr.mg_sas->sa_init;

		seal_inner(in, &in->in_keys.ik_i2r, IKEV2_EXCH_IKE_AUTH, IKEV2_FLAG_INITIATOR, 1, swap_auth, &swapped);
		msg = swapped.bl_data;
		len = swapped.bl_len;
	}
	note_heard(e, msg, len);
	as(e);
	ikev2_sa_rx(e->e_mg, msg, len, from, to, natt);
	as(&a);
	ikev2_blob_free(&swapped);
}

/* An end at self with the key psk for peer, and extra configuration after the profiles. */
static void end_init(struct end *e, struct ikev2_mgr *mg, const char *self, const char *peer, const char *psk,
		     const char *extra)
{
	char conf[1024];
	FILE *in;

	snprintf(conf, sizeof(conf), CONF_FMT "%s", peer, psk, peer, extra);
	*e = (struct end){.e_mg = mg};
	inet_pton(AF_INET, self, &e->e_addr);
	e->e_d.fd_loop = loop;
	e->e_d.fd_tree = tree;
	assert_non_null(e->e_d.fd_running = cfg_new());
	assert_non_null(in = fmemopen(conf, strlen(conf), "r"));
	assert_int_equal(cfg_load_stream(tree, &e->e_d, e->e_d.fd_running, in, "conf", diag, NULL), 0);
	fclose(in);
	assert_int_equal(dataplane_open(&e->e_d.fd_dp, "record"), 0);
	*mg = (struct ikev2_mgr){.mg_d = &e->e_d, .mg_udp = udp, .mg_open = true};
}

static void end_fini(struct end *e)
{
	as(e);
	while (e->e_mg->mg_sas)
		ikev2_sa_drop(e->e_mg, e->e_mg->mg_sas);
	fib_forget(&e->e_d);
	dataplane_close(&e->e_d.fd_dp);
	cfg_free(e->e_d.fd_running);
}

static void pair_init_with(const char *b_psk, const char *a_extra, const char *b_extra)
{
	end_init(&a, &ikev2_mgr, "127.0.0.1", "127.0.0.2", "lab-secret", a_extra);
	end_init(&b, &b_mgr, "127.0.0.2", "127.0.0.1", b_psk, b_extra);
}

static void pair_init(const char *b_psk)
{
	pair_init_with(b_psk, "", "");
}

static void pair_fini(void)
{
	end_fini(&b);
	end_fini(&a);
}

static void heard_fn(void *arg, const struct ike_session_event *ev)
{
	struct heard *h = arg;

	h->h_last = *ev;
	if (ev->se_state == IKE_SESSION_UP)
		h->h_up++;
	else
		h->h_down++;
}

struct wait {
	bool (*w_done)(const void *arg);
	const void *w_arg;
	int w_left; /* polls of 5 ms */
	struct loop_timer *w_timer;
};

static void poll_done(void *arg)
{
	struct wait *w = arg;

	if (w->w_done(w->w_arg) || --w->w_left == 0) {
		timed_out = !w->w_done(w->w_arg);
		loop_stop(loop);
		return;
	}
	loop_timer_rearm(w->w_timer, 5);
}

/* Runs the loop until done(arg) holds; fails after 10 s. */
static void run_until(bool (*done)(const void *arg), const void *arg)
{
	struct wait w = {.w_done = done, .w_arg = arg, .w_left = 2000};

	assert_non_null(w.w_timer = loop_timer_add(loop, 5, poll_done, &w));
	loop_run(loop);
	loop_timer_cancel(w.w_timer);
	assert_false(timed_out);
}

static bool heard_up(const void *arg)
{
	return ((const struct heard *)arg)->h_up > 0;
}

static bool heard_down(const void *arg)
{
	return ((const struct heard *)arg)->h_down > 0;
}

static bool no_sas(const void *arg)
{
	return ((const struct ikev2_mgr *)arg)->mg_sas == NULL;
}

static struct ike_session_sub *open_to_b(struct heard *h)
{
	return ike_session_open(&ikev2_mgr, "IPP", b.e_addr, heard_fn, h);
}

/* A pair with the same key and a's session to b up. */
static struct ike_session_sub *session_up(struct heard *h)
{
	struct ike_session_sub *s;

	pair_init("lab-secret");
	assert_non_null(s = open_to_b(h));
	run_until(heard_up, h);
	return s;
}

/* UP: its CHILD_SA is the one b runs and sits in a's dataplane. */
static void check_up(const struct heard *h)
{
	const struct ikev2_ike_sa *bsa = b_mgr.mg_sas;
	char want[64];

	assert_int_equal(h->h_up, 1);
	assert_int_equal(h->h_down, 0);
	assert_non_null(bsa);
	assert_int_equal(bsa->sa_state, IKEV2_SA_READY);
	assert_int_equal(h->h_last.se_nbma.s_addr, b.e_addr.s_addr);
	assert_string_equal(h->h_last.se_ipsec_profile, "IPP");
	assert_int_equal(h->h_last.se_spi_in, bsa->sa_child.cs_spi_out);
	assert_int_equal(h->h_last.se_spi_out, bsa->sa_child.cs_spi_in);
	snprintf(want, sizeof(want), "sa-add spi 0x%08x", h->h_last.se_spi_in);
	assert_non_null(strstr(dp_record_text(a.e_d.fd_dp.dpl_state), want));
}

static void test_up_then_peer_deletes(void **state)
{
	struct heard h1 = {0}, h2 = {0};
	struct ike_session_sub *s1, *s2;

	(void)state;
	pair_init("lab-secret");
	assert_non_null(s1 = open_to_b(&h1));
	assert_int_equal(ike_session_state(s1), IKE_SESSION_CONNECTING);
	run_until(heard_up, &h1);
	check_up(&h1);
	assert_non_null(s2 = open_to_b(&h2)); /* joins: no second IKE SA */
	assert_int_equal(ike_session_state(s2), IKE_SESSION_UP);
	assert_null(ikev2_mgr.mg_sas->sa_next);
	ikev2_sa_sync(&a.e_d); /* the reconciler wants no tunnel's SA: it leaves the session's alone */
	assert_non_null(ikev2_mgr.mg_sas);
	as(&b);
	ikev2_sa_delete(&b_mgr, b_mgr.mg_sas);
	as(&a);
	run_until(heard_down, &h2);
	assert_int_equal(h1.h_down, 1);
	assert_int_equal(h2.h_last.se_end, IKE_SESSION_DELETED);
	assert_string_equal(h2.h_last.se_why, "deleted by the peer");
	assert_null(ikev2_mgr.mg_sas);
	assert_int_equal(ike_session_state(s1), IKE_SESSION_DOWN);
	ike_session_close(s1);
	ike_session_close(s2);
	run_until(no_sas, &ikev2_mgr); /* and the reaper freed the session */
	pair_fini();
}

static void test_cancel_deletes(void **state)
{
	struct heard h = {0};
	struct ike_session_sub *s;

	(void)state;
	s = session_up(&h);
	ike_session_close(s);
	run_until(no_sas, &b_mgr); /* a's DELETE reached b */
	assert_null(ikev2_mgr.mg_sas);
	assert_int_equal(h.h_down, 0); /* a cancelled subscriber hears nothing more */
	pair_fini();
}

static void test_wrong_key_fails(void **state)
{
	struct heard h = {0};
	struct in_addr nowhere = {htonl(0x7f000003)};
	struct ike_session_sub *s;

	(void)state;
	pair_init("another-secret");
	assert_null(ike_session_open(&ikev2_mgr, "NO-SUCH-PROFILE", nowhere, heard_fn, &h));
	assert_non_null(s = open_to_b(&h));
	run_until(heard_down, &h);
	assert_int_equal(h.h_up, 0);
	assert_int_equal(h.h_last.se_end, IKE_SESSION_FAILED);
	assert_non_null(h.h_last.se_why);
	assert_null(ikev2_mgr.mg_sas);
	ike_session_close(s);
	run_until(no_sas, &ikev2_mgr);
	pair_fini();
}

static struct sockaddr_in at(struct in_addr addr)
{
	return (struct sockaddr_in){.sin_family = AF_INET, .sin_port = htons(IKEV2_UDP_PORT), .sin_addr = addr};
}

/* What a does with a copy of msg's first len octets from b (header length octet +grow, SPIr octet ^spi). */
static void to_a(const struct ikev2_blob *msg, size_t len, uint8_t grow, uint8_t spi)
{
	struct sockaddr_in from = at(b.e_addr), to = at(a.e_addr);
	struct ikev2_blob copy = {0};

	assert_true(len <= msg->bl_len);
	assert_int_equal(ikev2_blob_set(&copy, msg->bl_data, msg->bl_len), 0);
	copy.bl_data[27] = (uint8_t)(copy.bl_data[27] + grow);
	copy.bl_data[8] ^= spi;
	ikev2_sa_rx(&ikev2_mgr, copy.bl_data, len, &from, &to, false);
	ikev2_blob_free(&copy);
}

static bool b_dropped_no_sa(const void *arg)
{
	(void)arg;
	return b_mgr.mg_stats.st_drops[IKEV2_DROP_NO_SA] > 0;
}

static bool a_answered(const void *arg)
{
	return ikev2_mgr.mg_stats.st_msg_out > *(const uint64_t *)arg;
}

static void test_bad_messages_counted(void **state)
{
	const uint64_t *drops = ikev2_mgr.mg_stats.st_drops;
	struct heard h = {0};
	struct ike_session_sub *s;
	const struct ikev2_blob *auth;
	struct ikev2_blob dpd = {0};
	uint64_t out;

	(void)state;
	s = session_up(&h);
	auth = &b_mgr.mg_sas->sa_resp; /* b's IKE_AUTH answer (message ID 1) */
	to_a(auth, 27, 0, 0);	       /* shorter than the header */
	to_a(auth, auth->bl_len - 1, 0, 0);
	assert_int_equal(drops[IKEV2_DROP_DECODE], 2);
	to_a(auth, auth->bl_len, 1, 0); /* the header's length one more than the datagram */
	assert_int_equal(drops[IKEV2_DROP_DECODE], 3);
	to_a(auth, auth->bl_len, 0, 0xff); /* another responder SPI */
	assert_int_equal(drops[IKEV2_DROP_NO_SA], 1);
	to_a(auth, auth->bl_len, 0, 0); /* an answer already taken */
	assert_int_equal(drops[IKEV2_DROP_MSGID], 1);
	as(&b);
	assert_int_equal(ikev2_sa_request(&b_mgr, b_mgr.mg_sas, IKEV2_REQ_DPD, IKEV2_EXCH_INFORMATIONAL, NULL), 0);
	as(&a);
	assert_int_equal(ikev2_blob_set(&dpd, b_mgr.mg_sas->sa_req.bl_data, b_mgr.mg_sas->sa_req.bl_len), 0);
	out = ikev2_mgr.mg_stats.st_msg_out;
	run_until(a_answered, &out); /* a answered b's liveness check */
	out = ikev2_mgr.mg_stats.st_msg_out;
	to_a(&dpd, dpd.bl_len, 0, 0);				  /* the same request again */
	assert_int_equal(ikev2_mgr.mg_stats.st_msg_out, out + 1); /* the same answer again */
	ikev2_blob_free(&dpd);
	assert_int_equal(ikev2_stats_drops(&ikev2_mgr.mg_stats), 5);
	assert_int_equal(h.h_down, 0);
	assert_int_equal(ikev2_mgr.mg_sas->sa_state, IKEV2_SA_READY);
	ike_session_close(s);
	run_until(no_sas, &b_mgr);
	pair_fini();
}

#define UNKNOWN_PL 200

static const uint8_t critical_plain[] = {IKEV2_PL_NONE, IKEV2_CRITICAL, 0, 4};
/* Payload 200, unknown and marked critical (§2.5). */
static const struct inner_bytes unknown_critical = {UNKNOWN_PL, critical_plain, sizeof(critical_plain)};
static const uint8_t short_nonce_plain[] = {IKEV2_PL_NONE, 0, 0, 7, 1, 2, 3};
/* A Nonce of 3 octets: a syntax error (§3.9: at least 16). */
static const struct inner_bytes short_nonce = {IKEV2_PL_NONCE, short_nonce_plain, sizeof(short_nonce_plain)};

/* An INFORMATIONAL from b sealed with its keys whose SK holds only inner. */
static void b_informational(uint8_t flags, uint32_t msgid, const struct inner_bytes *inner, struct ikev2_blob *out)
{
	const struct ikev2_init *in = &b_mgr.mg_sas->sa_init;

	seal_inner(in, &in->in_keys.ik_r2i, IKEV2_EXCH_INFORMATIONAL, flags, msgid, inner, out);
}

static void b_unknown_critical(uint8_t flags, uint32_t msgid, struct ikev2_blob *out)
{
	b_informational(flags, msgid, &unknown_critical, out);
}

/* a's kept answer as b opens it: a response to msgid holding UNSUPPORTED_CRITICAL_PAYLOAD naming 200. */
static void check_critical_answer(uint32_t msgid)
{
	const struct ikev2_blob *resp = &ikev2_mgr.mg_sas->sa_resp;
	const struct ikev2_pl *n;
	struct ikev2_pl *inner;
	struct ikev2_msg m;
	struct ikev2_err err;

	assert_int_equal(ikev2_msg_decode(resp->bl_data, resp->bl_len, &m, &err), 0);
	assert_int_equal(m.m_flags, IKEV2_FLAG_RESPONSE | IKEV2_FLAG_INITIATOR);
	assert_int_equal(m.m_msgid, msgid);
	assert_int_equal(ikev2_sk_receive(&b_mgr.mg_sas->sa_init, &m, resp->bl_data, resp->bl_len, &inner, &err),
			 IKEV2_SK_RX_OK);
	assert_non_null(n = ikev2_notify_find(inner, IKEV2_N_UNSUPPORTED_CRITICAL_PAYLOAD));
	assert_int_equal(n->pl_notify.no_data.bl_len, 1);
	assert_int_equal(n->pl_notify.no_data.bl_data[0], UNKNOWN_PL);
	ikev2_pl_list_free(inner);
	ikev2_msg_fini(&m);
}

/* b's next request, sealed around an unknown critical payload, as if b had sent it. */
static uint32_t b_request_critical(struct ikev2_blob *out)
{
	uint32_t msgid = b_mgr.mg_sas->sa_next_msgid++;

	b_unknown_critical(0, msgid, out);
	return msgid;
}

static void test_unknown_critical_answered(void **state)
{
	static const uint8_t init_req[32] = {
	    1,		2,
	    3,		4,
	    5,		6,
	    7,		8, /* SPIi */
	    0,		0,
	    0,		0,
	    0,		0,
	    0,		0, /* SPIr */
	    UNKNOWN_PL, 0x20,
	    34,		0x08, /* IKE_SA_INIT request */
	    0,		0,
	    0,		0,
	    0,		0,
	    0,		32, /* message ID 0, length */
	    0,		IKEV2_CRITICAL,
	    0,		4, /* payload 200 */
	};
	const struct ikev2_stats *st = &ikev2_mgr.mg_stats;
	struct sockaddr_in from = at(b.e_addr), to = at(a.e_addr);
	struct ikev2_blob msg = {0};
	struct heard h = {0};
	struct ike_session_sub *s;
	uint32_t msgid;

	(void)state;
	s = session_up(&h);
	ikev2_sa_rx(&ikev2_mgr, init_req, sizeof(init_req), &from, &to, false);
	assert_int_equal(st->st_critical_answered, 1);
	assert_null(ikev2_mgr.mg_sas->sa_next); /* no state for it */
	run_until(b_dropped_no_sa, NULL);	/* the answer went to b, which has no SA of that SPI */
	msgid = b_request_critical(&msg);
	ikev2_sa_rx(&ikev2_mgr, msg.bl_data, msg.bl_len, &from, &to, false);
	ikev2_blob_free(&msg);
	assert_int_equal(st->st_critical_answered, 2);
	assert_int_equal(ikev2_mgr.mg_sas->sa_peer_msgid, msgid + 1);
	check_critical_answer(msgid);
	b_request_critical(&msg);
	msg.bl_data[msg.bl_len - 1] ^= 1; /* the ICV: not opened, dropped unanswered */
	ikev2_sa_rx(&ikev2_mgr, msg.bl_data, msg.bl_len, &from, &to, false);
	ikev2_blob_free(&msg);
	assert_int_equal(st->st_drops[IKEV2_DROP_INTEGRITY], 1);
	assert_int_equal(st->st_critical_answered, 2);
	assert_int_equal(ikev2_sa_request(&ikev2_mgr, ikev2_mgr.mg_sas, IKEV2_REQ_DPD, IKEV2_EXCH_INFORMATIONAL, NULL),
			 0);
	b_unknown_critical(IKEV2_FLAG_RESPONSE, ikev2_mgr.mg_sas->sa_next_msgid - 1, &msg);
	ikev2_sa_rx(&ikev2_mgr, msg.bl_data, msg.bl_len, &from, &to, false);
	ikev2_blob_free(&msg);
	assert_int_equal(st->st_critical_in_answers, 1);
	assert_int_equal(ikev2_mgr.mg_sas->sa_req_kind, IKEV2_REQ_NONE); /* the DPD exchange is over */
	assert_int_equal(h.h_down, 0);
	ike_session_close(s);
	run_until(no_sas, &b_mgr);
	pair_fini();
}

/* a's answer to an unknown critical payload as tshark reads it: an INFORMATIONAL, nothing flagged. */
static void test_critical_answer_tshark(void **state)
{
	struct sockaddr_in from = at(b.e_addr), to = at(a.e_addr);
	struct ikev2_blob msg = {0};
	struct heard h = {0};
	struct ike_session_sub *s;
	char *seen;

	(void)state;
	if (!tshark_present())
		skip();
	s = session_up(&h);
	b_request_critical(&msg);
	ikev2_sa_rx(&ikev2_mgr, msg.bl_data, msg.bl_len, &from, &to, false);
	ikev2_blob_free(&msg);
	seen = ike_tshark_verbose(ikev2_mgr.mg_sas->sa_resp.bl_data, ikev2_mgr.mg_sas->sa_resp.bl_len);
	assert_non_null(strstr(seen, "INFORMATIONAL"));
	free(seen);
	ike_session_close(s);
	run_until(no_sas, &b_mgr);
	pair_fini();
}

/* b's next request holds a 3-octet Nonce: a answers INVALID_SYNTAX and deletes the IKE SA (§2.21.3, §3.10.1). */
static void test_bad_syntax_request_closes(void **state)
{
	struct sockaddr_in from = at(b.e_addr), to = at(a.e_addr);
	struct ikev2_blob msg = {0};
	struct heard h = {0};
	struct ike_session_sub *s;

	(void)state;
	s = session_up(&h);
	heard_by_b = (struct heard_notify){0};
	b_informational(0, b_mgr.mg_sas->sa_next_msgid++, &short_nonce, &msg);
	ikev2_sa_rx(&ikev2_mgr, msg.bl_data, msg.bl_len, &from, &to, false);
	ikev2_blob_free(&msg);
	assert_null(ikev2_mgr.mg_sas);
	assert_int_equal(h.h_down, 1);
	assert_int_equal(h.h_last.se_end, IKE_SESSION_DELETED);
	run_until(no_sas, &b_mgr); /* b heard the answer, then the DELETE */
	assert_int_equal(heard_by_b.hn_type, IKEV2_N_INVALID_SYNTAX);
	ike_session_close(s);
	pair_fini();
}

/* a's IKE_AUTH request reaches b holding inner: b answers notify (first data octet data), keeps no SA; a fails. */
static void auth_refused_with(const struct inner_bytes *inner, uint16_t notify, uint8_t data)
{
	struct heard h = {0};
	struct ike_session_sub *s;

	pair_init("lab-secret");
	heard_by_a = (struct heard_notify){0};
	swap_auth = inner;
	assert_non_null(s = open_to_b(&h));
	run_until(heard_down, &h);
	swap_auth = NULL;
	assert_int_equal(h.h_up, 0);
	assert_int_equal(h.h_last.se_end, IKE_SESSION_FAILED);
	assert_int_equal(heard_by_a.hn_type, notify);
	assert_int_equal(heard_by_a.hn_data, data);
	assert_null(b_mgr.mg_sas);
	ike_session_close(s);
	run_until(no_sas, &ikev2_mgr);
	pair_fini();
}

/* IKE_AUTH requests that open but do not decode are answered in the encrypted response (§2.5, §2.21.2). */
static void test_auth_request_refused(void **state)
{
	(void)state;
	auth_refused_with(&unknown_critical, IKEV2_N_UNSUPPORTED_CRITICAL_PAYLOAD, UNKNOWN_PL);
	auth_refused_with(&short_nonce, IKEV2_N_INVALID_SYNTAX, 0);
}

/* An IKE_AUTH answer without an SK payload is not authentic: dropped, and the real answer brings a's SA up (§2.21). */
static void test_forged_auth_answer_dropped(void **state)
{
	struct heard h = {0};
	struct ike_session_sub *s;

	(void)state;
	forge_auth_answer = true;
	s = session_up(&h);
	assert_false(forge_auth_answer);
	assert_int_equal(ikev2_mgr.mg_stats.st_drops[IKEV2_DROP_INTEGRITY], 1);
	ike_session_close(s);
	run_until(no_sas, &b_mgr);
	pair_fini();
}

/* Two IPsec profiles name PROF: IPP (default sets and lifetime) first, in name and configuration order. */
#define SPOKE_IPSEC                                                                                                    \
	"crypto ipsec transform-set A esp-aes 256 esp-sha512-hmac\n"                                                   \
	"crypto ipsec profile SPOKE\n set ikev2-profile PROF\n set transform-set A\n"                                  \
	" set security-association lifetime seconds 7200\n"

static void test_session_ipsec_profile(void **state)
{
	const struct ikev2_ike_sa *sa;
	struct heard h = {0};
	struct ike_session_sub *s;

	(void)state;
	pair_init_with("lab-secret", SPOKE_IPSEC, "");
	assert_non_null(s = ike_session_open(&ikev2_mgr, "SPOKE", b.e_addr, heard_fn, &h));
	run_until(heard_up, &h);
	sa = ikev2_mgr.mg_sas;
	assert_string_equal(ike_session_ipsec_profile(&ikev2_mgr, sa), "SPOKE");
	assert_int_equal(sa->sa_child_expire_at - sa->sa_child_at, 7200);
	assert_int_equal(sa->sa_child.cs_choice.ch_tr[IKEV2_TRANS_ENCR].tr_id, IKEV2_ENCR_AES_CBC);
	assert_null(ike_session_ipsec_profile(&b_mgr, b_mgr.mg_sas)); /* the responder's is no session's */
	ike_session_close(s);
	run_until(no_sas, &b_mgr);
	pair_fini();
}

/*
 * Two IKE SAs between the same addresses (as when both ends initiate at
 * once; here two sessions of a, IPP and SPOKE): their CHILD_SAs share one
 * policy pair in a's dataplane, pointing at the last one up. Deleting that
 * IKE SA hands the policies to the survivor's CHILD_SA instead of removing
 * them; deleting the survivor then removes them.
 */
static void test_shared_policies_survive(void **state)
{
	struct heard h1 = {0}, h2 = {0};
	struct ike_session_sub *s1, *s2;
	const struct ikev2_ike_sa *kept;
	struct dp *dp;
	char want[64];

	(void)state;
	pair_init_with("lab-secret", SPOKE_IPSEC, "");
	dp = a.e_d.fd_dp.dpl_state;
	assert_non_null(s1 = open_to_b(&h1));
	run_until(heard_up, &h1);
	assert_non_null(s2 = ike_session_open(&ikev2_mgr, "SPOKE", b.e_addr, heard_fn, &h2));
	run_until(heard_up, &h2);
	kept = ikev2_mgr.mg_sas;
	assert_non_null(kept->sa_next); /* SPOKE's, up last */
	dp_record_clear(dp);
	ikev2_sa_delete(&ikev2_mgr, kept->sa_next);
	assert_null(strstr(dp_record_text(dp), "policy-del"));
	snprintf(want, sizeof(want), "reqid %u ", kept->sa_child.cs_reqid);
	assert_non_null(strstr(strstr(dp_record_text(dp), "policy-add out"), want));
	assert_non_null(strstr(strstr(dp_record_text(dp), "policy-add in"), want));
	dp_record_clear(dp);
	ikev2_sa_delete(&ikev2_mgr, ikev2_mgr.mg_sas);
	assert_non_null(strstr(dp_record_text(dp), "policy-del out"));
	assert_null(strstr(dp_record_text(dp), "policy-add"));
	ike_session_close(s1);
	ike_session_close(s2);
	run_until(no_sas, &b_mgr);
	pair_fini();
}

static void test_no_route_fails_at_once(void **state)
{
	struct in_addr unreachable = {htonl(0x0a090909)}; /* 10.9.9.9: the namespace has only lo */
	struct heard h = {0};
	struct ike_session_sub *s;

	(void)state;
	pair_init("lab-secret");
	assert_non_null(s = ike_session_open(&ikev2_mgr, "IPP", unreachable, heard_fn, &h));
	assert_int_equal(ike_session_state(s), IKE_SESSION_CONNECTING);
	assert_int_equal(h.h_down, 0); /* not from inside ike_session_open */
	assert_null(ikev2_mgr.mg_sas);
	run_until(heard_down, &h);
	assert_int_equal(h.h_last.se_end, IKE_SESSION_FAILED);
	assert_non_null(strstr(h.h_last.se_why, "no route"));
	assert_int_equal(ike_session_state(s), IKE_SESSION_DOWN);
	assert_null(ikev2_mgr.mg_sas); /* nothing retries */
	ike_session_close(s);
	run_until(no_sas, &ikev2_mgr);
	pair_fini();
}

/* a's IPsec profile offers only AES-CBC-256 with HMAC-SHA-512; B as b's set, "" for b's default offer. */
#define A_CBC                                                                                                          \
	"crypto ipsec transform-set A esp-aes 256 esp-sha512-hmac\ncrypto ipsec profile IPP\n set transform-set A\n"
#define B_SET(ts) "crypto ipsec transform-set B " ts "\ncrypto ipsec profile IPP\n set transform-set B\n"

/* The responder accepts only its IPsec profile's transform sets (IOS), not every suite Ferry runs. */
static void test_responder_sets(void **state)
{
	struct heard h = {0};
	struct ike_session_sub *s;

	(void)state;
	pair_init_with("lab-secret", A_CBC, B_SET("esp-gcm 256"));
	assert_non_null(s = open_to_b(&h));
	run_until(heard_down, &h); /* NO_PROPOSAL_CHOSEN */
	assert_int_equal(h.h_up, 0);
	assert_int_equal(h.h_last.se_end, IKE_SESSION_FAILED);
	assert_null(b_mgr.mg_sas);
	ike_session_close(s);
	run_until(no_sas, &ikev2_mgr);
	pair_fini();

	h = (struct heard){0};
	pair_init_with("lab-secret", A_CBC,
		       "crypto ipsec transform-set B esp-gcm 256\n"
		       "crypto ipsec transform-set C esp-aes 256 esp-sha512-hmac\n"
		       "crypto ipsec profile IPP\n set transform-set B C\n");
	assert_non_null(s = open_to_b(&h));
	run_until(heard_up, &h);
	assert_int_equal(b_mgr.mg_sas->sa_child.cs_choice.ch_tr[IKEV2_TRANS_ENCR].tr_id, IKEV2_ENCR_AES_CBC);
	assert_int_equal(b_mgr.mg_sas->sa_child.cs_choice.ch_tr[IKEV2_TRANS_INTEG].tr_id,
			 IKEV2_INTEG_HMAC_SHA2_512_256);
	ike_session_close(s);
	run_until(no_sas, &b_mgr);
	pair_fini();

	h = (struct heard){0};
	pair_init_with("lab-secret", A_CBC, ""); /* no sets: Ferry's default offer, which holds a's suite */
	assert_non_null(s = open_to_b(&h));
	run_until(heard_up, &h);
	ike_session_close(s);
	run_until(no_sas, &b_mgr);
	pair_fini();
}

/* clear crypto ikev2 sa local|remote: only the SAs between those addresses go, with a DELETE to the peer. */
static void test_clear_where(void **state)
{
	struct in_addr other = {htonl(0x0a090909)};
	struct heard h = {0};
	struct ike_session_sub *s;

	(void)state;
	s = session_up(&h);
	ikev2_sa_clear_where(&ikev2_mgr, NULL, &other);
	ikev2_sa_clear_where(&ikev2_mgr, &b.e_addr, NULL); /* b's address is no local one of a's SAs */
	assert_non_null(ikev2_mgr.mg_sas);
	ikev2_sa_clear_where(&ikev2_mgr, &a.e_addr, &b.e_addr);
	assert_null(ikev2_mgr.mg_sas);
	run_until(no_sas, &b_mgr); /* b heard the DELETE */
	assert_int_equal(h.h_down, 1);
	ike_session_close(s);
	pair_fini();
}

/* Polls before it holds: a wait of n x 5 ms (for the reaper's timer). */
static bool polled(const void *arg)
{
	int *left = (int *)arg;

	return --*left <= 0;
}

static void settle(void)
{
	int left = 4;

	run_until(polled, &left);
}

/* Whether b's sources are b's own (own_netns's routes); without them b cannot initiate. */
static bool b_initiates;

static struct ike_session_sub *open_to_a(struct heard *h)
{
	struct ike_session_sub *s;

	as(&b);
	s = ike_session_open(&b_mgr, "IPP", a.e_addr, heard_fn, h);
	as(&a);
	return s;
}

static void close_as_b(struct ike_session_sub *s)
{
	as(&b);
	ike_session_close(s);
	as(&a);
}

/*
 * b's session to a came up first (b's NHRP resolved first): a's session to
 * b uses that IKE SA instead of a second one, is told UP from the timer, and
 * leaves the SA to b, which ends it.
 */
static void test_adopts_peer_sa(void **state)
{
	struct heard ha = {0}, hb = {0};
	struct ike_session_sub *s, *sb;

	(void)state;
	if (!b_initiates)
		skip();
	pair_init("lab-secret");
	assert_non_null(sb = open_to_a(&hb));
	run_until(heard_up, &hb);
	assert_non_null(s = open_to_b(&ha));
	assert_int_equal(ike_session_state(s), IKE_SESSION_UP);
	assert_int_equal(ha.h_up, 0); /* not from inside ike_session_open */
	run_until(heard_up, &ha);
	assert_null(ikev2_mgr.mg_sas->sa_next);
	assert_null(b_mgr.mg_sas->sa_next);
	assert_int_equal(ha.h_last.se_spi_out, hb.h_last.se_spi_in);
	assert_int_equal(ha.h_last.se_spi_in, hb.h_last.se_spi_out);
	ike_session_close(s);
	settle();
	assert_non_null(ikev2_mgr.mg_sas); /* b's to end */
	assert_int_equal(hb.h_down, 0);
	close_as_b(sb);
	run_until(no_sas, &ikev2_mgr);
	assert_int_equal(ha.h_down, 0); /* a's subscriber had cancelled */
	pair_fini();
}

static bool one_sa_each(const void *arg)
{
	const struct heard *h = arg;

	return h[0].h_up && h[1].h_up && ikev2_mgr.mg_sas && !ikev2_mgr.mg_sas->sa_next && b_mgr.mg_sas &&
	       !b_mgr.mg_sas->sa_next;
}

/*
 * Both ends open at once and both initiate: both keep the IKE SA with the
 * lower initiator SPI (what both ends see alike, NAT or not); the other
 * end's session moves to it and its own IKE SA is deleted.
 */
static void test_crossed_keeps_one(void **state)
{
	struct heard h[2] = {{0}};
	struct ike_session_sub *s, *sb;
	uint64_t a_spi, b_spi;

	(void)state;
	if (!b_initiates)
		skip();
	pair_init("lab-secret");
	assert_non_null(s = open_to_b(&h[0]));
	assert_non_null(sb = open_to_a(&h[1]));
	assert_non_null(b_mgr.mg_sas); /* b initiated too */
	a_spi = ikev2_mgr.mg_sas->sa_init.in_spi_i;
	b_spi = b_mgr.mg_sas->sa_init.in_spi_i;
	run_until(one_sa_each, h);
	assert_int_equal(ikev2_mgr.mg_sas->sa_init.in_spi_i, a_spi < b_spi ? a_spi : b_spi);
	assert_int_equal(b_mgr.mg_sas->sa_init.in_spi_i, ikev2_mgr.mg_sas->sa_init.in_spi_i);
	assert_int_equal(h[1].h_last.se_spi_out, h[0].h_last.se_spi_in);
	assert_int_equal(h[0].h_down + h[1].h_down, 0);
	ike_session_close(s);
	close_as_b(sb);
	run_until(no_sas, &b_mgr);
	run_until(no_sas, &ikev2_mgr);
	pair_fini();
}

/*
 * The source the kernel picks for each end's peer is the end's own address
 * (a: 127.0.0.1, b: 127.0.0.2), so that b can initiate too: by default every
 * loopback destination gets 127.0.0.1.
 */
static bool sources_per_end(void)
{
	return system("ip route replace local 127.0.0.1/32 dev lo table local scope host src 127.0.0.2 && "
		      "ip route replace local 127.0.0.2/32 dev lo table local scope host src 127.0.0.1") == 0;
}

/* A network namespace of our own with lo up, so port 500 on loopback is ours alone. */
static bool own_netns(void)
{
	struct ifreq ifr = {0};
	int fd;
	bool ok;

	if (unshare(CLONE_NEWNET) < 0)
		return false;
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "lo");
	ok = fd >= 0 && ioctl(fd, SIOCGIFFLAGS, &ifr) == 0;
	ifr.ifr_flags |= IFF_UP;
	ok = ok && ioctl(fd, SIOCSIFFLAGS, &ifr) == 0;
	if (fd >= 0)
		close(fd);
	return ok;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_up_then_peer_deletes),      cmocka_unit_test(test_cancel_deletes),
	    cmocka_unit_test(test_wrong_key_fails),	      cmocka_unit_test(test_responder_sets),
	    cmocka_unit_test(test_bad_messages_counted),      cmocka_unit_test(test_unknown_critical_answered),
	    cmocka_unit_test(test_session_ipsec_profile),     cmocka_unit_test(test_no_route_fails_at_once),
	    cmocka_unit_test(test_bad_syntax_request_closes), cmocka_unit_test(test_auth_request_refused),
	    cmocka_unit_test(test_shared_policies_survive),   cmocka_unit_test(test_forged_auth_answer_dropped),
	    cmocka_unit_test(test_critical_answer_tshark),    cmocka_unit_test(test_adopts_peer_sa),
	    cmocka_unit_test(test_crossed_keeps_one),	      cmocka_unit_test(test_clear_where),
	};
	int rc;

	if (!own_netns()) {
		printf("1..0 # SKIP test_ike_session: no network namespace of its own (needs CAP_SYS_ADMIN)\n");
		return 77;
	}
	b_initiates = sources_per_end();
	tree = subsys_grammar();
	loop = loop_new();
	assert_int_equal(ikev2_udp_open(&udp, loop, dispatch, NULL), 0);
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	ikev2_udp_close(&udp);
	loop_free(loop);
	cli_tree_free(tree);
	return rc;
}
