/*
 * The userspace ESP algorithms beyond AES-GCM-128 and AES-CBC with
 * HMAC-SHA-256 (test_esp.c): HMAC-SHA-384-192 and HMAC-SHA-512-256 against
 * RFC 4868 2.7.2.2 and 2.7.2.3, AES-GCM-192 against the GCM specification
 * (McGrew & Viega, appendix B, test cases 9 and 10) through the RFC 4106
 * nonce, the wire layout of each checked with plain OpenSSL, and round
 * trips of every algorithm with tampering caught.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "dataplane/userspace/esp_int.h"
#include "dataplane/userspace/ip4.h"
#include "dataplane/userspace/wire.h"
#include "us_fixture.h"

/* Bytes of a hex string (OpenSSL's parser), at most max. */
static size_t hex(const char *s, uint8_t *out, size_t max)
{
	size_t len = 0;

	assert_true(OPENSSL_hexstr2buf_ex(out, max, &len, s, '\0'));
	return len;
}

/* Bytes of text, repeated to len (the RFC's "Jefe" keys), or a byte repeated when text is one character. */
static void repeat(uint8_t *out, size_t len, const char *text)
{
	for (size_t i = 0; i < len; i++)
		out[i] = (uint8_t)text[i % strlen(text)];
}

struct hmac_vector {
	enum dp_sa_alg hv_alg;
	const char *hv_key; /* repeated to the key's length */
	const char *hv_data;
	size_t hv_data_len; /* 0: strlen */
	const char *hv_icv;
};

/* RFC 4868 2.7.2.2 (48-byte keys) and 2.7.2.3 (64-byte keys), test cases 1 to 3. */
static const struct hmac_vector hmac_vectors[] = {
    {DP_SA_AES_CBC_128_SHA384, "\x0b", "Hi There", 0, "b6a8d5636f5c6a7224f9977dcf7ee6c7fb6d0c48cbdee973"},
    {DP_SA_AES_CBC_192_SHA384, "Jefe", "what do ya want for nothing?", 0,
     "2c7353974f1842fd66d53c452ca42122b28c0b594cfb184d"},
    {DP_SA_AES_CBC_256_SHA384, "\xaa", "\xdd", 50, "809f439be00274321d4a538652164b53554a508184a0c316"},
    {DP_SA_AES_CBC_128_SHA512, "\x0b", "Hi There", 0,
     "637edc6e01dce7e6742a99451aae82df23da3e92439e590e43e761b33e910fb8"},
    {DP_SA_AES_CBC_192_SHA512, "Jefe", "what do ya want for nothing?", 0,
     "cb370917ae8a7ce28cfd1d8f4705d6141c173b2a9362c15df235dfb251b15454"},
    {DP_SA_AES_CBC_256_SHA512, "\xaa", "\xdd", 50, "2ee7acd783624ca9398710f3ee05ae41b9f9b0510c87e49e586cc9bf961733d8"},
};

static void test_hmac_vectors(void **state)
{
	for (size_t i = 0; i < sizeof(hmac_vectors) / sizeof(hmac_vectors[0]); i++) {
		const struct hmac_vector *v = &hmac_vectors[i];
		size_t len = v->hv_data_len ? v->hv_data_len : strlen(v->hv_data);
		uint8_t data[64], icv[ESP_ICV_MAX], want[ESP_ICV_MAX];
		struct esp_sa sa;

		fx_sa(&sa, 0x300 + (uint32_t)i, v->hv_alg, ESP_MODE_TUNNEL, false);
		repeat(sa.sa_auth_key, sa.sa_auth_keylen, v->hv_key);
		repeat(data, len, v->hv_data);
		assert_int_equal(esp_sa_init(&sa), 0);
		assert_int_equal(hex(v->hv_icv, want, sizeof(want)), sa.sa_info->ai_icvlen);
		assert_int_equal(esp_hmac_icv(fx_ctx, &sa, true, data, len, NULL, icv), DROP_NONE);
		assert_memory_equal(icv, want, sa.sa_info->ai_icvlen);
	}
}

/* Test cases 9 (no AAD, 64 bytes) and 10 (AAD, 60 bytes): K = feffe9...308308feffe9928665731c, IV cafebabe
 * facedbaddecaf888. */
#define MV_KEY192 "feffe9928665731c6d6a8f9467308308feffe9928665731c"
#define MV_PLAIN                                                                                                       \
	"d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"                                             \
	"1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39"
#define MV_C192                                                                                                        \
	"3980ca0b3c00e841eb06fac4872a2757859e1ceaa6efd984628593b40ca1e19c"                                             \
	"7d773d00c144c525ac619d18c84a3f4718e2448b2fe324d9ccda2710"

