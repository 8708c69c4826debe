/*
 * Diffie-Hellman for IKEv2 through EVP_PKEY: MODP groups 14, 15, 16
 * (RFC 3526) and ECP groups 19, 20, 21 (RFC 5903). The KE payload holds
 * g^x padded to the prime's length, or x | y of the point without the
 * 0x04 prefix; the shared secret is g^xy padded likewise, or its x alone.
 */
#ifndef FERRY_IKE_IKEV2_DH_H
#define FERRY_IKE_IKEV2_DH_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

#include "ike/ikev2_msg.h"
#include "ike/ikev2_secret.h"

struct ikev2_dh;

/* The KE data length of a group; 0 when Ferry does not implement it. */
size_t ikev2_dh_public_len(uint16_t group);
/* A fresh key pair (slow for MODP: run it on a worker); NULL on failure or an unknown group. Any thread. */
struct ikev2_dh *ikev2_dh_generate(uint16_t group);
/* A key pair for an exchange (loop thread): a ready one from ikev2_dh_pool.h, else generated here. */
struct ikev2_dh *ikev2_dh_new(uint16_t group);
/* Takes a key pair made elsewhere (a pool of pregenerated keys, a test vector); NULL if it is not of group. */
struct ikev2_dh *ikev2_dh_adopt(uint16_t group, EVP_PKEY *key);
void ikev2_dh_free(struct ikev2_dh *dh);
uint16_t ikev2_dh_group(const struct ikev2_dh *dh);
/* Our KE data (ikev2_dh_public_len octets) into a blob. */
int ikev2_dh_public(const struct ikev2_dh *dh, struct ikev2_blob *out);
/*
 * g^ir from the peer's KE data. A value of the wrong length, not on the
 * curve or out of range (RFC 6989) is INVALID_SYNTAX.
 */
int ikev2_dh_shared(const struct ikev2_dh *dh, const uint8_t *peer, size_t len, struct ikev2_secret *out,
		    struct ikev2_err *err);

/*
 * g^ir computed off the loop thread. The job owns what it reads (our key
 * pair moved in, a copy of the peer's KE data), so the exchange that
 * started it may go meanwhile: ikev2_dh_job_fini frees what is left.
 */
struct ikev2_dh_job {
	struct ikev2_dh *dj_dh;	    /* our key pair, moved in from the exchange */
	struct ikev2_blob dj_peer;  /* the peer's KE data */
	struct ikev2_secret dj_gir; /* once run, when dj_rc is 0 */
	struct ikev2_err dj_err;    /* once run, when dj_rc is -1 */
	int dj_rc;
};

/* Prepares j with *dh (moved out: NULL until ikev2_dh_job_take) and the peer's KE data; -1 if out of memory. */
int ikev2_dh_job_start(struct ikev2_dh_job *j, struct ikev2_dh **dh, const struct ikev2_ke *peer,
		       struct ikev2_err *err);
/* Computes g^ir (any thread); an empty job ({0}: an exchange without Diffie-Hellman) does nothing. */
void ikev2_dh_job_run(struct ikev2_dh_job *j);
/*
 * Back on the exchange: the key pair to *dh, g^ir moved to *gir (empty for
 * an empty job); -1 with *err when the peer's value was refused.
 */
int ikev2_dh_job_take(struct ikev2_dh_job *j, struct ikev2_dh **dh, struct ikev2_secret *gir, struct ikev2_err *err);
void ikev2_dh_job_fini(struct ikev2_dh_job *j);

#endif
