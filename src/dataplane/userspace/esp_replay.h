/*
 * The ESP anti-replay window (RFC 4303 3.4.3 and appendix A): the highest
 * sequence number accepted and a bitmap of the ESP_REPLAY_WINDOW numbers
 * below it, kept as blocks of 64 bits (the layout of RFC 6479) so that
 * moving the window clears whole words. With extended sequence numbers the
 * high 32 bits of a received number are inferred from the window.
 */
#ifndef FERRY_DATAPLANE_USERSPACE_ESP_REPLAY_H
#define FERRY_DATAPLANE_USERSPACE_ESP_REPLAY_H

#include <stdbool.h>
#include <stdint.h>

#include "dataplane/userspace/drop.h"

#define ESP_REPLAY_WINDOW 1024u
/* One block more than the window spans, so the oldest block never aliases the newest. */
#define ESP_REPLAY_BLOCKS (ESP_REPLAY_WINDOW / 64 + 1)

struct esp_replay {
	uint64_t rp_top; /* highest sequence number accepted; 0: none yet */
	uint64_t rp_bits[ESP_REPLAY_BLOCKS];
};

void esp_replay_reset(struct esp_replay *rp);
/* The full sequence number of a packet carrying seq_lo (RFC 4303 A2.2 with ESN; seq_lo itself without). */
uint64_t esp_replay_seq(const struct esp_replay *rp, uint32_t seq_lo, bool esn);
/* DROP_ESP_REPLAY when seq was seen, is 0, or is ESP_REPLAY_WINDOW or more below the top; changes nothing. */
enum us_drop esp_replay_check(const struct esp_replay *rp, uint64_t seq);
/* Checks seq, then records it (moving the window when it is new). Call only after its ICV verified. */
enum us_drop esp_replay_update(struct esp_replay *rp, uint64_t seq);

#endif
