/* Encrypted IKEv2 messages of an established exchange: a payload chain in an SK payload, both ways. */
#ifndef FERRY_IKE_IKEV2_SKMSG_H
#define FERRY_IKE_IKEV2_SKMSG_H

#include "ike/ikev2_init.h"

/*
 * Encodes a message of exchange with flags and msgid whose SK payload
 * holds inner, sealed with our direction's keys of in (initiator:
 * SK_ei/SK_ai). The initiator flag is added on the original initiator's side.
 */
int ikev2_sk_send(const struct ikev2_init *in, uint8_t exchange, uint8_t flags, uint32_t msgid,
		  const struct ikev2_pl *inner, struct ikev2_blob *out, struct ikev2_err *err);
/* What became of a received SK message. */
enum ikev2_sk_rx {
	IKEV2_SK_RX_OK = 0,
	IKEV2_SK_RX_SEALED = -1,   /* no SK payload, or it did not verify or decrypt: drop it silently (§2.21) */
	IKEV2_SK_RX_PAYLOADS = -2, /* authentic, but its payloads did not decode: *err says why (§2.21.3) */
};
/* Checks and decrypts a received message m (raw as received) with the peer's keys; the inner chain into *inner. */
enum ikev2_sk_rx ikev2_sk_receive(const struct ikev2_init *in, const struct ikev2_msg *m, const uint8_t *raw,
				  size_t len, struct ikev2_pl **inner, struct ikev2_err *err);

#endif
