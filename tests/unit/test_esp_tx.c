/*
 * Workers sealing with one outbound SA (esp_tx.h): a sender owns the SA
 * from its first seal to its send, so the numbers reach the wire in order
 * even when a sender is preempted between the two, and the peer's replay
 * window accepts every packet. Waiting follows the SAs' order (no cycle),
 * helpers seal for the reader without waiting, and a full sender seals
 * without owning.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "dataplane/userspace/esp.h"
#include "dataplane/userspace/esp_tx.h"
#include "dataplane/userspace/wire.h"

#define TX_BATCHES 400 /* per thread */
#define TX_BATCH   32  /* packets sealed per batch, as a worker's underlay batch */
#define TX_LOG	   (2 * TX_BATCHES * TX_BATCH)
#define TX_PAYLOAD 64

/* The wire as the peer sees it: sequence numbers in the order they were sent. */
struct tx_wire {
	pthread_mutex_t tw_lock;
	uint32_t tw_seq[TX_LOG];
	size_t tw_n;
};

struct tx_worker {
	struct esp_sa *tw_sa;
	struct tx_wire *tw_wire;
	struct esp_ctx *tw_ctx;
	bool tw_preempted; /* sleeps between sealing and sending every fourth batch */
};

static void tx_sa_init(struct esp_sa *sa, uint32_t spi)
{
	*sa = (struct esp_sa){.sa_spi = spi, .sa_alg = DP_SA_AES_GCM_128, .sa_mode = ESP_MODE_TUNNEL, .sa_keylen = 20};
	memset(sa->sa_key, 0x5a, sa->sa_keylen);
	assert_int_equal(esp_sa_init(sa), 0);
}

static struct esp_ctx *tx_ctx_new(void)
{
	struct esp_ctx *ctx = esp_ctx_new();

	assert_non_null(ctx);
	esp_ctx_send_as(ctx, esp_ctx_own_tx(ctx), true);
	return ctx;
}

/* Seals one payload with sa and returns the sequence number it got. */
static uint32_t tx_seal(struct esp_ctx *ctx, struct esp_sa *sa)
{
	uint8_t buf[256];
	struct pkt p;

	pkt_init(&p, buf, sizeof(buf), 64);
	memset(pkt_put(&p, TX_PAYLOAD), 0x11, TX_PAYLOAD);
	assert_int_equal(esp_seal(ctx, sa, &p, 4), DROP_NONE);
	return wire_get32(p.pkt_data + 4);
}

static void tx_send(struct tx_wire *w, const uint32_t *seq, size_t n)
{
	pthread_mutex_lock(&w->tw_lock);
	for (size_t i = 0; i < n && w->tw_n < TX_LOG; i++)
		w->tw_seq[w->tw_n++] = seq[i];
	pthread_mutex_unlock(&w->tw_lock);
}

/* A worker's loop: seal a batch, maybe lose the CPU, send it, release. */
static void *tx_worker_main(void *arg)
{
	struct tx_worker *tw = arg;
	const struct timespec preempted = {.tv_nsec = 200 * 1000};
	uint32_t seq[TX_BATCH];

	for (unsigned b = 0; b < TX_BATCHES; b++) {
		for (unsigned i = 0; i < TX_BATCH; i++)
			seq[i] = tx_seal(tw->tw_ctx, tw->tw_sa);
		if (tw->tw_preempted && b % 4 == 0)
			nanosleep(&preempted, NULL);
		tx_send(tw->tw_wire, seq, TX_BATCH);
		esp_tx_release(esp_ctx_own_tx(tw->tw_ctx));
	}
	return NULL;
}

/* Two workers, one of them preempted often: the wire carries 1, 2, 3... and the peer drops none. */
static void test_preempted_sender_stays_in_order(void **state)
{
	static struct tx_wire wire = {.tw_lock = PTHREAD_MUTEX_INITIALIZER};
	struct esp_sa out, in;
	struct tx_worker w[2];
	pthread_t th[2];

	(void)state;
	tx_sa_init(&out, 0x1001);
	tx_sa_init(&in, 0x1001);
	for (int i = 0; i < 2; i++) {
		w[i] = (struct tx_worker){.tw_sa = &out, .tw_wire = &wire, .tw_ctx = tx_ctx_new(), .tw_preempted = i};
		assert_int_equal(pthread_create(&th[i], NULL, tx_worker_main, &w[i]), 0);
	}
	for (int i = 0; i < 2; i++) {
		pthread_join(th[i], NULL);
		esp_ctx_free(w[i].tw_ctx);
	}
	assert_int_equal(wire.tw_n, TX_LOG);
	for (size_t i = 0; i < wire.tw_n; i++) {
		assert_int_equal(wire.tw_seq[i], i + 1);
		assert_int_equal(esp_sa_replay_update(&in, esp_sa_replay_seq(&in, wire.tw_seq[i])), DROP_NONE);
	}
}

struct tx_waiter {
	struct esp_ctx *tr_ctx;
	struct esp_sa *tr_sa;
	uint32_t tr_seq;
	atomic_bool tr_done;
};

