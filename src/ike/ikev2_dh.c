/* IKEv2 Diffie-Hellman groups through EVP_PKEY (RFC 3526, RFC 5903, RFC 6989 checks). */
#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/dh.h>
#include <openssl/param_build.h>

#include "ike/ikev2_dh.h"
#include "ike/ikev2_dh_pool.h"

#define SEC1_UNCOMPRESSED 0x04 /* the first octet of an uncompressed point (SEC 1 §2.3.3) */

struct dh_group {
	uint16_t dg_id;
	const char *dg_type; /* "DH" (MODP) or "EC" (ECP) */
	const char *dg_name; /* OpenSSL's group name */
	int dg_bits;
	size_t dg_len; /* KE data: the prime's length, or two coordinates */
};

static const struct dh_group dh_groups[] = {
    {IKEV2_DH_MODP_2048, "DH", "modp_2048", 2048, 256}, {IKEV2_DH_MODP_3072, "DH", "modp_3072", 3072, 384},
    {IKEV2_DH_MODP_4096, "DH", "modp_4096", 4096, 512}, {IKEV2_DH_ECP_256, "EC", "P-256", 256, 64},
    {IKEV2_DH_ECP_384, "EC", "P-384", 384, 96},		{IKEV2_DH_ECP_521, "EC", "P-521", 521, 132},
};

struct ikev2_dh {
	const struct dh_group *dh_group;
	EVP_PKEY *dh_key;
};

static const struct dh_group *dh_group_find(uint16_t id)
{
	for (size_t i = 0; i < sizeof(dh_groups) / sizeof(dh_groups[0]); i++)
		if (dh_groups[i].dg_id == id)
			return &dh_groups[i];
	return NULL;
}

static bool dh_is_ec(const struct dh_group *g)
{
	return strcmp(g->dg_type, "EC") == 0;
}

/* The shared secret's length: the prime's, or one coordinate. */
static size_t dh_secret_len(const struct dh_group *g)
{
	return dh_is_ec(g) ? g->dg_len / 2 : g->dg_len;
}

size_t ikev2_dh_public_len(uint16_t group)
{
	const struct dh_group *g = dh_group_find(group);

	return g ? g->dg_len : 0;
}

struct ikev2_dh *ikev2_dh_adopt(uint16_t group, EVP_PKEY *key)
{
	const struct dh_group *g = dh_group_find(group);
	struct ikev2_dh *dh = NULL;

	if (g && key && EVP_PKEY_is_a(key, g->dg_type) && EVP_PKEY_get_bits(key) == g->dg_bits &&
	    (dh = malloc(sizeof(*dh)))) {
		*dh = (struct ikev2_dh){.dh_group = g, .dh_key = key};
		return dh;
	}
	EVP_PKEY_free(key);
	return NULL;
}

struct ikev2_dh *ikev2_dh_generate(uint16_t group)
{
	const struct dh_group *g = dh_group_find(group);
	EVP_PKEY_CTX *ctx = g ? EVP_PKEY_CTX_new_from_name(NULL, g->dg_type, NULL) : NULL;
	EVP_PKEY *key = NULL;
	OSSL_PARAM params[] = {
	    OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, g ? (char *)g->dg_name : "", 0),
	    OSSL_PARAM_construct_end()};

	if (ctx && EVP_PKEY_keygen_init(ctx) > 0 && EVP_PKEY_CTX_set_params(ctx, params) > 0)
		EVP_PKEY_generate(ctx, &key);
	EVP_PKEY_CTX_free(ctx);
	return key ? ikev2_dh_adopt(group, key) : NULL;
}

struct ikev2_dh *ikev2_dh_new(uint16_t group)
{
	struct ikev2_dh *dh = ikev2_dh_pool_take(group);

	return dh ? dh : ikev2_dh_generate(group);
}

void ikev2_dh_free(struct ikev2_dh *dh)
{
	if (!dh)
		return;
	EVP_PKEY_free(dh->dh_key);
	free(dh);
}

uint16_t ikev2_dh_group(const struct ikev2_dh *dh)
{
	return dh->dh_group->dg_id;
}

/* ECP: the uncompressed point without its 0x04 (RFC 5903 §7). */
static int dh_public_ec(const struct ikev2_dh *dh, struct ikev2_blob *out)
{
	uint8_t point[1 + 2 * 66];
	size_t len = 0;

	if (!EVP_PKEY_get_octet_string_param(dh->dh_key, OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, point, sizeof(point),
					     &len) ||
	    len != 1 + dh->dh_group->dg_len || point[0] != SEC1_UNCOMPRESSED)
		return -1;
	return ikev2_blob_set(out, point + 1, len - 1);
}

