/*
 * Ferry's MPLS label + VRF extension: an NHRP vendor-private extension
 * (type 8, non-compulsory) under Ferry's own vendor id, carrying the
 * route distinguisher of the VRF a resolution is for and, per CIE, the
 * MPLS label to push toward that client's prefix. doc/nhrp-mpls-label.md
 * has the byte layout and who sends it when.
 */
#ifndef FERRY_NHRP_NHRP_LABEL_EXT_H
#define FERRY_NHRP_NHRP_LABEL_EXT_H

#include <stdbool.h>
#include <stdint.h>

/*
 * A locally administered IEEE identifier (first octet 0x02: the U/L bit set,
 * SLAP's AAI quadrant), so it can never collide with an OUI or CID the IEEE
 * assigns; "FR" for Ferry in the other two.
 */
#define NHRP_FERRY_VENDOR_ID	0x024652u
#define NHRP_LABEL_EXT_VERSION	1
#define NHRP_LABEL_EXT_FIXED	16 /* vendor id, version, flags, count, reserved, RD */
#define NHRP_LABEL_ENTRY_LEN	4
#define NHRP_LABEL_EXT_MAX	16 /* labels in one extension: one per CIE (NHRP_CIE_MAX) */
#define NHRP_LABEL_VALUE_MAX	0xfffffu
#define NHRP_LABEL_FLAG_REQUEST 0x80 /* the sender asks the responder for labels */
#define NHRP_RD_LEN		8

struct nhrp_label_ext {
	bool le_request;
	uint8_t le_rd[NHRP_RD_LEN]; /* RFC 4364 route distinguisher, as on the wire */
	uint8_t le_nlabels;
	uint32_t le_label[NHRP_LABEL_EXT_MAX]; /* 20-bit labels, the i-th for the i-th CIE */
};

#endif
