/*
 * ESP codecs of the userspace dataplane: AES-GCM against the GCM
 * specification's vectors through the RFC 4106 path, HMAC-SHA-256-128
 * against RFC 4868, the packet layout against plain OpenSSL, round trips
 * of every algorithm and mode, tampering, replay, window edges, ESN,
 * truncation and the UDP encapsulation of RFC 3948.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "dataplane/userspace/csum.h"
#include "dataplane/userspace/esp_int.h"
#include "dataplane/userspace/ip4.h"
#include "dataplane/userspace/wire.h"
#include "us_fixture.h"

/* Bytes from hex digits; spaces between them are for the reader. */
static size_t unhex(const char *hex, uint8_t *out)
{
	size_t n = 0;

	for (; *hex; hex++) {
		if (*hex == ' ')
			continue;
		char byte[3] = {hex[0], hex[1], 0};
		out[n++] = (uint8_t)strtoul(byte, NULL, 16);
		hex++;
	}
	return n;
}

/*
 * McGrew & Viega, "The Galois/Counter Mode of Operation (GCM)", appendix B,
 * test cases 3 and 4 (AES-128) and 15 and 16 (AES-256). Their 12-byte IV
 * cafebabe facedbaddecaf888 is exactly an RFC 4106 nonce: the SA's salt
 * (the last 4 bytes of its key material) and an 8-byte explicit IV.
 */
struct gcm_vector {
	enum dp_sa_alg alg;
	const char *key, *aad, *plain, *cipher, *tag;
};

#define MV_KEY "feffe9928665731c6d6a8f9467308308"
#define MV_PLAIN                                                                                                       \
	"d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"                                             \
	"1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39"
#define MV_AAD "feedfacedeadbeeffeedfacedeadbeefabaddad2"
#define MV_C128                                                                                                        \
	"42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"                                             \
	"21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091"
#define MV_C256                                                                                                        \
	"522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"                                             \
	"8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662"

static const struct gcm_vector gcm_vectors[] = {
    {DP_SA_AES_GCM_128, MV_KEY, "", MV_PLAIN "1aafd255", MV_C128 "473f5985", "4d5c2af327cd64a62cf35abd2ba6fab4"},
    {DP_SA_AES_GCM_128, MV_KEY, MV_AAD, MV_PLAIN, MV_C128, "5bc94fbc3221a5db94fae95ae7121a47"},
    {DP_SA_AES_GCM_256, MV_KEY MV_KEY, "", MV_PLAIN "1aafd255", MV_C256 "898015ad", "b094dac5d93471bdec1a502270e3cc6c"},
    {DP_SA_AES_GCM_256, MV_KEY MV_KEY, MV_AAD, MV_PLAIN, MV_C256, "76fc6ece0f4e1768cddf8853bb2d551b"},
};

static void gcm_sa(struct esp_sa *sa, const struct gcm_vector *v)
{
	fx_sa(sa, 0x100, v->alg, ESP_MODE_TUNNEL, false);
	sa->sa_keylen = (uint8_t)unhex(v->key, sa->sa_key);
	sa->sa_keylen += (uint8_t)unhex("cafebabe", sa->sa_key + sa->sa_keylen);
	assert_int_equal(esp_sa_init(sa), 0);
}

static void test_gcm_vectors(void **state)
{
	for (size_t i = 0; i < sizeof(gcm_vectors) / sizeof(gcm_vectors[0]); i++) {
		const struct gcm_vector *v = &gcm_vectors[i];
		uint8_t iv[8], aad[32], buf[64], want[64], tag[16], want_tag[16];
		size_t aadlen = unhex(v->aad, aad), len = unhex(v->plain, buf);
		struct esp_sa sa;

		gcm_sa(&sa, v);
		unhex("facedbaddecaf888", iv);
		assert_int_equal(unhex(v->cipher, want), len);
		unhex(v->tag, want_tag);
		assert_int_equal(esp_aead_seal(fx_ctx, &sa, iv, aad, aadlen, buf, len, tag), DROP_NONE);
		assert_memory_equal(buf, want, len);
		assert_memory_equal(tag, want_tag, 16);
		assert_int_equal(esp_aead_open(fx_ctx, &sa, iv, aad, aadlen, buf, len, tag), DROP_NONE);
		unhex(v->plain, want);
		assert_memory_equal(buf, want, len);
		tag[15] ^= 1;
		assert_int_equal(esp_aead_open(fx_ctx, &sa, iv, aad, aadlen, buf, len, tag), DROP_ESP_ICV);
	}
}

