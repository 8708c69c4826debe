/* Helpers shared by the two sides of IKE_SA_INIT (ikev2_init.c, ikev2_init_resp.c). */
#ifndef FERRY_IKE_IKEV2_INIT_INT_H
#define FERRY_IKE_IKEV2_INIT_INT_H

#include "ike/ikev2_dh.h"
#include "ike/ikev2_init.h"

/* Sets *err; returns IKEV2_INIT_FAILED so callers can return it. */
enum ikev2_init_result init_fail(struct ikev2_err *err, uint16_t notify, uint8_t payload, const char *what);
/* A fresh random blob of len octets (nonces); -1 on failure. */
int init_random(struct ikev2_blob *b, size_t len);
/* Appends a Notify with data to the list; -1 if out of memory. */
int init_add_notify(struct ikev2_pl **list, uint16_t type, const void *data, size_t len);
/* Appends SA (a copy of sa), KE, Nonce and the two NAT detection notifies of our side. */
int init_add_body(const struct ikev2_init *in, const struct ikev2_sa *sa, const struct ikev2_blob *nonce,
		  struct ikev2_pl **list);
/* The peer's KE and nonce (16-256 octets) from a message; INVALID_SYNTAX when missing. */
int init_peer_parts(const struct ikev2_msg *m, const struct ikev2_ke **ke, const struct ikev2_blob **nonce,
		    struct ikev2_err *err);
/* Compares the peer's NAT detection hashes with the addresses seen. */
void init_detect_nat(struct ikev2_init *in, const struct ikev2_msg *m);
/* COOKIE in the response (§2.6): keep it and send the request again; RETRY or FAILED. */
enum ikev2_init_result init_cookie_retry(struct ikev2_init *in, const struct ikev2_msg *m, struct ikev2_err *err);
/* IKEV2_FRAGMENTATION_SUPPORTED (RFC 7383 §2.3): the initiator offers it, the responder answers an offer. */
int init_add_frag_supported(const struct ikev2_init *in, struct ikev2_pl **list);
/* Notes whether the peer supports fragmentation. */
void init_detect_frag(struct ikev2_init *in, const struct ikev2_msg *m);
/* The suite of the choice, and j to compute g^ir with the peer's KE data (in_dh moved into it). */
int init_derive_start(struct ikev2_init *in, const struct ikev2_ke *peer, struct ikev2_dh_job *j,
		      struct ikev2_err *err);
/* After j ran: in_dh back, SKEYSEED and the IKE SA keys (the choice, both nonces and SPIs set). */
int init_derive_finish(struct ikev2_init *in, struct ikev2_dh_job *j, struct ikev2_err *err);
/* Encodes a message into out and a kept copy; -1 with *err. */
int init_encode(const struct ikev2_msg *m, struct ikev2_blob *out, struct ikev2_blob *kept, struct ikev2_err *err);

#define INIT_NONCE_LEN 32

#endif
