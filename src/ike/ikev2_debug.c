/* debug crypto ikev2: IOS-like lines for every IKEv2 message in and out, read from the header. */
#include <arpa/inet.h>

#include "core/log.h"
#include "ike/ikev2_sa.h"

#define HDR_LEN 28

static const char *exchange_name(uint8_t x)
{
	switch (x) {
	case IKEV2_EXCH_IKE_SA_INIT:
		return "IKE_SA_INIT";
	case IKEV2_EXCH_IKE_AUTH:
		return "IKE_AUTH";
	case IKEV2_EXCH_CREATE_CHILD_SA:
		return "CREATE_CHILD_SA";
	case IKEV2_EXCH_INFORMATIONAL:
		return "INFORMATIONAL";
	default:
		return "UNKNOWN";
	}
}

void ikev2_debug_msg(const struct ikev2_mgr *mg, const char *what, const struct sockaddr_in *peer, const uint8_t *msg,
		     size_t len)
{
	uint32_t msgid;

	if (!mg->mg_debug || len < HDR_LEN)
		return;
	msgid = (uint32_t)msg[20] << 24 | (uint32_t)msg[21] << 16 | (uint32_t)msg[22] << 8 | msg[23];
	log_msg(SEV_DEBUG, "IKEV2", "DEBUG",
		"%s Packet [%s %s:%u] Initiator SPI : %02X%02X%02X%02X%02X%02X%02X%02X - Responder "
		"SPI : %02X%02X%02X%02X%02X%02X%02X%02X Message id: %u IKEv2 %s Exchange %s, %zu octets",
		what, what[0] == 'S' ? "To" : "From", inet_ntoa(peer->sin_addr), ntohs(peer->sin_port), msg[0], msg[1],
		msg[2], msg[3], msg[4], msg[5], msg[6], msg[7], msg[8], msg[9], msg[10], msg[11], msg[12], msg[13],
		msg[14], msg[15], msgid, exchange_name(msg[18]), msg[19] & IKEV2_FLAG_RESPONSE ? "RESPONSE" : "REQUEST",
		len);
}