/* RFC 4868 2.7.2.1: the HMAC-SHA-256-128 authenticator test cases (32-byte keys). */
static void test_hmac_vectors(void **state)
{
	static const struct {
		const char *key, *data, *icv;
	} v[] = {
	    {"0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "4869205468657265",
	     "198a607eb44bfbc69903a0f1cf2bbdc5"},
	    {"4a6566654a6566654a6566654a6566654a6566654a6566654a6566654a656665",
	     "7768617420646f2079612077616e7420666f72206e6f7468696e673f", "167f928588c5cc2eef8e3093caa0e87c"},
	    {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	     "dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd",
	     "cdcb1220d1ecccea91e53aba3092f962"},
	    {"0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20",
	     "cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd",
	     "372efcf9b40b35c2115b1346903d2ef4"},
	};

	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		uint8_t data[64], icv[16], want[16];
		size_t len = unhex(v[i].data, data);
		struct esp_sa sa;

		fx_sa(&sa, 0x200 + (uint32_t)i, DP_SA_AES_CBC_128_SHA256, ESP_MODE_TUNNEL, false);
		unhex(v[i].key, sa.sa_auth_key);
		assert_int_equal(esp_sa_init(&sa), 0);
		unhex(v[i].icv, want);
		assert_int_equal(esp_hmac_icv(fx_ctx, &sa, true, data, len, NULL, icv), DROP_NONE);
		assert_memory_equal(icv, want, 16);
	}
}

static const enum dp_sa_alg all_algs[] = {DP_SA_AES_GCM_128, DP_SA_AES_GCM_256, DP_SA_AES_CBC_128_SHA256,
					  DP_SA_AES_CBC_256_SHA256};
#define N_ALGS (sizeof(all_algs) / sizeof(all_algs[0]))

/* Seals len bytes (0, 1, 2...) with sa at sequence number seq into p. */
static void seal_at(struct esp_sa *sa, uint64_t seq, struct pkt *p, uint8_t *buf, size_t len)
{
	pkt_init(p, buf, FX_BUF, FX_HEADROOM);
	for (size_t i = 0; i < len; i++)
		*pkt_put(p, 1) = (uint8_t)i;
	atomic_store(&sa->sa_seq_out, seq - 1);
	assert_int_equal(esp_seal(fx_ctx, sa, p, IP4_PROTO_GRE), DROP_NONE);
}

/* Opens a copy of the sealed packet in q (so the original can be opened again). */
static enum us_drop open_copy(struct esp_sa *sa, const struct pkt *sealed, uint8_t *buf, uint8_t *next)
{
	struct pkt q;

	fx_pkt(&q, buf, sealed->pkt_data, sealed->pkt_len);
	return esp_open(fx_ctx, sa, &q, next);
}

/*
 * The layout of RFC 4303 2 and RFC 4106 checked with OpenSSL alone: header,
 * IV = sequence number, AAD = SPI || sequence number, plaintext || padding
 * 1, 2, 3... || pad length || next header, 16-byte tag.
 */
static void test_gcm_layout(void **state)
{
	uint8_t buf[FX_BUF], nonce[12], plain[64], fin[16];
	struct esp_sa sa;
	struct pkt p;
	int n;

	fx_sa(&sa, 0x1234, DP_SA_AES_GCM_128, ESP_MODE_TRANSPORT, false);
	seal_at(&sa, 7, &p, buf, 5);
	assert_int_equal(p.pkt_len, 8 + 8 + 8 + 16);
	assert_int_equal(wire_get32(p.pkt_data), 0x1234);
	assert_int_equal(wire_get32(p.pkt_data + 4), 7);
	memcpy(nonce, sa.sa_key + 16, 4);
	memcpy(nonce + 4, p.pkt_data + 8, 8);
	assert_int_equal(wire_get32(nonce + 8), 7);
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
	assert_true(EVP_DecryptInit_ex(c, EVP_aes_128_gcm(), NULL, sa.sa_key, nonce));
	assert_true(EVP_DecryptUpdate(c, NULL, &n, p.pkt_data, 8));
	assert_true(EVP_DecryptUpdate(c, plain, &n, p.pkt_data + 16, 8));
	assert_true(EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_SET_TAG, 16, p.pkt_data + 24));
	assert_true(EVP_DecryptFinal_ex(c, fin, &n));
	EVP_CIPHER_CTX_free(c);
	assert_memory_equal(plain, "\x00\x01\x02\x03\x04\x01\x01\x2f", 8);
}

