/* IKEv2 key derivation (RFC 7296 §2.14, §2.17, §2.18). */
#include <string.h>

#include "ike/ikev2_keys.h"
#include "ike/ikev2_prf.h"

/* prf+(key, seed) cut into consecutive secrets of the given lengths. */
static int derive_cut(const struct ikev2_prf_alg *prf, struct ikev2_chunk key, const struct ikev2_chunk *seed,
		      size_t nseed, struct ikev2_secret *const *dst, const size_t *lens, size_t n)
{
	struct ikev2_secret all;
	size_t total = 0, off = 0;
	int rc;

	for (size_t i = 0; i < n; i++)
		total += lens[i];
	if (ikev2_secret_alloc(&all, total) < 0)
		return -1;
	rc = ikev2_prf_plus(prf, key, seed, nseed, all.se_data, total);
	for (size_t i = 0; rc == 0 && i < n; off += lens[i++])
		rc = ikev2_secret_copy(dst[i], all.se_data + off, lens[i]);
	ikev2_secret_free(&all);
	return rc;
}

/* prf(key, in...) into a new secret. */
static int prf_secret(const struct ikev2_prf_alg *prf, struct ikev2_chunk key, const struct ikev2_chunk *in, size_t nin,
		      struct ikev2_secret *out)
{
	if (ikev2_secret_alloc(out, prf->pa_len) < 0)
		return -1;
	if (ikev2_prf(prf, key, in, nin, out->se_data) == 0)
		return 0;
	ikev2_secret_free(out);
	return -1;
}

int ikev2_skeyseed(const struct ikev2_prf_alg *prf, struct ikev2_chunk ni, struct ikev2_chunk nr,
		   const struct ikev2_secret *gir, struct ikev2_secret *skeyseed)
{
	uint8_t nonces[2 * IKEV2_NONCE_MAX];
	struct ikev2_chunk in = ikev2_secret_chunk(gir);

	if (ni.ch_len > IKEV2_NONCE_MAX || nr.ch_len > IKEV2_NONCE_MAX)
		return -1;
	memcpy(nonces, ni.ch_ptr, ni.ch_len);
	memcpy(nonces + ni.ch_len, nr.ch_ptr, nr.ch_len);
	return prf_secret(prf, ikev2_chunk(nonces, ni.ch_len + nr.ch_len), &in, 1, skeyseed);
}

int ikev2_skeyseed_rekey(const struct ikev2_prf_alg *old_prf, const struct ikev2_secret *old_sk_d,
			 const struct ikev2_secret *gir, struct ikev2_chunk ni, struct ikev2_chunk nr,
			 struct ikev2_secret *skeyseed)
{
	struct ikev2_chunk in[] = {ikev2_secret_chunk(gir), ni, nr};

	return prf_secret(old_prf, ikev2_secret_chunk(old_sk_d), in, 3, skeyseed);
}

static void sk_keys_init(struct ikev2_sk_keys *k, const struct ikev2_suite *s)
{
	*k = (struct ikev2_sk_keys){.sk_encr = s->su_encr, .sk_key_len = s->su_key_len, .sk_integ = s->su_integ};
}

int ikev2_ike_keys_derive(struct ikev2_ike_keys *k, const struct ikev2_suite *s, const struct ikev2_secret *skeyseed,
			  struct ikev2_chunk ni, struct ikev2_chunk nr, uint64_t spi_i, uint64_t spi_r)
{
	size_t p = s->su_prf->pa_len, a = s->su_integ ? s->su_integ->ia_key_len : 0,
	       e = s->su_key_len + s->su_encr->ea_salt_len;
	struct ikev2_secret *const dst[] = {&k->ik_d,		&k->ik_i2r.sk_akey, &k->ik_r2i.sk_akey,
					    &k->ik_i2r.sk_ekey, &k->ik_r2i.sk_ekey, &k->ik_pi,
					    &k->ik_pr};
	const size_t lens[] = {p, a, a, e, e, p, p};
	uint8_t spis[16];
	struct ikev2_chunk seed[] = {ni, nr, ikev2_chunk(spis, sizeof(spis))};

	*k = (struct ikev2_ike_keys){0};
	sk_keys_init(&k->ik_i2r, s);
	sk_keys_init(&k->ik_r2i, s);
	for (int i = 0; i < 8; i++) {
		spis[i] = (uint8_t)(spi_i >> (56 - 8 * i));
		spis[8 + i] = (uint8_t)(spi_r >> (56 - 8 * i));
	}
	if (derive_cut(s->su_prf, ikev2_secret_chunk(skeyseed), seed, 3, dst, lens, 7) == 0)
		return 0;
	ikev2_ike_keys_free(k);
	return -1;
}

void ikev2_ike_keys_free(struct ikev2_ike_keys *k)
{
	ikev2_secret_free(&k->ik_d);
	ikev2_secret_free(&k->ik_pi);
	ikev2_secret_free(&k->ik_pr);
	ikev2_sk_keys_free(&k->ik_i2r);
	ikev2_sk_keys_free(&k->ik_r2i);
}

int ikev2_child_keys_derive(struct ikev2_child_keys *k, const struct ikev2_prf_alg *prf,
			    const struct ikev2_secret *sk_d, const struct ikev2_secret *gir, struct ikev2_chunk ni,
			    struct ikev2_chunk nr, size_t encr_len, size_t integ_len)
{
	struct ikev2_secret *const dst[] = {&k->ck_ei, &k->ck_ai, &k->ck_er, &k->ck_ar};
	const size_t lens[] = {encr_len, integ_len, encr_len, integ_len};
	struct ikev2_chunk seed[3], *s = seed;

	*k = (struct ikev2_child_keys){0};
	if (gir)
		*s++ = ikev2_secret_chunk(gir);
	*s++ = ni;
	*s++ = nr;
	if (derive_cut(prf, ikev2_secret_chunk(sk_d), seed, (size_t)(s - seed), dst, lens, 4) == 0)
		return 0;
	ikev2_child_keys_free(k);
	return -1;
}

void ikev2_child_keys_free(struct ikev2_child_keys *k)
{
	ikev2_secret_free(&k->ck_ei);
	ikev2_secret_free(&k->ck_ai);
	ikev2_secret_free(&k->ck_er);
	ikev2_secret_free(&k->ck_ar);
}
