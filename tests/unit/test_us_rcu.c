/* The snapshot publication of the userspace dataplane: grace periods, and readers racing a writer. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dataplane/userspace/us_rcu.h"

#define LIVE  0x600dcafeu
#define FREED 0xdeadbeefu

struct obj {
	struct us_rcu_head o_head;
	uint32_t o_magic; /* LIVE until freed */
	uint64_t o_version;
	uint64_t o_payload[8]; /* every word o_version: a torn or reused object shows */
};

static _Atomic size_t freed_count;

static void obj_free(struct us_rcu_head *h)
{
	struct obj *o = (struct obj *)h;

	o->o_magic = FREED; /* poison: a reader still holding it would see this (and ASan the free) */
	free(o);
	atomic_fetch_add(&freed_count, 1);
}

static struct us_rcu_head *obj_new(uint64_t version)
{
	struct obj *o = calloc(1, sizeof(*o));

	assert_non_null(o);
	o->o_magic = LIVE;
	o->o_version = version;
	for (size_t i = 0; i < 8; i++)
		o->o_payload[i] = version;
	return &o->o_head;
}

static void test_grace_period(void **state)
{
	struct us_rcu r;
	int reader;
	struct obj *held;

	(void)state;
	atomic_store(&freed_count, 0);
	us_rcu_init(&r, obj_free);
	reader = us_rcu_reader_add(&r);
	assert_int_equal(reader, 0);
	assert_null(us_rcu_enter(&r, reader));
	us_rcu_exit(&r, reader);
	us_rcu_publish(&r, obj_new(1));
	held = (struct obj *)us_rcu_enter(&r, reader);
	assert_int_equal(held->o_version, 1);
	us_rcu_publish(&r, obj_new(2));
	/* The reader is inside since before version 2: version 1 must stay. */
	assert_int_equal(us_rcu_reclaim(&r), 1);
	assert_int_equal(held->o_magic, LIVE);
	us_rcu_exit(&r, reader);
	assert_int_equal(us_rcu_reclaim(&r), 0);
	assert_int_equal(atomic_load(&freed_count), 1);
	/* Entering after a publication sees it, and does not hold back older ones. */
	assert_int_equal(((struct obj *)us_rcu_enter(&r, reader))->o_version, 2);
	us_rcu_publish(&r, obj_new(3));
	us_rcu_exit(&r, reader);
	assert_int_equal(us_rcu_reclaim(&r), 0);
	us_rcu_destroy(&r);
	assert_int_equal(atomic_load(&freed_count), 3);
}

static void test_reader_slots(void **state)
{
	struct us_rcu r;

	(void)state;
	us_rcu_init(&r, obj_free);
	for (int i = 0; i < US_RCU_READERS; i++)
		assert_int_equal(us_rcu_reader_add(&r), i);
	assert_int_equal(us_rcu_reader_add(&r), -1);
	us_rcu_destroy(&r);
}

#define VERSIONS 20000
#define READS	 1000

struct race {
	struct us_rcu *ra_rcu;
	int ra_reader;
	_Atomic int *ra_done;
	uint64_t ra_bad;
	_Atomic uint64_t ra_reads;
};

/* Reads snapshots until the writer is done: each must be whole, live, and never older than the last. */
static void *reader_main(void *arg)
{
	struct race *ra = arg;
	uint64_t last = 0;

	while (!atomic_load(ra->ra_done)) {
		const struct obj *o = (const struct obj *)us_rcu_enter(ra->ra_rcu, ra->ra_reader);

		if (o) {
			ra->ra_bad += o->o_magic != LIVE || o->o_version < last;
			for (size_t i = 0; i < 8; i++)
				ra->ra_bad += o->o_payload[i] != o->o_version;
			last = o->o_version;
			atomic_fetch_add(&ra->ra_reads, 1);
		}
		us_rcu_exit(ra->ra_rcu, ra->ra_reader);
	}
	return NULL;
}

static void test_concurrent_readers(void **state)
{
	struct us_rcu r;
	_Atomic int done = 0;
	struct race races[2];
	pthread_t threads[2];
	uint64_t v = 0;

	(void)state;
	atomic_store(&freed_count, 0);
	us_rcu_init(&r, obj_free);
	for (size_t i = 0; i < 2; i++) {
		races[i] = (struct race){.ra_rcu = &r, .ra_reader = us_rcu_reader_add(&r), .ra_done = &done};
		assert_int_equal(pthread_create(&threads[i], NULL, reader_main, &races[i]), 0);
	}
	/* At least VERSIONS publications, and on until both readers read many times. */
	while (v < VERSIONS || atomic_load(&races[0].ra_reads) < READS || atomic_load(&races[1].ra_reads) < READS) {
		us_rcu_publish(&r, obj_new(++v));
		us_rcu_reclaim(&r);
	}
	atomic_store(&done, 1);
	for (size_t i = 0; i < 2; i++) {
		assert_int_equal(pthread_join(threads[i], NULL), 0);
		assert_int_equal(races[i].ra_bad, 0);
		assert_true(atomic_load(&races[i].ra_reads) >= READS);
	}
	/* With the readers gone, everything but the current version is freed. */
	assert_int_equal(us_rcu_reclaim(&r), 0);
	assert_int_equal(atomic_load(&freed_count), v - 1);
	us_rcu_destroy(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_grace_period),
	    cmocka_unit_test(test_reader_slots),
	    cmocka_unit_test(test_concurrent_readers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
