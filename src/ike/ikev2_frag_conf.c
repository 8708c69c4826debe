/* Fragmentation in IKE_SA_INIT (RFC 7383 §2.3) and its setting in the running configuration. */
#include <arpa/inet.h>

#include "ike/ike_int.h"
#include "ike/ikev2_frag.h"
#include "ike/ikev2_init_int.h"
#include "ike/ikev2_sa.h"

size_t ikev2_frag_conf_mtu(void)
{
	/* No daemon (a unit test, a fuzzer): no configuration, no fragmentation. */
	if (!ikev2_mgr.mg_d || !ikev2_mgr.mg_d->fd_running)
		return 0;
	return ike_cfg(ikev2_mgr.mg_d->fd_running)->ic_frag_mtu;
}

int init_add_frag_supported(const struct ikev2_init *in, struct ikev2_pl **list)
{
	if (!in->in_frag_mtu || !(in->in_initiator || in->in_frag_peer))
		return 0;
	return init_add_notify(list, IKEV2_N_IKEV2_FRAGMENTATION_SUPPORTED, NULL, 0);
}

void init_detect_frag(struct ikev2_init *in, const struct ikev2_msg *m)
{
	in->in_frag_peer = ikev2_notify_find(m->m_pl, IKEV2_N_IKEV2_FRAGMENTATION_SUPPORTED) != NULL;
}

int ikev2_frag_send(const struct ikev2_init *in, const struct ikev2_sk_keys *k, const struct ikev2_msg *m,
		    uint8_t first, const struct ikev2_blob *plain, struct ikev2_blob *out, struct ikev2_err *err)
{
	bool natt = ntohs(in->in_local.sin_port) == IKEV2_NATT_PORT;
	size_t limit = ikev2_frag_msg_limit(in->in_frag_mtu, natt);
	struct ikev2_blob train;

	if (!in->in_frag_mtu || !in->in_frag_peer || out->bl_len <= limit)
		return 0;
	if (ikev2_frag_seal(k, m, first, plain->bl_data, plain->bl_len, limit, &train, err) < 0)
		return -1;
	ikev2_blob_free(out);
	*out = train;
	return 0;
}
