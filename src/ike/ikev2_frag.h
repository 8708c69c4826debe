/*
 * IKEv2 fragmentation (RFC 7383). Both sides say IKEV2_FRAGMENTATION_SUPPORTED
 * in IKE_SA_INIT; then an encrypted message longer than fits a datagram of
 * the configured MTU goes as Encrypted Fragment (SKF) messages, each sealed
 * on its own (§2.5). Sending, the fragments of one message are a "train":
 * the IKE messages back to back in one blob, which the SA manager keeps and
 * retransmits whole (every fragment, §2.6), and ikev2_udp_send sends one
 * datagram each.
 * Receiving, each fragment is checked and decrypted as it comes (§2.6), and
 * the whole plaintext sealed again as one SK message with the same keys, so
 * the exchanges read it like any unfragmented message.
 */
#ifndef FERRY_IKE_IKEV2_FRAG_H
#define FERRY_IKE_IKEV2_FRAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ike/ikev2_msg.h"
#include "ike/ikev2_sk.h"

#define IKEV2_FRAG_MTU_DEFAULT 576 /* IOS's default, and the IPv4 minimum every path carries (§2.5.1) */
#define IKEV2_FRAG_MTU_MIN     256 /* below it a fragment carries almost only its headers */
#define IKEV2_FRAG_MTU_MAX     9000
#define IKEV2_FRAG_MAX	       64    /* fragments of one message, sent or accepted */
#define IKEV2_FRAG_MAX_BYTES   65536 /* plaintext of one reassembled message */

/* The fragment MTU of the running configuration ("crypto ikev2 fragmentation"); 0: off. */
size_t ikev2_frag_conf_mtu(void);

struct ikev2_init;
/*
 * The sealed message *out of m (whose SK holds plain, first payload first)
 * replaced by a train of fragments when both sides fragment and it does not
 * fit the MTU; unchanged otherwise.
 */
int ikev2_frag_send(const struct ikev2_init *in, const struct ikev2_sk_keys *k, const struct ikev2_msg *m,
		    uint8_t first, const struct ikev2_blob *plain, struct ikev2_blob *out, struct ikev2_err *err);

/* The longest IKE message in a datagram of mtu octets: less IPv4 and UDP headers and (natt) the non-ESP marker. */
size_t ikev2_frag_msg_limit(size_t mtu, bool natt);
/* The plaintext one SKF message of at most limit octets carries with keys k; 0 if none fits. */
size_t ikev2_frag_capacity(const struct ikev2_sk_keys *k, size_t limit);
/*
 * The SKF messages of plain (an encoded payload chain whose first payload
 * is first) with the header fields of hdr, each at most limit octets,
 * sealed with k, as a train in *train.
 */
int ikev2_frag_seal(const struct ikev2_sk_keys *k, const struct ikev2_msg *hdr, uint8_t first, const uint8_t *plain,
		    size_t len, size_t limit, struct ikev2_blob *train, struct ikev2_err *err);
/*
 * The next message of a train from *off: 1 with *msg and *msg_len (octets
 * whose IKE length does not fit are one message: the rest), 0 at the end.
 */
int ikev2_train_next(const uint8_t *train, size_t len, size_t *off, const uint8_t **msg, size_t *msg_len);

/* Why fragments were dropped. */
struct ikev2_frag_stats {
	uint64_t fs_held;      /* fragments kept for reassembly */
	uint64_t fs_done;      /* messages reassembled */
	uint64_t fs_dup;       /* a fragment number seen already */
	uint64_t fs_range;     /* too many fragments, too long, another total, not the only payload */
	uint64_t fs_integrity; /* did not verify or decrypt */
};

struct ikev2_frag_rx;

enum ikev2_frag_result {
	IKEV2_FRAG_HELD,    /* kept: the message is not complete */
	IKEV2_FRAG_DONE,    /* *whole holds the reassembled message as one SK message */
	IKEV2_FRAG_DROPPED, /* counted in stats; *err says why */
};

/*
 * Adds the fragment m (raw as received, opened with the peer's keys k) to
 * *rx (allocated on first use). A fragment of another message than the one
 * being reassembled starts over with it (only authenticated fragments get
 * this far).
 */
enum ikev2_frag_result ikev2_frag_add(struct ikev2_frag_rx **rx, const struct ikev2_sk_keys *k,
				      const struct ikev2_msg *m, const uint8_t *raw, size_t len,
				      struct ikev2_blob *whole, struct ikev2_frag_stats *stats, struct ikev2_err *err);
void ikev2_frag_rx_free(struct ikev2_frag_rx *rx);

/* Whether m carries an SKF payload (it must then be the only one). */
bool ikev2_frag_is_fragment(const struct ikev2_msg *m);

struct ikev2_mgr;
struct ikev2_ike_sa;
struct sockaddr_in;
/*
 * The SA manager's receive hook: false when m is no fragment; else m is
 * taken (held, dropped and counted, or the reassembled message received).
 */
bool ikev2_frag_gate(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa, const struct ikev2_msg *m, const uint8_t *raw,
		     size_t len, const struct sockaddr_in *from, const struct sockaddr_in *to, bool natt);

#endif
