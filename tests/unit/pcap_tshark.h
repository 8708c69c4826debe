/*
 * Packets to a pcap file, and tshark's verdict on it: the one way the unit
 * tests hand what Ferry writes to Wireshark's dissectors (NHRP, IKE, the
 * userspace dataplane's codecs). No cmocka here: us_pcapgen, a plain
 * program, writes its capture with it too.
 */
#ifndef FERRY_TESTS_PCAP_TSHARK_H
#define FERRY_TESTS_PCAP_TSHARK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define PCAP_LINK_ETHERNET 1   /* LINKTYPE_ETHERNET: each packet starts with its Ethernet header */
#define PCAP_LINK_RAW	   101 /* LINKTYPE_RAW: each packet starts with its IPv4 header */

/* A new capture at path of the link type, its file header written; NULL with errno. */
FILE *pcap_create(const char *path, uint32_t linktype);
/* Appends one packet of len bytes (at most 65535); 0, or -1 with errno. */
int pcap_add(FILE *f, const uint8_t *pkt, size_t len);

/* The IPv4 header (and UDP header when ip_proto is UDP) pcap_add_ip4 puts before a payload. */
struct pcap_ip4 {
	const char *ip_src, *ip_dst; /* dotted quads */
	uint8_t ip_proto;
	uint16_t ip_sport, ip_dport; /* UDP only */
};

/* Appends payload behind the headers of ip, checksums computed (a PCAP_LINK_RAW capture); 0, or -1 with errno. */
int pcap_add_ip4(FILE *f, const struct pcap_ip4 *ip, const uint8_t *payload, size_t len);

/* One test's capture: ps_path (a.pcap) in a directory of its own under /tmp. */
struct pcap_scratch {
	char ps_dir[32];
	char ps_path[64];
};

/* Makes the directory and creates the capture in it; NULL with errno (nothing left behind). */
FILE *pcap_scratch_create(struct pcap_scratch *s, uint32_t linktype);
/* Removes the capture and its directory. */
void pcap_scratch_remove(const struct pcap_scratch *s);

/* Whether tshark is installed (the tests that need it skip without it). */
bool tshark_present(void);
/* tshark -n -r pcap ARGS: its standard output (malloc'd); NULL when it could not run or failed. */
char *tshark_output(const char *pcap, const char *args);

/* What tshark makes of a capture. */
struct tshark_verdict {
	char *tv_flagged; /* -V of each packet malformed or with a warning or worse: "" when none */
	char *tv_output;  /* the output of the caller's arguments */
};

/* Runs both; 0, or -1 (nothing to free) when tshark could not run or failed. */
int tshark_verdict(const char *pcap, const char *args, struct tshark_verdict *v);
void tshark_verdict_free(struct tshark_verdict *v);

#endif
