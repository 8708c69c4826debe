/*
 * Cross-check of the IKEv2 encoder with Wireshark's dissector: an
 * IKE_SA_INIT exchange (SA with AES-CBC-256 / HMAC-SHA-256 / HMAC-SHA-256-128
 * / group 19, KE, Nonce, NAT detection, SIGNATURE_HASH_ALGORITHMS,
 * IKEV2_FRAGMENTATION_SUPPORTED, CERTREQ, Vendor ID), then a sealed IKE_AUTH
 * and a sealed fragment, as UDP 500 between 127.0.0.1 and 127.0.0.2 in a
 * pcap. tshark must flag nothing as malformed or worse than a note, and
 * must show the payloads. Skipped (exit 77) when tshark is not installed.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <openssl/rand.h>

#include "ike/ikev2_auth.h"
#include "ike/ikev2_dh.h"
#include "ike/ikev2_keys.h"
#include "ike/ikev2_natd.h"
#include "ike/ikev2_sk.h"

#define SPI_I	     0x1a2b3c4d5e6f7081
#define SPI_R	     0x9182736455463728
#define LINKTYPE_RAW 101 /* packets start with the IP header */

struct fx {
	char f_dir[64], f_pcap[96];
	FILE *f_out;
	struct sockaddr_in f_i, f_r; /* initiator 127.0.0.1:500, responder 127.0.0.2:500 */
};

static uint16_t csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static uint32_t csum_add(uint32_t sum, const uint8_t *p, size_t len)
{
	for (size_t i = 0; i < len; i++)
		sum += i & 1 ? p[i] : (uint32_t)p[i] << 8;
	return sum;
}

/* One IPv4/UDP packet carrying payload, with both checksums right. */
static void pcap_packet(struct fx *f, const struct sockaddr_in *src, const struct sockaddr_in *dst,
			const uint8_t *payload, size_t len)
{
	uint8_t hdr[28] = {0x45, 0, 0, 0, 0, 1, 0x40, 0, 64, IPPROTO_UDP};
	uint32_t rec[4] = {1700000000, 0, (uint32_t)(len + 28), (uint32_t)(len + 28)}, sum;
	uint8_t pseudo[4] = {0, IPPROTO_UDP, (uint8_t)((len + 8) >> 8), (uint8_t)(len + 8)};
	uint16_t c;

	hdr[2] = (uint8_t)((len + 28) >> 8), hdr[3] = (uint8_t)(len + 28);
	memcpy(hdr + 12, &src->sin_addr, 4);
	memcpy(hdr + 16, &dst->sin_addr, 4);
	c = csum_fold(csum_add(0, hdr, 20));
	hdr[10] = (uint8_t)(c >> 8), hdr[11] = (uint8_t)c;
	memcpy(hdr + 20, &src->sin_port, 2);
	memcpy(hdr + 22, &dst->sin_port, 2);
	hdr[24] = pseudo[2], hdr[25] = pseudo[3];
	sum = csum_add(csum_add(csum_add(0, hdr + 12, 8), pseudo, 4), hdr + 20, 8);
	c = csum_fold(csum_add(sum, payload, len));
	hdr[26] = (uint8_t)(c >> 8), hdr[27] = (uint8_t)c;
	assert_int_equal(fwrite(rec, sizeof(rec), 1, f->f_out), 1);
	assert_int_equal(fwrite(hdr, sizeof(hdr), 1, f->f_out), 1);
	assert_int_equal(fwrite(payload, len, 1, f->f_out), 1);
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	/* pcap file header: magic, version 2.4, zone, accuracy, snap length, link type */
	uint32_t head[6] = {0xa1b2c3d4, 0x00040002, 0, 0, 65535, LINKTYPE_RAW};

	strcpy(f->f_dir, "/tmp/ferry-ikev2-tshark-XXXXXX");
	if (!mkdtemp(f->f_dir))
		return -1;
	snprintf(f->f_pcap, sizeof(f->f_pcap), "%s/ike.pcap", f->f_dir);
	if (!(f->f_out = fopen(f->f_pcap, "wb")) || fwrite(head, sizeof(head), 1, f->f_out) != 1)
		return -1;
	f->f_i = (struct sockaddr_in){.sin_family = AF_INET, .sin_port = htons(IKEV2_UDP_PORT)};
	f->f_r = f->f_i;
	inet_pton(AF_INET, "127.0.0.1", &f->f_i.sin_addr);
	inet_pton(AF_INET, "127.0.0.2", &f->f_r.sin_addr);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	if (f->f_out)
		fclose(f->f_out);
	unlink(f->f_pcap);
	rmdir(f->f_dir);
	free(f);
	return 0;
}

