/* Sealing and opening the encrypted payloads SK and SKF (RFC 7296 §3.14, RFC 5282, RFC 7383). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "ike/ikev2_prf.h"
#include "ike/ikev2_sk.h"

#define SK_MAX_NONCE 16

void ikev2_sk_keys_free(struct ikev2_sk_keys *k)
{
	ikev2_secret_free(&k->sk_ekey);
	ikev2_secret_free(&k->sk_akey);
}

static size_t sk_icv_len(const struct ikev2_sk_keys *k)
{
	return k->sk_encr->ea_aead ? k->sk_encr->ea_icv_len : k->sk_integ->ia_icv_len;
}

static int sk_fail(struct ikev2_err *err, uint16_t notify, const char *what)
{
	*err = (struct ikev2_err){.e_notify = notify, .e_payload = IKEV2_PL_SK, .e_what = what};
	return -1;
}

/* The cipher's IV: the SK IV itself, or (AEAD, RFC 5282 §4) salt | IV. */
static size_t sk_nonce(const struct ikev2_sk_keys *k, const uint8_t *iv, uint8_t *nonce)
{
	size_t salt = k->sk_encr->ea_salt_len;

	memcpy(nonce, k->sk_ekey.se_data + k->sk_key_len, salt);
	memcpy(nonce + salt, iv, k->sk_encr->ea_iv_len);
	return salt + k->sk_encr->ea_iv_len;
}

/* The tag of an AEAD cipher: read after encrypting, set before the final decryption step. */
static int sk_tag(EVP_CIPHER_CTX *ctx, uint8_t *tag, size_t len, int enc)
{
	OSSL_PARAM params[] = {OSSL_PARAM_construct_octet_string(OSSL_CIPHER_PARAM_AEAD_TAG, tag, len),
			       OSSL_PARAM_construct_end()};

	return enc ? EVP_CIPHER_CTX_get_params(ctx, params) : EVP_CIPHER_CTX_set_params(ctx, params);
}

/*
 * Encrypts or decrypts len octets from in to out (in place allowed). AEAD:
 * aad is authenticated, and the tag made (enc) or checked.
 */
static int sk_cipher(const struct ikev2_sk_keys *k, int enc, const uint8_t *iv, struct ikev2_chunk aad,
		     const uint8_t *in, size_t len, uint8_t *out, uint8_t *tag)
{
	bool aead = k->sk_encr->ea_aead;
	uint8_t nonce[SK_MAX_NONCE];
	char name[32];
	EVP_CIPHER *cipher;
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	int ok, outl = 0, finl = 0;

	snprintf(name, sizeof(name), "AES-%zu-%s", k->sk_key_len * 8, k->sk_encr->ea_mode);
	cipher = EVP_CIPHER_fetch(NULL, name, NULL);
	sk_nonce(k, iv, nonce);
	ok = cipher && ctx && EVP_CipherInit_ex2(ctx, cipher, k->sk_ekey.se_data, nonce, enc, NULL) &&
	     EVP_CIPHER_CTX_set_padding(ctx, 0);
	if (ok && aead)
		ok = EVP_CipherUpdate(ctx, NULL, &outl, aad.ch_ptr, (int)aad.ch_len);
	ok = ok && EVP_CipherUpdate(ctx, out, &outl, in, (int)len);
	if (ok && aead && !enc)
		ok = sk_tag(ctx, tag, k->sk_encr->ea_icv_len, enc);
	ok = ok && EVP_CipherFinal_ex(ctx, out + outl, &finl);
	if (ok && aead && enc)
		ok = sk_tag(ctx, tag, k->sk_encr->ea_icv_len, enc);
	EVP_CIPHER_CTX_free(ctx);
	EVP_CIPHER_free(cipher);
	OPENSSL_cleanse(nonce, sizeof(nonce));
	return ok ? 0 : -1;
}

/* The HMAC ICV over the message up to the ICV (§3.14). */
static int sk_hmac(const struct ikev2_sk_keys *k, const uint8_t *msg, size_t len, uint8_t *icv)
{
	struct ikev2_chunk in = ikev2_chunk(msg, len - k->sk_integ->ia_icv_len);

	return ikev2_hmac(k->sk_integ->ia_md, ikev2_secret_chunk(&k->sk_akey), &in, 1, icv, k->sk_integ->ia_icv_len);
}

/*
 * The body before encryption: a fresh IV, plain, padding, pad length, room
 * for the ICV. IVs are random: CBC wants them unpredictable, GCM unique
 * under its key, and 64 random bits repeat with negligible odds over the
 * messages one IKE SA carries before it is rekeyed.
 */
static int sk_layout(const struct ikev2_sk_keys *k, const uint8_t *plain, size_t len, struct ikev2_blob *body)
{
	size_t block = k->sk_encr->ea_block, padded = (len + 1 + block - 1) / block * block;
	size_t iv_len = k->sk_encr->ea_iv_len;
	struct ikev2_blob b = {0};

	if (!(b.bl_data = calloc(1, iv_len + padded + sk_icv_len(k))))
		return -1;
	b.bl_len = iv_len + padded + sk_icv_len(k);
	if (RAND_bytes(b.bl_data, (int)iv_len) != 1) {
		ikev2_blob_free(&b);
		return -1;
	}
	if (len)
		memcpy(b.bl_data + iv_len, plain, len); /* an empty body (INFORMATIONAL) may come as NULL */
	b.bl_data[iv_len + padded - 1] = (uint8_t)(padded - len - 1);
	ikev2_blob_free(body);
	*body = b;
	return 0;
}

