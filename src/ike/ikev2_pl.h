/*
 * The payload layouts of the IKEv2 codec, one per body format (IDi and IDr
 * share one, so do TSi/TSr and CERT/CERTREQ). Each walks the body after the
 * generic payload header in both directions (ikev2_io.h) and frees what a
 * decode allocated.
 */
#ifndef FERRY_IKE_IKEV2_PL_H
#define FERRY_IKE_IKEV2_PL_H

#include "ike/ikev2_io.h"
#include "ike/ikev2_msg.h"

struct ikev2_layout {
	void (*ly_io)(struct ikev2_io *io, struct ikev2_pl *pl);
	void (*ly_free)(struct ikev2_pl *pl);
};

extern const struct ikev2_layout ikev2_layout_sa, ikev2_layout_ke, ikev2_layout_id, ikev2_layout_cert,
    ikev2_layout_auth, ikev2_layout_data, ikev2_layout_nonce, ikev2_layout_notify, ikev2_layout_delete, ikev2_layout_ts,
    ikev2_layout_cp, ikev2_layout_sk, ikev2_layout_skf;

/* The layout of a payload type, or NULL for types this codec does not know. */
const struct ikev2_layout *ikev2_layout_of(uint8_t type);

#endif
