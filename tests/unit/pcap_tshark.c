/* Packets to a pcap file, and tshark's verdict on it (pcap_tshark.h). */
#include "pcap_tshark.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dataplane/userspace/csum.h"

#define PCAP_MAGIC   0xa1b2c3d4u /* microsecond timestamps, in the writer's byte order */
#define PCAP_SNAPLEN 65535u
#define IP4_HDRLEN   20
#define UDP_HDRLEN   8

/* Each packet seen malformed or with an expert info of warning severity or worse (a wrong checksum is one). */
#define TSHARK_FLAGGED                                                                                                 \
	"-o ip.check_checksum:TRUE -o udp.check_checksum:TRUE -V -Y '_ws.malformed || _ws.expert.severity >= warning'"

static int pcap_write_words(FILE *f, const uint32_t *words, size_t n)
{
	return fwrite(words, sizeof(*words), n, f) == n ? 0 : -1;
}

FILE *pcap_create(const char *path, uint32_t linktype)
{
	/* magic, version 2.4, GMT offset and accuracy 0, snapshot length, link type */
	const uint32_t hdr[] = {PCAP_MAGIC, 2u | 4u << 16, 0, 0, PCAP_SNAPLEN, linktype};
	FILE *f = fopen(path, "wb");

	if (f && pcap_write_words(f, hdr, sizeof(hdr) / sizeof(hdr[0])) < 0) {
		fclose(f);
		unlink(path);
		errno = EIO;
		return NULL;
	}
	return f;
}

int pcap_add(FILE *f, const uint8_t *pkt, size_t len)
{
	/* timestamp (seconds, microseconds), bytes captured, bytes on the wire */
	const uint32_t rec[] = {0, 0, (uint32_t)len, (uint32_t)len};

	if (len > PCAP_SNAPLEN) {
		errno = EMSGSIZE;
		return -1;
	}
	if (pcap_write_words(f, rec, sizeof(rec) / sizeof(rec[0])) < 0 || fwrite(pkt, 1, len, f) != len) {
		errno = EIO;
		return -1;
	}
	return 0;
}

static void put16(uint8_t *at, uint16_t v)
{
	at[0] = (uint8_t)(v >> 8);
	at[1] = (uint8_t)v;
}

/* A UDP header at udp for payload (already behind it); its checksum covers the pseudo-header of ip4. */
static void pcap_udp(uint8_t *udp, const uint8_t *ip4, const struct pcap_ip4 *ip, size_t len)
{
	uint8_t pseudo[4] = {0, IPPROTO_UDP};
	uint16_t csum;

	put16(udp, ip->ip_sport);
	put16(udp + 2, ip->ip_dport);
	put16(udp + 4, (uint16_t)(UDP_HDRLEN + len));
	put16(udp + 6, 0); /* the checksum covers its own field as 0 */
	put16(pseudo + 2, (uint16_t)(UDP_HDRLEN + len));
	csum = inet_csum_fold(
	    inet_csum_add(inet_csum_add(inet_csum_add(0, ip4 + 12, 8), pseudo, 4), udp, UDP_HDRLEN + len));
	put16(udp + 6, csum ? csum : 0xffff); /* 0 would say "no checksum" (RFC 768) */
}

/* The IPv4 header at ip4 for total bytes; -1 (EINVAL) when an address is no dotted quad. */
static int pcap_ip4_header(uint8_t *ip4, const struct pcap_ip4 *ip, size_t total)
{
	memset(ip4, 0, IP4_HDRLEN);
	ip4[0] = 0x45; /* version 4, 5 words */
	put16(ip4 + 2, (uint16_t)total);
	ip4[8] = 64; /* TTL */
	ip4[9] = ip->ip_proto;
	if (inet_pton(AF_INET, ip->ip_src, ip4 + 12) != 1 || inet_pton(AF_INET, ip->ip_dst, ip4 + 16) != 1) {
		errno = EINVAL;
		return -1;
	}
	put16(ip4 + 10, inet_csum(ip4, IP4_HDRLEN));
	return 0;
}

int pcap_add_ip4(FILE *f, const struct pcap_ip4 *ip, const uint8_t *payload, size_t len)
{
	size_t hdrs = IP4_HDRLEN + (ip->ip_proto == IPPROTO_UDP ? UDP_HDRLEN : 0);
	uint8_t *buf;
	int rc;

	if (len > PCAP_SNAPLEN - hdrs) {
		errno = EMSGSIZE;
		return -1;
	}
	if (!(buf = malloc(hdrs + len)))
		return -1;
	memcpy(buf + hdrs, payload, len);
	rc = pcap_ip4_header(buf, ip, hdrs + len);
	if (rc == 0 && ip->ip_proto == IPPROTO_UDP)
		pcap_udp(buf + IP4_HDRLEN, buf, ip, len);
	if (rc == 0)
		rc = pcap_add(f, buf, hdrs + len);
	free(buf);
	return rc;
}

FILE *pcap_scratch_create(struct pcap_scratch *s, uint32_t linktype)
{
	FILE *f;

	snprintf(s->ps_dir, sizeof(s->ps_dir), "/tmp/ferry-pcap-XXXXXX");
	if (!mkdtemp(s->ps_dir))
		return NULL;
	snprintf(s->ps_path, sizeof(s->ps_path), "%s/a.pcap", s->ps_dir);
	if (!(f = pcap_create(s->ps_path, linktype)))
		rmdir(s->ps_dir);
	return f;
}

void pcap_scratch_remove(const struct pcap_scratch *s)
{
	unlink(s->ps_path);
	rmdir(s->ps_dir);
}

bool tshark_present(void)
{
	return system("command -v tshark >/dev/null 2>&1") == 0;
}

/* All of p's output, NUL-terminated (malloc'd); NULL when out of memory. */
static char *read_all(FILE *p)
{
	size_t len = 0, cap = 4096, n;
	char *text = malloc(cap), *bigger;

	while (text && (n = fread(text + len, 1, cap - len - 1, p)) > 0) {
		len += n;
		if (cap - len > 1)
			continue;
		if (!(bigger = realloc(text, cap * 2)))
			free(text);
		text = bigger;
		cap *= 2;
	}
	if (text)
		text[len] = '\0';
	return text;
}

char *tshark_output(const char *pcap, const char *args)
{
	char cmd[1024];
	char *text;
	FILE *p;

	/* stderr dropped: tshark warns when run as root */
	if (snprintf(cmd, sizeof(cmd), "tshark -n -r '%s' %s 2>/dev/null", pcap, args) >= (int)sizeof(cmd))
		return NULL;
	if (!(p = popen(cmd, "r")))
		return NULL;
	text = read_all(p);
	if (pclose(p) != 0) {
		free(text);
		return NULL;
	}
	return text;
}

int tshark_verdict(const char *pcap, const char *args, struct tshark_verdict *v)
{
	v->tv_flagged = tshark_output(pcap, TSHARK_FLAGGED);
	v->tv_output = v->tv_flagged ? tshark_output(pcap, args) : NULL;
	if (!v->tv_output) {
		tshark_verdict_free(v);
		return -1;
	}
	return 0;
}

void tshark_verdict_free(struct tshark_verdict *v)
{
	free(v->tv_flagged);
	free(v->tv_output);
	v->tv_flagged = v->tv_output = NULL;
}
