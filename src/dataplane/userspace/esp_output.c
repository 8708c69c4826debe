/* ESP on outgoing IPv4 packets: tunnel and transport mode, raw (protocol 50) or in UDP (RFC 3948). */
#include <string.h>

#include "dataplane/userspace/esp.h"
#include "dataplane/userspace/esp_int.h"
#include "dataplane/userspace/ip4.h"
#include "dataplane/userspace/wire.h"

#define OUTER_TTL 64

static uint8_t outer_proto(const struct esp_sa *sa)
{
	return sa->sa_encap_dport ? IP4_PROTO_UDP : IP4_PROTO_ESP;
}

/* Seals p's payload and, with UDP encapsulation, wraps it; p->pkt_len must still fit an IPv4 length. */
static enum us_drop seal_wrap(struct esp_ctx *ctx, struct esp_sa *sa, struct pkt *p, uint8_t next, size_t hlen)
{
	enum us_drop why = esp_seal(ctx, sa, p, next);

	if (why == DROP_NONE && sa->sa_encap_dport)
		why = udpencap_wrap(p, sa->sa_encap_sport, sa->sa_encap_dport);
	if (why == DROP_NONE && p->pkt_len + hlen > UINT16_MAX)
		why = DROP_IP4_TOTAL_LEN;
	return why;
}

static enum us_drop output_tunnel(struct esp_ctx *ctx, struct esp_sa *sa, struct pkt *p)
{
	const uint8_t *inner = p->pkt_data;
	struct ip4_fields f = {.if_src = sa->sa_src,
			       .if_dst = sa->sa_dst,
			       .if_proto = outer_proto(sa),
			       .if_ttl = OUTER_TTL,
			       .if_tos = inner[IP4_OFF_TOS],
			       .if_id = ctx->ec_ip_id++,
			       .if_frag = wire_get16(inner + IP4_OFF_FRAG) & IP4_DF};
	enum us_drop why = seal_wrap(ctx, sa, p, IP4_PROTO_IPIP, IP4_HDR_LEN);
	uint8_t *h;

	if (why != DROP_NONE)
		return why;
	h = pkt_push(p, IP4_HDR_LEN);
	if (!h)
		return DROP_NO_ROOM;
	ip4_write(h, &f, (uint16_t)p->pkt_len);
	return DROP_NONE;
}

static enum us_drop output_transport(struct esp_ctx *ctx, struct esp_sa *sa, struct pkt *p, size_t hlen)
{
	uint8_t hdr[IP4_HDR_MAX], *h;
	enum us_drop why;

	/* ESP goes between the header and its payload: the header moves out of the way and back. */
	memcpy(hdr, pkt_pull(p, hlen), hlen);
	why = seal_wrap(ctx, sa, p, hdr[IP4_OFF_PROTO], hlen);
	if (why != DROP_NONE)
		return why;
	h = pkt_push(p, hlen);
	if (!h)
		return DROP_NO_ROOM;
	memcpy(h, hdr, hlen);
	ip4_rewrite(h, (uint16_t)p->pkt_len, outer_proto(sa));
	return DROP_NONE;
}

enum us_drop esp_output(struct esp_ctx *ctx, struct esp_sa *sa, struct pkt *p)
{
	size_t hlen;
	enum us_drop why = ip4_validate(p->pkt_data, p->pkt_len, &hlen);

	if (why != DROP_NONE)
		return why;
	pkt_trim(p, p->pkt_len - ip4_total_len(p->pkt_data));
	if (sa->sa_mode == ESP_MODE_TUNNEL)
		return output_tunnel(ctx, sa, p);
	return output_transport(ctx, sa, p, hlen);
}
