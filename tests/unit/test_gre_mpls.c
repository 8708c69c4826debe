/*
 * GRE, MPLS label stack, IPv4 and ICMP codecs of the userspace dataplane,
 * against hand-checked bytes: RFC 1071's checksum example, RFC 1624's
 * incremental update example, GRE with and without key, checksum and
 * sequence number, label stacks of 1 to 3 entries, TTL expiry, ICMP errors.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "dataplane/userspace/csum.h"
#include "dataplane/userspace/icmp4.h"
#include "dataplane/userspace/ip4.h"
#include "dataplane/userspace/wire.h"
#include "us_fixture.h"

/* RFC 1071 3: the words 0001 f203 f4f5 f6f7 sum to ddf2, so the checksum is 220d. */
static void test_rfc1071(void **state)
{
	static const uint8_t words[] = {0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7};

	assert_int_equal(inet_csum_add(0, words, sizeof(words)), 0xddf2);
	assert_int_equal(inet_csum(words, sizeof(words)), 0x220d);
	/* An odd length pads with a zero byte: 0001 f2(00). */
	assert_int_equal(inet_csum(words, 3), (uint16_t) ~(0x0001 + 0xf200));
}

/* The textbook header 192.168.0.1 -> 192.168.0.199, UDP, 115 bytes: checksum b861. */
static const uint8_t hdr_b861[] = {0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11,
				   0xb8, 0x61, 0xc0, 0xa8, 0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7};

static void test_ip4_checksum(void **state)
{
	uint8_t h[20];
	size_t hlen;

	memcpy(h, hdr_b861, 20);
	wire_put16(h + IP4_OFF_CSUM, 0);
	assert_int_equal(inet_csum(h, 20), 0xb861);
	assert_int_equal(inet_csum(hdr_b861, 20), 0);
	/* RFC 1624 4: HC 0xdd2f, m 0x5555 -> 0x3285 gives 0x0000 (eqn. 2 would give 0xffff). */
	assert_int_equal(inet_csum_update16(0xdd2f, 0x5555, 0x3285), 0x0000);
	uint8_t pkt[0x73] = {0};
	memcpy(pkt, hdr_b861, 20);
	assert_int_equal(ip4_validate(pkt, sizeof(pkt), &hlen), DROP_NONE);
	assert_int_equal(hlen, 20);
}

static void test_ip4_validate_drops(void **state)
{
	static const struct {
		size_t off;
		uint8_t val;
		size_t len;
		enum us_drop why;
	} bad[] = {
	    {0, 0x65, 0x73, DROP_IP4_VERSION},
	    {0, 0x44, 0x73, DROP_IP4_HEADER_LEN},
	    {0, 0x4f, 40, DROP_IP4_TRUNCATED},
	    {3, 0x13, 0x73, DROP_IP4_TOTAL_LEN},
	    {3, 0x74, 0x73, DROP_IP4_TOTAL_LEN},
	    {2, 0x01, 0x73, DROP_IP4_TOTAL_LEN},
	    {IP4_OFF_CSUM, 0xb9, 0x73, DROP_IP4_CHECKSUM},
	};
	uint8_t pkt[0x73] = {0};
	size_t hlen;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memcpy(pkt, hdr_b861, 20);
		pkt[bad[i].off] = bad[i].val;
		assert_int_equal(ip4_validate(pkt, bad[i].len, &hlen), bad[i].why);
	}
	for (size_t len = 0; len < 20; len++)
		assert_int_equal(ip4_validate(hdr_b861, len, &hlen), DROP_IP4_TRUNCATED);
}

static void test_ip4_ttl(void **state)
{
	uint8_t h[20];

	memcpy(h, hdr_b861, 20);
	assert_int_equal(ip4_ttl_decrement(h), DROP_NONE);
	assert_int_equal(h[IP4_OFF_TTL], 0x3f);
	assert_int_equal(wire_get16(h + IP4_OFF_CSUM), 0xb961); /* the TTL is the high byte of its word */
	assert_int_equal(inet_csum(h, 20), 0);
	for (uint8_t ttl = 0; ttl <= 1; ttl++) {
		h[IP4_OFF_TTL] = ttl;
		assert_int_equal(ip4_ttl_decrement(h), DROP_IP4_TTL_EXPIRED);
		assert_int_equal(h[IP4_OFF_TTL], ttl);
	}
}

