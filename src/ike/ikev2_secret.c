/* Key material that is wiped when freed. */
#include <string.h>

#include <openssl/crypto.h>

#include "ike/ikev2_secret.h"

int ikev2_secret_alloc(struct ikev2_secret *s, size_t len)
{
	*s = (struct ikev2_secret){0};
	if (!len)
		return 0;
	if (!(s->se_data = OPENSSL_zalloc(len)))
		return -1;
	s->se_len = len;
	return 0;
}

int ikev2_secret_copy(struct ikev2_secret *s, const uint8_t *data, size_t len)
{
	if (ikev2_secret_alloc(s, len) < 0)
		return -1;
	if (len)
		memcpy(s->se_data, data, len);
	return 0;
}

void ikev2_secret_free(struct ikev2_secret *s)
{
	OPENSSL_clear_free(s->se_data, s->se_len);
	*s = (struct ikev2_secret){0};
}