/* The same for CBC: random IV, ciphertext a multiple of 16, HMAC over header, IV and ciphertext. */
static void test_cbc_layout(void **state)
{
	uint8_t buf[FX_BUF], plain[64], mac[32], iv1[16];
	unsigned maclen;
	struct esp_sa sa;
	struct pkt p;
	int n;

	fx_sa(&sa, 0x4321, DP_SA_AES_CBC_256_SHA256, ESP_MODE_TUNNEL, false);
	seal_at(&sa, 1, &p, buf, 20);
	assert_int_equal(p.pkt_len, 8 + 16 + 32 + 16);
	memcpy(iv1, p.pkt_data + 8, 16);
	HMAC(EVP_sha256(), sa.sa_auth_key, 32, p.pkt_data, 8 + 16 + 32, mac, &maclen);
	assert_memory_equal(mac, p.pkt_data + 56, 16);
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
	assert_true(EVP_DecryptInit_ex(c, EVP_aes_256_cbc(), NULL, sa.sa_key, p.pkt_data + 8));
	EVP_CIPHER_CTX_set_padding(c, 0);
	assert_true(EVP_DecryptUpdate(c, plain, &n, p.pkt_data + 24, 32));
	EVP_CIPHER_CTX_free(c);
	assert_int_equal(n, 32);
	assert_int_equal(plain[30], 10); /* 20 + 10 + 2 = 32 */
	assert_int_equal(plain[31], IP4_PROTO_GRE);
	assert_memory_equal(plain + 20, "\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a", 10);
	seal_at(&sa, 2, &p, buf, 20);
	assert_memory_not_equal(iv1, p.pkt_data + 8, 16);
}

/* esp_seal / esp_open round trips of every length up to 300 bytes, every algorithm, with and without ESN. */
static void test_seal_open_lengths(void **state)
{
	for (size_t a = 0; a < N_ALGS; a++) {
		for (int esn = 0; esn < 2; esn++) {
			struct esp_sa tx, rx;
			fx_sa(&tx, 0x500, all_algs[a], ESP_MODE_TRANSPORT, false);
			fx_sa(&rx, 0x500, all_algs[a], ESP_MODE_TRANSPORT, false);
			tx.sa_esn = rx.sa_esn = esn;
			for (size_t len = 0; len <= 300; len++) {
				uint8_t buf[FX_BUF], next = 0;
				struct pkt p;
				seal_at(&tx, len + 1, &p, buf, len);
				assert_int_equal(p.pkt_len, len + esp_overhead(&tx, len));
				assert_int_equal(esp_open(fx_ctx, &rx, &p, &next), DROP_NONE);
				assert_int_equal(p.pkt_len, len);
				assert_int_equal(next, IP4_PROTO_GRE);
				for (size_t i = 0; i < len; i++)
					assert_int_equal(p.pkt_data[i], (uint8_t)i);
			}
		}
	}
}

/* The underlay packet of the feature: ICMP in IPv4, labelled, in GRE, from spoke to hub. */
static void underlay(struct pkt *p, uint8_t *buf)
{
	static const uint32_t labels[] = {1234};
	struct gre_info gi = {.gi_proto = GRE_PROTO_MPLS};

	pkt_init(p, buf, FX_BUF, FX_HEADROOM);
	fx_echo(p, FX_CE1, FX_CE2, 64, 56);
	fx_gre_mpls(p, labels, 1, &gi);
}

/* esp_output then esp_input, every algorithm, both modes, raw and in UDP: the packet comes back. */
static void test_output_input(void **state)
{
	for (size_t a = 0; a < N_ALGS; a++) {
		for (int m = 0; m < 4; m++) {
			enum esp_mode mode = m & 1 ? ESP_MODE_TUNNEL : ESP_MODE_TRANSPORT;
			bool udp = m & 2;
			uint8_t buf[FX_BUF], orig[FX_BUF];
			struct esp_sa tx, rx;
			struct fx_sadb db = {&rx, 1};
			struct esp_rx info;
			struct pkt p;
			size_t len;

			fx_sa(&tx, 0x600 + (uint32_t)m, all_algs[a], mode, udp);
			fx_sa(&rx, 0x600 + (uint32_t)m, all_algs[a], mode, udp);
			underlay(&p, buf);
			len = p.pkt_len;
			memcpy(orig, p.pkt_data, len);
			assert_int_equal(esp_output(fx_ctx, &tx, &p), DROP_NONE);
			assert_int_equal(p.pkt_data[IP4_OFF_PROTO], udp ? IP4_PROTO_UDP : IP4_PROTO_ESP);
			assert_int_equal(ip4_total_len(p.pkt_data), p.pkt_len);
			assert_int_equal(esp_input(fx_ctx, fx_lookup, &db, &p, &info), DROP_NONE);
			assert_int_equal(info.rx_kind, UDPENCAP_ESP);
			assert_ptr_equal(info.rx_sa, &rx);
			assert_int_equal(info.rx_dport, udp ? UDPENCAP_PORT : 0);
			assert_int_equal(p.pkt_len, len);
			assert_memory_equal(p.pkt_data, orig, len);
		}
	}
}

