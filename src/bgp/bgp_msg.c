/*
 * The message header (RFC 4271 §4.1), decoding and encoding by type, the
 * small messages (KEEPALIVE, NOTIFICATION, ROUTE-REFRESH) and the error list.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bgp/bgp_msg_int.h"

void bgp_errors_init(struct bgp_errors *e)
{
	memset(e, 0, sizeof(*e));
}

/* When the list is full, a stronger error takes the place of the weakest one. */
void bgp_errors_add(struct bgp_errors *e, const struct bgp_error *err)
{
	size_t weakest = 0;

	if (e->bes_count == 0 || err->be_action > e->bes_action) {
		e->bes_action = err->be_action;
		e->bes_worst = *err;
	}
	if (e->bes_count < BGP_ERRORS_MAX) {
		e->bes_list[e->bes_count++] = *err;
		return;
	}
	e->bes_count++;
	for (size_t i = 1; i < BGP_ERRORS_MAX; i++)
		if (e->bes_list[i].be_action < e->bes_list[weakest].be_action)
			weakest = i;
	if (err->be_action > e->bes_list[weakest].be_action)
		e->bes_list[weakest] = *err;
}

void bgp_fail(struct bgp_errors *e, enum bgp_action a, uint8_t code, uint8_t subcode, const char *what)
{
	bgp_errors_add(e, &(struct bgp_error){.be_action = a, .be_code = code, .be_subcode = subcode, .be_what = what});
}

/* RFC 4271 §6.1: the smallest length each type allows (and, for KEEPALIVE, the largest). */
static bool length_fits(uint8_t type, uint16_t len)
{
	switch (type) {
	case BGP_MSG_OPEN:
		return len >= BGP_OPEN_MIN_LEN;
	case BGP_MSG_UPDATE:
		return len >= BGP_UPDATE_MIN_LEN;
	case BGP_MSG_NOTIFICATION:
		return len >= BGP_NOTIFY_MIN_LEN;
	case BGP_MSG_KEEPALIVE:
		return len == BGP_HEADER_LEN;
	default: /* ROUTE-REFRESH: its own error (RFC 7313 §5), checked when decoded */
		return len >= BGP_HEADER_LEN;
	}
}

/* Checks a complete header; the NOTIFICATION data is the offending field (RFC 4271 §6.1). */
static bool header_ok(const uint8_t *buf, struct bgp_errors *errs)
{
	static const uint8_t marker[BGP_MARKER_LEN] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
						       0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
	uint16_t len = (uint16_t)(buf[16] << 8 | buf[17]);
	uint8_t type = buf[18];
	struct bgp_error e = {.be_action = BGP_ACT_SESSION_RESET, .be_code = BGP_ERR_HEADER};

	if (memcmp(buf, marker, sizeof(marker)) != 0) {
		e.be_subcode = BGP_SUB_NOT_SYNCHRONIZED;
		e.be_what = "marker is not all ones";
	} else if (type < BGP_MSG_OPEN || type > BGP_MSG_ROUTE_REFRESH) {
		e.be_subcode = BGP_SUB_BAD_MSG_TYPE;
		e.be_what = "unknown message type";
		e.be_data = buf + 18;
		e.be_data_len = 1;
	} else if (len < BGP_HEADER_LEN || len > BGP_MSG_MAX || !length_fits(type, len)) {
		e.be_subcode = BGP_SUB_BAD_MSG_LENGTH;
		e.be_what = "bad message length";
		e.be_data = buf + 16;
		e.be_data_len = 2;
	} else {
		return true;
	}
	bgp_errors_add(errs, &e);
	return false;
}

ssize_t bgp_msg_frame(const uint8_t *buf, size_t len, struct bgp_errors *errs)
{
	size_t msg_len;

	bgp_errors_init(errs);
	if (len < BGP_HEADER_LEN)
		return 0;
	if (!header_ok(buf, errs))
		return -1;
	msg_len = (size_t)(buf[16] << 8 | buf[17]);
	return msg_len <= len ? (ssize_t)msg_len : 0;
}

static void notification_decode(struct bgp_in *body, struct bgp_notification *n, struct bgp_errors *errs)
{
	if (!in_u8(body, &n->bnf_code) || !in_u8(body, &n->bnf_subcode))
		return; /* the header check guarantees both octets */
	n->bnf_len = body->in_left;
	if (n->bnf_len && !(n->bnf_data = malloc(n->bnf_len))) {
		n->bnf_len = 0;
		bgp_fail(errs, BGP_ACT_SESSION_RESET, BGP_ERR_CEASE, BGP_SUB_OUT_OF_RESOURCES, "out of memory");
		return;
	}
	in_copy(body, n->bnf_data, n->bnf_len);
}

static void route_refresh_decode(struct bgp_in *body, struct bgp_route_refresh *rr, struct bgp_errors *errs)
{
	if (body->in_left != BGP_RR_LEN - BGP_HEADER_LEN) {
		bgp_fail(errs, BGP_ACT_SESSION_RESET, BGP_ERR_ROUTE_REFRESH, BGP_SUB_BAD_RR_LENGTH,
			 "ROUTE-REFRESH length is not 23");
		return;
	}
	in_u16(body, &rr->brr_afi);
	in_u8(body, &rr->brr_subtype);
	in_u8(body, &rr->brr_safi);
}

