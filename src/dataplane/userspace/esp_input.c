/* ESP on incoming IPv4 packets: UDP unwrapping, SA lookup, opening, tunnel and transport mode. */
#include <string.h>

#include "dataplane/userspace/esp.h"
#include "dataplane/userspace/ip4.h"
#include "dataplane/userspace/wire.h"

/* Removes the outer header and, for UDP, the UDP header; rx gets addresses, ports and what was carried. */
static enum us_drop unwrap(struct pkt *p, size_t hlen, struct esp_rx *rx)
{
	const uint8_t *ip = pkt_pull(p, hlen);
	const uint8_t *udp = p->pkt_data;

	memcpy(&rx->rx_src, ip + IP4_OFF_SRC, 4);
	memcpy(&rx->rx_dst, ip + IP4_OFF_DST, 4);
	rx->rx_kind = UDPENCAP_ESP;
	if (ip[IP4_OFF_PROTO] == IP4_PROTO_ESP)
		return DROP_NONE;
	if (ip[IP4_OFF_PROTO] != IP4_PROTO_UDP)
		return DROP_IP4_PROTOCOL;
	if (p->pkt_len >= UDP_HDR_LEN) {
		rx->rx_sport = wire_get16(udp);
		rx->rx_dport = wire_get16(udp + 2);
	}
	return udpencap_unwrap(p, &rx->rx_kind);
}

static enum us_drop inner_tunnel(struct pkt *p, uint8_t next)
{
	size_t hlen;

	if (next != IP4_PROTO_IPIP)
		return next == ESP_NEXT_NONE ? DROP_ESP_DUMMY : DROP_ESP_NEXT_HEADER;
	return ip4_validate(p->pkt_data, p->pkt_len, &hlen);
}

/* Puts the outer header (at ip, hlen bytes) back in front of the payload, carrying the payload's protocol. */
static enum us_drop inner_transport(struct pkt *p, const uint8_t *ip, size_t hlen, uint8_t next)
{
	if (next == ESP_NEXT_NONE)
		return DROP_ESP_DUMMY;
	/* The header, UDP, ESP header and IV that were pulled leave the room: memmove as they overlap. */
	memmove(p->pkt_data - hlen, ip, hlen);
	pkt_push(p, hlen);
	ip4_rewrite(p->pkt_data, (uint16_t)p->pkt_len, next);
	return DROP_NONE;
}

enum us_drop esp_input(struct esp_ctx *ctx, esp_sa_lookup_fn *lookup, void *arg, struct pkt *p, struct esp_rx *rx)
{
	uint8_t *ip = p->pkt_data, next;
	size_t hlen;
	enum us_drop why = ip4_validate(ip, p->pkt_len, &hlen);

	memset(rx, 0, sizeof(*rx));
	if (why != DROP_NONE)
		return why;
	pkt_trim(p, p->pkt_len - ip4_total_len(ip));
	if (ip4_is_fragment(ip))
		return DROP_IP4_FRAGMENT;
	why = unwrap(p, hlen, rx);
	if (why != DROP_NONE || rx->rx_kind != UDPENCAP_ESP)
		return why;
	if (p->pkt_len < ESP_HDR_LEN)
		return DROP_ESP_TRUNCATED;
	rx->rx_sa = lookup(arg, wire_get32(p->pkt_data));
	if (!rx->rx_sa)
		return DROP_ESP_UNKNOWN_SPI;
	why = esp_open(ctx, rx->rx_sa, p, &next);
	if (why != DROP_NONE)
		return why;
	if (rx->rx_sa->sa_mode == ESP_MODE_TUNNEL)
		return inner_tunnel(p, next);
	return inner_transport(p, ip, hlen, next);
}
