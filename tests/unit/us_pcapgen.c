/*
 * Writes what the userspace dataplane codecs put on the wire, for tools
 * that read them independently:
 *   us_pcapgen capture DIR   DIR/us.pcap: a capture of Ethernet frames
 *                            (ESP in both modes, raw and in UDP, with every
 *                            algorithm, over GRE, MPLS and ICMP; a NAT
 *                            keepalive; plain GRE with a label stack) and
 *                            DIR/esp_sa: tshark's esp_sa records for the SAs
 *   us_pcapgen corpus DIR    DIR/esp: fuzz_esp's seeds (fx_corpus_sas SAs)
 *                            DIR/gre_mpls: fuzz_gre_mpls's seeds
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "dataplane/userspace/icmp4.h"
#include "dataplane/userspace/ip4.h"
#include "pcap_tshark.h"
#include "us_fixture.h"

/* The capture's frames: how each is protected. */
struct frame {
	int fr_sa; /* fx_corpus_sa's index; -1: not ESP */
	void (*fr_build)(struct pkt *p);
};

/* ICMP echo, label 1234, GRE with key 100: the feature's underlay packet. */
static void build_labelled(struct pkt *p)
{
	static const uint32_t labels[] = {1234};
	struct gre_info gi = {.gi_proto = GRE_PROTO_MPLS, .gi_has_key = true, .gi_key = 100};

	fx_echo(p, FX_CE1, FX_CE2, 64, 56);
	fx_gre_mpls(p, labels, 1, &gi);
}

/* Two labels in GRE with checksum, key and sequence number. */
static void build_two_labels(struct pkt *p)
{
	static const uint32_t labels[] = {17, 1234};
	struct gre_info gi = {
	    .gi_proto = GRE_PROTO_MPLS, .gi_has_csum = true, .gi_has_key = true, .gi_key = 7, .gi_has_seq = true};

	fx_echo(p, FX_CE1, FX_CE2, 64, 56);
	fx_gre_mpls(p, labels, 2, &gi);
}

/* Appends the ICMP error kind about an echo whose TTL ran out. */
static void icmp_about_echo(struct pkt *p, enum icmp4_error kind)
{
	uint8_t buf[FX_BUF];
	struct pkt echo;

	pkt_init(&echo, buf, sizeof(buf), FX_HEADROOM);
	fx_echo(&echo, FX_CE1, FX_CE2, 1, 1400);
	if (icmp4_error(p, echo.pkt_data, echo.pkt_len, kind, fx_addr(FX_ROUTER), 1400) != DROP_NONE)
		abort();
}

/* An ICMP time exceeded, as IPv4 in GRE. */
static void build_time_exceeded(struct pkt *p)
{
	icmp_about_echo(p, ICMP4_TIME_EXCEEDED);
	if (gre_encap(p, &(struct gre_info){.gi_proto = GRE_PROTO_IPV4}) != DROP_NONE)
		abort();
	fx_ip4(p, IP4_PROTO_GRE, FX_SPOKE, FX_HUB);
}

/* An ICMP fragmentation needed under three labels, in GRE, not encrypted. */
static void build_frag_needed(struct pkt *p)
{
	static const uint32_t labels[] = {16, 17, 1048575};

	icmp_about_echo(p, ICMP4_FRAG_NEEDED);
	fx_gre_mpls(p, labels, 3, &(struct gre_info){.gi_proto = GRE_PROTO_MPLS});
}

static void build_keepalive(struct pkt *p)
{
	*pkt_put(p, 1) = 0xff;
	if (udpencap_wrap(p, UDPENCAP_PORT, UDPENCAP_PORT) != DROP_NONE)
		abort();
	fx_ip4(p, IP4_PROTO_UDP, FX_SPOKE, FX_HUB);
}

static const struct frame frames[] = {
    {0, build_labelled},      {1, build_labelled},   {2, build_two_labels},
    {3, build_time_exceeded}, {-1, build_keepalive}, {-1, build_frag_needed},
};
#define N_FRAMES (sizeof(frames) / sizeof(frames[0]))

/* Builds frame i, protected by its SA (sa: set up here) when it has one. */
static void build(size_t i, struct esp_ctx *ctx, struct esp_sa *sa, struct pkt *p, uint8_t *buf)
{
	const struct frame *f = &frames[i];

	pkt_init(p, buf, FX_BUF, FX_HEADROOM);
	f->fr_build(p);
	if (f->fr_sa < 0)
		return;
	fx_corpus_sa(sa, (size_t)f->fr_sa);
	if (esp_output(ctx, sa, p) != DROP_NONE)
		abort();
}

