/*
 * Stateless cookies for IKE_SA_INIT (RFC 7296 §2.6). Under half-open load
 * the responder answers a request that has no valid COOKIE with a COOKIE
 * notify only, keeping no state; the initiator sends the same request again
 * with the cookie first. Cookie = <VersionIDofSecret> | SHA-256(Ni | IPi |
 * SPIi | <secret>). The secret changes every IKEV2_COOKIE_ROTATE seconds and
 * the previous one is still accepted until the next change, so a cookie handed
 * out just before a change still works.
 */
#ifndef FERRY_IKE_IKEV2_COOKIE_H
#define FERRY_IKE_IKEV2_COOKIE_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "ike/ikev2_msg.h"

#define IKEV2_COOKIE_SECRET_LEN 32
#define IKEV2_COOKIE_LEN	33 /* version octet, then the SHA-256 */
#define IKEV2_COOKIE_ROTATE	120
#define IKEV2_COOKIE_MAX	64 /* §2.6: the initiator accepts cookies of 1 to 64 octets */

struct ikev2_cookie_secret {
	uint8_t cs_key[IKEV2_COOKIE_SECRET_LEN];
	uint8_t cs_version;
	bool cs_valid;
};

/* The responder's secrets: the current one and the one before it. */
struct ikev2_cookie_jar {
	struct ikev2_cookie_secret cj_cur, cj_old;
	time_t cj_rotated_at;
};

/* A fresh secret (version 0) at now; -1 without randomness. */
int ikev2_cookie_jar_init(struct ikev2_cookie_jar *j, time_t now);
/* Replaces the current secret (the current one becomes the old one); -1 without randomness. */
int ikev2_cookie_rotate(struct ikev2_cookie_jar *j, time_t now);
/* Rotates when IKEV2_COOKIE_ROTATE seconds have passed since the last change. */
int ikev2_cookie_tick(struct ikev2_cookie_jar *j, time_t now);
/* The cookie of the current secret for Ni, IPi and SPIi into out (IKEV2_COOKIE_LEN octets). */
int ikev2_cookie_make(const struct ikev2_cookie_jar *j, const struct ikev2_blob *ni, struct in_addr ipi, uint64_t spi_i,
		      uint8_t *out);
/* Whether cookie (as received) is one of ours, of the current or the old secret, for these Ni, IPi, SPIi. */
bool ikev2_cookie_valid(const struct ikev2_cookie_jar *j, const uint8_t *cookie, size_t len,
			const struct ikev2_blob *ni, struct in_addr ipi, uint64_t spi_i);

enum ikev2_cookie_verdict {
	IKEV2_COOKIE_PASS,	/* go on with the exchange */
	IKEV2_COOKIE_CHALLENGE, /* the answer in *out asks for a cookie */
	IKEV2_COOKIE_DROP,	/* malformed or no resources: no answer */
};

/*
 * Responder: whether request m from ipi may create state. With challenge
 * set (half-open SAs at the threshold), a request whose first payload is
 * not a valid COOKIE gets an answer holding a fresh one in *out.
 */
enum ikev2_cookie_verdict ikev2_cookie_check(const struct ikev2_cookie_jar *j, bool challenge,
					     const struct ikev2_msg *m, struct in_addr ipi, struct ikev2_blob *out);

/* Initiator: the COOKIE of a response (§2.6: 1 to 64 octets) into *cookie; -1 when absent or malformed. */
int ikev2_cookie_take(const struct ikev2_msg *resp, struct ikev2_blob *cookie);

struct ikev2_mgr;
/*
 * The SA manager's hook for a new IKE_SA_INIT request from "from": true
 * when it was answered with a COOKIE or dropped ("crypto ikev2
 * cookie-challenge N": at N or more half-open SAs), false to go on.
 */
bool ikev2_cookie_gate(struct ikev2_mgr *mg, const struct ikev2_msg *m, const struct sockaddr_in *from,
		       const struct sockaddr_in *to);

#endif
