/* The MPLS label stack (RFC 3032): label stack entries, push, pop, swap, TTL, bounded parsing. */
#ifndef FERRY_DATAPLANE_USERSPACE_MPLS_LABEL_H
#define FERRY_DATAPLANE_USERSPACE_MPLS_LABEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dataplane/userspace/drop.h"
#include "dataplane/userspace/pkt.h"

#define LSE_LEN		     4
#define LSE_LABEL_MAX	     0xfffff
#define LSE_LABEL_IPV4_NULL  0 /* explicit null: pop and forward as IPv4 */
#define LSE_LABEL_IMPL_NULL  3 /* signalled only, never on the wire */
#define LSE_LABEL_FIRST_FREE 16

/* One label stack entry: label (20 bits), traffic class (3), bottom of stack, TTL. */
struct lse {
	uint32_t lse_label;
	uint8_t lse_tc;
	bool lse_bos;
	uint8_t lse_ttl;
};

uint32_t lse_encode(const struct lse *e);
void lse_decode(uint32_t word, struct lse *e);
/* Prepends one entry (label and TC are masked to their widths). */
enum us_drop lse_push(struct pkt *p, const struct lse *e);
/* Prepends stack[0..n), stack[0] outermost; the caller sets lse_bos on the innermost when the payload is IP. */
enum us_drop lse_push_stack(struct pkt *p, const struct lse *stack, size_t n);
/* Removes the top entry; top (may be NULL) gets it. */
enum us_drop lse_pop(struct pkt *p, struct lse *top);
/* Replaces the top entry's label, keeping its TC, bottom bit and TTL. */
enum us_drop lse_swap(struct pkt *p, uint32_t label);
/* Decrements the top entry's TTL; DROP_MPLS_TTL_EXPIRED, entry unchanged, when it would reach 0. */
enum us_drop lse_ttl_decrement(struct pkt *p);
/*
 * Reads the stack at buf up to and including the bottom entry, at most max
 * entries, into stack; *depth gets the count. DROP_MPLS_TRUNCATED when buf
 * ends first, DROP_MPLS_STACK_DEPTH when max entries pass with no bottom.
 */
enum us_drop lse_parse(const uint8_t *buf, size_t len, struct lse *stack, size_t max, size_t *depth);

#endif
