/*
 * BGP-4 messages on the wire (RFC 4271): framing, decoding into structs that
 * own their memory, and encoding from the same structs. OPEN capabilities
 * (RFC 5492: multiprotocol RFC 4760, route refresh RFC 2918, 4-octet AS
 * RFC 6793), UPDATE with IPv4 unicast and VPNv4 (RFC 4364, labeled NLRI
 * RFC 8277), extended communities (RFC 4360), NOTIFICATION, KEEPALIVE and
 * ROUTE-REFRESH.
 *
 * Decoding never aborts on bad input: it reports each error with the action
 * RFC 7606 implies (attribute discard, treat-as-withdraw, AFI/SAFI disable,
 * session reset with the NOTIFICATION to send) and decodes what it can.
 *
 * No sockets, no state machine: the session layer frames the TCP stream with
 * bgp_msg_frame, decodes, acts on the errors and encodes what it sends.
 * IPv4 addresses are host-order uint32_t throughout.
 */
#ifndef FERRY_BGP_BGP_MSG_H
#define FERRY_BGP_BGP_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#define BGP_PORT	    179
#define BGP_MARKER_LEN	    16
#define BGP_HEADER_LEN	    19
#define BGP_MSG_MAX	    4096 /* RFC 4271 §4.1; extended messages (RFC 8654) are not negotiated */
#define BGP_VERSION	    4
#define BGP_AS_TRANS	    23456 /* RFC 6793: the two-octet stand-in for a four-octet AS */
#define BGP_LABELS_MAX	    3	  /* label stack depth an NLRI carries here */
#define BGP_LABEL_MAX	    0xfffff
#define BGP_ERRORS_MAX	    8
#define BGP_MP_AFI_IPV4	    1
#define BGP_MP_SAFI_UNICAST 1
#define BGP_MP_SAFI_VPN	    128

enum bgp_msg_type {
	BGP_MSG_OPEN = 1,
	BGP_MSG_UPDATE = 2,
	BGP_MSG_NOTIFICATION = 3,
	BGP_MSG_KEEPALIVE = 4,
	BGP_MSG_ROUTE_REFRESH = 5, /* RFC 2918 */
};

/* NOTIFICATION error codes (RFC 4271 §4.5, RFC 7313 §5) and their subcodes. */
enum bgp_err_code {
	BGP_ERR_HEADER = 1,
	BGP_ERR_OPEN = 2,
	BGP_ERR_UPDATE = 3,
	BGP_ERR_HOLD_TIMER = 4,
	BGP_ERR_FSM = 5,
	BGP_ERR_CEASE = 6,
	BGP_ERR_ROUTE_REFRESH = 7,
};
#define BGP_SUB_UNSPECIFIC 0
enum bgp_header_subcode {
	BGP_SUB_NOT_SYNCHRONIZED = 1,
	BGP_SUB_BAD_MSG_LENGTH = 2,
	BGP_SUB_BAD_MSG_TYPE = 3,
};
enum bgp_open_subcode {
	BGP_SUB_BAD_VERSION = 1,
	BGP_SUB_BAD_PEER_AS = 2,
	BGP_SUB_BAD_BGP_ID = 3,
	BGP_SUB_BAD_OPT_PARAM = 4,
	BGP_SUB_BAD_HOLD_TIME = 6,
	BGP_SUB_BAD_CAPABILITY = 7, /* RFC 5492 */
};
enum bgp_update_subcode {
	BGP_SUB_MALFORMED_ATTR_LIST = 1,
	BGP_SUB_UNKNOWN_WELL_KNOWN = 2,
	BGP_SUB_MISSING_WELL_KNOWN = 3,
	BGP_SUB_ATTR_FLAGS = 4,
	BGP_SUB_ATTR_LENGTH = 5,
	BGP_SUB_BAD_ORIGIN = 6,
	BGP_SUB_BAD_NEXT_HOP = 8,
	BGP_SUB_OPT_ATTR = 9,
	BGP_SUB_BAD_NETWORK = 10,
	BGP_SUB_MALFORMED_AS_PATH = 11,
};
enum bgp_cease_subcode { /* RFC 4486 */
			 BGP_SUB_MAX_PREFIXES = 1,
			 BGP_SUB_ADMIN_SHUTDOWN = 2,
			 BGP_SUB_PEER_DECONFIGURED = 3,
			 BGP_SUB_ADMIN_RESET = 4,
			 BGP_SUB_CONNECTION_REJECTED = 5,
			 BGP_SUB_OTHER_CONFIG_CHANGE = 6,
			 BGP_SUB_COLLISION = 7,
			 BGP_SUB_OUT_OF_RESOURCES = 8,
};
enum bgp_route_refresh_subcode { BGP_SUB_BAD_RR_LENGTH = 1 }; /* RFC 7313 */

