/* Payload lists and owned blobs: building, finding and freeing them. */
#include <stdlib.h>
#include <string.h>

#include "ike/ikev2_pl.h"

const struct ikev2_layout *ikev2_layout_of(uint8_t type)
{
	switch (type) {
	case IKEV2_PL_SA:
		return &ikev2_layout_sa;
	case IKEV2_PL_KE:
		return &ikev2_layout_ke;
	case IKEV2_PL_IDI:
	case IKEV2_PL_IDR:
		return &ikev2_layout_id;
	case IKEV2_PL_CERT:
	case IKEV2_PL_CERTREQ:
		return &ikev2_layout_cert;
	case IKEV2_PL_AUTH:
		return &ikev2_layout_auth;
	case IKEV2_PL_NONCE:
		return &ikev2_layout_nonce;
	case IKEV2_PL_VENDOR:
	case IKEV2_PL_EAP:
		return &ikev2_layout_data;
	case IKEV2_PL_NOTIFY:
		return &ikev2_layout_notify;
	case IKEV2_PL_DELETE:
		return &ikev2_layout_delete;
	case IKEV2_PL_TSI:
	case IKEV2_PL_TSR:
		return &ikev2_layout_ts;
	case IKEV2_PL_CP:
		return &ikev2_layout_cp;
	case IKEV2_PL_SK:
		return &ikev2_layout_sk;
	case IKEV2_PL_SKF:
		return &ikev2_layout_skf;
	default:
		return NULL;
	}
}

struct ikev2_pl *ikev2_pl_add(struct ikev2_pl **list, uint8_t type)
{
	struct ikev2_pl *pl = calloc(1, sizeof(*pl));

	if (!pl)
		return NULL;
	pl->pl_type = type;
	while (*list)
		list = &(*list)->pl_next;
	*list = pl;
	return pl;
}

void ikev2_pl_list_free(struct ikev2_pl *list)
{
	while (list) {
		struct ikev2_pl *next = list->pl_next;
		const struct ikev2_layout *ly = ikev2_layout_of(list->pl_type);
		if (ly)
			ly->ly_free(list);
		free(list);
		list = next;
	}
}

const struct ikev2_pl *ikev2_pl_find(const struct ikev2_pl *list, uint8_t type)
{
	while (list && list->pl_type != type)
		list = list->pl_next;
	return list;
}

const struct ikev2_pl *ikev2_notify_find(const struct ikev2_pl *list, uint16_t notify_type)
{
	for (list = ikev2_pl_find(list, IKEV2_PL_NOTIFY); list; list = ikev2_pl_find(list->pl_next, IKEV2_PL_NOTIFY))
		if (list->pl_notify.no_type == notify_type)
			return list;
	return NULL;
}

int ikev2_blob_set(struct ikev2_blob *b, const void *data, size_t len)
{
	uint8_t *copy = NULL;

	if (len && !(copy = malloc(len)))
		return -1;
	if (len)
		memcpy(copy, data, len);
	ikev2_blob_free(b);
	*b = (struct ikev2_blob){.bl_data = copy, .bl_len = len};
	return 0;
}

void ikev2_blob_free(struct ikev2_blob *b)
{
	free(b->bl_data);
	*b = (struct ikev2_blob){0};
}