/* A UDP datagram 10.1.1.1 -> 10.2.2.2 with 12 bytes of data, as the offending packet. */
static size_t offender(uint8_t *buf, uint8_t proto, uint16_t frag, const char *src)
{
	struct ip4_fields f = {.if_src = fx_addr(src), .if_dst = fx_addr(FX_CE2), .if_proto = proto, .if_ttl = 1};

	f.if_frag = frag;
	for (size_t i = 0; i < 20; i++)
		buf[20 + i] = (uint8_t)(0xa0 + i);
	ip4_write(buf, &f, 40);
	return 40;
}

static void test_icmp_time_exceeded(void **state)
{
	uint8_t off[64], out[256];
	struct pkt p;
	size_t len = offender(off, IP4_PROTO_UDP, 0, FX_CE1), hlen;

	pkt_init(&p, out, sizeof(out), 0);
	assert_int_equal(icmp4_error(&p, off, len, ICMP4_TIME_EXCEEDED, fx_addr(FX_ROUTER), 0), DROP_NONE);
	assert_int_equal(p.pkt_len, 20 + 8 + 20 + 8);
	assert_int_equal(ip4_validate(out, p.pkt_len, &hlen), DROP_NONE);
	/* TOS c0, length 56, TTL 64, ICMP, from the router to the offender's source. */
	assert_memory_equal(out, "\x45\xc0\x00\x38\x00\x00\x00\x00\x40\x01", 10);
	assert_memory_equal(out + 12, "\xc0\x00\x02\xfe\x0a\x01\x01\x01", 8);
	assert_memory_equal(out + 20, "\x0b\x00", 2); /* type 11 code 0 */
	assert_memory_equal(out + 24, "\x00\x00\x00\x00", 4);
	assert_int_equal(inet_csum(out + 20, 36), 0);
	assert_memory_equal(out + 28, off, 28); /* the offending header and 8 bytes of its data */
}

static void test_icmp_frag_needed(void **state)
{
	uint8_t off[64], out[256];
	struct pkt p;
	size_t len = offender(off, IP4_PROTO_UDP, IP4_DF, FX_CE1);

	pkt_init(&p, out, sizeof(out), 0);
	assert_int_equal(icmp4_error(&p, off, 24, ICMP4_FRAG_NEEDED, fx_addr(FX_ROUTER), 1400), DROP_IP4_TOTAL_LEN);
	assert_int_equal(icmp4_error(&p, off, len, ICMP4_FRAG_NEEDED, fx_addr(FX_ROUTER), 1400), DROP_NONE);
	assert_memory_equal(out + 20, "\x03\x04", 2);	      /* type 3 code 4 */
	assert_memory_equal(out + 24, "\x00\x00\x05\x78", 4); /* next-hop MTU 1400 (RFC 1191) */
	assert_int_equal(inet_csum(out + 20, 36), 0);
	/* The offender had only 4 data bytes: all quoted, the lengths follow. */
	wire_put16(off + IP4_OFF_LEN, 24);
	wire_put16(off + IP4_OFF_CSUM, 0);
	wire_put16(off + IP4_OFF_CSUM, inet_csum(off, 20));
	pkt_init(&p, out, sizeof(out), 0);
	assert_int_equal(icmp4_error(&p, off, 24, ICMP4_FRAG_NEEDED, fx_addr(FX_ROUTER), 1400), DROP_NONE);
	assert_int_equal(p.pkt_len, 20 + 8 + 24);
	pkt_init(&p, out, 40, 0);
	assert_int_equal(icmp4_error(&p, off, 24, ICMP4_FRAG_NEEDED, fx_addr(FX_ROUTER), 1400), DROP_NO_ROOM);
}

