/* Reassembling fragmented IKEv2 messages (RFC 7383 §2.6): bounded, each fragment authenticated first. */
#include <stdlib.h>
#include <string.h>

#include "ike/ikev2_frag.h"

struct ikev2_frag_rx {
	uint32_t fr_msgid;
	uint8_t fr_exchange, fr_flags;
	uint16_t fr_total;
	uint16_t fr_have;
	uint8_t fr_first; /* the first inner payload, from fragment 1 */
	size_t fr_bytes;
	struct ikev2_secret fr_piece[IKEV2_FRAG_MAX]; /* by fragment number - 1; empty: not yet */
	bool fr_got[IKEV2_FRAG_MAX];
};

void ikev2_frag_rx_free(struct ikev2_frag_rx *rx)
{
	if (!rx)
		return;
	for (size_t i = 0; i < IKEV2_FRAG_MAX; i++)
		ikev2_secret_free(&rx->fr_piece[i]);
	free(rx);
}

static enum ikev2_frag_result dropped(uint64_t *counter, struct ikev2_err *err, const char *what)
{
	(*counter)++;
	*err = (struct ikev2_err){.e_payload = IKEV2_PL_SKF, .e_what = what};
	return IKEV2_FRAG_DROPPED;
}

/* Empties rx for the message of fragment m. */
static void restart(struct ikev2_frag_rx *rx, const struct ikev2_msg *m, uint16_t total)
{
	for (size_t i = 0; i < IKEV2_FRAG_MAX; i++)
		ikev2_secret_free(&rx->fr_piece[i]);
	*rx = (struct ikev2_frag_rx){
	    .fr_msgid = m->m_msgid, .fr_exchange = m->m_exchange, .fr_flags = m->m_flags, .fr_total = total};
}

static bool same_message(const struct ikev2_frag_rx *rx, const struct ikev2_msg *m)
{
	return rx->fr_msgid == m->m_msgid && rx->fr_exchange == m->m_exchange && rx->fr_flags == m->m_flags;
}

/* The SKF payload of m, which must be its only payload. */
static const struct ikev2_sk *only_skf(const struct ikev2_msg *m)
{
	return m->m_pl && !m->m_pl->pl_next && m->m_pl->pl_type == IKEV2_PL_SKF ? &m->m_pl->pl_sk : NULL;
}

/* The whole plaintext, sealed as one SK message like the peer's. */
static int reseal(const struct ikev2_frag_rx *rx, const struct ikev2_sk_keys *k, const struct ikev2_msg *m,
		  struct ikev2_blob *whole, struct ikev2_err *err)
{
	struct ikev2_secret plain = {0};
	struct ikev2_msg one;
	struct ikev2_pl *sk;
	size_t at = 0;
	int rc = -1;

	if (ikev2_secret_alloc(&plain, rx->fr_bytes ? rx->fr_bytes : 1) < 0) {
		*err = (struct ikev2_err){.e_what = "out of memory"};
		return -1;
	}
	for (size_t i = 0; i < rx->fr_total; i++) {
		if (!rx->fr_piece[i].se_len)
			continue; /* an empty fragment holds no buffer at all */
		memcpy(plain.se_data + at, rx->fr_piece[i].se_data, rx->fr_piece[i].se_len);
		at += rx->fr_piece[i].se_len;
	}
	ikev2_msg_init(&one, m->m_spi_i, m->m_spi_r, m->m_exchange, m->m_flags, m->m_msgid);
	one.m_version = m->m_version;
	if ((sk = ikev2_pl_add(&one.m_pl, IKEV2_PL_SK))) {
		sk->pl_sk.sk_next = rx->fr_first;
		rc = ikev2_msg_seal(k, &one, plain.se_data, at, whole, err);
	} else
		*err = (struct ikev2_err){.e_what = "out of memory"};
	ikev2_msg_fini(&one);
	ikev2_secret_free(&plain);
	return rc;
}

/*
 * Makes room for fragment m of total: rx starts over for a newer message or
 * a larger total (§2.6: the sender fragmented again, smaller). Returns why
 * the fragment is refused (an older message, a smaller total), or NULL.
 */
static const char *place(struct ikev2_frag_rx *rx, const struct ikev2_msg *m, uint16_t total)
{
	if (!same_message(rx, m)) {
		if (m->m_flags == rx->fr_flags && m->m_msgid < rx->fr_msgid)
			return "fragment of an older message";
		restart(rx, m, total);
	} else if (total > rx->fr_total)
		restart(rx, m, total);
	else if (total < rx->fr_total)
		return "fewer total fragments than before";
	return NULL;
}

/* Keeps the piece of fragment skf; DONE when it was the last one missing. */
static enum ikev2_frag_result keep(struct ikev2_frag_rx *rx, const struct ikev2_sk *skf, struct ikev2_secret *piece,
				   struct ikev2_frag_stats *stats, struct ikev2_err *err)
{
	size_t i = skf->sk_frag_num - 1u;

	if (rx->fr_got[i])
		return dropped(&stats->fs_dup, err, "duplicate fragment");
	if (rx->fr_bytes + piece->se_len > IKEV2_FRAG_MAX_BYTES) {
		restart(rx, &(struct ikev2_msg){0}, 0);
		return dropped(&stats->fs_range, err, "reassembled message too long");
	}
	rx->fr_piece[i] = *piece;
	*piece = (struct ikev2_secret){0};
	rx->fr_got[i] = true;
	rx->fr_bytes += rx->fr_piece[i].se_len;
	if (skf->sk_frag_num == 1)
		rx->fr_first = skf->sk_next;
	stats->fs_held++;
	return ++rx->fr_have == rx->fr_total ? IKEV2_FRAG_DONE : IKEV2_FRAG_HELD;
}

enum ikev2_frag_result ikev2_frag_add(struct ikev2_frag_rx **rx, const struct ikev2_sk_keys *k,
				      const struct ikev2_msg *m, const uint8_t *raw, size_t len,
				      struct ikev2_blob *whole, struct ikev2_frag_stats *stats, struct ikev2_err *err)
{
	const struct ikev2_sk *skf = only_skf(m);
	struct ikev2_secret piece = {0};
	enum ikev2_frag_result r;
	const char *why;

	*whole = (struct ikev2_blob){0};
	if (!skf || skf->sk_frag_num == 0 || skf->sk_frag_num > skf->sk_frag_total ||
	    skf->sk_frag_total > IKEV2_FRAG_MAX)
		return dropped(&stats->fs_range, err, "fragment number or count out of range, or not alone");
	if (ikev2_msg_open(k, raw, len, m, &piece, err) < 0)
		return dropped(&stats->fs_integrity, err, err->e_what);
	if (!*rx && !(*rx = calloc(1, sizeof(**rx)))) {
		ikev2_secret_free(&piece);
		*err = (struct ikev2_err){.e_what = "out of memory"};
		return IKEV2_FRAG_DROPPED;
	}
	if (!(*rx)->fr_total)
		restart(*rx, m, skf->sk_frag_total);
	why = place(*rx, m, skf->sk_frag_total);
	r = why ? dropped(&stats->fs_range, err, why) : keep(*rx, skf, &piece, stats, err);
	ikev2_secret_free(&piece);
	if (r != IKEV2_FRAG_DONE)
		return r;
	r = reseal(*rx, k, m, whole, err) < 0 ? IKEV2_FRAG_DROPPED : IKEV2_FRAG_DONE;
	stats->fs_done += r == IKEV2_FRAG_DONE;
	ikev2_frag_rx_free(*rx);
	*rx = NULL;
	return r;
}
