/* IKEv2 identities as text (ikev2_id_text.h). */
#include "ike/ikev2_id_text.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <limits.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <string.h>

/* A DER DN, or "" when it does not decode whole (the peer sent it; it may be anything). */
static void dn_text(const struct ikev2_blob *der, char *buf, size_t size)
{
	const unsigned char *p = der->bl_data;
	X509_NAME *dn = d2i_X509_NAME(NULL, &p, (long)der->bl_len);

	buf[0] = '\0';
	if (dn && p == der->bl_data + der->bl_len && size <= INT_MAX)
		X509_NAME_oneline(dn, buf, (int)size);
	X509_NAME_free(dn);
}

/* Printable text as it is; a control or non-ASCII octet turns the whole identity to hex. */
static bool printable(const struct ikev2_blob *b)
{
	for (size_t i = 0; i < b->bl_len; i++)
		if (!isprint(b->bl_data[i]))
			return false;
	return true;
}

static void hex_text(const struct ikev2_blob *b, char *buf, size_t size)
{
	size_t n = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < b->bl_len && n + 3 <= size; i++)
		n += (size_t)snprintf(buf + n, size - n, "%02x", b->bl_data[i]);
}

char *ikev2_id_text(const struct ikev2_id *id, char *buf, size_t size)
{
	const struct ikev2_blob *b = &id->id_data;

	if (!b->bl_len || !b->bl_data)
		buf[0] = '\0';
	else if (id->id_type == IKEV2_ID_IPV4_ADDR && b->bl_len == 4) {
		if (!inet_ntop(AF_INET, b->bl_data, buf, (socklen_t)size))
			buf[0] = '\0';
	} else if (id->id_type == IKEV2_ID_DER_ASN1_DN)
		dn_text(b, buf, size);
	else if (printable(b))
		snprintf(buf, size, "%.*s", b->bl_len < size ? (int)b->bl_len : (int)size - 1,
			 (const char *)b->bl_data);
	else
		hex_text(b, buf, size);
	return buf;
}