static void test_icmp_suppressed(void **state)
{
	static const struct {
		uint8_t proto, type;
		uint16_t frag;
		const char *src;
		enum us_drop why;
	} cases[] = {
	    {IP4_PROTO_ICMP, 3, 0, FX_CE1, DROP_ICMP_SUPPRESSED},
	    {IP4_PROTO_ICMP, 11, 0, FX_CE1, DROP_ICMP_SUPPRESSED},
	    {IP4_PROTO_ICMP, 8, 0, FX_CE1, DROP_NONE},
	    {IP4_PROTO_UDP, 0, 185, FX_CE1, DROP_ICMP_SUPPRESSED},
	    {IP4_PROTO_UDP, 0, IP4_MF, FX_CE1, DROP_NONE},
	    {IP4_PROTO_UDP, 0, 0, "0.0.0.0", DROP_ICMP_SUPPRESSED},
	    {IP4_PROTO_UDP, 0, 0, "224.0.0.5", DROP_ICMP_SUPPRESSED},
	    {IP4_PROTO_UDP, 0, 0, "127.0.0.1", DROP_ICMP_SUPPRESSED},
	    {IP4_PROTO_UDP, 0, 0, "255.255.255.255", DROP_ICMP_SUPPRESSED},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint8_t off[64], out[256];
		struct pkt p;
		size_t len = offender(off, cases[i].proto, cases[i].frag, cases[i].src);

		off[20] = cases[i].type;
		pkt_init(&p, out, sizeof(out), 0);
		assert_int_equal(icmp4_error(&p, off, len, ICMP4_TIME_EXCEEDED, fx_addr(FX_ROUTER), 0), cases[i].why);
	}
}

static const uint8_t labelled[] = {0x00, 0x01, 0x01, 0x40}; /* label 16, bottom, TTL 64 */

/* Pushes gi's GRE header over the 4 bytes of labelled and compares with want. */
static void check_gre(const struct gre_info *gi, const uint8_t *want, size_t wantlen)
{
	uint8_t buf[FX_BUF];
	struct gre_info back;
	struct pkt p;

	fx_pkt(&p, buf, labelled, sizeof(labelled));
	assert_int_equal(gre_encap(&p, gi), DROP_NONE);
	assert_int_equal(p.pkt_len, wantlen + sizeof(labelled));
	assert_memory_equal(p.pkt_data, want, wantlen);
	assert_int_equal(gre_decap(&p, &back), DROP_NONE);
	assert_memory_equal(p.pkt_data, labelled, sizeof(labelled));
	assert_int_equal(back.gi_proto, gi->gi_proto);
	assert_int_equal(back.gi_has_key, gi->gi_has_key);
	assert_int_equal(back.gi_key, gi->gi_key);
	assert_int_equal(back.gi_has_seq, gi->gi_has_seq);
	assert_int_equal(back.gi_seq, gi->gi_seq);
	assert_int_equal(back.gi_has_csum, gi->gi_has_csum);
}

static void test_gre_bytes(void **state)
{
	struct gre_info plain = {.gi_proto = GRE_PROTO_IPV4};
	struct gre_info key = {.gi_proto = GRE_PROTO_MPLS, .gi_has_key = true, .gi_key = 0xabcd};
	struct gre_info all = {.gi_proto = GRE_PROTO_MPLS,
			       .gi_has_csum = true,
			       .gi_has_key = true,
			       .gi_key = 0xabcd,
			       .gi_has_seq = true,
			       .gi_seq = 7};
	struct gre_info nhrp = {.gi_proto = GRE_PROTO_NHRP};

	check_gre(&plain, (const uint8_t *)"\x00\x00\x08\x00", 4);
	check_gre(&key, (const uint8_t *)"\x20\x00\x88\x47\x00\x00\xab\xcd", 8);
	/* Checksum 1aa2 over header and payload (computed by hand over the 16 + 4 bytes). */
	check_gre(&all, (const uint8_t *)"\xb0\x00\x88\x47\x1a\xa2\x00\x00\x00\x00\xab\xcd\x00\x00\x00\x07", 16);
	check_gre(&nhrp, (const uint8_t *)"\x00\x00\x20\x01", 4);
}

