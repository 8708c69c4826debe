/*
 * Sending an SA's packets in the order of their sequence numbers, when
 * several workers seal with it. A worker that took numbers and was
 * preempted before sending them fell behind the others: past the peer's
 * replay window (1024 here, 64 or 32 on many peers), its packets were
 * dropped as replays. So a sender (struct esp_tx: one per worker) owns an
 * SA from its first seal of a batch until the batch is sent
 * (esp_tx_release): numbers taken under one owner reach the kernel before
 * any later owner takes its own.
 *
 * Waiting: a sender holding nothing, or only SAs of smaller sa_id, waits
 * (yielding) for another's SA; otherwise it seals without owning (its
 * numbers then run ahead of the owner's by at most one batch). Every wait
 * is for a larger sa_id than all its waiter holds, so no cycle of waits
 * can form. Helpers deciding worker 0's underlay batch seal for its sender
 * (us_help.h) and never wait: worker 0 waits for them.
 */
#ifndef FERRY_DATAPLANE_USERSPACE_ESP_TX_H
#define FERRY_DATAPLANE_USERSPACE_ESP_TX_H

#include <stdatomic.h>
#include <stdbool.h>

#define ESP_TX_HELD 16 /* SAs one batch owns at most; past them it seals without owning */

struct esp_sa;

struct esp_tx {
	_Atomic(struct esp_sa *) tx_held[ESP_TX_HELD];
	_Atomic unsigned tx_nheld; /* may pass ESP_TX_HELD for a moment while a taker backs out */
};

/*
 * Makes tx the owner of sa, waiting for its owner to send when may_wait
 * and the order allows. true: tx owns sa (already or now); false: sa is
 * sealed without ordering.
 */
bool esp_tx_take(struct esp_tx *tx, struct esp_sa *sa, bool may_wait);
/* After tx's batch is sent: gives up every SA it owns. */
void esp_tx_release(struct esp_tx *tx);

#endif