/* Encrypts the body that ends msg in place and writes its ICV. */
static int sk_protect(const struct ikev2_sk_keys *k, uint8_t *msg, size_t len, size_t body_len)
{
	size_t iv_len = k->sk_encr->ea_iv_len, icv_len = sk_icv_len(k);
	uint8_t *iv = msg + len - body_len, *ct = iv + iv_len, *icv = msg + len - icv_len;
	size_t ct_len = body_len - iv_len - icv_len;

	if (k->sk_encr->ea_aead)
		return sk_cipher(k, 1, iv, ikev2_chunk(msg, len - body_len), ct, ct_len, ct, icv);
	if (sk_cipher(k, 1, iv, ikev2_chunk(NULL, 0), ct, ct_len, ct, NULL) < 0)
		return -1;
	return sk_hmac(k, msg, len, icv);
}

static struct ikev2_pl *last_payload(const struct ikev2_msg *m)
{
	struct ikev2_pl *pl = m->m_pl;

	while (pl && pl->pl_next)
		pl = pl->pl_next;
	return pl && (pl->pl_type == IKEV2_PL_SK || pl->pl_type == IKEV2_PL_SKF) ? pl : NULL;
}

int ikev2_msg_seal(const struct ikev2_sk_keys *k, struct ikev2_msg *m, const uint8_t *plain, size_t plain_len,
		   struct ikev2_blob *out, struct ikev2_err *err)
{
	struct ikev2_pl *pl = last_payload(m);
	struct ikev2_blob *body;

	if (!pl)
		return sk_fail(err, IKEV2_N_INVALID_SYNTAX, "no SK or SKF payload at the end to seal");
	body = &pl->pl_sk.sk_body;
	if (sk_layout(k, plain, plain_len, body) < 0)
		return sk_fail(err, 0, "out of memory or no random bytes");
	if (ikev2_msg_encode(m, out, err) < 0)
		return -1;
	if (sk_protect(k, out->bl_data, out->bl_len, body->bl_len) < 0) {
		ikev2_blob_free(out);
		return sk_fail(err, 0, "cipher failure");
	}
	/* m now holds what was sent */
	memcpy(body->bl_data, out->bl_data + out->bl_len - body->bl_len, body->bl_len);
	return 0;
}

/* Checks the ICV (HMAC, or the AEAD tag while decrypting) and decrypts the parts into plain. */
static int sk_unprotect(const struct ikev2_sk_keys *k, const uint8_t *raw, size_t raw_len,
			const struct ikev2_sk_parts *p, uint8_t *plain)
{
	uint8_t icv[EVP_MAX_MD_SIZE];
	size_t aad_len = (size_t)(p->sp_iv - raw);

	memcpy(icv, p->sp_icv, p->sp_icv_len);
	if (k->sk_encr->ea_aead)
		return sk_cipher(k, 0, p->sp_iv, ikev2_chunk(raw, aad_len), p->sp_ct, p->sp_ct_len, plain, icv);
	if (sk_hmac(k, raw, raw_len, icv) < 0 || CRYPTO_memcmp(icv, p->sp_icv, p->sp_icv_len) != 0)
		return -1;
	return sk_cipher(k, 0, p->sp_iv, ikev2_chunk(NULL, 0), p->sp_ct, p->sp_ct_len, plain, NULL);
}

/* The plaintext without its padding and pad length (§3.14). */
static int sk_unpad(struct ikev2_secret *padded, struct ikev2_secret *plain, struct ikev2_err *err)
{
	size_t pad = padded->se_data[padded->se_len - 1];

	if (pad + 1 > padded->se_len)
		return sk_fail(err, IKEV2_N_INVALID_SYNTAX, "pad length longer than the plaintext");
	if (ikev2_secret_copy(plain, padded->se_data, padded->se_len - pad - 1) < 0)
		return sk_fail(err, 0, "out of memory");
	return 0;
}

int ikev2_msg_open(const struct ikev2_sk_keys *k, const uint8_t *raw, size_t raw_len, const struct ikev2_msg *m,
		   struct ikev2_secret *plain, struct ikev2_err *err)
{
	const struct ikev2_pl *pl = last_payload(m);
	struct ikev2_sk view;
	struct ikev2_sk_parts p;
	struct ikev2_secret padded;
	int rc;

	*plain = (struct ikev2_secret){0};
	if (!pl || pl->pl_sk.sk_body.bl_len > raw_len)
		return sk_fail(err, IKEV2_N_INVALID_SYNTAX, "no SK or SKF payload at the end");
	/* The body is the end of the message as received: read it, the AAD and the ICV's input from raw. */
	view = pl->pl_sk;
	view.sk_body.bl_data = (uint8_t *)raw + raw_len - view.sk_body.bl_len;
	if (ikev2_sk_split(&view, k->sk_encr->ea_iv_len, sk_icv_len(k), &p, err) < 0)
		return -1;
	if (p.sp_ct_len == 0 || (!k->sk_encr->ea_aead && p.sp_ct_len % k->sk_encr->ea_block))
		return sk_fail(err, IKEV2_N_INVALID_SYNTAX, "ciphertext not a whole number of blocks");
	if (ikev2_secret_alloc(&padded, p.sp_ct_len) < 0)
		return sk_fail(err, 0, "out of memory");
	if (sk_unprotect(k, raw, raw_len, &p, padded.se_data) < 0)
		rc = sk_fail(err, 0, "integrity check failed");
	else
		rc = sk_unpad(&padded, plain, err);
	ikev2_secret_free(&padded);
	return rc;
}