/* Decapsulates hdr (len bytes) followed by labelled. */
static enum us_drop decap(const uint8_t *hdr, size_t len)
{
	uint8_t buf[FX_BUF];
	struct gre_info gi;
	struct pkt p;

	fx_pkt(&p, buf, hdr, len);
	memcpy(pkt_put(&p, sizeof(labelled)), labelled, sizeof(labelled));
	return gre_decap(&p, &gi);
}

static void test_gre_drops(void **state)
{
	static const uint8_t full[] = {0xb0, 0x00, 0x88, 0x47, 0x1a, 0xa2, 0x00, 0x00,
				       0x00, 0x00, 0xab, 0xcd, 0x00, 0x00, 0x00, 0x07};
	uint8_t buf[FX_BUF];
	struct gre_info gi;
	struct pkt p;

	assert_int_equal(decap((const uint8_t *)"\x00\x01\x88\x47", 4), DROP_GRE_VERSION);
	assert_int_equal(decap((const uint8_t *)"\x30\x81\x88\x0b", 4), DROP_GRE_VERSION);  /* PPTP's enhanced GRE */
	assert_int_equal(decap((const uint8_t *)"\x40\x00\x88\x47", 4), DROP_GRE_RESERVED); /* routing present */
	assert_int_equal(decap((const uint8_t *)"\x08\x00\x88\x47", 4), DROP_GRE_RESERVED); /* strict source route */
	assert_int_equal(decap((const uint8_t *)"\x04\x00\x88\x47", 4), DROP_GRE_RESERVED); /* recursion */
	assert_int_equal(decap((const uint8_t *)"\x03\xf8\x88\x47", 4), DROP_NONE);	    /* bits 6-12: ignored */
	assert_int_equal(decap((const uint8_t *)"\x00\x00\x86\xdd", 4), DROP_GRE_PROTOCOL);
	assert_int_equal(decap((const uint8_t *)"\xb0\x00\x88\x47\x1a\xa3\x00\x00\x00\x00\xab\xcd\x00\x00\x00\x07", 16),
			 DROP_GRE_CHECKSUM);
	assert_int_equal(decap(full, sizeof(full)), DROP_NONE);
	for (size_t len = 0; len < sizeof(full); len++) {
		fx_pkt(&p, buf, full, len);
		assert_int_equal(gre_decap(&p, &gi), len < 4 || len < 16 ? DROP_GRE_TRUNCATED : DROP_NONE);
	}
	pkt_init(&p, buf, 8, 2);
	assert_int_equal(gre_encap(&p, &(struct gre_info){.gi_proto = GRE_PROTO_IPV4}), DROP_NO_ROOM);
}

static void test_mpls_stacks(void **state)
{
	static const struct lse stack[] = {
	    {.lse_label = 100, .lse_tc = 5, .lse_ttl = 255},
	    {.lse_label = 200, .lse_ttl = 255},
	    {.lse_label = 300, .lse_bos = true, .lse_ttl = 255},
	};
	static const uint8_t wire3[] = {0x00, 0x06, 0x4a, 0xff, 0x00, 0x0c, 0x80, 0xff, 0x00, 0x12, 0xc1, 0xff};
	uint8_t buf[FX_BUF];
	struct lse got[4];
	size_t depth;
	struct pkt p;

	/* One label: 1234, bottom, TTL 64 is 004d2140. */
	pkt_init(&p, buf, FX_BUF, FX_HEADROOM);
	assert_int_equal(lse_push(&p, &(struct lse){.lse_label = 1234, .lse_bos = true, .lse_ttl = 64}), DROP_NONE);
	assert_memory_equal(p.pkt_data, "\x00\x4d\x21\x40", 4);
	for (size_t n = 1; n <= 3; n++) {
		pkt_init(&p, buf, FX_BUF, FX_HEADROOM);
		assert_int_equal(lse_push_stack(&p, stack + 3 - n, n), DROP_NONE);
		assert_memory_equal(p.pkt_data, wire3 + 4 * (3 - n), 4 * n);
		assert_int_equal(lse_parse(p.pkt_data, p.pkt_len, got, 4, &depth), DROP_NONE);
		assert_int_equal(depth, n);
		assert_memory_equal(&got[n - 1], &stack[2], sizeof(struct lse));
	}
	/* Swap the top, pop it, the rest stays. */
	assert_int_equal(lse_swap(&p, 0xfffff), DROP_NONE);
	assert_memory_equal(p.pkt_data, "\xff\xff\xfa\xff", 4);
	assert_int_equal(lse_pop(&p, &got[0]), DROP_NONE);
	assert_int_equal(got[0].lse_label, 0xfffff);
	assert_int_equal(got[0].lse_tc, 5);
	assert_memory_equal(p.pkt_data, wire3 + 4, 8);
}