static FILE *open_in(const char *dir, const char *name, const char *mode)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, mode);
	if (!f) {
		perror(path);
		exit(1);
	}
	return f;
}

static void hex(FILE *f, const uint8_t *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%02x", b[i]);
}

/* One esp_sa record: protocol, source, destination, SPI, encryption, key, authentication, key. */
static void write_uat(FILE *f, const struct esp_sa *sa)
{
	bool gcm = sa->sa_info->ai_authkeylen == 0;

	fprintf(f, "\"IPv4\",\"%s\",\"%s\",\"0x%08x\",\"%s\",\"0x", FX_SPOKE, FX_HUB, sa->sa_spi,
		gcm ? "AES-GCM with 16 octet ICV [RFC4106]" : "AES-CBC [RFC3602]");
	hex(f, sa->sa_key, sa->sa_keylen);
	fprintf(f, "\",\"%s\",\"", gcm ? "NULL" : "HMAC-SHA-256-128 [RFC4868]");
	if (!gcm) {
		fputs("0x", f);
		hex(f, sa->sa_auth_key, sa->sa_auth_keylen);
	}
	fputs("\"\n", f);
}

/* Frame p behind an Ethernet header (in its headroom), in the capture f. */
static void write_frame(FILE *f, struct pkt *p)
{
	static const uint8_t eth[] = {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x08, 0x00};
	uint8_t *hdr = pkt_push(p, sizeof(eth));

	if (!hdr) {
		fprintf(stderr, "us_pcapgen: no headroom for the Ethernet header\n");
		exit(1);
	}
	memcpy(hdr, eth, sizeof(eth));
	if (pcap_add(f, p->pkt_data, p->pkt_len) < 0) {
		perror("us.pcap");
		exit(1);
	}
}

static void capture(struct esp_ctx *ctx, const char *dir)
{
	FILE *uat = open_in(dir, "esp_sa", "w"), *pcap;
	uint8_t buf[FX_BUF];
	struct esp_sa sa;
	struct pkt p;
	char path[4096];

	snprintf(path, sizeof(path), "%s/us.pcap", dir);
	if (!(pcap = pcap_create(path, PCAP_LINK_ETHERNET))) {
		perror(path);
		exit(1);
	}
	for (size_t i = 0; i < N_FRAMES; i++) {
		build(i, ctx, &sa, &p, buf);
		write_frame(pcap, &p);
		if (frames[i].fr_sa >= 0)
			write_uat(uat, &sa);
	}
	if (fclose(pcap) != 0)
		perror(path);
	fclose(uat);
}

static void write_seed(const char *dir, const char *sub, size_t i, const struct pkt *p)
{
	char name[64];
	FILE *f;

	snprintf(name, sizeof(name), "%s/seed-%zu", sub, i);
	f = open_in(dir, name, "wb");
	fwrite(p->pkt_data, 1, p->pkt_len, f);
	fclose(f);
}

/* Seeds: the ESP frames for fuzz_esp; every frame before protection for fuzz_gre_mpls. */
static void corpus(struct esp_ctx *ctx, const char *dir)
{
	uint8_t buf[FX_BUF];
	struct esp_sa sa;
	struct pkt p;
	char sub[4096];

	for (const char *const *s = (const char *const[]){"esp", "gre_mpls", NULL}; *s; s++) {
		snprintf(sub, sizeof(sub), "%s/%s", dir, *s);
		if (mkdir(sub, 0755) < 0 && errno != EEXIST)
			perror(sub);
	}
	for (size_t i = 0; i < N_FRAMES; i++) {
		if (frames[i].fr_sa >= 0) {
			build(i, ctx, &sa, &p, buf);
			write_seed(dir, "esp", i, &p);
		}
		pkt_init(&p, buf, FX_BUF, FX_HEADROOM);
		frames[i].fr_build(&p);
		write_seed(dir, "gre_mpls", i, &p);
	}
}

int main(int argc, char **argv)
{
	struct esp_ctx *ctx = esp_ctx_new();

	if (argc != 3 || !ctx || (strcmp(argv[1], "capture") && strcmp(argv[1], "corpus"))) {
		fprintf(stderr, "usage: us_pcapgen capture|corpus DIR\n");
		return 2;
	}
	if (!strcmp(argv[1], "capture"))
		capture(ctx, argv[2]);
	else
		corpus(ctx, argv[2]);
	esp_ctx_free(ctx);
	return 0;
}
