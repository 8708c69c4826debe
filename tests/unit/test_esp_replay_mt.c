/*
 * The anti-replay window of an SA opened by several workers at once
 * (esp_sa_replay_update under concurrency): every sequence number offered
 * by every thread is accepted exactly once, whether the threads go in
 * order or shuffle within the window; and the window's edges (RFC 4303
 * 3.4.3 with a 1024-packet window) hold on the SA's locked path.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "dataplane/userspace/esp_sa.h"

#define MT_THREADS 4
#define MT_SEQS	   100000u /* per run: about 100 windows, so the window moves and its blocks are reused */
#define MT_ROUNDS  20	   /* a lost update needs two threads inside one check at once: give it many chances */
#define MT_SHUFFLE 512u	   /* the shuffled run permutes blocks of this many: half the window */

struct mt_run {
	struct esp_sa mr_sa;
	_Atomic unsigned mr_accepted[MT_SEQS + 1];
	_Atomic unsigned mr_rejected;
	bool mr_shuffle;
	pthread_barrier_t mr_start; /* the threads start each block together, to contend */
};

struct mt_thread {
	struct mt_run *mt_run;
	unsigned mt_seed;
};

static void mt_offer(struct mt_run *r, uint64_t seq)
{
	if (esp_sa_replay_update(&r->mr_sa, seq) == DROP_NONE)
		atomic_fetch_add(&r->mr_accepted[seq], 1);
	else
		atomic_fetch_add(&r->mr_rejected, 1);
}

/* Offers 1..MT_SEQS in order, or each block of MT_SHUFFLE in an order of the thread's own. */
static void *mt_main(void *arg)
{
	struct mt_thread *t = arg;
	unsigned order[MT_SHUFFLE];

	for (unsigned base = 1; base <= MT_SEQS; base += MT_SHUFFLE) {
		unsigned n = MT_SEQS - base + 1 < MT_SHUFFLE ? MT_SEQS - base + 1 : MT_SHUFFLE;

		for (unsigned i = 0; i < n; i++)
			order[i] = i;
		for (unsigned i = n - 1; t->mt_run->mr_shuffle && i > 0; i--) {
			unsigned j = (unsigned)rand_r(&t->mt_seed) % (i + 1), k = order[i];

			order[i] = order[j];
			order[j] = k;
		}
		pthread_barrier_wait(&t->mt_run->mr_start);
		for (unsigned i = 0; i < n; i++)
			mt_offer(t->mt_run, base + order[i]);
	}
	return NULL;
}

static struct mt_run *mt_new(bool shuffle)
{
	struct mt_run *r = calloc(1, sizeof(*r));

	assert_non_null(r);
	r->mr_sa = (struct esp_sa){.sa_spi = 0x1000, .sa_alg = DP_SA_AES_GCM_128, .sa_keylen = 20};
	assert_int_equal(esp_sa_init(&r->mr_sa), 0);
	r->mr_shuffle = shuffle;
	return r;
}

/*
 * A thread offering seq has offered everything before seq's block, so the
 * top is at most the end of that block: seq's first offer is inside the
 * window and is taken, every later offer is a duplicate.
 */
static void mt_run_threads(bool shuffle)
{
	struct mt_run *r = mt_new(shuffle);
	struct mt_thread t[MT_THREADS];
	pthread_t tid[MT_THREADS];

	assert_int_equal(pthread_barrier_init(&r->mr_start, NULL, MT_THREADS), 0);
	for (unsigned i = 0; i < MT_THREADS; i++) {
		t[i] = (struct mt_thread){.mt_run = r, .mt_seed = 7 + i};
		assert_int_equal(pthread_create(&tid[i], NULL, mt_main, &t[i]), 0);
	}
	for (unsigned i = 0; i < MT_THREADS; i++)
		pthread_join(tid[i], NULL);
	for (unsigned s = 1; s <= MT_SEQS; s++)
		if (atomic_load(&r->mr_accepted[s]) != 1)
			fail_msg("sequence number %u accepted %u times", s, atomic_load(&r->mr_accepted[s]));
	assert_int_equal(atomic_load(&r->mr_rejected), (MT_THREADS - 1) * MT_SEQS);
	assert_int_equal(r->mr_sa.sa_replay.rp_top, MT_SEQS);
	pthread_barrier_destroy(&r->mr_start);
	free(r);
}

static void test_in_order(void **state)
{
	(void)state;
	for (unsigned i = 0; i < MT_ROUNDS; i++)
		mt_run_threads(false);
}

static void test_shuffled(void **state)
{
	(void)state;
	for (unsigned i = 0; i < MT_ROUNDS; i++)
		mt_run_threads(true);
}

/* The edges: 1023 below the top is inside, 1024 below is out, 0 never; late packets inside are taken once. */
static void test_edges(void **state)
{
	struct mt_run *r = mt_new(false);
	struct esp_sa *sa = &r->mr_sa;

	(void)state;
	assert_int_equal(esp_sa_replay_update(sa, 0), DROP_ESP_REPLAY);
	assert_int_equal(esp_sa_replay_update(sa, 5000), DROP_NONE);
	assert_int_equal(esp_sa_replay_update(sa, 5000 - ESP_REPLAY_WINDOW), DROP_ESP_REPLAY);
	assert_int_equal(esp_sa_replay_update(sa, 5000 - ESP_REPLAY_WINDOW + 1), DROP_NONE);
	assert_int_equal(esp_sa_replay_update(sa, 5000 - ESP_REPLAY_WINDOW + 1), DROP_ESP_REPLAY);
	assert_int_equal(esp_sa_replay_update(sa, 4999), DROP_NONE);
	assert_int_equal(esp_sa_replay_update(sa, 5000), DROP_ESP_REPLAY);
	/* A jump by more than the window forgets everything below the new bottom, keeps nothing stale above it. */
	assert_int_equal(esp_sa_replay_update(sa, 5000 + 3 * ESP_REPLAY_WINDOW), DROP_NONE);
	assert_int_equal(esp_sa_replay_update(sa, 4999), DROP_ESP_REPLAY);
	assert_int_equal(esp_sa_replay_update(sa, 5000 + 2 * ESP_REPLAY_WINDOW + 1), DROP_NONE);
	assert_int_equal(esp_sa_replay_update(sa, 5000 + 2 * ESP_REPLAY_WINDOW), DROP_ESP_REPLAY);
	/* With ESN the high half is inferred on the same lock (RFC 4303 A2.2): below the window is the next span. */
	sa->sa_esn = true;
	assert_int_equal(esp_sa_replay_seq(sa, 7500), 7500);
	assert_int_equal(esp_sa_replay_seq(sa, 7), (UINT64_C(1) << 32) + 7);
	free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_in_order),
	    cmocka_unit_test(test_shuffled),
	    cmocka_unit_test(test_edges),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
