/* UNSUPPORTED_CRITICAL_PAYLOAD answers (ikev2_critical.h). */
#include "ike/ikev2_critical.h"

#define HDR_LEN 28 /* the IKE header (§3.1) */

bool ikev2_critical_err(const struct ikev2_err *err)
{
	return err->e_notify == IKEV2_N_UNSUPPORTED_CRITICAL_PAYLOAD;
}

int ikev2_critical_notify(struct ikev2_pl **list, uint8_t type)
{
	struct ikev2_pl *pl = ikev2_pl_add(list, IKEV2_PL_NOTIFY);

	if (!pl)
		return -1;
	pl->pl_notify.no_type = IKEV2_N_UNSUPPORTED_CRITICAL_PAYLOAD;
	return ikev2_blob_set(&pl->pl_notify.no_data, &type, 1);
}

int ikev2_critical_error_notify(struct ikev2_pl **list, const struct ikev2_err *err, uint16_t fallback)
{
	struct ikev2_pl *pl;

	if (ikev2_critical_err(err))
		return ikev2_critical_notify(list, err->e_payload);
	pl = ikev2_pl_add(list, IKEV2_PL_NOTIFY);
	if (!pl)
		return -1;
	pl->pl_notify.no_type = err->e_notify ? err->e_notify : fallback;
	return 0;
}

static uint64_t get_be(const uint8_t *p, size_t n)
{
	uint64_t v = 0;

	for (size_t i = 0; i < n; i++)
		v = v << 8 | p[i];
	return v;
}

/* The header of a request to start an IKE SA (§3.1): version 2, initiator, message ID 0, no SPIr. */
static bool is_init_request(const uint8_t *raw, size_t len)
{
	if (len < HDR_LEN)
		return false;
	return raw[17] >> 4 == 2 && raw[18] == IKEV2_EXCH_IKE_SA_INIT && (raw[19] & IKEV2_FLAG_INITIATOR) &&
	       !(raw[19] & IKEV2_FLAG_RESPONSE) && get_be(raw + 20, 4) == 0 && get_be(raw + 8, 8) == 0 &&
	       get_be(raw, 8) != 0;
}

int ikev2_critical_init_answer(const uint8_t *raw, size_t len, uint8_t type, struct ikev2_blob *out,
			       struct ikev2_err *err)
{
	struct ikev2_msg m;
	int rc;

	if (!is_init_request(raw, len)) {
		*err = (struct ikev2_err){.e_what = "not an IKE_SA_INIT request"};
		return -1;
	}
	ikev2_msg_init(&m, get_be(raw, 8), 0, IKEV2_EXCH_IKE_SA_INIT, IKEV2_FLAG_RESPONSE, 0);
	rc = ikev2_critical_notify(&m.m_pl, type);
	if (rc < 0)
		*err = (struct ikev2_err){.e_what = "out of memory"};
	else
		rc = ikev2_msg_encode(&m, out, err);
	ikev2_msg_fini(&m);
	return rc;
}
