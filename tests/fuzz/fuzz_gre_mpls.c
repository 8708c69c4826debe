/*
 * libFuzzer harness: the input is an IPv4 packet taken the way the userspace
 * dataplane takes GRE: outer IPv4 validation, GRE decapsulation, for MPLS
 * the label stack (parse, TTL, swap, pop to the bottom), then the inner IPv4
 * header (validation, TTL) and the ICMP time exceeded owed when it expires.
 * The packet sits at the end of its buffer so ASan catches reads past it.
 * It aborts when an invariant breaks: GRE re-encapsulated with what was
 * decoded decodes the same; a decremented header still sums to 0; an ICMP
 * error built is a valid IPv4 packet with a correct ICMP checksum.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dataplane/userspace/csum.h"
#include "dataplane/userspace/icmp4.h"
#include "dataplane/userspace/ip4.h"
#include "tests/unit/us_fixture.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(bool ok)
{
	if (!ok)
		abort();
}

/* Answers an expired packet (len bytes of IPv4) with an ICMP time exceeded and checks what was built. */
static void time_exceeded(const uint8_t *ip, size_t len)
{
	uint8_t out[IP4_HDR_LEN + ICMP4_HDR_LEN + IP4_HDR_MAX + ICMP4_QUOTE];
	struct pkt reply;
	size_t hlen;

	pkt_init(&reply, out, sizeof(out), 0);
	if (icmp4_error(&reply, ip, len, ICMP4_TIME_EXCEEDED, fx_addr(FX_ROUTER), 0) != DROP_NONE)
		return;
	check(ip4_validate(reply.pkt_data, reply.pkt_len, &hlen) == DROP_NONE);
	check(inet_csum(reply.pkt_data + hlen, reply.pkt_len - hlen) == 0);
}

static void inner_ip4(struct pkt *p)
{
	size_t hlen;

	if (ip4_validate(p->pkt_data, p->pkt_len, &hlen) != DROP_NONE)
		return;
	if (ip4_ttl_decrement(p->pkt_data) == DROP_IP4_TTL_EXPIRED)
		time_exceeded(p->pkt_data, p->pkt_len);
	else
		check(inet_csum(p->pkt_data, hlen) == 0);
}

static void labels(struct pkt *p)
{
	struct lse stack[8], top;
	size_t depth;

	if (lse_parse(p->pkt_data, p->pkt_len, stack, 8, &depth) != DROP_NONE)
		return;
	if (lse_ttl_decrement(p) == DROP_NONE)
		check(lse_swap(p, LSE_LABEL_FIRST_FREE) == DROP_NONE);
	for (size_t i = 0; i < depth; i++)
		check(lse_pop(p, &top) == DROP_NONE && top.lse_bos == (i + 1 == depth));
	inner_ip4(p);
}

/* Puts the GRE header back from what was decoded: it must decode the same. */
static void gre_again(struct pkt *p, const struct gre_info *gi)
{
	struct gre_info again;
	size_t len = p->pkt_len;

	check(gre_encap(p, gi) == DROP_NONE);
	check(gre_decap(p, &again) == DROP_NONE && p->pkt_len == len);
	check(again.gi_proto == gi->gi_proto && again.gi_has_csum == gi->gi_has_csum &&
	      again.gi_has_key == gi->gi_has_key && again.gi_key == gi->gi_key && again.gi_has_seq == gi->gi_has_seq &&
	      again.gi_seq == gi->gi_seq);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *buf = malloc(FX_HEADROOM + size);
	struct gre_info gi;
	struct pkt p;
	size_t hlen;

	if (!buf)
		abort();
	pkt_init(&p, buf, FX_HEADROOM + size, FX_HEADROOM);
	memcpy(pkt_put(&p, size), data, size);
	if (ip4_validate(p.pkt_data, p.pkt_len, &hlen) == DROP_NONE && p.pkt_data[IP4_OFF_PROTO] == IP4_PROTO_GRE) {
		time_exceeded(p.pkt_data, p.pkt_len);
		pkt_trim(&p, p.pkt_len - ip4_total_len(p.pkt_data));
		pkt_pull(&p, hlen);
		if (gre_decap(&p, &gi) == DROP_NONE) {
			gre_again(&p, &gi);
			if (gi.gi_proto == GRE_PROTO_MPLS)
				labels(&p);
			else if (gi.gi_proto == GRE_PROTO_IPV4)
				inner_ip4(&p);
		}
	}
	free(buf);
	return 0;
}