static void body_decode(struct bgp_in *body, const struct bgp_codec *c, struct bgp_msg *m, struct bgp_errors *errs)
{
	switch (m->bm_type) {
	case BGP_MSG_OPEN:
		bgp_open_decode(body, &m->bm_open, errs);
		break;
	case BGP_MSG_UPDATE:
		bgp_update_decode(body, c, &m->bm_update, errs);
		break;
	case BGP_MSG_NOTIFICATION:
		notification_decode(body, &m->bm_notification, errs);
		break;
	case BGP_MSG_ROUTE_REFRESH:
		route_refresh_decode(body, &m->bm_route_refresh, errs);
		break;
	case BGP_MSG_KEEPALIVE: /* nothing past the header, which says so */
		break;
	}
}

enum bgp_action bgp_msg_decode(const uint8_t *buf, size_t len, const struct bgp_codec *c, struct bgp_msg *m,
			       struct bgp_errors *errs)
{
	struct bgp_in body;

	memset(m, 0, sizeof(*m));
	if (bgp_msg_frame(buf, len, errs) != (ssize_t)len || len < BGP_HEADER_LEN) {
		if (errs->bes_count == 0)
			bgp_errors_add(errs,
				       &(struct bgp_error){.be_action = BGP_ACT_SESSION_RESET,
							   .be_code = BGP_ERR_HEADER,
							   .be_subcode = BGP_SUB_BAD_MSG_LENGTH,
							   .be_what = "length field differs from the message size",
							   .be_data = len >= BGP_HEADER_LEN ? buf + 16 : NULL,
							   .be_data_len = len >= BGP_HEADER_LEN ? 2 : 0});
		return errs->bes_action;
	}
	m->bm_type = buf[18];
	body = bgp_in_make(buf + BGP_HEADER_LEN, len - BGP_HEADER_LEN);
	body_decode(&body, c, m, errs);
	return errs->bes_action;
}

void bgp_msg_free(struct bgp_msg *m)
{
	switch (m->bm_type) {
	case BGP_MSG_OPEN:
		bgp_open_free(&m->bm_open);
		break;
	case BGP_MSG_UPDATE:
		bgp_update_free(&m->bm_update);
		break;
	case BGP_MSG_NOTIFICATION:
		free(m->bm_notification.bnf_data);
		break;
	case BGP_MSG_KEEPALIVE:
	case BGP_MSG_ROUTE_REFRESH:
		break;
	}
	memset(m, 0, sizeof(*m));
}

int bgp_array_append(void *arr, size_t *n, size_t size, const void *elem)
{
	void **v = arr, *grown = realloc(*v, (*n + 1) * size);

	if (!grown)
		return -1;
	*v = grown;
	memcpy((char *)grown + *n * size, elem, size);
	(*n)++;
	return 0;
}

int bgp_tlv_add(struct bgp_tlv **v, size_t *n, uint8_t type, const uint8_t *value, uint16_t len)
{
	struct bgp_tlv t = {.btlv_type = type, .btlv_len = len, .btlv_value = len ? malloc(len) : NULL};

	if (len && !t.btlv_value)
		return -1;
	if (len)
		memcpy(t.btlv_value, value, len);
	if (bgp_array_append(v, n, sizeof(t), &t) < 0) {
		free(t.btlv_value);
		return -1;
	}
	return 0;
}

void bgp_tlvs_free(struct bgp_tlv *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].btlv_value);
	free(v);
}

void bgp_msg_begin(struct bgp_out *o, enum bgp_msg_type type)
{
	uint8_t *p = out_room(o, BGP_HEADER_LEN);

	if (!p)
		return;
	memset(p, 0xff, BGP_MARKER_LEN);
	put_uint(p + BGP_MARKER_LEN, 2, 0);
	p[18] = (uint8_t)type;
}

ssize_t bgp_msg_end(struct bgp_out *o)
{
	if (o->out_full || o->out_len > BGP_MSG_MAX) {
		errno = EMSGSIZE;
		return -1;
	}
	out_patch(o, BGP_MARKER_LEN, 2, (uint32_t)o->out_len);
	return (ssize_t)o->out_len;
}

static ssize_t update_encode_whole(const struct bgp_update *u, const struct bgp_codec *c, uint8_t *buf, size_t cap)
{
	struct bgp_update_cursor cur = {0};
	size_t len;

	if (bgp_update_encode(u, c, &cur, buf, cap, &len) < 0)
		return -1;
	if (!bgp_update_encoded(u, &cur)) {
		errno = EMSGSIZE;
		return -1;
	}
	return (ssize_t)len;
}

ssize_t bgp_msg_encode(const struct bgp_msg *m, const struct bgp_codec *c, uint8_t *buf, size_t cap)
{
	struct bgp_out o = bgp_out_make(buf, cap);

	if (m->bm_type == BGP_MSG_UPDATE)
		return update_encode_whole(&m->bm_update, c, buf, cap);
	bgp_msg_begin(&o, m->bm_type);
	switch (m->bm_type) {
	case BGP_MSG_OPEN:
		if (!bgp_open_encode(&m->bm_open, &o)) {
			errno = EINVAL;
			return -1;
		}
		break;
	case BGP_MSG_NOTIFICATION:
		out_u8(&o, m->bm_notification.bnf_code);
		out_u8(&o, m->bm_notification.bnf_subcode);
		out_bytes(&o, m->bm_notification.bnf_data, m->bm_notification.bnf_len);
		break;
	case BGP_MSG_ROUTE_REFRESH:
		out_u16(&o, m->bm_route_refresh.brr_afi);
		out_u8(&o, m->bm_route_refresh.brr_subtype);
		out_u8(&o, m->bm_route_refresh.brr_safi);
		break;
	case BGP_MSG_KEEPALIVE:
	case BGP_MSG_UPDATE:
		break;
	}
	return bgp_msg_end(&o);
}
