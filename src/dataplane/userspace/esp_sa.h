/*
 * An ESP security association as the userspace dataplane uses it: what the
 * control plane sets (SPI, algorithm, keys, mode, endpoints, UDP ports) and
 * the per-packet state (outbound sequence number, anti-replay window).
 *
 * Threads: sa_seq_out is atomic, so any worker may seal with an SA (in
 * order of sending through sa_tx_owner, esp_tx.h). The
 * replay window is guarded by a spinlock held only to infer a sequence
 * number and to record one (esp_sa_replay_seq, esp_sa_replay_update), so
 * any worker may open packets of any SA; the counters are atomic.
 */
#ifndef FERRY_DATAPLANE_USERSPACE_ESP_SA_H
#define FERRY_DATAPLANE_USERSPACE_ESP_SA_H

#include <netinet/in.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dataplane/dp_sa_alg.h"
#include "dataplane/userspace/esp_replay.h"

struct esp_tx;

#define ESP_HDR_LEN	8			/* SPI and sequence number */
#define ESP_TRAILER_LEN 2			/* pad length and next header */
#define ESP_ICV_MAX	DP_SA_HMAC_ICV_LEN(512) /* the longest: HMAC-SHA-512-256 */
#define ESP_NEXT_NONE	59			/* "no next header": a dummy packet (RFC 4303 2.6) */

enum esp_mode { ESP_MODE_TRANSPORT, ESP_MODE_TUNNEL };

struct esp_alg_info {
	const char *ai_cipher; /* OpenSSL's name */
	uint8_t ai_keylen;     /* cipher key bytes, salt excluded */
	uint8_t ai_saltlen;    /* RFC 4106 8.1: key material ends with a 4-byte salt */
	uint8_t ai_ivlen;      /* explicit IV on the wire */
	uint8_t ai_align;      /* the encrypted part we send is a multiple of this (RFC 4303 2.4) */
	uint8_t ai_block;      /* ...and what we receive must be, for the cipher to work */
	uint8_t ai_icvlen;
	uint8_t ai_authkeylen; /* 0: the cipher authenticates (AEAD) */
	const char *ai_digest; /* the HMAC's, OpenSSL's name; NULL with AEAD */
};

struct esp_sa {
	/* Set by the control plane, then esp_sa_init. */
	uint32_t sa_spi;
	enum dp_sa_alg sa_alg;
	enum esp_mode sa_mode;
	bool sa_esn; /* 64-bit extended sequence numbers (RFC 4303 2.2.1) */
	uint8_t sa_key[DP_KEY_MAX];
	uint8_t sa_keylen; /* GCM: key and salt */
	uint8_t sa_auth_key[DP_AUTH_KEY_MAX];
	uint8_t sa_auth_keylen;
	struct in_addr sa_src, sa_dst;		 /* the outer header in tunnel mode */
	uint16_t sa_encap_sport, sa_encap_dport; /* UDP encapsulation (RFC 3948); 0: ESP as IP protocol 50 */
	/* Set by esp_sa_init. */
	const struct esp_alg_info *sa_info;
	uint64_t sa_id;		     /* unique for the process's life: a rekeyed SA is a new one */
	_Atomic uint64_t sa_seq_out; /* the last sequence number sent */
	/* The sender whose packets sealed with it are not sent yet (esp_tx.h). */
	_Atomic(struct esp_tx *) sa_tx_owner;
	atomic_flag sa_replay_lock;
	struct esp_replay sa_replay;
	_Atomic uint64_t sa_packets, sa_bytes; /* sealed (outbound SA) or opened (inbound SA), ESP payload bytes */
};

const struct esp_alg_info *esp_alg_info(enum dp_sa_alg alg);
/* Checks the key lengths against the algorithm and starts the SA's counters. -1 when they do not match. */
int esp_sa_init(struct esp_sa *sa);
/* esp_replay_seq and esp_replay_update of the SA's window, under its lock. */
uint64_t esp_sa_replay_seq(struct esp_sa *sa, uint32_t seq_lo);
enum us_drop esp_sa_replay_update(struct esp_sa *sa, uint64_t seq);
/* Counts one packet of len bytes through the SA. */
void esp_sa_count(struct esp_sa *sa, size_t len);
/* Bytes esp_seal adds to a payload of len bytes: header, IV, padding, trailer, ICV. */
size_t esp_overhead(const struct esp_sa *sa, size_t len);
/* Padding bytes for a payload of len bytes (RFC 4303 2.4: the trailer ends aligned). */
size_t esp_pad_len(const struct esp_alg_info *ai, size_t len);

#endif
