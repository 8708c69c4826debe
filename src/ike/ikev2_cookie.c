/* IKE_SA_INIT cookies (RFC 7296 §2.6): making, checking and rotating their secret. */
#include "ike/ikev2_cookie.h"

#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

static int fresh_secret(struct ikev2_cookie_secret *s, uint8_t version)
{
	if (RAND_bytes(s->cs_key, sizeof(s->cs_key)) != 1)
		return -1;
	s->cs_version = version;
	s->cs_valid = true;
	return 0;
}

int ikev2_cookie_jar_init(struct ikev2_cookie_jar *j, time_t now)
{
	*j = (struct ikev2_cookie_jar){.cj_rotated_at = now};
	return fresh_secret(&j->cj_cur, 0);
}

int ikev2_cookie_rotate(struct ikev2_cookie_jar *j, time_t now)
{
	struct ikev2_cookie_secret next;

	if (fresh_secret(&next, (uint8_t)(j->cj_cur.cs_version + 1)) < 0)
		return -1;
	j->cj_old = j->cj_cur;
	j->cj_cur = next;
	j->cj_rotated_at = now;
	OPENSSL_cleanse(&next, sizeof(next));
	return 0;
}

int ikev2_cookie_tick(struct ikev2_cookie_jar *j, time_t now)
{
	if (now - j->cj_rotated_at < IKEV2_COOKIE_ROTATE)
		return 0;
	return ikev2_cookie_rotate(j, now);
}

/* <version> | SHA-256(Ni | IPi | SPIi | secret), SPIi in network order. */
static int cookie_of(const struct ikev2_cookie_secret *s, const struct ikev2_blob *ni, struct in_addr ipi,
		     uint64_t spi_i, uint8_t *out)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	uint8_t spi[8];
	int ok;

	for (int i = 0; i < 8; i++)
		spi[i] = (uint8_t)(spi_i >> (56 - 8 * i));
	out[0] = s->cs_version;
	ok = ctx && EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) == 1 &&
	     EVP_DigestUpdate(ctx, ni->bl_data, ni->bl_len) == 1 && EVP_DigestUpdate(ctx, &ipi.s_addr, 4) == 1 &&
	     EVP_DigestUpdate(ctx, spi, sizeof(spi)) == 1 && EVP_DigestUpdate(ctx, s->cs_key, sizeof(s->cs_key)) == 1 &&
	     EVP_DigestFinal_ex(ctx, out + 1, NULL) == 1;
	EVP_MD_CTX_free(ctx);
	return ok ? 0 : -1;
}

int ikev2_cookie_make(const struct ikev2_cookie_jar *j, const struct ikev2_blob *ni, struct in_addr ipi, uint64_t spi_i,
		      uint8_t *out)
{
	return j->cj_cur.cs_valid ? cookie_of(&j->cj_cur, ni, ipi, spi_i, out) : -1;
}

/* The version octet says which secret made the cookie: only that one is tried. */
bool ikev2_cookie_valid(const struct ikev2_cookie_jar *j, const uint8_t *cookie, size_t len,
			const struct ikev2_blob *ni, struct in_addr ipi, uint64_t spi_i)
{
	const struct ikev2_cookie_secret *s = &j->cj_cur;
	uint8_t want[IKEV2_COOKIE_LEN];

	if (len != IKEV2_COOKIE_LEN)
		return false;
	if (cookie[0] != s->cs_version)
		s = &j->cj_old;
	if (!s->cs_valid || cookie[0] != s->cs_version || cookie_of(s, ni, ipi, spi_i, want) < 0)
		return false;
	return CRYPTO_memcmp(want, cookie, IKEV2_COOKIE_LEN) == 0;
}
