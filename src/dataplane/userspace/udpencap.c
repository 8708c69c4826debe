/* ESP in UDP (RFC 3948). */
#include "dataplane/userspace/udpencap.h"

#include "dataplane/userspace/wire.h"

#define NON_ESP_MARKER_LEN 4
#define KEEPALIVE_BYTE	   0xff

enum us_drop udpencap_wrap(struct pkt *p, uint16_t sport, uint16_t dport)
{
	uint8_t *h;

	if (p->pkt_len > UINT16_MAX - UDP_HDR_LEN)
		return DROP_UDP_LENGTH;
	h = pkt_push(p, UDP_HDR_LEN);
	if (!h)
		return DROP_NO_ROOM;
	wire_put16(h, sport);
	wire_put16(h + 2, dport);
	wire_put16(h + 4, (uint16_t)p->pkt_len);
	wire_put16(h + 6, 0);
	return DROP_NONE;
}

static enum us_drop classify(struct pkt *p, enum udpencap_kind *kind)
{
	const uint8_t *b = p->pkt_data;

	if (p->pkt_len == 1 && b[0] == KEEPALIVE_BYTE) {
		*kind = UDPENCAP_KEEPALIVE;
		return DROP_NONE;
	}
	if (p->pkt_len < NON_ESP_MARKER_LEN)
		return DROP_UDP_TRUNCATED;
	if (wire_get32(b) == 0) {
		*kind = UDPENCAP_IKE;
		pkt_pull(p, NON_ESP_MARKER_LEN);
		return DROP_NONE;
	}
	*kind = UDPENCAP_ESP;
	return DROP_NONE;
}

enum us_drop udpencap_unwrap(struct pkt *p, enum udpencap_kind *kind)
{
	size_t ulen;

	if (p->pkt_len < UDP_HDR_LEN)
		return DROP_UDP_TRUNCATED;
	ulen = wire_get16(p->pkt_data + 4);
	if (ulen < UDP_HDR_LEN || ulen > p->pkt_len)
		return DROP_UDP_LENGTH;
	pkt_trim(p, p->pkt_len - ulen);
	pkt_pull(p, UDP_HDR_LEN);
	return classify(p, kind);
}