/* Flipping any bit of any byte of a sealed packet (SPI, sequence number, IV, ciphertext, ICV) fails the ICV. */
static void test_tamper(void **state)
{
	for (size_t a = 0; a < N_ALGS; a++) {
		uint8_t buf[FX_BUF], copy[FX_BUF], next;
		struct esp_sa tx, rx;
		struct pkt p;

		fx_sa(&tx, 0x700, all_algs[a], ESP_MODE_TRANSPORT, false);
		fx_sa(&rx, 0x700, all_algs[a], ESP_MODE_TRANSPORT, false);
		seal_at(&tx, 1, &p, buf, 40);
		for (size_t i = 0; i < p.pkt_len; i++) {
			for (int bit = 0; bit < 8; bit += 3) {
				p.pkt_data[i] ^= (uint8_t)(1 << bit);
				assert_int_equal(open_copy(&rx, &p, copy, &next), DROP_ESP_ICV);
				p.pkt_data[i] ^= (uint8_t)(1 << bit);
			}
		}
		assert_int_equal(open_copy(&rx, &p, copy, &next), DROP_NONE);
		assert_int_equal(open_copy(&rx, &p, copy, &next), DROP_ESP_REPLAY);
	}
}

/* Opens the packet sealed at seq with rx. */
static enum us_drop open_at(struct esp_sa *tx, struct esp_sa *rx, uint64_t seq)
{
	uint8_t buf[FX_BUF], next;
	struct pkt p;

	seal_at(tx, seq, &p, buf, 16);
	return esp_open(fx_ctx, rx, &p, &next);
}

/* The window's edges: top - 1023 is inside, top - 1024 outside, far ahead moves it, far behind is old. */
static void test_window_edges(void **state)
{
	struct esp_sa tx, rx;

	fx_sa(&tx, 0x800, DP_SA_AES_GCM_128, ESP_MODE_TUNNEL, false);
	fx_sa(&rx, 0x800, DP_SA_AES_GCM_128, ESP_MODE_TUNNEL, false);
	assert_int_equal(open_at(&tx, &rx, 5000), DROP_NONE);
	assert_int_equal(open_at(&tx, &rx, 5000 - 1023), DROP_NONE);
	assert_int_equal(open_at(&tx, &rx, 5000 - 1023), DROP_ESP_REPLAY);
	assert_int_equal(open_at(&tx, &rx, 5000 - 1024), DROP_ESP_REPLAY);
	assert_int_equal(open_at(&tx, &rx, 4999), DROP_NONE);
	assert_int_equal(open_at(&tx, &rx, 5000 + 1024), DROP_NONE);
	assert_int_equal(open_at(&tx, &rx, 5000 + 1), DROP_NONE); /* 1023 below the new top */
	assert_int_equal(open_at(&tx, &rx, 5000 + 2), DROP_NONE);
	assert_int_equal(open_at(&tx, &rx, 5000), DROP_ESP_REPLAY); /* exactly the window size below */
}

static void test_window_far(void **state)
{
	struct esp_sa tx, rx;

	fx_sa(&tx, 0x801, DP_SA_AES_CBC_128_SHA256, ESP_MODE_TUNNEL, false);
	fx_sa(&rx, 0x801, DP_SA_AES_CBC_128_SHA256, ESP_MODE_TUNNEL, false);
	assert_int_equal(open_at(&tx, &rx, 1), DROP_NONE);
	assert_int_equal(open_at(&tx, &rx, 3000000000u), DROP_NONE);
	assert_int_equal(open_at(&tx, &rx, 2), DROP_ESP_REPLAY);
	assert_int_equal(open_at(&tx, &rx, 3000000000u - 1), DROP_NONE);
	assert_int_equal(open_at(&tx, &rx, 3000000000u), DROP_ESP_REPLAY);
}

