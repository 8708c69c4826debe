/*
 * UPDATE (RFC 4271 §4.3): the Withdrawn Routes, Path Attributes and NLRI
 * fields. The encoder packs an update into as few messages as it takes:
 * withdrawals first (the Withdrawn Routes field, then MP_UNREACH_NLRI), then
 * announcements, each message that announces carrying all the attributes.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bgp/bgp_msg_int.h"

/* RFC 7606 §3 g, §5.3: fields that do not parse leave nothing to withdraw: reset. */
void bgp_update_decode(struct bgp_in *body, const struct bgp_codec *c, struct bgp_update *u, struct bgp_errors *errs)
{
	uint16_t withdrawn_len, attrs_len;
	struct bgp_in withdrawn, attrs;

	if (!in_u16(body, &withdrawn_len) || !in_sub(body, withdrawn_len, &withdrawn) || !in_u16(body, &attrs_len) ||
	    !in_sub(body, attrs_len, &attrs)) {
		bgp_fail(errs, BGP_ACT_SESSION_RESET, BGP_ERR_UPDATE, BGP_SUB_MALFORMED_ATTR_LIST,
			 "Withdrawn Routes or Total Path Attribute Length overruns the message");
		return;
	}
	if (!bgp_nlri_decode_all(&withdrawn, BGP_FAMILY_IPV4_UNICAST, true, &u->bu_withdrawn) ||
	    !bgp_nlri_decode_all(body, BGP_FAMILY_IPV4_UNICAST, false, &u->bu_nlri)) {
		bgp_fail(errs, BGP_ACT_SESSION_RESET, BGP_ERR_UPDATE, BGP_SUB_BAD_NETWORK,
			 "malformed prefix in the Withdrawn Routes or NLRI field");
		return;
	}
	bgp_attrs_decode(&attrs, c, u, errs);
}

void bgp_update_free(struct bgp_update *u)
{
	bgp_nlri_list_free(&u->bu_withdrawn);
	bgp_attrs_free(&u->bu_attrs);
	bgp_nlri_list_free(&u->bu_mp_reach.bmp_nlri);
	bgp_nlri_list_free(&u->bu_mp_unreach.bmp_nlri);
	bgp_nlri_list_free(&u->bu_nlri);
	memset(u, 0, sizeof(*u));
}

/* Whether the update has a part that announces: attributes, MP_REACH_NLRI or NLRI. */
static bool has_announce(const struct bgp_update *u)
{
	return u->bu_attrs.ba_has || u->bu_attrs.ba_nraw || u->bu_mp_reach.bmp_present || u->bu_nlri.bnl_n;
}

static bool unreach_done(const struct bgp_update *u, const struct bgp_update_cursor *cur)
{
	return cur->buc_unreach == u->bu_mp_unreach.bmp_nlri.bnl_n &&
	       (!u->bu_mp_unreach.bmp_present || cur->buc_unreach_sent);
}

static size_t announce_left(const struct bgp_update *u, const struct bgp_update_cursor *cur)
{
	return u->bu_mp_reach.bmp_nlri.bnl_n - cur->buc_reach + u->bu_nlri.bnl_n - cur->buc_nlri;
}

bool bgp_update_encoded(const struct bgp_update *u, const struct bgp_update_cursor *cur)
{
	return cur->buc_started && cur->buc_withdrawn == u->bu_withdrawn.bnl_n && unreach_done(u, cur) &&
	       announce_left(u, cur) == 0 && (!has_announce(u) || cur->buc_attrs_sent);
}

static void rollback(struct bgp_out *o, size_t mark)
{
	o->out_len = mark;
	o->out_full = false;
}

static ssize_t unreach_part(struct bgp_out *o, const struct bgp_update *u, struct bgp_update_cursor *cur)
{
	size_t mark = o->out_len, next = cur->buc_unreach;
	ssize_t n;

	if (unreach_done(u, cur))
		return 0;
	if ((n = bgp_mp_unreach_encode(o, &u->bu_mp_unreach, &next)) < 0)
		return -1;
	if (o->out_full || (n == 0 && next < u->bu_mp_unreach.bmp_nlri.bnl_n)) {
		rollback(o, mark);
		return 0;
	}
	cur->buc_unreach = next;
	cur->buc_unreach_sent = true;
	return n;
}

/* MP_REACH_NLRI with as many routes as leave room for the other attributes (attrs_len octets). */
static ssize_t reach_fit(struct bgp_out *o, const struct bgp_update *u, size_t attrs_len, size_t *next)
{
	size_t reserve = attrs_len < o->out_cap ? attrs_len : o->out_cap;
	ssize_t n;

	if (!u->bu_mp_reach.bmp_present)
		return 0;
	o->out_cap -= reserve;
	n = bgp_mp_reach_encode(o, &u->bu_mp_reach, next);
	o->out_cap += reserve;
	return n;
}