/* MODP: g^x as big-endian octets padded to the prime's length (RFC 7296 §3.4). */
static int dh_public_modp(const struct ikev2_dh *dh, struct ikev2_blob *out)
{
	BIGNUM *pub = NULL;
	uint8_t *buf = malloc(dh->dh_group->dg_len);
	int rc = -1;

	if (buf && EVP_PKEY_get_bn_param(dh->dh_key, OSSL_PKEY_PARAM_PUB_KEY, &pub) &&
	    BN_bn2binpad(pub, buf, (int)dh->dh_group->dg_len) == (int)dh->dh_group->dg_len)
		rc = ikev2_blob_set(out, buf, dh->dh_group->dg_len);
	BN_free(pub);
	free(buf);
	return rc;
}

int ikev2_dh_public(const struct ikev2_dh *dh, struct ikev2_blob *out)
{
	return dh_is_ec(dh->dh_group) ? dh_public_ec(dh, out) : dh_public_modp(dh, out);
}

/* The peer's public value as a key of the group, checked (RFC 6989); NULL if it is not valid. */
static EVP_PKEY *dh_peer_key(const struct dh_group *g, const uint8_t *peer, size_t len)
{
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, g->dg_type, NULL), *check = NULL;
	uint8_t point[1 + 2 * 66] = {SEC1_UNCOMPRESSED};
	BIGNUM *y = dh_is_ec(g) ? NULL : BN_bin2bn(peer, (int)len, NULL);
	OSSL_PARAM *params = NULL;
	EVP_PKEY *key = NULL;
	int ok;

	memcpy(point + 1, peer, dh_is_ec(g) ? len : 0);
	ok = bld && ctx && OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, g->dg_name, 0) &&
	     (y ? OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_PUB_KEY, y)
		: OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, point, len + 1)) &&
	     (params = OSSL_PARAM_BLD_to_param(bld)) && EVP_PKEY_fromdata_init(ctx) > 0 &&
	     EVP_PKEY_fromdata(ctx, &key, EVP_PKEY_PUBLIC_KEY, params) > 0 &&
	     (check = EVP_PKEY_CTX_new_from_pkey(NULL, key, NULL)) && EVP_PKEY_public_check(check) > 0;
	if (!ok) {
		EVP_PKEY_free(key);
		key = NULL;
	}
	EVP_PKEY_CTX_free(check);
	EVP_PKEY_CTX_free(ctx);
	OSSL_PARAM_free(params);
	OSSL_PARAM_BLD_free(bld);
	BN_free(y);
	return key;
}

static int dh_fail(struct ikev2_err *err, uint16_t notify, const char *what)
{
	*err = (struct ikev2_err){.e_notify = notify, .e_payload = IKEV2_PL_KE, .e_what = what};
	return -1;
}

/* g^ir padded to its full length (§2.14); the caller checked the peer key. */
static int dh_derive(const struct ikev2_dh *dh, EVP_PKEY *peer, struct ikev2_secret *out)
{
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_pkey(NULL, dh->dh_key, NULL);
	size_t len = dh_secret_len(dh->dh_group);
	int ok;

	ok = ctx && EVP_PKEY_derive_init(ctx) > 0 && (dh_is_ec(dh->dh_group) || EVP_PKEY_CTX_set_dh_pad(ctx, 1) > 0) &&
	     EVP_PKEY_derive_set_peer(ctx, peer) > 0 && ikev2_secret_alloc(out, len) == 0 &&
	     EVP_PKEY_derive(ctx, out->se_data, &len) > 0 && len == out->se_len;
	EVP_PKEY_CTX_free(ctx);
	if (!ok)
		ikev2_secret_free(out);
	return ok ? 0 : -1;
}

int ikev2_dh_shared(const struct ikev2_dh *dh, const uint8_t *peer, size_t len, struct ikev2_secret *out,
		    struct ikev2_err *err)
{
	EVP_PKEY *peer_key;
	int rc;

	*out = (struct ikev2_secret){0};
	if (len != dh->dh_group->dg_len)
		return dh_fail(err, IKEV2_N_INVALID_SYNTAX, "key exchange data of the wrong length for its group");
	if (!(peer_key = dh_peer_key(dh->dh_group, peer, len)))
		return dh_fail(err, IKEV2_N_INVALID_SYNTAX, "invalid Diffie-Hellman public value");
	rc = dh_derive(dh, peer_key, out);
	EVP_PKEY_free(peer_key);
	return rc < 0 ? dh_fail(err, 0, "Diffie-Hellman derivation failed") : 0;
}