/* ESN (RFC 4303 2.2.1): the sender crosses 2^32, the receiver infers the high half and accepts every packet. */
static void test_esn_wrap(void **state)
{
	for (size_t a = 0; a < N_ALGS; a++) {
		struct esp_sa tx, rx;

		fx_sa(&tx, 0x900, all_algs[a], ESP_MODE_TUNNEL, false);
		fx_sa(&rx, 0x900, all_algs[a], ESP_MODE_TUNNEL, false);
		tx.sa_esn = rx.sa_esn = true;
		for (uint64_t seq = (UINT64_C(1) << 32) - 3; seq < (UINT64_C(1) << 32) + 3; seq++)
			assert_int_equal(open_at(&tx, &rx, seq), DROP_NONE);
		assert_int_equal(rx.sa_replay.rp_top, (UINT64_C(1) << 32) + 2);
		assert_int_equal(open_at(&tx, &rx, (UINT64_C(1) << 32) - 2), DROP_ESP_REPLAY);
		/* A packet of the previous 2^32 span sealed with the wrong high half fails its ICV. */
		assert_int_equal(open_at(&tx, &rx, (UINT64_C(2) << 32) - 2), DROP_ESP_ICV);
	}
}

/* RFC 4303 A2.2 cases A and B of the high-half inference. */
static void test_replay_infer(void **state)
{
	struct esp_replay rp;

	esp_replay_reset(&rp);
	assert_int_equal(esp_replay_seq(&rp, 77, false), 77);
	rp.rp_top = 0xfffffff0; /* case A, th 0 */
	assert_int_equal(esp_replay_seq(&rp, 0xffffff00, true), 0xffffff00);
	assert_int_equal(esp_replay_seq(&rp, 5, true), (UINT64_C(1) << 32) + 5);
	rp.rp_top = (UINT64_C(1) << 32) + 5; /* case B, th 1 */
	assert_int_equal(esp_replay_seq(&rp, 0xfffffff0, true), 0xfffffff0);
	assert_int_equal(esp_replay_seq(&rp, 10, true), (UINT64_C(1) << 32) + 10);
	rp.rp_top = 5; /* case B at the start: nothing below 0 */
	assert_int_equal(esp_replay_seq(&rp, 0xfffffff0, true), 0xfffffff0);
	esp_replay_reset(&rp);
	assert_int_equal(esp_replay_update(&rp, 0), DROP_ESP_REPLAY);
	for (uint64_t s = 1; s <= 2000; s += 3)
		assert_int_equal(esp_replay_update(&rp, s), DROP_NONE);
	for (uint64_t s = 2000 - 1023; s <= 2000; s++)
		assert_int_equal(esp_replay_check(&rp, s), (s - 1) % 3 ? DROP_NONE : DROP_ESP_REPLAY);
}

/* Why a prefix of len bytes of a packet is dropped: too short, not whole cipher blocks, or its ICV. */
static enum us_drop truncated_drop(const struct esp_sa *sa, size_t len)
{
	const struct esp_alg_info *ai = sa->sa_info;
	size_t fixed = ESP_HDR_LEN + ai->ai_ivlen + ai->ai_icvlen;
	bool cbc = ai->ai_authkeylen != 0;

	if (len < fixed + (cbc ? 16 : 2))
		return DROP_ESP_TRUNCATED;
	return cbc && (len - fixed) % 16 ? DROP_ESP_LENGTH : DROP_ESP_ICV;
}

/* Every prefix of a sealed packet, in a buffer of exactly its size, is dropped, and why is known. */
static void test_truncated(void **state)
{
	for (size_t a = 0; a < N_ALGS; a++) {
		uint8_t buf[FX_BUF], next;
		struct esp_sa tx, rx;
		struct pkt p, q;

		fx_sa(&tx, 0xa00, all_algs[a], ESP_MODE_TRANSPORT, false);
		fx_sa(&rx, 0xa00, all_algs[a], ESP_MODE_TRANSPORT, false);
		seal_at(&tx, 1, &p, buf, 61);
		for (size_t len = 0; len < p.pkt_len; len++) {
			uint8_t *exact = malloc(len ? len : 1);
			memcpy(exact, p.pkt_data, len);
			pkt_init(&q, exact, len, 0);
			pkt_put(&q, len);
			assert_int_equal(esp_open(fx_ctx, &rx, &q, &next), truncated_drop(&rx, len));
			free(exact);
		}
	}
}