/* What an error in a received message obliges the receiver to do, weakest first (RFC 7606 §2). */
enum bgp_action {
	BGP_ACT_NONE,
	BGP_ACT_ATTR_DISCARD,	   /* the attribute was dropped; the rest of the UPDATE stands */
	BGP_ACT_TREAT_AS_WITHDRAW, /* every route the UPDATE announces is to be withdrawn instead */
	BGP_ACT_AFI_SAFI_DISABLE,  /* the family's routes are to be dropped and the family ignored (or reset) */
	BGP_ACT_SESSION_RESET,	   /* send be_code/be_subcode/be_data in a NOTIFICATION and close */
};

struct bgp_error {
	enum bgp_action be_action;
	uint8_t be_code, be_subcode; /* the NOTIFICATION (RFC 4271 §6) this error is classified as */
	uint8_t be_attr;	     /* the path attribute concerned, 0 when none */
	uint16_t be_afi;	     /* AFI/SAFI disable: the family */
	uint8_t be_safi;
	const char *be_what;	/* for logs: what was wrong */
	const uint8_t *be_data; /* NOTIFICATION data: into the decoded buffer or static storage */
	uint16_t be_data_len;
};

/* The errors of one decode: the strongest ones are kept when there are more than fit. */
struct bgp_errors {
	enum bgp_action bes_action; /* the strongest action of all (RFC 7606 §3 f) */
	struct bgp_error bes_worst; /* the first error with that action: the NOTIFICATION to send */
	unsigned bes_count;	    /* errors found; up to BGP_ERRORS_MAX are in bes_list */
	struct bgp_error bes_list[BGP_ERRORS_MAX];
};

/* What the session negotiated or is that changes the encoding or the checks. */
struct bgp_codec {
	bool bc_as4;  /* both sides sent the 4-octet AS capability (RFC 6793) */
	bool bc_ebgp; /* the peer is external: LOCAL_PREF from it is discarded (RFC 7606 §7.5) */
};

/* ---- OPEN ---- */

enum bgp_cap_code { BGP_CAP_MP = 1, BGP_CAP_ROUTE_REFRESH = 2, BGP_CAP_AS4 = 65 };

struct bgp_afi_safi {
	uint16_t bafs_afi;
	uint8_t bafs_safi;
};

/* What the codec keeps as received: a capability or a path attribute it does not interpret. */
struct bgp_tlv {
	uint8_t btlv_type;
	uint16_t btlv_len; /* capabilities: up to 255 */
	uint8_t *btlv_value;
};

struct bgp_open {
	uint8_t bo_version;
	uint16_t bo_my_as; /* the two-octet field: the AS, or BGP_AS_TRANS when it does not fit */
	uint16_t bo_hold_time;
	uint32_t bo_bgp_id;
	struct bgp_afi_safi *bo_mp; /* multiprotocol capabilities, any AFI/SAFI */
	size_t bo_nmp;
	bool bo_route_refresh;
	bool bo_has_as4;
	uint32_t bo_as4;	  /* the 4-octet AS capability's value */
	struct bgp_tlv *bo_other; /* capabilities the codec does not interpret */
	size_t bo_nother;
};

/* ---- UPDATE ---- */

enum bgp_family { BGP_FAMILY_IPV4_UNICAST, BGP_FAMILY_VPNV4 };

/*
 * Administrator:assigned number, the value layout route distinguishers
 * (RFC 4364 §4.2) and route-target extended communities (RFC 4360, RFC 5668)
 * share. Type 0: two-octet AS and four-octet number; types 1 (IPv4 address)
 * and 2 (four-octet AS): four octets and a two-octet number.
 */
enum bgp_asnn_type { BGP_ASNN_AS2 = 0, BGP_ASNN_IPV4 = 1, BGP_ASNN_AS4 = 2 };

struct bgp_asnn {
	uint32_t ban_admin;
	uint32_t ban_number;
};

/* A route distinguisher. Types past 2 keep their six value octets split 4 + 2, as type 2. */
struct bgp_rd {
	uint16_t brd_type;
	struct bgp_asnn brd_asnn;
};

/* A route: IPv4 unicast, or VPNv4 with its RD and (when announced) its label stack. */
struct bgp_nlri {
	uint32_t bn_prefix; /* bits past bn_plen are zero */
	uint8_t bn_plen;
	uint8_t bn_nlabels;		    /* VPNv4 announcements: 1 to BGP_LABELS_MAX; 0 otherwise */
	uint32_t bn_labels[BGP_LABELS_MAX]; /* 20-bit label values, top of the stack first */
	struct bgp_rd bn_rd;		    /* VPNv4 */
};

struct bgp_nlri_list {
	struct bgp_nlri *bnl_v;
	size_t bnl_n, bnl_cap;
};

