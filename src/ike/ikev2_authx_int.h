/* Helpers shared by the two sides of IKE_AUTH (ikev2_authx.c, ikev2_authx_resp.c). */
#ifndef FERRY_IKE_IKEV2_AUTHX_INT_H
#define FERRY_IKE_IKEV2_AUTHX_INT_H

#include "ike/ikev2_authx.h"

/* Appends our ID payload and the AUTH over it (§2.15). */
int authx_add_id_auth(const struct ikev2_init *in, const struct ikev2_authx_conf *ac, struct ikev2_pl **list,
		      struct ikev2_err *err);
/* Checks the peer's AUTH in inner with ac's remote key: AUTHENTICATION_FAILED if it does not match. */
int authx_verify_peer(const struct ikev2_init *in, const struct ikev2_authx_conf *ac, const struct ikev2_pl *inner,
		      struct ikev2_err *err);
/* The ESP SA, the selectors and USE_TRANSPORT_MODE (initiator: its offer; responder: the choice). */
int authx_add_child(const struct ikev2_init *in, const struct ikev2_child *c, struct ikev2_pl **list,
		    struct ikev2_err *err);
/* Chooses from the peer's ESP SA payload in inner into c and checks its selectors. */
int authx_choose_child(const struct ikev2_init *in, struct ikev2_child *c, const struct ikev2_pl *inner,
		       struct ikev2_err *err);
int authx_fail(struct ikev2_err *err, uint16_t notify, uint8_t payload, const char *what);

#endif