static void test_mpls_drops(void **state)
{
	/* Label 100 three times: TTL 1, TTL 2, then the bottom with TTL 0. */
	static const uint8_t stack3[] = {0x00, 0x06, 0x40, 0x01, 0x00, 0x06, 0x40, 0x02, 0x00, 0x06, 0x41, 0x00};
	uint8_t buf[FX_BUF];
	struct lse got[2];
	size_t depth;
	struct pkt p;

	struct lse all[3];

	for (size_t len = 0; len < sizeof(stack3); len++)
		assert_int_equal(lse_parse(stack3, len, all, 3, &depth), DROP_MPLS_TRUNCATED);
	assert_int_equal(lse_parse(stack3, sizeof(stack3), all, 3, &depth), DROP_NONE);
	assert_int_equal(depth, 3);
	assert_int_equal(lse_parse(stack3, sizeof(stack3), got, 2, &depth), DROP_MPLS_STACK_DEPTH);
	/* TTL 1 and 0 expire unchanged; TTL 2 becomes 1. */
	fx_pkt(&p, buf, stack3, sizeof(stack3));
	assert_int_equal(lse_ttl_decrement(&p), DROP_MPLS_TTL_EXPIRED);
	assert_int_equal(p.pkt_data[3], 1);
	assert_int_equal(lse_pop(&p, NULL), DROP_NONE);
	assert_int_equal(lse_ttl_decrement(&p), DROP_NONE);
	assert_int_equal(p.pkt_data[3], 1);
	assert_int_equal(lse_pop(&p, NULL), DROP_NONE);
	assert_int_equal(lse_ttl_decrement(&p), DROP_MPLS_TTL_EXPIRED);
	pkt_pull(&p, 2);
	assert_int_equal(lse_pop(&p, NULL), DROP_MPLS_TRUNCATED);
	assert_int_equal(lse_swap(&p, 16), DROP_MPLS_TRUNCATED);
	assert_int_equal(lse_ttl_decrement(&p), DROP_MPLS_TRUNCATED);
	pkt_init(&p, buf, 8, 3);
	assert_int_equal(lse_push(&p, &got[0]), DROP_NO_ROOM);
	assert_int_equal(lse_push_stack(&p, got, 1), DROP_NO_ROOM);
}

static void test_drop_names(void **state)
{
	for (int i = 0; i < DROP__COUNT; i++) {
		assert_true(strlen(us_drop_name(i)) > 0);
		for (int j = 0; j < i; j++)
			assert_string_not_equal(us_drop_name(i), us_drop_name(j));
	}
	assert_string_equal(us_drop_name(DROP_ESP_REPLAY), "esp-replay");
	assert_string_equal(us_drop_name(DROP__COUNT), "unknown");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_rfc1071),
	    cmocka_unit_test(test_ip4_checksum),
	    cmocka_unit_test(test_ip4_validate_drops),
	    cmocka_unit_test(test_ip4_ttl),
	    cmocka_unit_test(test_icmp_time_exceeded),
	    cmocka_unit_test(test_icmp_frag_needed),
	    cmocka_unit_test(test_icmp_suppressed),
	    cmocka_unit_test(test_gre_bytes),
	    cmocka_unit_test(test_gre_drops),
	    cmocka_unit_test(test_mpls_stacks),
	    cmocka_unit_test(test_mpls_drops),
	    cmocka_unit_test(test_drop_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