static struct ikev2_pl *add(struct ikev2_msg *m, uint8_t type)
{
	struct ikev2_pl *pl = ikev2_pl_add(&m->m_pl, type);

	assert_non_null(pl);
	return pl;
}

static void add_notify(struct ikev2_msg *m, uint16_t type, const void *data, size_t len)
{
	struct ikev2_notify *no = &add(m, IKEV2_PL_NOTIFY)->pl_notify;

	no->no_type = type;
	assert_int_equal(ikev2_blob_set(&no->no_data, data, len), 0);
}

/* The proposal Ferry's IKE_SA_INIT offers here: AES-CBC-256, PRF-HMAC-SHA-256, HMAC-SHA-256-128, group 19. */
static void add_sa(struct ikev2_msg *m)
{
	static const struct ikev2_transform tr[] = {
	    {IKEV2_TRANS_ENCR, IKEV2_ENCR_AES_CBC, 256, false},
	    {IKEV2_TRANS_PRF, IKEV2_PRF_HMAC_SHA2_256, 0, false},
	    {IKEV2_TRANS_INTEG, IKEV2_INTEG_HMAC_SHA2_256_128, 0, false},
	    {IKEV2_TRANS_DH, IKEV2_DH_ECP_256, 0, false},
	};
	struct ikev2_sa *sa = &add(m, IKEV2_PL_SA)->pl_sa;
	struct ikev2_proposal *p = calloc(1, sizeof(*p));

	assert_non_null(p);
	assert_non_null(p->pr_tr = malloc(sizeof(tr)));
	memcpy(p->pr_tr, tr, sizeof(tr));
	p->pr_num = 1;
	p->pr_protocol = IKEV2_PROTO_IKE;
	p->pr_ntr = 4;
	sa->sa_prop = p;
	sa->sa_nprop = 1;
}

/* The payloads both IKE_SA_INIT messages carry; returns our nonce in *nonce. */
static void add_init_common(struct fx *f, struct ikev2_msg *m, struct ikev2_dh *dh, uint8_t *nonce,
			    const struct sockaddr_in *src, const struct sockaddr_in *dst)
{
	struct ikev2_pl *pl;
	struct ikev2_blob hashes = {0};
	uint8_t natd[IKEV2_NATD_LEN];

	add_sa(m);
	pl = add(m, IKEV2_PL_KE);
	pl->pl_ke.ke_group = IKEV2_DH_ECP_256;
	assert_int_equal(ikev2_dh_public(dh, &pl->pl_ke.ke_data), 0);
	assert_int_equal(RAND_bytes(nonce, 32), 1);
	assert_int_equal(ikev2_blob_set(&add(m, IKEV2_PL_NONCE)->pl_data, nonce, 32), 0);
	assert_int_equal(ikev2_natd_hash(m->m_spi_i, m->m_spi_r, (const struct sockaddr *)src, natd), 0);
	add_notify(m, IKEV2_N_NAT_DETECTION_SOURCE_IP, natd, sizeof(natd));
	assert_int_equal(ikev2_natd_hash(m->m_spi_i, m->m_spi_r, (const struct sockaddr *)dst, natd), 0);
	add_notify(m, IKEV2_N_NAT_DETECTION_DESTINATION_IP, natd, sizeof(natd));
	add_notify(m, IKEV2_N_IKEV2_FRAGMENTATION_SUPPORTED, NULL, 0);
	assert_int_equal(ikev2_sig_hash_list(&hashes), 0);
	add_notify(m, IKEV2_N_SIGNATURE_HASH_ALGORITHMS, hashes.bl_data, hashes.bl_len);
	ikev2_blob_free(&hashes);
}

