/* What the files of the BGP message codec share with one another (not an API). */
#ifndef FERRY_BGP_BGP_MSG_INT_H
#define FERRY_BGP_BGP_MSG_INT_H

#include <netinet/in.h>

#include "bgp/bgp_buf.h"
#include "bgp/bgp_msg.h"

#define BGP_OPEN_MIN_LEN   29
#define BGP_UPDATE_MIN_LEN 23
#define BGP_NOTIFY_MIN_LEN 21
#define BGP_RR_LEN	   23

/* bgp_msg.c: errors and the common header. */
void bgp_errors_init(struct bgp_errors *e);
void bgp_errors_add(struct bgp_errors *e, const struct bgp_error *err);
void bgp_fail(struct bgp_errors *e, enum bgp_action a, uint8_t code, uint8_t subcode, const char *what);
/* Writes a header of the given type; bgp_msg_end fills in the length. */
void bgp_msg_begin(struct bgp_out *o, enum bgp_msg_type type);
ssize_t bgp_msg_end(struct bgp_out *o);
/* Appends elem (size octets) to the array *arr of *n elements; -1 when out of memory. */
int bgp_array_append(void *arr, size_t *n, size_t size, const void *elem);
void bgp_tlvs_free(struct bgp_tlv *v, size_t n);

/* bgp_open.c */
void bgp_open_decode(struct bgp_in *body, struct bgp_open *o, struct bgp_errors *errs);
/* False when the capabilities do not fit the optional parameters. */
bool bgp_open_encode(const struct bgp_open *o, struct bgp_out *out);
void bgp_open_free(struct bgp_open *o);

/* bgp_update.c */
void bgp_update_decode(struct bgp_in *body, const struct bgp_codec *c, struct bgp_update *u, struct bgp_errors *errs);

/* bgp_nlri.c: families, RDs, NLRI. */
struct bgp_family_def {
	uint16_t fd_afi;
	uint8_t fd_safi;
	bool fd_vpn; /* labels and an RD before the prefix; an RD before the next hop */
	const char *fd_name;
};
const struct bgp_family_def *bgp_family_def(enum bgp_family f);
bool bgp_family_find(uint16_t afi, uint8_t safi, enum bgp_family *f);
/* The six value octets of an RD or a route target of the given type. */
bool bgp_asnn_decode(struct bgp_in *in, unsigned type, struct bgp_asnn *v);
void bgp_asnn_encode(struct bgp_out *o, unsigned type, const struct bgp_asnn *v);
bool bgp_asnn_fits(unsigned type, const struct bgp_asnn *v);
/* Every NLRI left in in; a withdrawal's label field is skipped, not kept. False when malformed. */
void bgp_nlri_list_free(struct bgp_nlri_list *l);
bool bgp_nlri_decode_all(struct bgp_in *in, enum bgp_family f, bool withdraw, struct bgp_nlri_list *l);
/* Writes routes from *next on while they fit in o; returns how many, advancing *next, or -1 on an invalid one. */
ssize_t bgp_nlri_encode_fit(struct bgp_out *o, const struct bgp_nlri_list *l, size_t *next, enum bgp_family f,
			    bool withdraw);

/* bgp_attr.c: the path attributes, one struct attr_def each. */
struct attr_def;
struct list_def;
struct attr_ctx {
	const struct bgp_codec *ax_codec;
	struct bgp_update *ax_update;
};
/* Why an attribute was not taken; the caller presets the action the attribute's RFC gives. */
struct attr_fault {
	enum bgp_action af_action;
	uint8_t af_subcode;
	const char *af_what;
};
typedef bool attr_decode_fn(const struct attr_def *d, struct bgp_in *val, struct attr_ctx *x, struct attr_fault *f);
/* Writes the value; false when the struct holds what the wire cannot carry. */
typedef bool attr_encode_fn(const struct attr_def *d, struct bgp_out *o, const struct bgp_attrs *a,
			    const struct bgp_codec *c);

#define BGP_SESSION_ASN_WIDTH 0 /* ad_width of AS numbers: 2 or 4 octets as the session negotiated */

struct attr_def {
	uint8_t ad_type;
	uint8_t ad_flags;	     /* the Optional and Transitive bits its RFC gives it */
	enum bgp_action ad_on_error; /* RFC 7606 §7, RFC 6793 §6 */
	attr_decode_fn *ad_decode;
	attr_encode_fn *ad_encode; /* NULL for the MP attributes: the update encoder writes them */
	size_t ad_field;	   /* offsetof its field in struct bgp_attrs */
	uint8_t ad_width;	   /* fixed-size values: octets; AS numbers: 4 or BGP_SESSION_ASN_WIDTH */
	const struct list_def *ad_list;
};

static inline void *bgp_attr_field(const struct attr_def *d, const struct bgp_attrs *a)
{
	return (char *)a + d->ad_field;
}

bool bgp_attr_fault(struct attr_fault *f, uint8_t subcode, const char *what);
void bgp_attrs_decode(struct bgp_in *in, const struct bgp_codec *c, struct bgp_update *u, struct bgp_errors *errs);
/* The attributes but the MP ones; false when the struct holds what the wire cannot carry. */
bool bgp_attrs_encode(struct bgp_out *o, const struct bgp_attrs *a, const struct bgp_codec *c);
/* Attribute framing, shared with the MP attributes; the length takes one octet when it can. */
size_t bgp_attr_begin(struct bgp_out *o, uint8_t flags, uint8_t type);
void bgp_attr_end(struct bgp_out *o, size_t start);

/* bgp_attr_as.c: AS_PATH, AS4_PATH, AGGREGATOR, AS4_AGGREGATOR. */
attr_decode_fn bgp_aspath_decode, bgp_as4_path_decode, bgp_aggregator_decode, bgp_as4_aggregator_decode;
attr_encode_fn bgp_aspath_encode, bgp_aggregator_encode;
void bgp_aspath_free(struct bgp_aspath *p);

/* bgp_attr_mp.c: MP_REACH_NLRI and MP_UNREACH_NLRI, whose routes the update encoder splits. */
attr_decode_fn bgp_mp_reach_decode, bgp_mp_unreach_decode;
/* Writes the attribute with routes from *next on while they fit; returns how many, or -1 on an invalid one. */
ssize_t bgp_mp_reach_encode(struct bgp_out *o, const struct bgp_mp_nlri *mp, size_t *next);
ssize_t bgp_mp_unreach_encode(struct bgp_out *o, const struct bgp_mp_nlri *mp, size_t *next);

/* bgp_msg_text.c */
const char *bgp_ipv4_text(uint32_t addr, char buf[INET_ADDRSTRLEN]);

#endif