static void test_gcm192_vectors(void **state)
{
	static const struct {
		const char *aad, *plain, *cipher, *tag;
	} v[] = {
	    {"", MV_PLAIN "1aafd255", MV_C192 "acade256", "9924a7c8587336bfb118024db8674a14"},
	    {"feedfacedeadbeeffeedfacedeadbeefabaddad2", MV_PLAIN, MV_C192, "2519498e80f1478f37ba55bd6d27618c"},
	};

	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		uint8_t iv[8], aad[32], buf[64], want[64], tag[16], want_tag[16];
		size_t aadlen = *v[i].aad ? hex(v[i].aad, aad, sizeof(aad)) : 0,
		       len = hex(v[i].plain, buf, sizeof(buf));
		struct esp_sa sa;

		fx_sa(&sa, 0x400, DP_SA_AES_GCM_192, ESP_MODE_TUNNEL, false);
		hex(MV_KEY192 "cafebabe", sa.sa_key, sizeof(sa.sa_key)); /* the key, then the salt */
		assert_int_equal(esp_sa_init(&sa), 0);
		hex("facedbaddecaf888", iv, sizeof(iv));
		assert_int_equal(hex(v[i].cipher, want, sizeof(want)), len);
		hex(v[i].tag, want_tag, sizeof(want_tag));
		assert_int_equal(esp_aead_seal(fx_ctx, &sa, iv, aad, aadlen, buf, len, tag), DROP_NONE);
		assert_memory_equal(buf, want, len);
		assert_memory_equal(tag, want_tag, 16);
		assert_int_equal(esp_aead_open(fx_ctx, &sa, iv, aad, aadlen, buf, len, tag), DROP_NONE);
		tag[0] ^= 0x80;
		assert_int_equal(esp_aead_open(fx_ctx, &sa, iv, aad, aadlen, buf, len, tag), DROP_ESP_ICV);
	}
}

/* Seals len bytes (0, 1, 2...) with sa at sequence number seq into p. */
static void seal_at(struct esp_sa *sa, uint64_t seq, struct pkt *p, uint8_t *buf, size_t len)
{
	pkt_init(p, buf, FX_BUF, FX_HEADROOM);
	for (size_t i = 0; i < len; i++)
		*pkt_put(p, 1) = (uint8_t)i;
	atomic_store(&sa->sa_seq_out, seq - 1);
	assert_int_equal(esp_seal(fx_ctx, sa, p, IP4_PROTO_GRE), DROP_NONE);
}

/*
 * CBC with SHA-384 and SHA-512 on the wire: header, random IV, ciphertext
 * of 20 bytes + padding 1..10 + trailer, then the leftmost half of
 * HMAC-SHA-384/512 over all before it (RFC 4868 2.1.1), as OpenSSL alone
 * computes it.
 */
static void test_cbc_sha2_layout(void **state)
{
	static const struct {
		enum dp_sa_alg alg;
		const EVP_MD *(*md)(void);
		const EVP_CIPHER *(*cipher)(void);
	} v[] = {{DP_SA_AES_CBC_192_SHA384, EVP_sha384, EVP_aes_192_cbc},
		 {DP_SA_AES_CBC_256_SHA512, EVP_sha512, EVP_aes_256_cbc}};

	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		uint8_t buf[FX_BUF], plain[32], mac[EVP_MAX_MD_SIZE];
		unsigned maclen;
		struct esp_sa sa;
		struct pkt p;
		int n;

		fx_sa(&sa, 0x600 + (uint32_t)i, v[i].alg, ESP_MODE_TUNNEL, false);
		seal_at(&sa, 3, &p, buf, 20);
		assert_int_equal(p.pkt_len, 8 + 16 + 32 + sa.sa_info->ai_icvlen);
		assert_int_equal(sa.sa_info->ai_icvlen, EVP_MD_get_size(v[i].md()) / 2);
		HMAC(v[i].md(), sa.sa_auth_key, sa.sa_auth_keylen, p.pkt_data, 8 + 16 + 32, mac, &maclen);
		assert_int_equal(sa.sa_auth_keylen, maclen); /* the key is as long as the hash (RFC 4868 2.1.1) */
		assert_memory_equal(mac, p.pkt_data + 56, sa.sa_info->ai_icvlen);
		EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
		assert_true(EVP_DecryptInit_ex(c, v[i].cipher(), NULL, sa.sa_key, p.pkt_data + 8));
		EVP_CIPHER_CTX_set_padding(c, 0);
		assert_true(EVP_DecryptUpdate(c, plain, &n, p.pkt_data + 24, 32));
		EVP_CIPHER_CTX_free(c);
		assert_int_equal(plain[30], 10);
		assert_int_equal(plain[31], IP4_PROTO_GRE);
	}
}