static void send_msg(struct fx *f, struct ikev2_msg *m, const struct sockaddr_in *src, const struct sockaddr_in *dst)
{
	struct ikev2_blob out;
	struct ikev2_err err;

	assert_int_equal(ikev2_msg_encode(m, &out, &err), 0);
	pcap_packet(f, src, dst, out.bl_data, out.bl_len);
	ikev2_blob_free(&out);
	ikev2_msg_fini(m);
}

/* An IKE_AUTH request sealed with keys from the exchange (tshark cannot open it: it checks the framing). */
static void send_sealed(struct fx *f, const struct ikev2_ike_keys *k, uint8_t type, uint16_t frag)
{
	struct ikev2_msg m;
	struct ikev2_pl *inner = NULL, *pl;
	struct ikev2_blob plain, out;
	struct ikev2_err err;
	uint8_t first;

	pl = ikev2_pl_add(&inner, IKEV2_PL_IDI);
	pl->pl_id.id_type = IKEV2_ID_FQDN;
	assert_int_equal(ikev2_blob_set(&pl->pl_id.id_data, "spoke1.example", 14), 0);
	assert_int_equal(ikev2_chain_encode(inner, &plain, &first, &err), 0);
	ikev2_msg_init(&m, SPI_I, SPI_R, IKEV2_EXCH_IKE_AUTH, IKEV2_FLAG_INITIATOR, 1);
	pl = add(&m, type);
	pl->pl_sk = (struct ikev2_sk){.sk_next = first, .sk_frag_num = frag, .sk_frag_total = frag};
	assert_int_equal(ikev2_msg_seal(&k->ik_i2r, &m, plain.bl_data, plain.bl_len, &out, &err), 0);
	pcap_packet(f, &f->f_i, &f->f_r, out.bl_data, out.bl_len);
	ikev2_blob_free(&out);
	ikev2_blob_free(&plain);
	ikev2_pl_list_free(inner);
	ikev2_msg_fini(&m);
}

/* Keys as the initiator derives them after IKE_SA_INIT. */
static void derive(struct ikev2_dh *dh_i, struct ikev2_dh *dh_r, const uint8_t *ni, const uint8_t *nr,
		   struct ikev2_ike_keys *k)
{
	struct ikev2_suite suite;
	struct ikev2_blob ker = {0};
	struct ikev2_secret gir, skeyseed;
	struct ikev2_err err;

	assert_int_equal(
	    ikev2_suite_init(&suite, IKEV2_ENCR_AES_CBC, 256, IKEV2_PRF_HMAC_SHA2_256, IKEV2_INTEG_HMAC_SHA2_256_128),
	    0);
	assert_int_equal(ikev2_dh_public(dh_r, &ker), 0);
	assert_int_equal(ikev2_dh_shared(dh_i, ker.bl_data, ker.bl_len, &gir, &err), 0);
	assert_int_equal(ikev2_skeyseed(suite.su_prf, ikev2_chunk(ni, 32), ikev2_chunk(nr, 32), &gir, &skeyseed), 0);
	assert_int_equal(
	    ikev2_ike_keys_derive(k, &suite, &skeyseed, ikev2_chunk(ni, 32), ikev2_chunk(nr, 32), SPI_I, SPI_R), 0);
	ikev2_secret_free(&skeyseed);
	ikev2_secret_free(&gir);
	ikev2_blob_free(&ker);
}

