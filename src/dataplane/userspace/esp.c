/* ESP packet framing (RFC 4303 2): header, padding, trailer; the transforms do the cryptography. */
#include "dataplane/userspace/esp.h"

#include <stddef.h>

#include "dataplane/userspace/esp_int.h"
#include "dataplane/userspace/wire.h"

static const struct esp_xform *xform_of(const struct esp_sa *sa)
{
	return sa->sa_info->ai_authkeylen ? &esp_xform_cbc : &esp_xform_gcm;
}

/* Takes the SA's next sequence number; a counter never wraps (RFC 4303 3.3.3). */
static enum us_drop next_seq(struct esp_sa *sa, uint64_t *seq)
{
	uint64_t last = sa->sa_esn ? UINT64_MAX : UINT32_MAX;

	*seq = atomic_fetch_add(&sa->sa_seq_out, 1) + 1;
	if (*seq == 0 || *seq > last) {
		atomic_store(&sa->sa_seq_out, last); /* stays exhausted */
		return DROP_ESP_SEQ_EXHAUSTED;
	}
	return DROP_NONE;
}

void esp_ctx_send_as(struct esp_ctx *ctx, struct esp_tx *tx, bool may_wait)
{
	ctx->ec_tx = tx;
	ctx->ec_tx_wait = may_wait;
}

struct esp_tx *esp_ctx_own_tx(struct esp_ctx *ctx)
{
	return &ctx->ec_own_tx;
}

/* Padding 1, 2, 3... (RFC 4303 2.4), pad length, next header. */
static void write_trailer(uint8_t *t, size_t pad, uint8_t next_header)
{
	for (size_t i = 0; i < pad; i++)
		t[i] = (uint8_t)(i + 1);
	t[pad] = (uint8_t)pad;
	t[pad + 1] = next_header;
}

enum us_drop esp_seal(struct esp_ctx *ctx, struct esp_sa *sa, struct pkt *p, uint8_t next_header)
{
	const struct esp_alg_info *ai = sa->sa_info;
	size_t pad = esp_pad_len(ai, p->pkt_len);
	uint64_t seq;
	enum us_drop why;
	uint8_t *h;

	if (p->pkt_headroom < ESP_HDR_LEN + (size_t)ai->ai_ivlen ||
	    p->pkt_tailroom < pad + ESP_TRAILER_LEN + ai->ai_icvlen)
		return DROP_NO_ROOM;
	if (ctx->ec_tx)
		esp_tx_take(ctx->ec_tx, sa, ctx->ec_tx_wait);
	why = next_seq(sa, &seq);
	if (why != DROP_NONE)
		return why;
	esp_sa_count(sa, p->pkt_len);
	write_trailer(pkt_put(p, pad + ESP_TRAILER_LEN), pad, next_header);
	pkt_push(p, ai->ai_ivlen);
	h = pkt_push(p, ESP_HDR_LEN);
	wire_put32(h, sa->sa_spi);
	wire_put32(h + 4, (uint32_t)seq);
	return xform_of(sa)->x_seal(ctx, sa, p, seq);
}

/*
 * The shortest packet: header, IV, the trailer (a cipher block for CBC), ICV.
 * GCM packets need not be 4-byte aligned to be opened: we pad ours, and a
 * peer that does not loses nothing to us (the ICV still protects them).
 */
static enum us_drop check_length(const struct esp_alg_info *ai, size_t len)
{
	size_t fixed = ESP_HDR_LEN + ai->ai_ivlen + ai->ai_icvlen;

	if (len < fixed + (ai->ai_block > ESP_TRAILER_LEN ? ai->ai_block : ESP_TRAILER_LEN))
		return DROP_ESP_TRUNCATED;
	return (len - fixed) % ai->ai_block ? DROP_ESP_LENGTH : DROP_NONE;
}

/* Removes ICV, trailer and padding, checking the padding is 1, 2, 3..., then header and IV. */
static enum us_drop strip(const struct esp_alg_info *ai, struct pkt *p, uint8_t *next_header)
{
	const uint8_t *t = pkt_trim(p, ai->ai_icvlen) - ESP_TRAILER_LEN;
	size_t pad = t[0], plain = p->pkt_len - ESP_HDR_LEN - ai->ai_ivlen;

	if (pad + ESP_TRAILER_LEN > plain)
		return DROP_ESP_PADDING;
	for (size_t i = 0; i < pad; i++) {
		if (t[(ptrdiff_t)i - (ptrdiff_t)pad] != i + 1)
			return DROP_ESP_PADDING;
	}
	*next_header = t[1];
	pkt_trim(p, pad + ESP_TRAILER_LEN);
	pkt_pull(p, ESP_HDR_LEN + ai->ai_ivlen);
	return DROP_NONE;
}

enum us_drop esp_open(struct esp_ctx *ctx, struct esp_sa *sa, struct pkt *p, uint8_t *next_header)
{
	const struct esp_xform *x = xform_of(sa);
	enum us_drop why = check_length(sa->sa_info, p->pkt_len);
	uint64_t seq;

	if (why != DROP_NONE)
		return why;
	seq = esp_sa_replay_seq(sa, wire_get32(p->pkt_data + 4));
	why = x->x_verify(ctx, sa, p, seq);
	if (why == DROP_NONE)
		why = esp_sa_replay_update(sa, seq);
	if (why == DROP_NONE && x->x_decrypt)
		why = x->x_decrypt(ctx, sa, p);
	if (why == DROP_NONE && (why = strip(sa->sa_info, p, next_header)) == DROP_NONE)
		esp_sa_count(sa, p->pkt_len);
	return why;
}
