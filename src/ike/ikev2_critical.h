/*
 * UNSUPPORTED_CRITICAL_PAYLOAD (RFC 7296 §2.5, §3.10.1): what answers a
 * request that holds a payload we do not know with its critical bit set.
 * Its data is the payload's type, one octet.
 */
#ifndef FERRY_IKE_IKEV2_CRITICAL_H
#define FERRY_IKE_IKEV2_CRITICAL_H

#include <stdbool.h>

#include "ike/ikev2_msg.h"

/* Whether a failed decode (err) was an unknown payload marked critical; its type is err->e_payload. */
bool ikev2_critical_err(const struct ikev2_err *err);
/* Appends the Notify UNSUPPORTED_CRITICAL_PAYLOAD naming type to *list; -1 if out of memory. */
int ikev2_critical_notify(struct ikev2_pl **list, uint8_t type);
/*
 * Appends the error notify refusing a request for err: UNSUPPORTED_CRITICAL_PAYLOAD
 * as above, else err's notify (fallback when err has none). -1 if out of memory.
 */
int ikev2_critical_error_notify(struct ikev2_pl **list, const struct ikev2_err *err, uint16_t fallback);
/*
 * The unencrypted answer (§2.21.1) to raw, an IKE_SA_INIT request that did
 * not decode for an unknown critical payload of type: the request's SPIi,
 * responder SPI zero, message ID 0, that notify alone. -1 when raw is not
 * an IKE_SA_INIT request (it gets no answer) or out of memory.
 */
int ikev2_critical_init_answer(const uint8_t *raw, size_t len, uint8_t type, struct ikev2_blob *out,
			       struct ikev2_err *err);

#endif