/* Every prefix of a whole UDP-encapsulated packet given to esp_input is dropped. */
static void test_input_truncated(void **state)
{
	uint8_t buf[FX_BUF];
	struct esp_sa tx, rx;
	struct fx_sadb db = {&rx, 1};
	struct esp_rx info;
	struct pkt p, q;

	fx_sa(&tx, 0xa01, DP_SA_AES_GCM_128, ESP_MODE_TRANSPORT, true);
	fx_sa(&rx, 0xa01, DP_SA_AES_GCM_128, ESP_MODE_TRANSPORT, true);
	underlay(&p, buf);
	assert_int_equal(esp_output(fx_ctx, &tx, &p), DROP_NONE);
	for (size_t len = 0; len < p.pkt_len; len++) {
		uint8_t *exact = malloc(len ? len : 1);
		memcpy(exact, p.pkt_data, len);
		pkt_init(&q, exact, len, 0);
		pkt_put(&q, len);
		assert_int_not_equal(esp_input(fx_ctx, fx_lookup, &db, &q, &info), DROP_NONE);
		free(exact);
	}
}

/* A GCM packet with a correct tag over the given plaintext (trailer included), sealed at seq 1. */
static void seal_plain(struct esp_sa *sa, struct pkt *p, uint8_t *buf, const uint8_t *plain, size_t len)
{
	uint8_t *h;

	fx_pkt(p, buf, plain, len);
	pkt_push(p, 8);
	h = pkt_push(p, ESP_HDR_LEN);
	wire_put32(h, sa->sa_spi);
	wire_put32(h + 4, 1);
	wire_put64(h + 8, 1);
	assert_int_equal(esp_aead_seal(fx_ctx, sa, h + 8, h, 8, h + 16, len, pkt_put(p, 16)), DROP_NONE);
}

/* The padding must be 1, 2, 3... and fit in the plaintext (RFC 4303 2.4). */
static void test_padding(void **state)
{
	static const struct {
		const char *plain;
		enum us_drop why;
	} cases[] = {
	    /* payload, padding, pad length, next header (GRE) */
	    {"aabbccdd 0102 02 2f", DROP_NONE},
	    {"aabbccdd 0103 02 2f", DROP_ESP_PADDING},
	    {"aabbccdd 0002 02 2f", DROP_ESP_PADDING},
	    {"aabbccdd 0102 07 2f", DROP_ESP_PADDING},
	    {"aabb ff 2f", DROP_ESP_PADDING},
	    {"010203040506 06 2f", DROP_NONE},
	    {"aabbcc 01 01 2f", DROP_NONE}, /* not 4-byte aligned: accepted from a peer (RFC 4303 2.4 binds senders) */
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint8_t buf[FX_BUF], plain[16], next;
		size_t len = unhex(cases[i].plain, plain);
		struct esp_sa sa;
		struct pkt p;

		fx_sa(&sa, 0xb00, DP_SA_AES_GCM_256, ESP_MODE_TRANSPORT, false);
		seal_plain(&sa, &p, buf, plain, len);
		assert_int_equal(esp_open(fx_ctx, &sa, &p, &next), cases[i].why);
	}
}

/* Seals a payload with next header next, in an outer IPv4 header of protocol 50 from the spoke to the hub. */
static void esp_packet(struct esp_sa *tx, struct pkt *p, uint8_t *buf, uint8_t next)
{
	pkt_init(p, buf, FX_BUF, FX_HEADROOM);
	fx_echo(p, FX_CE1, FX_CE2, 64, 8);
	assert_int_equal(esp_seal(fx_ctx, tx, p, next), DROP_NONE);
	fx_ip4(p, IP4_PROTO_ESP, FX_SPOKE, FX_HUB);
}