/* AES-GCM-192 and -256 on the wire: IV = sequence number, AAD = SPI || sequence number, 16-byte tag. */
static void test_gcm_layout(void **state)
{
	static const struct {
		enum dp_sa_alg alg;
		const EVP_CIPHER *(*cipher)(void);
	} v[] = {{DP_SA_AES_GCM_192, EVP_aes_192_gcm}, {DP_SA_AES_GCM_256, EVP_aes_256_gcm}};

	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		uint8_t buf[FX_BUF], nonce[12], plain[8], fin[16];
		struct esp_sa sa;
		struct pkt p;
		int n;

		fx_sa(&sa, 0x700 + (uint32_t)i, v[i].alg, ESP_MODE_TRANSPORT, false);
		seal_at(&sa, 9, &p, buf, 5);
		assert_int_equal(p.pkt_len, 8 + 8 + 8 + 16);
		memcpy(nonce, sa.sa_key + EVP_CIPHER_get_key_length(v[i].cipher()), 4); /* the salt */
		memcpy(nonce + 4, p.pkt_data + 8, 8);
		assert_int_equal(wire_get32(nonce + 8), 9);
		EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
		assert_true(EVP_DecryptInit_ex(c, v[i].cipher(), NULL, sa.sa_key, nonce));
		assert_true(EVP_DecryptUpdate(c, NULL, &n, p.pkt_data, 8));
		assert_true(EVP_DecryptUpdate(c, plain, &n, p.pkt_data + 16, 8));
		assert_true(EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_SET_TAG, 16, p.pkt_data + 24));
		assert_true(EVP_DecryptFinal_ex(c, fin, &n));
		EVP_CIPHER_CTX_free(c);
		assert_memory_equal(plain, "\x00\x01\x02\x03\x04\x01\x01\x2f", 8);
	}
}

static const enum dp_sa_alg new_algs[] = {
    DP_SA_AES_GCM_192,	      DP_SA_AES_CBC_192_SHA256, DP_SA_AES_CBC_128_SHA384, DP_SA_AES_CBC_192_SHA384,
    DP_SA_AES_CBC_256_SHA384, DP_SA_AES_CBC_128_SHA512, DP_SA_AES_CBC_192_SHA512, DP_SA_AES_CBC_256_SHA512,
};

/* Opens a copy of the sealed packet, with byte at flipped (if below its length) inverted. */
static enum us_drop open_flipped(struct esp_sa *rx, const struct pkt *sealed, size_t at)
{
	uint8_t buf[FX_BUF], next = 0;
	struct pkt q;

	fx_pkt(&q, buf, sealed->pkt_data, sealed->pkt_len);
	if (at < q.pkt_len)
		q.pkt_data[at] ^= 0xff;
	return esp_open(fx_ctx, rx, &q, &next);
}

/* Every new algorithm, both modes, lengths 0 to 80: each opens once, a changed ICV or IV byte never. */
static void test_round_trips(void **state)
{
	for (size_t a = 0; a < sizeof(new_algs) / sizeof(new_algs[0]); a++) {
		for (int mode = ESP_MODE_TRANSPORT; mode <= ESP_MODE_TUNNEL; mode++) {
			struct esp_sa tx, rx;

			fx_sa(&tx, 0x800 + (uint32_t)a, new_algs[a], (enum esp_mode)mode, false);
			fx_sa(&rx, 0x800 + (uint32_t)a, new_algs[a], (enum esp_mode)mode, false);
			for (size_t len = 0; len <= 80; len++) {
				uint8_t buf[FX_BUF];
				struct pkt p;

				seal_at(&tx, len + 1, &p, buf, len);
				assert_int_equal(p.pkt_len, len + esp_overhead(&tx, len));
				assert_int_equal(open_flipped(&rx, &p, p.pkt_len - 1), DROP_ESP_ICV);
				assert_int_equal(open_flipped(&rx, &p, ESP_HDR_LEN), DROP_ESP_ICV);
				assert_int_equal(open_flipped(&rx, &p, SIZE_MAX), DROP_NONE);
				assert_int_equal(open_flipped(&rx, &p, SIZE_MAX), DROP_ESP_REPLAY);
			}
		}
	}
}

/* An SA whose HMAC key is another hash's length, or whose GCM key lacks the salt, is refused. */
static void test_key_lengths(void **state)
{
	struct esp_sa sa;

	fx_sa(&sa, 0x900, DP_SA_AES_CBC_256_SHA512, ESP_MODE_TUNNEL, false);
	sa.sa_auth_keylen = 48;
	assert_int_equal(esp_sa_init(&sa), -1);
	fx_sa(&sa, 0x900, DP_SA_AES_CBC_128_SHA384, ESP_MODE_TUNNEL, false);
	sa.sa_auth_keylen = 64;
	assert_int_equal(esp_sa_init(&sa), -1);
	fx_sa(&sa, 0x900, DP_SA_AES_GCM_192, ESP_MODE_TUNNEL, false);
	sa.sa_keylen = 24;
	assert_int_equal(esp_sa_init(&sa), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_hmac_vectors),    cmocka_unit_test(test_gcm192_vectors),
	    cmocka_unit_test(test_cbc_sha2_layout), cmocka_unit_test(test_gcm_layout),
	    cmocka_unit_test(test_round_trips),	    cmocka_unit_test(test_key_lengths),
	};

	return cmocka_run_group_tests(tests, fx_esp_setup, fx_esp_teardown);
}
