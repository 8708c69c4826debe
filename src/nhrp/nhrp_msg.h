/*
 * NHRP wire codec (RFC 2332) for IPv4 over GRE: NBMA and protocol
 * addresses are IPv4 (ar$afn 1, ar$pro.type 0x0800, 4-byte addresses;
 * anything else is refused). Packet types 1-7 and Cisco's traffic
 * indication (type 8, draft-detienne-dmvpn-01); extensions 3, 4, 5, 7, 8
 * and 9, and Ferry's MPLS label extension (a vendor-private one,
 * nhrp_label_ext.h, doc/nhrp-mpls-label.md).
 *
 * A decoded message is a plain value with fixed-size arrays; the only
 * pointers (authentication data, the packet an indication carries) point
 * into the decoded buffer, so it must outlive the message. Decoding never
 * allocates; encoding writes into the caller's buffer.
 */
#ifndef FERRY_NHRP_NHRP_MSG_H
#define FERRY_NHRP_NHRP_MSG_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "nhrp/nhrp_label_ext.h"

#define NHRP_GRE_PROTO	   0x2001 /* GRE protocol type of NHRP */
#define NHRP_AFN_IPV4	   1
#define NHRP_PRO_IPV4	   0x0800
#define NHRP_VERSION	   1
#define NHRP_FIXED_LEN	   20 /* the fixed header */
#define NHRP_MAND_LEN	   8  /* the mandatory part before its addresses */
#define NHRP_CIE_LEN	   12 /* a CIE before its addresses */
#define NHRP_EXT_HDRLEN	   4
#define NHRP_ADDR_LEN	   4	/* IPv4, NBMA and protocol */
#define NHRP_CIE_MAX	   16	/* CIEs in one list: more is refused */
#define NHRP_PREFIX_UNIQUE 0xff /* CIE prefix length of a unique registration */

enum nhrp_type {
	NHRP_RES_REQUEST = 1,
	NHRP_RES_REPLY = 2,
	NHRP_REG_REQUEST = 3,
	NHRP_REG_REPLY = 4,
	NHRP_PURGE_REQUEST = 5,
	NHRP_PURGE_REPLY = 6,
	NHRP_ERROR_IND = 7,
	NHRP_TRAFFIC_IND = 8, /* Cisco redirect */
};

/* Mandatory part flags (RFC 2332 5.2.x; NAT is Cisco's). */
#define NHRP_FLAG_Q	      0x8000 /* resolution: the requester is a router */
#define NHRP_FLAG_A	      0x4000 /* resolution reply: authoritative */
#define NHRP_FLAG_D	      0x2000 /* resolution: stable association */
#define NHRP_FLAG_U_RES	      0x1000 /* resolution: unique */
#define NHRP_FLAG_S	      0x0800 /* resolution: stable binding */
#define NHRP_FLAG_U_REG	      0x8000 /* registration: unique */
#define NHRP_FLAG_N	      0x8000 /* purge request: no reply expected */
#define NHRP_FLAG_NAT	      0x0002 /* Cisco: the sender understands the NAT extension */
#define NHRP_TRAFFIC_REDIRECT 0	     /* traffic indication's only traffic code */

enum nhrp_ext_type {
	NHRP_EXT_END = 0,
	NHRP_EXT_RESPONDER = 3,
	NHRP_EXT_FWD_TRANSIT = 4,
	NHRP_EXT_REV_TRANSIT = 5,
	NHRP_EXT_AUTH = 7,
	NHRP_EXT_VENDOR = 8,
	NHRP_EXT_NAT = 9,
};
#define NHRP_EXT_COMPULSORY 0x8000
#define NHRP_EXT_TYPE_MASK  0x3fff

/* RFC 2332 5.2.7 error codes, the ones the codec's errors imply. */
enum nhrp_err_code {
	NHRP_ERR_NONE = 0, /* drop silently: bad checksum, or not a packet we could answer */
	NHRP_ERR_UNRECOGNIZED_EXT = 1,
	NHRP_ERR_PROTOCOL = 7,
	NHRP_ERR_INVALID_EXT = 9,
};

/* What went wrong while decoding or encoding. */
struct nhrp_err {
	uint16_t ne_code;    /* enum nhrp_err_code: what an error indication would report */
	uint16_t ne_offset;  /* the faulty field's offset from the fixed header (the Error Offset) */
	const char *ne_what; /* static text for the log */
};

/* Client Information Entry (RFC 2332 5.2.0.1). */
struct nhrp_cie {
	uint8_t ci_code;
	uint8_t ci_prefix_len;
	uint16_t ci_mtu;
	uint16_t ci_holdtime;
	uint8_t ci_preference;
	bool ci_has_nbma; /* Cli Addr T/L 4; false: 0 (requests and NAKs leave it out) */
	struct in_addr ci_nbma;
	bool ci_has_proto; /* Cli Proto Len 4; false: 0 */
	struct in_addr ci_proto;
};

struct nhrp_cie_list {
	struct nhrp_cie cl_cie[NHRP_CIE_MAX];
	uint8_t cl_n;
};

/* The extensions; ex_present and ex_compulsory have bit (1 << type) per extension present. */
struct nhrp_ext {
	uint16_t ex_present;		   /* NHRP_EXT_END's bit: an extension part, even an empty one */
	uint16_t ex_compulsory;		   /* the C bit each present extension carried (END's included) */
	struct nhrp_cie_list ex_responder; /* 0 CIEs: a request asking for it */
	struct nhrp_cie_list ex_fwd_transit, ex_rev_transit;
	const uint8_t *ex_auth; /* authentication extension's value, as sent */
	size_t ex_auth_len;
	struct nhrp_label_ext ex_label; /* Ferry's vendor-private extension */
	struct nhrp_cie_list ex_nat;	/* Cisco NAT address */
	uint16_t ex_skipped;		/* decode: unknown non-compulsory extensions passed over */
};

struct nhrp_msg {
	uint8_t nm_type; /* enum nhrp_type */
	uint8_t nm_hopcnt;
	uint16_t nm_flags;	/* types 1-6 */
	uint32_t nm_reqid;	/* types 1-6 */
	uint16_t nm_code;	/* error indication: error code; traffic indication: traffic code */
	uint16_t nm_err_offset; /* error indication */
	struct in_addr nm_src_nbma, nm_src_proto, nm_dst_proto;
	struct nhrp_cie_list nm_cies; /* types 1-6 */
	const uint8_t *nm_data;	      /* 7: the packet in error; 8: the packet that triggered it */
	size_t nm_data_len;
	struct nhrp_ext nm_ext;
};

/*
 * Decodes one NHRP packet, len bytes (the GRE payload; ar$pktsz must equal
 * len). Returns 0, or -1 with *err filled (m then holds no meaning). An
 * unknown compulsory extension is an error with NHRP_ERR_UNRECOGNIZED_EXT
 * and the extension's offset, ready for an error indication; an unknown
 * non-compulsory one is skipped and counted in ex_skipped.
 */
int nhrp_msg_decode(const uint8_t *buf, size_t len, struct nhrp_msg *m, struct nhrp_err *err);
/* Encodes m into out (cap bytes) with its checksum; its length, or -1 with *err. */
ssize_t nhrp_msg_encode(const struct nhrp_msg *m, uint8_t *out, size_t cap, struct nhrp_err *err);

#endif