static void test_input_drops(void **state)
{
	uint8_t buf[FX_BUF];
	struct esp_sa tx, rx;
	struct fx_sadb db = {&rx, 1};
	struct esp_rx info;
	struct pkt p;

	fx_sa(&tx, 0xc00, DP_SA_AES_GCM_128, ESP_MODE_TUNNEL, false);
	fx_sa(&rx, 0xc00, DP_SA_AES_GCM_128, ESP_MODE_TUNNEL, false);
	esp_packet(&tx, &p, buf, ESP_NEXT_NONE);
	assert_int_equal(esp_input(fx_ctx, fx_lookup, &db, &p, &info), DROP_ESP_DUMMY);
	esp_packet(&tx, &p, buf, IP4_PROTO_GRE);
	assert_int_equal(esp_input(fx_ctx, fx_lookup, &db, &p, &info), DROP_ESP_NEXT_HEADER);
	esp_packet(&tx, &p, buf, IP4_PROTO_IPIP);
	assert_int_equal(esp_input(fx_ctx, fx_lookup, &db, &p, &info), DROP_NONE);
	esp_packet(&tx, &p, buf, IP4_PROTO_IPIP);
	db.db_n = 0;
	assert_int_equal(esp_input(fx_ctx, fx_lookup, &db, &p, &info), DROP_ESP_UNKNOWN_SPI);
	esp_packet(&tx, &p, buf, IP4_PROTO_IPIP);
	p.pkt_data[IP4_OFF_FRAG] |= IP4_MF >> 8;
	assert_int_equal(esp_input(fx_ctx, fx_lookup, &db, &p, &info), DROP_IP4_CHECKSUM);
	wire_put16(p.pkt_data + IP4_OFF_CSUM, 0);
	wire_put16(p.pkt_data + IP4_OFF_CSUM, inet_csum(p.pkt_data, IP4_HDR_LEN));
	assert_int_equal(esp_input(fx_ctx, fx_lookup, &db, &p, &info), DROP_IP4_FRAGMENT);
	esp_packet(&tx, &p, buf, IP4_PROTO_IPIP);
	ip4_rewrite(p.pkt_data, (uint16_t)p.pkt_len, IP4_PROTO_GRE);
	assert_int_equal(esp_input(fx_ctx, fx_lookup, &db, &p, &info), DROP_IP4_PROTOCOL);
}

/* Port 4500 also carries IKE after a zero marker and keepalives: handed back, not to ESP (RFC 3948 2.2, 2.3). */
static void test_udpencap(void **state)
{
	static const struct {
		const char *payload;
		enum us_drop why;
		enum udpencap_kind kind;
		size_t left;
	} cases[] = {
	    {"ff", DROP_NONE, UDPENCAP_KEEPALIVE, 1},
	    {"00000000aabbccdd", DROP_NONE, UDPENCAP_IKE, 4},
	    {"000000", DROP_UDP_TRUNCATED, UDPENCAP_ESP, 0},
	    {"fe", DROP_UDP_TRUNCATED, UDPENCAP_ESP, 0},
	    {"", DROP_UDP_TRUNCATED, UDPENCAP_ESP, 0},
	    {"0000100000000001", DROP_ESP_UNKNOWN_SPI, UDPENCAP_ESP, 8}, /* an ESP header: SPI 0x1000 */
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint8_t buf[FX_BUF], payload[16];
		struct esp_rx info;
		struct pkt p;

		fx_pkt(&p, buf, payload, unhex(cases[i].payload, payload));
		assert_int_equal(udpencap_wrap(&p, 4500, 4500), DROP_NONE);
		fx_ip4(&p, IP4_PROTO_UDP, FX_HUB, FX_SPOKE);
		assert_int_equal(esp_input(fx_ctx, fx_lookup, &(struct fx_sadb){0}, &p, &info), cases[i].why);
		if (cases[i].why == DROP_NONE) {
			assert_int_equal(info.rx_kind, cases[i].kind);
			assert_int_equal(p.pkt_len, cases[i].left);
			assert_int_equal(info.rx_sport, 4500);
		}
	}
}

static void test_udp_length(void **state)
{
	uint8_t buf[FX_BUF];
	enum udpencap_kind kind;
	struct pkt p;

	fx_pkt(&p, buf, (const uint8_t *)"\x11\x94\x11\x94\x00\x0a\x00\x00\xff", 9);
	assert_int_equal(udpencap_unwrap(&p, &kind), DROP_UDP_LENGTH); /* says 10, has 9 */
	fx_pkt(&p, buf, (const uint8_t *)"\x11\x94\x11\x94\x00\x07\x00\x00\xff", 9);
	assert_int_equal(udpencap_unwrap(&p, &kind), DROP_UDP_LENGTH);
	fx_pkt(&p, buf, (const uint8_t *)"\x11\x94\x11\x94\x00\x09\x00\x00\xff\xee", 10);
	assert_int_equal(udpencap_unwrap(&p, &kind), DROP_NONE); /* trailing byte trimmed */
	assert_int_equal(kind, UDPENCAP_KEEPALIVE);
	fx_pkt(&p, buf, (const uint8_t *)"\x11\x94\x11", 3);
	assert_int_equal(udpencap_unwrap(&p, &kind), DROP_UDP_TRUNCATED);
}

