/* The SA manager's fragments (RFC 7383 §2.6): reassembled per IKE SA, then received as one message. */
#include <arpa/inet.h>
#include <inttypes.h>

#include "core/log.h"
#include "ike/ikev2_frag.h"
#include "ike/ikev2_sa.h"

/* Fragments of every SA since start, by fate (the drops also count in the manager's drop reasons). */
static struct ikev2_frag_stats gate_stats;

static void gate_drop(struct ikev2_mgr *mg, enum ikev2_drop reason, const struct sockaddr_in *from, const char *why)
{
	const struct ikev2_frag_stats *st = &gate_stats;

	mg->mg_stats.st_drops[reason]++;
	log_msg(SEV_DEBUG, "IKEV2", "DROP",
		"fragment from %s dropped: %s (fragments so far: %" PRIu64 " kept, %" PRIu64 " duplicate, %" PRIu64
		" out of range, %" PRIu64 " forged)",
		inet_ntoa(from->sin_addr), why ? why : "?", st->fs_held, st->fs_dup, st->fs_range, st->fs_integrity);
}

bool ikev2_frag_gate(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa, const struct ikev2_msg *m, const uint8_t *raw,
		     size_t len, const struct sockaddr_in *from, const struct sockaddr_in *to, bool natt)
{
	struct ikev2_init *in = &sa->sa_init;
	const struct ikev2_sk_keys *k = in->in_initiator ? &in->in_keys.ik_r2i : &in->in_keys.ik_i2r;
	struct ikev2_blob whole = {0};
	struct ikev2_err err = {0};
	enum ikev2_frag_result r;

	if (!ikev2_frag_is_fragment(m))
		return false;
	/* §2.6: fragments only once both announced support, and only with keys to check them */
	if (!in->in_frag_mtu || !in->in_frag_peer || sa->sa_state == IKEV2_SA_INIT_SENT) {
		gate_drop(mg, IKEV2_DROP_STATE, from, "fragmentation was not negotiated");
		return true;
	}
	r = ikev2_frag_add(&in->in_frag_rx, k, m, raw, len, &whole, &gate_stats, &err);
	if (r == IKEV2_FRAG_DROPPED)
		gate_drop(mg, IKEV2_DROP_DECODE, from, err.e_what);
	/* The reassembled message takes the way of any message: SA lookup, window, exchange. */
	if (r == IKEV2_FRAG_DONE)
		ikev2_sa_rx(mg, whole.bl_data, whole.bl_len, from, to, natt);
	ikev2_blob_free(&whole);
	return true;
}