/* MP_REACH_NLRI or MP_UNREACH_NLRI (RFC 4760). */
struct bgp_mp_nlri {
	bool bmp_present; /* an MP_UNREACH_NLRI with no route is an End-of-RIB marker (RFC 4724) */
	enum bgp_family bmp_family;
	uint32_t bmp_next_hop; /* MP_REACH_NLRI: IPv4 (VPNv4: after the zero RD) */
	struct bgp_nlri_list bmp_nlri;
};

enum bgp_attr_type {
	BGP_ATTR_ORIGIN = 1,
	BGP_ATTR_AS_PATH = 2,
	BGP_ATTR_NEXT_HOP = 3,
	BGP_ATTR_MED = 4,
	BGP_ATTR_LOCAL_PREF = 5,
	BGP_ATTR_ATOMIC_AGGREGATE = 6,
	BGP_ATTR_AGGREGATOR = 7,
	BGP_ATTR_COMMUNITIES = 8,
	BGP_ATTR_MP_REACH_NLRI = 14,
	BGP_ATTR_MP_UNREACH_NLRI = 15,
	BGP_ATTR_EXT_COMMUNITIES = 16,
	BGP_ATTR_AS4_PATH = 17,
	BGP_ATTR_AS4_AGGREGATOR = 18,
};

#define BGP_ATTR_F_OPTIONAL   0x80
#define BGP_ATTR_F_TRANSITIVE 0x40
#define BGP_ATTR_F_PARTIAL    0x20
#define BGP_ATTR_F_EXTENDED   0x10

enum bgp_origin { BGP_ORIGIN_IGP = 0, BGP_ORIGIN_EGP = 1, BGP_ORIGIN_INCOMPLETE = 2 };
enum bgp_segment_type { BGP_AS_SET = 1, BGP_AS_SEQUENCE = 2, BGP_AS_CONFED_SEQUENCE = 3, BGP_AS_CONFED_SET = 4 };

struct bgp_as_segment {
	uint8_t bas_type;
	uint8_t bas_count; /* 1-255 AS numbers */
};

struct bgp_aspath {
	struct bgp_as_segment *bap_segs;
	uint32_t *bap_asns; /* every segment's AS numbers, one segment after the other */
	size_t bap_nsegs, bap_nasns;
};

struct bgp_aggregator {
	uint32_t bag_asn;
	uint32_t bag_addr;
};

/* An extended community. Route targets (bgp_ext_is_rt) are decoded into bec_rt; others keep bec_value. */
struct bgp_ext_community {
	uint8_t bec_type; /* RT: BGP_ASNN_* */
	uint8_t bec_subtype;
	struct bgp_asnn bec_rt;
	uint8_t bec_value[6];
};
#define BGP_EXT_SUBTYPE_RT 0x02

struct bgp_attrs {
	uint32_t ba_has; /* 1u << BGP_ATTR_x for each attribute carried (the MP ones are in bgp_update) */
	uint8_t ba_origin;
	struct bgp_aspath ba_as_path;
	uint32_t ba_next_hop;
	uint32_t ba_med;
	uint32_t ba_local_pref;
	struct bgp_aggregator ba_aggregator;
	uint32_t *ba_communities;
	size_t ba_ncommunities;
	struct bgp_ext_community *ba_ext;
	size_t ba_next;
	/* From OLD speakers only; the codec keeps them apart, merging (RFC 6793 §4.2.3) is the session's. */
	struct bgp_aspath ba_as4_path;
	struct bgp_aggregator ba_as4_aggregator;
	struct bgp_tlv *ba_raw; /* optional transitive attributes not interpreted: sent on with Partial */
	size_t ba_nraw;
};

struct bgp_update {
	struct bgp_nlri_list bu_withdrawn; /* IPv4 unicast, Withdrawn Routes field */
	struct bgp_attrs bu_attrs;
	struct bgp_mp_nlri bu_mp_reach;
	struct bgp_mp_nlri bu_mp_unreach;
	struct bgp_nlri_list bu_nlri; /* IPv4 unicast, NLRI field */
};

/* ---- NOTIFICATION, ROUTE-REFRESH, any message ---- */

struct bgp_notification {
	uint8_t bnf_code, bnf_subcode;
	uint8_t *bnf_data;
	size_t bnf_len;
};

struct bgp_route_refresh {
	uint16_t brr_afi;
	uint8_t brr_subtype; /* RFC 7313: 0 request, 1 BoRR, 2 EoRR */
	uint8_t brr_safi;
};

struct bgp_msg {
	enum bgp_msg_type bm_type;
	union {
		struct bgp_open bm_open;
		struct bgp_update bm_update;
		struct bgp_notification bm_notification;
		struct bgp_route_refresh bm_route_refresh;
	};
};

