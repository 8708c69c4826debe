/*
 * Byte strings for the IKEv2 crypto: borrowed views (chunks) for inputs,
 * and owned secrets that are wiped (OPENSSL_cleanse) when freed.
 */
#ifndef FERRY_IKE_IKEV2_SECRET_H
#define FERRY_IKE_IKEV2_SECRET_H

#include <stddef.h>
#include <stdint.h>

/* Borrowed bytes. */
struct ikev2_chunk {
	const uint8_t *ch_ptr;
	size_t ch_len;
};

/* Owned key material; all zero is empty. */
struct ikev2_secret {
	uint8_t *se_data;
	size_t se_len;
};

/* Zeroed secret of len octets; -1 if out of memory. */
int ikev2_secret_alloc(struct ikev2_secret *s, size_t len);
/* A copy of len octets; -1 if out of memory. */
int ikev2_secret_copy(struct ikev2_secret *s, const uint8_t *data, size_t len);
/* Wipes and frees; the secret is empty after. */
void ikev2_secret_free(struct ikev2_secret *s);

static inline struct ikev2_chunk ikev2_chunk(const void *ptr, size_t len)
{
	return (struct ikev2_chunk){.ch_ptr = ptr, .ch_len = len};
}

static inline struct ikev2_chunk ikev2_secret_chunk(const struct ikev2_secret *s)
{
	return ikev2_chunk(s->se_data, s->se_len);
}

#endif