static void write_exchange(struct fx *f)
{
	struct ikev2_dh *dh_i = ikev2_dh_new(IKEV2_DH_ECP_256), *dh_r = ikev2_dh_new(IKEV2_DH_ECP_256);
	uint8_t ni[32], nr[32], ca_hash[20] = {0xca};
	struct ikev2_ike_keys k;
	struct ikev2_msg m;
	struct ikev2_pl *pl;

	ikev2_msg_init(&m, SPI_I, 0, IKEV2_EXCH_IKE_SA_INIT, IKEV2_FLAG_INITIATOR, 0);
	add_init_common(f, &m, dh_i, ni, &f->f_i, &f->f_r);
	send_msg(f, &m, &f->f_i, &f->f_r);
	ikev2_msg_init(&m, SPI_I, SPI_R, IKEV2_EXCH_IKE_SA_INIT, IKEV2_FLAG_RESPONSE, 0);
	add_init_common(f, &m, dh_r, nr, &f->f_r, &f->f_i);
	pl = add(&m, IKEV2_PL_CERTREQ);
	pl->pl_cert.ce_encoding = IKEV2_CERT_X509_SIGNATURE;
	assert_int_equal(ikev2_blob_set(&pl->pl_cert.ce_data, ca_hash, sizeof(ca_hash)), 0);
	assert_int_equal(ikev2_blob_set(&add(&m, IKEV2_PL_VENDOR)->pl_data, "FERRY", 5), 0);
	send_msg(f, &m, &f->f_r, &f->f_i);
	derive(dh_i, dh_r, ni, nr, &k);
	send_sealed(f, &k, IKEV2_PL_SK, 0);
	send_sealed(f, &k, IKEV2_PL_SKF, 1);
	ikev2_ike_keys_free(&k);
	ikev2_dh_free(dh_i);
	ikev2_dh_free(dh_r);
	assert_int_equal(fclose(f->f_out), 0);
	f->f_out = NULL;
}

/* tshark's output for args on the capture (stderr dropped: it warns when run as root). */
static char *tshark(const struct fx *f, const char *args)
{
	char cmd[512], *text = NULL;
	size_t len = 0;
	FILE *p, *m = open_memstream(&text, &len);
	int ch;

	snprintf(cmd, sizeof(cmd), "tshark -n -r '%s' %s 2>/dev/null", f->f_pcap, args);
	p = popen(cmd, "r");
	assert_non_null(p);
	while ((ch = fgetc(p)) != EOF)
		fputc(ch, m);
	assert_int_equal(pclose(p), 0);
	fclose(m);
	return text;
}

static void test_tshark_decodes(void **state)
{
	static const char *const shown[] = {"IKE_SA_INIT",
					    "IKE_AUTH",
					    "Security Association",
					    "Key Exchange",
					    "Nonce",
					    "NAT_DETECTION_SOURCE_IP",
					    "NAT_DETECTION_DESTINATION_IP",
					    "IKEV2_FRAGMENTATION_SUPPORTED",
					    "SIGNATURE_HASH_ALGORITHMS",
					    "Certificate Request",
					    "Vendor ID",
					    "Encrypted and Authenticated",
					    "Encrypted and Authenticated Fragment",
					    "256-bit random ECP group",
					    "HMAC_SHA2_256_128",
					    "Key Length: 256"};
	struct fx *f = *state;
	char *flagged, *verbose, *summary;

	write_exchange(f);
	summary = tshark(f, "");
	flagged = tshark(f, "-Y '_ws.malformed || _ws.expert.severity >= 0x00600000'");
	verbose = tshark(f, "-V");
	assert_non_null(strstr(summary, "ISAKMP"));
	assert_int_equal(strlen(flagged), 0);
	for (size_t i = 0; i < sizeof(shown) / sizeof(shown[0]); i++)
		if (!strstr(verbose, shown[i]))
			fail_msg("tshark -V does not show \"%s\":\n%s", shown[i], verbose);
	free(summary);
	free(flagged);
	free(verbose);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_tshark_decodes, setup, teardown),
	};

	if (system("command -v tshark >/dev/null 2>&1") != 0) {
		printf("SKIP: tshark is not installed (Debian package tshark)\n");
		return 77; /* automake's "skipped" */
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