/* Sequence numbers never wrap (RFC 4303 3.3.3); GCM IVs are the sequence numbers, hence unique. */
static void test_seq_and_iv(void **state)
{
	uint8_t buf[FX_BUF];
	struct esp_sa sa;
	struct pkt p;

	fx_sa(&sa, 0xd00, DP_SA_AES_GCM_128, ESP_MODE_TUNNEL, false);
	for (uint64_t seq = 1; seq <= 1000; seq++) {
		pkt_init(&p, buf, FX_BUF, FX_HEADROOM);
		assert_int_equal(esp_seal(fx_ctx, &sa, &p, IP4_PROTO_IPIP), DROP_NONE);
		assert_int_equal(wire_get32(p.pkt_data + 4), seq);
		assert_int_equal(wire_get32(p.pkt_data + 8), 0);
		assert_int_equal(wire_get32(p.pkt_data + 12), seq);
	}
	atomic_store(&sa.sa_seq_out, UINT32_MAX - 1);
	pkt_init(&p, buf, FX_BUF, FX_HEADROOM);
	assert_int_equal(esp_seal(fx_ctx, &sa, &p, IP4_PROTO_IPIP), DROP_NONE);
	for (int i = 0; i < 2; i++) {
		pkt_init(&p, buf, FX_BUF, FX_HEADROOM);
		assert_int_equal(esp_seal(fx_ctx, &sa, &p, IP4_PROTO_IPIP), DROP_ESP_SEQ_EXHAUSTED);
	}
	sa.sa_esn = true;
	atomic_store(&sa.sa_seq_out, UINT64_MAX);
	assert_int_equal(esp_seal(fx_ctx, &sa, &p, IP4_PROTO_IPIP), DROP_ESP_SEQ_EXHAUSTED);
}

static void test_sa_and_room(void **state)
{
	uint8_t buf[64];
	struct esp_sa sa;
	struct pkt p;

	fx_sa(&sa, 0xe00, DP_SA_AES_GCM_256, ESP_MODE_TUNNEL, false);
	sa.sa_keylen = 32; /* the salt is missing */
	assert_int_equal(esp_sa_init(&sa), -1);
	fx_sa(&sa, 0xe00, DP_SA_AES_CBC_128_SHA256, ESP_MODE_TUNNEL, false);
	sa.sa_auth_keylen = 20;
	assert_int_equal(esp_sa_init(&sa), -1);
	sa.sa_auth_keylen = 32;
	sa.sa_alg = DP_SA_ALG_COUNT;
	assert_int_equal(esp_sa_init(&sa), -1);
	fx_sa(&sa, 0xe00, DP_SA_AES_CBC_128_SHA256, ESP_MODE_TUNNEL, false);
	pkt_init(&p, buf, sizeof(buf), 23); /* 24 needed for header and IV */
	assert_int_equal(esp_seal(fx_ctx, &sa, &p, IP4_PROTO_IPIP), DROP_NO_ROOM);
	pkt_init(&p, buf, sizeof(buf), 24);
	pkt_put(&p, 7); /* 7 + 7 padding + 2 + 16 = 32 needed, 33 left */
	assert_int_equal(esp_seal(fx_ctx, &sa, &p, IP4_PROTO_IPIP), DROP_NONE);
	pkt_init(&p, buf, sizeof(buf), 24);
	pkt_put(&p, 25); /* 25 + 3 + 2 + 16 = 46 needed, 15 left */
	assert_int_equal(esp_seal(fx_ctx, &sa, &p, IP4_PROTO_IPIP), DROP_NO_ROOM);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_gcm_vectors),
	    cmocka_unit_test(test_hmac_vectors),
	    cmocka_unit_test(test_gcm_layout),
	    cmocka_unit_test(test_cbc_layout),
	    cmocka_unit_test(test_seal_open_lengths),
	    cmocka_unit_test(test_output_input),
	    cmocka_unit_test(test_tamper),
	    cmocka_unit_test(test_window_edges),
	    cmocka_unit_test(test_window_far),
	    cmocka_unit_test(test_esn_wrap),
	    cmocka_unit_test(test_replay_infer),
	    cmocka_unit_test(test_truncated),
	    cmocka_unit_test(test_input_truncated),
	    cmocka_unit_test(test_padding),
	    cmocka_unit_test(test_input_drops),
	    cmocka_unit_test(test_udpencap),
	    cmocka_unit_test(test_udp_length),
	    cmocka_unit_test(test_seq_and_iv),
	    cmocka_unit_test(test_sa_and_room),
	};

	return cmocka_run_group_tests(tests, fx_esp_setup, fx_esp_teardown);
}