static void *tx_waiter_main(void *arg)
{
	struct tx_waiter *tr = arg;

	tr->tr_seq = tx_seal(tr->tr_ctx, tr->tr_sa);
	atomic_store(&tr->tr_done, true);
	return NULL;
}

/* A second sender's seal waits until the owner has sent, then numbers after the owner's. */
static void test_second_sender_waits_for_release(void **state)
{
	const struct timespec settle = {.tv_nsec = 50 * 1000 * 1000};
	struct esp_ctx *owner = tx_ctx_new();
	struct tx_waiter tr = {.tr_ctx = tx_ctx_new()};
	struct esp_sa sa;
	pthread_t th;

	(void)state;
	tx_sa_init(&sa, 0x2002);
	tr.tr_sa = &sa;
	for (uint32_t i = 1; i <= 3; i++)
		assert_int_equal(tx_seal(owner, &sa), i);
	assert_int_equal(pthread_create(&th, NULL, tx_waiter_main, &tr), 0);
	nanosleep(&settle, NULL);
	assert_false(atomic_load(&tr.tr_done));
	assert_int_equal(tx_seal(owner, &sa), 4); /* the owner goes on sealing meanwhile */
	esp_tx_release(esp_ctx_own_tx(owner));
	pthread_join(th, NULL);
	assert_true(atomic_load(&tr.tr_done));
	assert_int_equal(tr.tr_seq, 5);
	esp_tx_release(esp_ctx_own_tx(tr.tr_ctx));
	esp_ctx_free(owner);
	esp_ctx_free(tr.tr_ctx);
}

/* Holding a larger SA, a sender does not wait for a smaller one (its owner may be waiting for the larger). */
static void test_no_wait_against_order(void **state)
{
	struct esp_ctx *a = tx_ctx_new(), *b = tx_ctx_new();
	struct esp_sa small, large;

	(void)state;
	tx_sa_init(&small, 0x3003);
	tx_sa_init(&large, 0x3004);
	assert_true(esp_tx_take(esp_ctx_own_tx(b), &small, true));
	assert_true(esp_tx_take(esp_ctx_own_tx(a), &large, true));
	assert_false(esp_tx_take(esp_ctx_own_tx(a), &small, true));
	assert_false(esp_tx_take(esp_ctx_own_tx(b), &large, false));
	assert_int_equal(tx_seal(a, &small), 1); /* sealed all the same, unordered */
	esp_tx_release(esp_ctx_own_tx(b));
	assert_true(esp_tx_take(esp_ctx_own_tx(a), &small, true));
	esp_tx_release(esp_ctx_own_tx(a));
	assert_null(atomic_load(&small.sa_tx_owner));
	assert_null(atomic_load(&large.sa_tx_owner));
	esp_ctx_free(a);
	esp_ctx_free(b);
}

/* A helper seals for the reader's sender: the SA is the reader's until the reader releases. */
static void test_helper_seals_for_reader(void **state)
{
	struct esp_ctx *reader = tx_ctx_new(), *helper = tx_ctx_new();
	struct esp_sa sa;

	(void)state;
	tx_sa_init(&sa, 0x4004);
	esp_ctx_send_as(helper, esp_ctx_own_tx(reader), false);
	assert_int_equal(tx_seal(helper, &sa), 1);
	assert_ptr_equal(atomic_load(&sa.sa_tx_owner), esp_ctx_own_tx(reader));
	esp_ctx_send_as(helper, esp_ctx_own_tx(helper), true);
	esp_tx_release(esp_ctx_own_tx(helper));
	assert_ptr_equal(atomic_load(&sa.sa_tx_owner), esp_ctx_own_tx(reader));
	esp_tx_release(esp_ctx_own_tx(reader));
	assert_null(atomic_load(&sa.sa_tx_owner));
	esp_ctx_free(reader);
	esp_ctx_free(helper);
}

/* Past ESP_TX_HELD SAs in one batch, a sender seals without owning, and leaves the SA free. */
static void test_full_sender_does_not_own(void **state)
{
	static struct esp_sa sa[ESP_TX_HELD + 1];
	struct esp_ctx *ctx = tx_ctx_new();
	struct esp_tx *tx = esp_ctx_own_tx(ctx);

	(void)state;
	for (unsigned i = 0; i <= ESP_TX_HELD; i++)
		tx_sa_init(&sa[i], 0x5000 + i);
	for (unsigned i = 0; i < ESP_TX_HELD; i++)
		assert_true(esp_tx_take(tx, &sa[i], true));
	assert_false(esp_tx_take(tx, &sa[ESP_TX_HELD], true));
	assert_null(atomic_load(&sa[ESP_TX_HELD].sa_tx_owner));
	esp_tx_release(tx);
	for (unsigned i = 0; i <= ESP_TX_HELD; i++)
		assert_null(atomic_load(&sa[i].sa_tx_owner));
	esp_ctx_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_preempted_sender_stays_in_order),
	    cmocka_unit_test(test_second_sender_waits_for_release),
	    cmocka_unit_test(test_no_wait_against_order),
	    cmocka_unit_test(test_helper_seals_for_reader),
	    cmocka_unit_test(test_full_sender_does_not_own),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
