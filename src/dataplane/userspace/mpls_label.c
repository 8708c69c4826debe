/* MPLS label stack entries (RFC 3032 2.1) on a packet. */
#include "dataplane/userspace/mpls_label.h"

#include "dataplane/userspace/wire.h"

#define LSE_SHIFT_LABEL 12
#define LSE_SHIFT_TC	9
#define LSE_BOS		0x100

uint32_t lse_encode(const struct lse *e)
{
	return (e->lse_label & LSE_LABEL_MAX) << LSE_SHIFT_LABEL | (uint32_t)(e->lse_tc & 7) << LSE_SHIFT_TC |
	       (e->lse_bos ? LSE_BOS : 0) | e->lse_ttl;
}

void lse_decode(uint32_t word, struct lse *e)
{
	e->lse_label = word >> LSE_SHIFT_LABEL;
	e->lse_tc = (uint8_t)(word >> LSE_SHIFT_TC & 7);
	e->lse_bos = word & LSE_BOS;
	e->lse_ttl = (uint8_t)word;
}

enum us_drop lse_push(struct pkt *p, const struct lse *e)
{
	uint8_t *h = pkt_push(p, LSE_LEN);

	if (!h)
		return DROP_NO_ROOM;
	wire_put32(h, lse_encode(e));
	return DROP_NONE;
}

enum us_drop lse_push_stack(struct pkt *p, const struct lse *stack, size_t n)
{
	if (n * LSE_LEN > p->pkt_headroom)
		return DROP_NO_ROOM;
	while (n--)
		lse_push(p, &stack[n]);
	return DROP_NONE;
}

enum us_drop lse_pop(struct pkt *p, struct lse *top)
{
	const uint8_t *h = pkt_pull(p, LSE_LEN);

	if (!h)
		return DROP_MPLS_TRUNCATED;
	if (top)
		lse_decode(wire_get32(h), top);
	return DROP_NONE;
}

enum us_drop lse_swap(struct pkt *p, uint32_t label)
{
	struct lse e;

	if (p->pkt_len < LSE_LEN)
		return DROP_MPLS_TRUNCATED;
	lse_decode(wire_get32(p->pkt_data), &e);
	e.lse_label = label;
	wire_put32(p->pkt_data, lse_encode(&e));
	return DROP_NONE;
}

enum us_drop lse_ttl_decrement(struct pkt *p)
{
	if (p->pkt_len < LSE_LEN)
		return DROP_MPLS_TRUNCATED;
	if (p->pkt_data[LSE_LEN - 1] <= 1)
		return DROP_MPLS_TTL_EXPIRED;
	p->pkt_data[LSE_LEN - 1]--;
	return DROP_NONE;
}

enum us_drop lse_parse(const uint8_t *buf, size_t len, struct lse *stack, size_t max, size_t *depth)
{
	for (size_t n = 0; n < max; n++) {
		if (len < (n + 1) * LSE_LEN)
			return DROP_MPLS_TRUNCATED;
		lse_decode(wire_get32(buf + n * LSE_LEN), &stack[n]);
		if (stack[n].lse_bos) {
			*depth = n + 1;
			return DROP_NONE;
		}
	}
	return DROP_MPLS_STACK_DEPTH;
}