/*
 * Frames the message at the start of a stream buffer: returns its length when
 * all of it is there, 0 when more bytes are needed, -1 when the header is bad
 * (errs holds the NOTIFICATION to send).
 */
ssize_t bgp_msg_frame(const uint8_t *buf, size_t len, struct bgp_errors *errs);

/*
 * Decodes one whole message of len bytes into *m and returns the strongest
 * action its errors imply (also errs->bes_action). Whatever the result, *m
 * owns what was decoded: release it with bgp_msg_free. Error data may point
 * into buf.
 */
enum bgp_action bgp_msg_decode(const uint8_t *buf, size_t len, const struct bgp_codec *c, struct bgp_msg *m,
			       struct bgp_errors *errs);
void bgp_msg_free(struct bgp_msg *m);
void bgp_update_free(struct bgp_update *u);
void bgp_attrs_free(struct bgp_attrs *a);

/*
 * Encodes one message into buf and returns its length; -1 with errno EINVAL
 * when the struct holds what the wire cannot carry, EMSGSIZE when it does not
 * fit cap or (an UPDATE) one message. BGP_MSG_MAX bytes always suffice.
 */
ssize_t bgp_msg_encode(const struct bgp_msg *m, const struct bgp_codec *c, uint8_t *buf, size_t cap);

/* How far bgp_update_encode has gone through an update; zero it before the first message. */
struct bgp_update_cursor {
	size_t buc_withdrawn, buc_unreach, buc_reach, buc_nlri; /* routes of each list encoded */
	bool buc_unreach_sent;					/* MP_UNREACH_NLRI went out (End-of-RIB: empty) */
	bool buc_attrs_sent;					/* the attributes went out */
	bool buc_started;
};

/*
 * Encodes the next UPDATE message of u into buf (*len bytes), packing as many
 * routes as fit in one message, and returns how many routes (withdrawn and
 * announced) went in; -1 with errno as bgp_msg_encode. The attributes go in
 * every message that announces routes. Call until bgp_update_encoded.
 */
int bgp_update_encode(const struct bgp_update *u, const struct bgp_codec *c, struct bgp_update_cursor *cur,
		      uint8_t *buf, size_t cap, size_t *len);
bool bgp_update_encoded(const struct bgp_update *u, const struct bgp_update_cursor *cur);

/* ---- building ---- */

/* Sets the AS: the two-octet field (AS_TRANS if it does not fit) and the 4-octet AS capability. */
void bgp_open_set_asn(struct bgp_open *o, uint32_t asn);
/* The peer's AS: the 4-octet AS capability's, else the two-octet field. */
uint32_t bgp_open_asn(const struct bgp_open *o);
int bgp_open_add_mp(struct bgp_open *o, uint16_t afi, uint8_t safi);

/* Fills an RD or a route target; -1 when the values do not fit the type. */
int bgp_rd_set(struct bgp_rd *rd, enum bgp_asnn_type type, uint32_t admin, uint32_t number);
int bgp_ext_set_rt(struct bgp_ext_community *ec, enum bgp_asnn_type type, uint32_t admin, uint32_t number);
bool bgp_ext_is_rt(const struct bgp_ext_community *ec);

int bgp_nlri_list_add(struct bgp_nlri_list *l, const struct bgp_nlri *n);
int bgp_aspath_add_segment(struct bgp_aspath *p, uint8_t type, const uint32_t *asns, size_t n);
/* Appends a copy of a capability or attribute to *v, of *n (bo_other, ba_raw). */
int bgp_tlv_add(struct bgp_tlv **v, size_t *n, uint8_t type, const uint8_t *value, uint16_t len);

/* ---- text, for logs and debugging ---- */

/* "1:1", "10.0.0.1:5"; the buffers need 32 bytes. */
void bgp_rd_format(const struct bgp_rd *rd, char *buf, size_t len);
/* "192.168.113.0/24", "1:1:192.168.113.0/24 label 16"; 96 bytes. */
void bgp_nlri_format(const struct bgp_nlri *n, enum bgp_family f, char *buf, size_t len);
/* "RT:1:1", or the type, subtype and value in hex; 40 bytes. */
void bgp_ext_format(const struct bgp_ext_community *ec, char *buf, size_t len);
const char *bgp_action_name(enum bgp_action a);
const char *bgp_family_name(enum bgp_family f);
/* "UPDATE Message Error/Malformed AS_PATH"; "code 9/subcode 1" when unknown. */
void bgp_notification_format(uint8_t code, uint8_t subcode, char *buf, size_t len);
void bgp_error_print(FILE *f, const struct bgp_error *e);
/* The whole message, one element per line. */
void bgp_msg_print(FILE *f, const struct bgp_msg *m);

#endif
