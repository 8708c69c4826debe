/* Ferry's MPLS label + VRF vendor-private extension (nhrp_label_ext.h, doc/nhrp-mpls-label.md). */
#include <string.h>

#include "nhrp/nhrp_msg_int.h"

/* Ferry's extension but malformed: the packet is refused, as an invalid extension (RFC 2332 code 9). */
static int invalid(struct nhrp_rd *r, const char *what)
{
	return nhrp_rd_fail(r, NHRP_ERR_INVALID_EXT, what);
}

static int labels_decode(struct nhrp_rd *r, struct nhrp_label_ext *le)
{
	uint32_t v;

	if (le->le_nlabels > NHRP_LABEL_EXT_MAX)
		return invalid(r, "label extension: more labels than CIEs Ferry takes");
	if (nhrp_rd_left(r) != (size_t)le->le_nlabels * NHRP_LABEL_ENTRY_LEN)
		return invalid(r, "label extension: length disagrees with its label count");
	for (size_t i = 0; i < le->le_nlabels; i++) {
		if (nhrp_rd_u32(r, &v, "label extension: label truncated") < 0)
			return -1;
		le->le_label[i] = v >> 12; /* the low 12 bits are reserved */
	}
	return 0;
}

int nhrp_label_ext_decode(struct nhrp_rd *r, struct nhrp_label_ext *le)
{
	const uint8_t *head = nhrp_rd_take(r, 3, "vendor-private extension shorter than its vendor id");
	const uint8_t *fixed;

	if (!head)
		return invalid(r, r->rd_err->ne_what);
	if (((uint32_t)head[0] << 16 | (uint32_t)head[1] << 8 | head[2]) != NHRP_FERRY_VENDOR_ID)
		return 0; /* another vendor's, whatever follows its id (RFC 2332 5.3.7): not for us */
	if (!(head = nhrp_rd_take(r, 1, "label extension: no version")))
		return invalid(r, r->rd_err->ne_what);
	if (head[0] != NHRP_LABEL_EXT_VERSION)
		return 0; /* a later version of ours: not for us */
	fixed = nhrp_rd_take(r, NHRP_LABEL_EXT_FIXED - 4, "label extension truncated");
	if (!fixed)
		return invalid(r, r->rd_err->ne_what);
	le->le_request = fixed[0] & NHRP_LABEL_FLAG_REQUEST;
	le->le_nlabels = fixed[1];
	memcpy(le->le_rd, fixed + 4, NHRP_RD_LEN);
	return labels_decode(r, le) < 0 ? -1 : 1;
}

int nhrp_label_ext_encode(struct nhrp_wr *w, const struct nhrp_label_ext *le)
{
	uint8_t head[NHRP_LABEL_EXT_FIXED] = {NHRP_FERRY_VENDOR_ID >> 16, (NHRP_FERRY_VENDOR_ID >> 8) & 0xff,
					      NHRP_FERRY_VENDOR_ID & 0xff, NHRP_LABEL_EXT_VERSION};

	if (le->le_nlabels > NHRP_LABEL_EXT_MAX)
		return nhrp_fail(w->wr_err, NHRP_ERR_NONE, w->wr_len, "label extension: too many labels");
	head[4] = le->le_request ? NHRP_LABEL_FLAG_REQUEST : 0;
	head[5] = le->le_nlabels;
	memcpy(head + 8, le->le_rd, NHRP_RD_LEN);
	if (nhrp_wr_put(w, head, sizeof(head)) < 0)
		return -1;
	for (size_t i = 0; i < le->le_nlabels; i++) {
		if (le->le_label[i] > NHRP_LABEL_VALUE_MAX)
			return nhrp_fail(w->wr_err, NHRP_ERR_NONE, w->wr_len, "label extension: label over 20 bits");
		if (nhrp_wr_u32(w, le->le_label[i] << 12) < 0)
			return -1;
	}
	return 0;
}

/*
 * Whether the label count suits the packet: one per CIE (or none, asking)
 * in types 1-6, exactly one (the label the hub saw) in a traffic
 * indication, never in an error indication.
 */
bool nhrp_label_ext_fits(const struct nhrp_msg *m)
{
	uint8_t n = m->nm_ext.ex_label.le_nlabels;

	switch (m->nm_type) {
	case NHRP_ERROR_IND:
		return false;
	case NHRP_TRAFFIC_IND:
		return n == 1;
	default:
		return n == 0 || n == m->nm_cies.cl_n;
	}
}
