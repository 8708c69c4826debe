/* Owning an SA from sealing to sending, so that its packets leave in the order of their numbers. */
#include "dataplane/userspace/esp_tx.h"

#include <sched.h>

#include "dataplane/userspace/esp_sa.h"

static unsigned esp_tx_count(struct esp_tx *tx)
{
	unsigned n = atomic_load_explicit(&tx->tx_nheld, memory_order_acquire);

	return n < ESP_TX_HELD ? n : ESP_TX_HELD;
}

/* Lists sa among tx's, which owns it now; without room, gives it back. */
static bool esp_tx_record(struct esp_tx *tx, struct esp_sa *sa)
{
	unsigned i = atomic_fetch_add_explicit(&tx->tx_nheld, 1, memory_order_acq_rel);

	if (i < ESP_TX_HELD) {
		atomic_store_explicit(&tx->tx_held[i], sa, memory_order_release);
		return true;
	}
	atomic_fetch_sub_explicit(&tx->tx_nheld, 1, memory_order_acq_rel);
	atomic_store_explicit(&sa->sa_tx_owner, NULL, memory_order_release);
	return false;
}

/* Waiting is safe when tx holds no SA of a larger id than sa's (esp_tx.h), and useful when it can record sa. */
static bool esp_tx_may_wait(struct esp_tx *tx, const struct esp_sa *sa)
{
	unsigned n = atomic_load_explicit(&tx->tx_nheld, memory_order_acquire);

	if (n >= ESP_TX_HELD)
		return false;
	for (unsigned i = 0; i < n; i++) {
		const struct esp_sa *held = atomic_load_explicit(&tx->tx_held[i], memory_order_acquire);

		if (held && held->sa_id > sa->sa_id)
			return false;
	}
	return true;
}

bool esp_tx_take(struct esp_tx *tx, struct esp_sa *sa, bool may_wait)
{
	for (;;) {
		struct esp_tx *owner = NULL;

		if (atomic_compare_exchange_strong_explicit(&sa->sa_tx_owner, &owner, tx, memory_order_acquire,
							    memory_order_acquire))
			return esp_tx_record(tx, sa);
		if (owner == tx)
			return true;
		if (!may_wait || !esp_tx_may_wait(tx, sa))
			return false;
		/* The owner is between sealing and sending, maybe preempted: give it the CPU. */
		sched_yield();
	}
}

void esp_tx_release(struct esp_tx *tx)
{
	unsigned n = esp_tx_count(tx);

	for (unsigned i = 0; i < n; i++) {
		struct esp_sa *sa = atomic_exchange_explicit(&tx->tx_held[i], NULL, memory_order_acq_rel);

		if (sa)
			atomic_store_explicit(&sa->sa_tx_owner, NULL, memory_order_release);
	}
	atomic_store_explicit(&tx->tx_nheld, 0, memory_order_release);
}
