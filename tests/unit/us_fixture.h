/*
 * Test fixtures of the userspace dataplane codecs, shared by the unit
 * tests, the tshark capture generator, the fuzz harnesses and the ESP
 * benchmark: deterministic SAs and the packets the dataplane carries
 * (ICMP echo in IPv4, labelled and GRE-encapsulated).
 */
#ifndef FERRY_TESTS_US_FIXTURE_H
#define FERRY_TESTS_US_FIXTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dataplane/userspace/esp.h"
#include "dataplane/userspace/gre.h"
#include "dataplane/userspace/mpls_label.h"

#define FX_BUF	    4096
#define FX_HEADROOM 256

#define FX_CE1	  "10.1.1.1" /* the customer hosts */
#define FX_CE2	  "10.2.2.2"
#define FX_SPOKE  "192.0.2.1" /* the routers' underlay (NBMA) addresses */
#define FX_HUB	  "198.51.100.2"
#define FX_ROUTER "192.0.2.254"

/* An IPv4 address in network order from dotted text (the fixtures' constants only). */
struct in_addr fx_addr(const char *dotted);
/* p: an empty packet in buf (FX_BUF bytes) with FX_HEADROOM, holding a copy of data. */
void fx_pkt(struct pkt *p, uint8_t *buf, const uint8_t *data, size_t len);
/* An initialized SA with keys derived from spi; udp: encapsulated between ports 4500. */
void fx_sa(struct esp_sa *sa, uint32_t spi, enum dp_sa_alg alg, enum esp_mode mode, bool udp);
/* Appends an ICMP echo request from src to dst with datalen bytes of data, as an IPv4 packet. */
void fx_echo(struct pkt *p, const char *src, const char *dst, uint8_t ttl, size_t datalen);
/* Prepends an IPv4 header (TTL 64, DF) for p's payload. */
void fx_ip4(struct pkt *p, uint8_t proto, const char *src, const char *dst);
/* Labels (n entries, stack[0] outermost, bottom on the last), GRE with gi, IPv4 from the spoke to the hub. */
void fx_gre_mpls(struct pkt *p, const uint32_t *labels, size_t n, const struct gre_info *gi);
/*
 * The SAs of the capture and of the fuzz corpus (SPI 0x1001 + i): AES-GCM-128
 * transport in UDP, AES-GCM-256 tunnel, AES-CBC-128 transport in UDP,
 * AES-CBC-256 tunnel, all with HMAC-SHA-256-128 for CBC.
 */
#define FX_CORPUS_SAS 4
void fx_corpus_sa(struct esp_sa *sa, size_t i);
/* The SA-lookup for esp_input over an array of SAs (arg: struct fx_sadb). */
struct fx_sadb {
	struct esp_sa *db_sa;
	size_t db_n;
};
struct esp_sa *fx_lookup(void *arg, uint32_t spi);
/* A cmocka group's ESP context: fx_esp_setup and fx_esp_teardown as the group's fixtures. */
extern struct esp_ctx *fx_ctx;
int fx_esp_setup(void **state);
int fx_esp_teardown(void **state);

#endif
