/*
 * Routes on the wire: IPv4 prefixes (RFC 4271 §4.3) and labeled VPNv4 ones
 * (RFC 4364 §4.3.4, RFC 8277 §2): a length in bits covering the label stack,
 * the route distinguisher and the prefix. Labels are three octets each, the
 * label in the top 20 bits and bottom-of-stack in the last; a withdrawal
 * carries one label field, 0x800000 when sent and ignored when received
 * (RFC 8277 §2.4).
 */
#include <stdlib.h>
#include <string.h>

#include "bgp/bgp_msg_int.h"

#define LABEL_BITS	24
#define RD_BITS		64
#define LABEL_BOS	0x1
#define LABEL_WITHDRAWN 0x800000
#define NLRI_LIST_FIRST 16

static const struct bgp_family_def family_defs[] = {
    [BGP_FAMILY_IPV4_UNICAST] = {BGP_MP_AFI_IPV4, BGP_MP_SAFI_UNICAST, false, "IPv4 Unicast"},
    [BGP_FAMILY_VPNV4] = {BGP_MP_AFI_IPV4, BGP_MP_SAFI_VPN, true, "VPNv4 Unicast"},
};

const struct bgp_family_def *bgp_family_def(enum bgp_family f)
{
	return &family_defs[f];
}

bool bgp_family_find(uint16_t afi, uint8_t safi, enum bgp_family *f)
{
	for (size_t i = 0; i < sizeof(family_defs) / sizeof(family_defs[0]); i++) {
		if (family_defs[i].fd_afi == afi && family_defs[i].fd_safi == safi) {
			*f = (enum bgp_family)i;
			return true;
		}
	}
	return false;
}

/* Type 0 has a two-octet administrator and a four-octet number; the others four and two. */
static unsigned admin_width(unsigned type)
{
	return type == BGP_ASNN_AS2 ? 2 : 4;
}

bool bgp_asnn_decode(struct bgp_in *in, unsigned type, struct bgp_asnn *v)
{
	return in_uint(in, admin_width(type), &v->ban_admin) && in_uint(in, 6 - admin_width(type), &v->ban_number);
}

void bgp_asnn_encode(struct bgp_out *o, unsigned type, const struct bgp_asnn *v)
{
	out_uint(o, admin_width(type), v->ban_admin);
	out_uint(o, 6 - admin_width(type), v->ban_number);
}

bool bgp_asnn_fits(unsigned type, const struct bgp_asnn *v)
{
	return admin_width(type) == 2 ? v->ban_admin <= UINT16_MAX : v->ban_number <= UINT16_MAX;
}

int bgp_rd_set(struct bgp_rd *rd, enum bgp_asnn_type type, uint32_t admin, uint32_t number)
{
	struct bgp_asnn v = {.ban_admin = admin, .ban_number = number};

	if (type > BGP_ASNN_AS4 || !bgp_asnn_fits(type, &v))
		return -1;
	*rd = (struct bgp_rd){.brd_type = type, .brd_asnn = v};
	return 0;
}

int bgp_ext_set_rt(struct bgp_ext_community *ec, enum bgp_asnn_type type, uint32_t admin, uint32_t number)
{
	struct bgp_asnn v = {.ban_admin = admin, .ban_number = number};

	if (type > BGP_ASNN_AS4 || !bgp_asnn_fits(type, &v))
		return -1;
	*ec = (struct bgp_ext_community){.bec_type = type, .bec_subtype = BGP_EXT_SUBTYPE_RT, .bec_rt = v};
	return 0;
}

bool bgp_ext_is_rt(const struct bgp_ext_community *ec)
{
	return ec->bec_type <= BGP_ASNN_AS4 && ec->bec_subtype == BGP_EXT_SUBTYPE_RT;
}

int bgp_nlri_list_add(struct bgp_nlri_list *l, const struct bgp_nlri *n)
{
	if (l->bnl_n == l->bnl_cap) {
		size_t cap = l->bnl_cap ? 2 * l->bnl_cap : NLRI_LIST_FIRST;
		struct bgp_nlri *v = realloc(l->bnl_v, cap * sizeof(*v));
		if (!v)
			return -1;
		l->bnl_v = v;
		l->bnl_cap = cap;
	}
	l->bnl_v[l->bnl_n++] = *n;
	return 0;
}

void bgp_nlri_list_free(struct bgp_nlri_list *l)
{
	free(l->bnl_v);
	memset(l, 0, sizeof(*l));
}

/* A withdrawal's one label field is skipped; an announcement's stack runs to bottom-of-stack. */
static bool labels_decode(struct bgp_in *in, bool withdraw, struct bgp_nlri *n, unsigned *bits)
{
	uint32_t field;

	do {
		if (*bits < LABEL_BITS || !in_uint(in, 3, &field))
			return false;
		*bits -= LABEL_BITS;
		if (withdraw)
			return true;
		if (n->bn_nlabels == BGP_LABELS_MAX)
			return false;
		n->bn_labels[n->bn_nlabels++] = field >> 4;
	} while (!(field & LABEL_BOS));
	return true;
}

