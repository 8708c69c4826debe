/* Test fixtures of the userspace dataplane codecs (see us_fixture.h). */
#include "us_fixture.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "dataplane/userspace/csum.h"
#include "dataplane/userspace/ip4.h"
#include "dataplane/userspace/wire.h"

struct in_addr fx_addr(const char *dotted)
{
	struct in_addr a;

	if (inet_pton(AF_INET, dotted, &a) != 1)
		abort();
	return a;
}

void fx_pkt(struct pkt *p, uint8_t *buf, const uint8_t *data, size_t len)
{
	pkt_init(p, buf, FX_BUF, FX_HEADROOM);
	memcpy(pkt_put(p, len), data, len);
}

void fx_sa(struct esp_sa *sa, uint32_t spi, enum dp_sa_alg alg, enum esp_mode mode, bool udp)
{
	const struct esp_alg_info *ai = esp_alg_info(alg);

	memset(sa, 0, sizeof(*sa));
	sa->sa_spi = spi;
	sa->sa_alg = alg;
	sa->sa_mode = mode;
	sa->sa_keylen = (uint8_t)(ai->ai_keylen + ai->ai_saltlen);
	sa->sa_auth_keylen = ai->ai_authkeylen;
	for (size_t i = 0; i < DP_KEY_MAX; i++)
		sa->sa_key[i] = (uint8_t)(spi * 7 + i);
	for (size_t i = 0; i < DP_AUTH_KEY_MAX; i++)
		sa->sa_auth_key[i] = (uint8_t)(spi * 13 + 0x80 + i);
	sa->sa_src = fx_addr(FX_SPOKE);
	sa->sa_dst = fx_addr(FX_HUB);
	sa->sa_encap_sport = udp ? UDPENCAP_PORT : 0;
	sa->sa_encap_dport = udp ? UDPENCAP_PORT : 0;
	if (esp_sa_init(sa) < 0)
		abort();
}

void fx_corpus_sa(struct esp_sa *sa, size_t i)
{
	static const enum dp_sa_alg algs[FX_CORPUS_SAS] = {DP_SA_AES_GCM_128, DP_SA_AES_GCM_256,
							   DP_SA_AES_CBC_128_SHA256, DP_SA_AES_CBC_256_SHA256};

	fx_sa(sa, 0x1001 + (uint32_t)i, algs[i], i % 2 ? ESP_MODE_TUNNEL : ESP_MODE_TRANSPORT, i % 2 == 0);
}

void fx_ip4(struct pkt *p, uint8_t proto, const char *src, const char *dst)
{
	struct ip4_fields f = {
	    .if_src = fx_addr(src), .if_dst = fx_addr(dst), .if_proto = proto, .if_ttl = 64, .if_frag = IP4_DF};
	uint8_t *h = pkt_push(p, IP4_HDR_LEN);

	if (!h)
		abort();
	ip4_write(h, &f, (uint16_t)p->pkt_len);
}

void fx_echo(struct pkt *p, const char *src, const char *dst, uint8_t ttl, size_t datalen)
{
	uint8_t *icmp = pkt_put(p, 8 + datalen);

	if (!icmp)
		abort();
	icmp[0] = 8; /* echo request */
	icmp[1] = 0;
	wire_put16(icmp + 2, 0);
	wire_put16(icmp + 4, 0x4242); /* identifier */
	wire_put16(icmp + 6, 1);      /* sequence */
	for (size_t i = 0; i < datalen; i++)
		icmp[8 + i] = (uint8_t)i;
	wire_put16(icmp + 2, inet_csum(icmp, 8 + datalen));
	fx_ip4(p, IP4_PROTO_ICMP, src, dst);
	p->pkt_data[IP4_OFF_TTL] = ttl;
	wire_put16(p->pkt_data + IP4_OFF_CSUM, 0);
	wire_put16(p->pkt_data + IP4_OFF_CSUM, inet_csum(p->pkt_data, IP4_HDR_LEN));
}

void fx_gre_mpls(struct pkt *p, const uint32_t *labels, size_t n, const struct gre_info *gi)
{
	struct lse stack[8];

	if (n > 8)
		abort();
	for (size_t i = 0; i < n; i++)
		stack[i] = (struct lse){.lse_label = labels[i], .lse_bos = i + 1 == n, .lse_ttl = 64};
	if (lse_push_stack(p, stack, n) != DROP_NONE || gre_encap(p, gi) != DROP_NONE)
		abort();
	fx_ip4(p, IP4_PROTO_GRE, FX_SPOKE, FX_HUB);
}

struct esp_sa *fx_lookup(void *arg, uint32_t spi)
{
	struct fx_sadb *db = arg;

	for (size_t i = 0; i < db->db_n; i++) {
		if (db->db_sa[i].sa_spi == spi)
			return &db->db_sa[i];
	}
	return NULL;
}

struct esp_ctx *fx_ctx;

int fx_esp_setup(void **state)
{
	(void)state;
	fx_ctx = esp_ctx_new();
	return fx_ctx ? 0 : -1;
}

int fx_esp_teardown(void **state)
{
	(void)state;
	esp_ctx_free(fx_ctx);
	fx_ctx = NULL;
	return 0;
}
