/* Anti-replay window: RFC 4303 3.4.3, ESN inference per appendix A2.2, block bitmap per RFC 6479. */
#include "dataplane/userspace/esp_replay.h"

#include <string.h>

static uint64_t bit_of(uint64_t seq)
{
	return UINT64_C(1) << (seq & 63);
}

/* Where block number n (sequence numbers 64n to 64n + 63) lives. */
static size_t slot(uint64_t n)
{
	return (size_t)(n % ESP_REPLAY_BLOCKS);
}

void esp_replay_reset(struct esp_replay *rp)
{
	memset(rp, 0, sizeof(*rp));
}

uint64_t esp_replay_seq(const struct esp_replay *rp, uint32_t seq_lo, bool esn)
{
	uint32_t tl = (uint32_t)rp->rp_top, th = (uint32_t)(rp->rp_top >> 32);
	uint32_t bottom = tl - (ESP_REPLAY_WINDOW - 1); /* wraps below 0 in case B */
	uint32_t hi;

	if (!esn)
		return seq_lo;
	if (tl >= ESP_REPLAY_WINDOW - 1)
		hi = seq_lo >= bottom ? th : th + 1; /* case A: the window lies within one 2^32 span */
	else
		hi = seq_lo >= bottom && th > 0 ? th - 1 : th; /* case B: it straddles a span boundary */
	return (uint64_t)hi << 32 | seq_lo;
}

enum us_drop esp_replay_check(const struct esp_replay *rp, uint64_t seq)
{
	if (seq == 0)
		return DROP_ESP_REPLAY;
	if (seq > rp->rp_top)
		return DROP_NONE;
	if (rp->rp_top - seq >= ESP_REPLAY_WINDOW)
		return DROP_ESP_REPLAY;
	return rp->rp_bits[slot(seq >> 6)] & bit_of(seq) ? DROP_ESP_REPLAY : DROP_NONE;
}

/* Moves the top to seq, clearing the blocks that enter the window. */
static void advance(struct esp_replay *rp, uint64_t seq)
{
	uint64_t cur = rp->rp_top >> 6, steps = (seq >> 6) - cur;

	if (steps > ESP_REPLAY_BLOCKS)
		steps = ESP_REPLAY_BLOCKS;
	for (uint64_t i = 1; i <= steps; i++)
		rp->rp_bits[slot(cur + i)] = 0;
	rp->rp_top = seq;
}

enum us_drop esp_replay_update(struct esp_replay *rp, uint64_t seq)
{
	enum us_drop why = esp_replay_check(rp, seq);

	if (why != DROP_NONE)
		return why;
	if (seq > rp->rp_top)
		advance(rp, seq);
	rp->rp_bits[slot(seq >> 6)] |= bit_of(seq);
	return DROP_NONE;
}