static bool rd_decode(struct bgp_in *in, struct bgp_rd *rd, unsigned *bits)
{
	if (*bits < RD_BITS)
		return false;
	*bits -= RD_BITS;
	return in_u16(in, &rd->brd_type) && bgp_asnn_decode(in, rd->brd_type, &rd->brd_asnn);
}

static uint32_t prefix_mask(unsigned plen)
{
	return plen ? UINT32_MAX << (32 - plen) : 0;
}

static bool prefix_decode(struct bgp_in *in, unsigned bits, struct bgp_nlri *n)
{
	uint8_t octets[4] = {0};

	if (bits > 32 || !in_copy(in, octets, (bits + 7) / 8))
		return false;
	n->bn_plen = (uint8_t)bits;
	n->bn_prefix = (uint32_t)octets[0] << 24 | (uint32_t)octets[1] << 16 | (uint32_t)octets[2] << 8 | octets[3];
	n->bn_prefix &= prefix_mask(bits); /* RFC 4271 §4.3: trailing bits are irrelevant */
	return true;
}

static bool nlri_decode(struct bgp_in *in, enum bgp_family f, bool withdraw, struct bgp_nlri *n)
{
	uint8_t len;
	unsigned bits;

	memset(n, 0, sizeof(*n));
	if (!in_u8(in, &len))
		return false;
	bits = len;
	if (family_defs[f].fd_vpn && (!labels_decode(in, withdraw, n, &bits) || !rd_decode(in, &n->bn_rd, &bits)))
		return false;
	return prefix_decode(in, bits, n);
}

bool bgp_nlri_decode_all(struct bgp_in *in, enum bgp_family f, bool withdraw, struct bgp_nlri_list *l)
{
	struct bgp_nlri n;

	while (in->in_left) {
		if (!nlri_decode(in, f, withdraw, &n) || bgp_nlri_list_add(l, &n) < 0)
			return false;
	}
	return true;
}

static bool nlri_valid(const struct bgp_nlri *n, enum bgp_family f, bool withdraw)
{
	if (n->bn_plen > 32)
		return false;
	if (!family_defs[f].fd_vpn)
		return true;
	if (!bgp_asnn_fits(n->bn_rd.brd_type, &n->bn_rd.brd_asnn))
		return false;
	if (withdraw)
		return true;
	if (n->bn_nlabels == 0 || n->bn_nlabels > BGP_LABELS_MAX)
		return false;
	for (unsigned i = 0; i < n->bn_nlabels; i++)
		if (n->bn_labels[i] > BGP_LABEL_MAX)
			return false;
	return true;
}

static void labels_encode(struct bgp_out *o, const struct bgp_nlri *n, bool withdraw)
{
	if (withdraw) {
		out_uint(o, 3, LABEL_WITHDRAWN);
		return;
	}
	for (unsigned i = 0; i < n->bn_nlabels; i++)
		out_uint(o, 3, n->bn_labels[i] << 4 | (i + 1 == n->bn_nlabels ? LABEL_BOS : 0));
}

static void nlri_encode(struct bgp_out *o, const struct bgp_nlri *n, enum bgp_family f, bool withdraw)
{
	unsigned bits = n->bn_plen;
	uint8_t octets[4];

	if (family_defs[f].fd_vpn)
		bits += (withdraw ? 1 : n->bn_nlabels) * LABEL_BITS + RD_BITS;
	out_u8(o, bits);
	if (family_defs[f].fd_vpn) {
		labels_encode(o, n, withdraw);
		out_u16(o, n->bn_rd.brd_type);
		bgp_asnn_encode(o, n->bn_rd.brd_type, &n->bn_rd.brd_asnn);
	}
	put_uint(octets, 4, n->bn_prefix & prefix_mask(n->bn_plen));
	out_bytes(o, octets, (n->bn_plen + 7u) / 8);
}

ssize_t bgp_nlri_encode_fit(struct bgp_out *o, const struct bgp_nlri_list *l, size_t *next, enum bgp_family f,
			    bool withdraw)
{
	ssize_t count = 0;

	if (o->out_full) /* what precedes the routes did not fit */
		return 0;
	for (; *next < l->bnl_n; (*next)++, count++) {
		size_t mark = o->out_len;
		if (!nlri_valid(&l->bnl_v[*next], f, withdraw))
			return -1;
		nlri_encode(o, &l->bnl_v[*next], f, withdraw);
		if (o->out_full) {
			o->out_len = mark;
			o->out_full = false;
			break;
		}
	}
	return count;
}
