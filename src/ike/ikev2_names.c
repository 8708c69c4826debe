/* Names of IKEv2 numbers for logs and debug output: the RFCs' names (payloads by their IKEV2_PL_ names). */
#include <stddef.h>

#include "ike/ikev2_const.h"

struct ikev2_name {
	uint16_t nm_value;
	const char *nm_name;
};

#define NAME(prefix, x)                                                                                                \
	{                                                                                                              \
		prefix##x, #x                                                                                          \
	}

static const struct ikev2_name exchange_names[] = {
    NAME(IKEV2_EXCH_, IKE_SA_INIT),
    NAME(IKEV2_EXCH_, IKE_AUTH),
    NAME(IKEV2_EXCH_, CREATE_CHILD_SA),
    NAME(IKEV2_EXCH_, INFORMATIONAL),
};

static const struct ikev2_name payload_names[] = {
    NAME(IKEV2_PL_, NONE),  NAME(IKEV2_PL_, SA),     NAME(IKEV2_PL_, KE),      NAME(IKEV2_PL_, IDI),
    NAME(IKEV2_PL_, IDR),   NAME(IKEV2_PL_, CERT),   NAME(IKEV2_PL_, CERTREQ), NAME(IKEV2_PL_, AUTH),
    NAME(IKEV2_PL_, NONCE), NAME(IKEV2_PL_, NOTIFY), NAME(IKEV2_PL_, DELETE),  NAME(IKEV2_PL_, VENDOR),
    NAME(IKEV2_PL_, TSI),   NAME(IKEV2_PL_, TSR),    NAME(IKEV2_PL_, SK),      NAME(IKEV2_PL_, CP),
    NAME(IKEV2_PL_, EAP),   NAME(IKEV2_PL_, SKF),
};

static const struct ikev2_name notify_names[] = {
    NAME(IKEV2_N_, UNSUPPORTED_CRITICAL_PAYLOAD),
    NAME(IKEV2_N_, INVALID_IKE_SPI),
    NAME(IKEV2_N_, INVALID_MAJOR_VERSION),
    NAME(IKEV2_N_, INVALID_SYNTAX),
    NAME(IKEV2_N_, INVALID_MESSAGE_ID),
    NAME(IKEV2_N_, INVALID_SPI),
    NAME(IKEV2_N_, NO_PROPOSAL_CHOSEN),
    NAME(IKEV2_N_, INVALID_KE_PAYLOAD),
    NAME(IKEV2_N_, AUTHENTICATION_FAILED),
    NAME(IKEV2_N_, SINGLE_PAIR_REQUIRED),
    NAME(IKEV2_N_, NO_ADDITIONAL_SAS),
    NAME(IKEV2_N_, INTERNAL_ADDRESS_FAILURE),
    NAME(IKEV2_N_, FAILED_CP_REQUIRED),
    NAME(IKEV2_N_, TS_UNACCEPTABLE),
    NAME(IKEV2_N_, INVALID_SELECTORS),
    NAME(IKEV2_N_, TEMPORARY_FAILURE),
    NAME(IKEV2_N_, CHILD_SA_NOT_FOUND),
    NAME(IKEV2_N_, INITIAL_CONTACT),
    NAME(IKEV2_N_, SET_WINDOW_SIZE),
    NAME(IKEV2_N_, ADDITIONAL_TS_POSSIBLE),
    NAME(IKEV2_N_, IPCOMP_SUPPORTED),
    NAME(IKEV2_N_, NAT_DETECTION_SOURCE_IP),
    NAME(IKEV2_N_, NAT_DETECTION_DESTINATION_IP),
    NAME(IKEV2_N_, COOKIE),
    NAME(IKEV2_N_, USE_TRANSPORT_MODE),
    NAME(IKEV2_N_, HTTP_CERT_LOOKUP_SUPPORTED),
    NAME(IKEV2_N_, REKEY_SA),
    NAME(IKEV2_N_, ESP_TFC_PADDING_NOT_SUPPORTED),
    NAME(IKEV2_N_, NON_FIRST_FRAGMENTS_ALSO),
    NAME(IKEV2_N_, IKEV2_FRAGMENTATION_SUPPORTED),
    NAME(IKEV2_N_, SIGNATURE_HASH_ALGORITHMS),
};

static const char *name_lookup(const struct ikev2_name *tab, size_t n, unsigned value)
{
	for (size_t i = 0; i < n; i++)
		if (tab[i].nm_value == value)
			return tab[i].nm_name;
	return "UNKNOWN";
}

#define LOOKUP(tab, value) name_lookup(tab, sizeof(tab) / sizeof(tab[0]), value)

const char *ikev2_exchange_name(uint8_t exchange)
{
	return LOOKUP(exchange_names, exchange);
}

const char *ikev2_payload_name(uint8_t type)
{
	return LOOKUP(payload_names, type);
}

const char *ikev2_notify_name(uint16_t type)
{
	return LOOKUP(notify_names, type);
}