/* MP_REACH_NLRI, the other attributes, then the NLRI field; attrs_at is the Total Path Attribute Length. */
static ssize_t announce_part(struct bgp_out *o, size_t attrs_at, const struct bgp_update *u, const struct bgp_codec *c,
			     struct bgp_update_cursor *cur)
{
	uint8_t attrs[BGP_MSG_MAX];
	struct bgp_out a = bgp_out_make(attrs, sizeof(attrs));
	size_t mark = o->out_len, reach = cur->buc_reach, nlri = cur->buc_nlri, left = announce_left(u, cur);
	ssize_t n_reach, n_nlri;

	if (!has_announce(u) || (cur->buc_attrs_sent && left == 0))
		return 0;
	if (!bgp_attrs_encode(&a, &u->bu_attrs, c) || (n_reach = reach_fit(o, u, a.out_len, &reach)) < 0)
		return -1;
	out_bytes(o, attrs, a.out_len);
	out_patch(o, attrs_at, 2, (uint32_t)(o->out_len - attrs_at - 2));
	if ((n_nlri = bgp_nlri_encode_fit(o, &u->bu_nlri, &nlri, BGP_FAMILY_IPV4_UNICAST, false)) < 0)
		return -1;
	if (a.out_full || o->out_full || (n_reach + n_nlri == 0 && left > 0)) {
		rollback(o, mark);
		out_patch(o, attrs_at, 2, (uint32_t)(o->out_len - attrs_at - 2));
		return 0;
	}
	cur->buc_reach = reach;
	cur->buc_nlri = nlri;
	cur->buc_attrs_sent = true;
	return n_reach + n_nlri;
}

/* The fields after the header; returns the routes placed, -1 on an invalid update. */
static ssize_t fields_encode(struct bgp_out *o, const struct bgp_update *u, const struct bgp_codec *c,
			     struct bgp_update_cursor *cur)
{
	size_t at = o->out_len;
	ssize_t n, total;

	out_u16(o, 0);
	o->out_cap -= 2; /* the Total Path Attribute Length comes after the withdrawn routes */
	total = bgp_nlri_encode_fit(o, &u->bu_withdrawn, &cur->buc_withdrawn, BGP_FAMILY_IPV4_UNICAST, true);
	o->out_cap += 2;
	if (total < 0)
		return -1;
	out_patch(o, at, 2, (uint32_t)(o->out_len - at - 2));
	at = o->out_len;
	out_u16(o, 0);
	if (cur->buc_withdrawn < u->bu_withdrawn.bnl_n)
		return total;
	if ((n = unreach_part(o, u, cur)) < 0)
		return -1;
	total += n;
	out_patch(o, at, 2, (uint32_t)(o->out_len - at - 2));
	if (!unreach_done(u, cur))
		return total;
	if ((n = announce_part(o, at, u, c, cur)) < 0)
		return -1;
	return total + n;
}

/* Whether this message moved the update on; an empty update is one empty message. */
static bool progressed(const struct bgp_update *u, const struct bgp_update_cursor *before,
		       const struct bgp_update_cursor *after, ssize_t routes)
{
	bool empty = !u->bu_withdrawn.bnl_n && !u->bu_mp_unreach.bmp_present && !has_announce(u);

	return routes > 0 || after->buc_unreach_sent != before->buc_unreach_sent ||
	       after->buc_attrs_sent != before->buc_attrs_sent || (!before->buc_started && empty);
}

int bgp_update_encode(const struct bgp_update *u, const struct bgp_codec *c, struct bgp_update_cursor *cur,
		      uint8_t *buf, size_t cap, size_t *len)
{
	struct bgp_out o = bgp_out_make(buf, cap < BGP_MSG_MAX ? cap : BGP_MSG_MAX);
	struct bgp_update_cursor before = *cur;
	ssize_t routes, msg_len;

	if ((!u->bu_mp_reach.bmp_present && u->bu_mp_reach.bmp_nlri.bnl_n) ||
	    (!u->bu_mp_unreach.bmp_present && u->bu_mp_unreach.bmp_nlri.bnl_n)) {
		errno = EINVAL;
		return -1;
	}
	bgp_msg_begin(&o, BGP_MSG_UPDATE);
	if ((routes = fields_encode(&o, u, c, cur)) < 0) {
		*cur = before;
		errno = EINVAL;
		return -1;
	}
	if ((msg_len = bgp_msg_end(&o)) < 0 || !progressed(u, &before, cur, routes)) {
		*cur = before;
		errno = EMSGSIZE;
		return -1;
	}
	cur->buc_started = true;
	*len = (size_t)msg_len;
	return (int)routes;
}
