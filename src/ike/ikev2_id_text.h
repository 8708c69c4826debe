/*
 * An IKEv2 identity as a person reads it (show crypto ikev2 sa detailed,
 * logs): an address in dotted form, a DN in X509_NAME_oneline's
 * "/CN=R1-HUB/OU=flex" form as IOS prints it, the text of an FQDN or
 * e-mail, and any other type as hex.
 */
#ifndef FERRY_IKE_IKEV2_ID_TEXT_H
#define FERRY_IKE_IKEV2_ID_TEXT_H

#include <stddef.h>

#include "ike/ikev2_msg.h"

/* Writes id into buf (always terminated; size > 0) and returns buf. */
char *ikev2_id_text(const struct ikev2_id *id, char *buf, size_t size);

#endif
