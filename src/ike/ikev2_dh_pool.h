/*
 * Diffie-Hellman key pairs made ahead on the daemon's worker threads
 * (src/core/workq.h), so that IKE_SA_INIT and CREATE_CHILD_SA take a ready
 * key pair instead of generating one on the loop thread (a MODP 2048 key
 * costs milliseconds). ikev2_dh_new serves from here; a group is pooled
 * once it is asked for, refilled in batches below half full. Without a
 * worker queue (unit tests, fuzzing) every key pair is made inline.
 * The shared secret (ikev2_dh_shared) still runs on the loop thread.
 */
#ifndef FERRY_IKE_IKEV2_DH_POOL_H
#define FERRY_IKE_IKEV2_DH_POOL_H

#include <stdint.h>

#include "ike/ikev2_dh.h"

struct workq;

/* Starts pooling with q (idempotent). */
void ikev2_dh_pool_attach(struct workq *q);
/* Frees the ready key pairs and stops refilling (refills still running are freed when they end). */
void ikev2_dh_pool_detach(void);
/* A ready key pair of group (loop thread), or NULL: none ready, a refill is started. */
struct ikev2_dh *ikev2_dh_pool_take(uint16_t group);
/* How many key pairs of group are ready. */
unsigned ikev2_dh_pool_ready(uint16_t group);

#endif
