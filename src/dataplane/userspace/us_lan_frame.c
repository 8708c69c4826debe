/* A LAN packet ring's frame turned into what a TUN read gives: virtio-net header, then IPv4. */
#include "dataplane/userspace/us_lan_frame.h"

#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <string.h>

#include "dataplane/userspace/us_gso.h"
#include "dataplane/userspace/wire.h"

/*
 * Moves the virtio-net header in front of the Ethernet header at eth to
 * just before the IPv4 header, its checksum start then counted from there;
 * DROP_NONE when eth holds Ethernet carrying IPv4 within len bytes.
 */
static enum us_drop us_lan_frame_rebase(uint8_t *eth, size_t len, struct us_lan_frame *f)
{
	struct virtio_net_hdr vh;

	if (len < ETH_HLEN || wire_get16(eth + 12) != ETH_P_IP)
		return DROP_GSO_HEADER;
	memcpy(&vh, eth - US_VNET_HDR_LEN, sizeof(vh));
	if (vh.flags & VIRTIO_NET_HDR_F_NEEDS_CSUM) {
		if (vh.csum_start < ETH_HLEN)
			return DROP_GSO_HEADER;
		vh.csum_start -= ETH_HLEN;
	}
	vh.hdr_len = vh.hdr_len > ETH_HLEN ? (uint16_t)(vh.hdr_len - ETH_HLEN) : 0;
	memcpy(eth + ETH_HLEN - US_VNET_HDR_LEN, &vh, sizeof(vh));
	f->lf_pkt = eth + ETH_HLEN - US_VNET_HDR_LEN;
	f->lf_len = US_VNET_HDR_LEN + len - ETH_HLEN;
	return DROP_NONE;
}

enum us_drop us_lan_frame_parse(uint8_t *frame, size_t frame_size, struct us_lan_frame *f)
{
	struct tpacket2_hdr h;

	*f = (struct us_lan_frame){.lf_pkt = NULL};
	if (frame_size < sizeof(h))
		return DROP_GSO_HEADER;
	memcpy(&h, frame, sizeof(h));
	if (h.tp_snaplen < h.tp_len) {
		f->lf_copy = h.tp_status & TP_STATUS_COPY;
		return f->lf_copy ? DROP_NONE : DROP_NO_ROOM;
	}
	/* the virtio-net header sits between the tpacket2_hdr and the Ethernet header */
	if (h.tp_mac < sizeof(h) + US_VNET_HDR_LEN || h.tp_mac > frame_size || h.tp_snaplen > frame_size - h.tp_mac)
		return DROP_GSO_HEADER;
	return us_lan_frame_rebase(frame + h.tp_mac, h.tp_snaplen, f);
}

enum us_drop us_lan_frame_copied(uint8_t *buf, size_t len, struct us_lan_frame *f)
{
	*f = (struct us_lan_frame){.lf_pkt = NULL};
	if (len < US_VNET_HDR_LEN)
		return DROP_GSO_HEADER;
	return us_lan_frame_rebase(buf + US_VNET_HDR_LEN, len - US_VNET_HDR_LEN, f);
}
