/*
 * BGP messages as text for logs and debugging: RDs and route targets as IOS
 * writes them ("1:1", "RT:1:1"), VPNv4 routes as "1:1:192.168.113.0/24 label
 * 16", NOTIFICATION codes by name.
 */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>

#include "bgp/bgp_msg_int.h"

const char *bgp_ipv4_text(uint32_t addr, char buf[INET_ADDRSTRLEN])
{
	struct in_addr a = {.s_addr = htonl(addr)};

	return inet_ntop(AF_INET, &a, buf, INET_ADDRSTRLEN);
}

static void asnn_format(unsigned type, const struct bgp_asnn *v, char *buf, size_t len)
{
	char ip[INET_ADDRSTRLEN];

	if (type == BGP_ASNN_IPV4)
		snprintf(buf, len, "%s:%u", bgp_ipv4_text(v->ban_admin, ip), v->ban_number);
	else if (type <= BGP_ASNN_AS4)
		snprintf(buf, len, "%u:%u", v->ban_admin, v->ban_number);
	else
		snprintf(buf, len, "type%u:%u:%u", type, v->ban_admin, v->ban_number);
}

void bgp_rd_format(const struct bgp_rd *rd, char *buf, size_t len)
{
	asnn_format(rd->brd_type, &rd->brd_asnn, buf, len);
}

void bgp_ext_format(const struct bgp_ext_community *ec, char *buf, size_t len)
{
	char v[32];
	const uint8_t *b = ec->bec_value;

	if (bgp_ext_is_rt(ec)) {
		asnn_format(ec->bec_type, &ec->bec_rt, v, sizeof(v));
		snprintf(buf, len, "RT:%s", v);
	} else {
		snprintf(buf, len, "0x%02x:0x%02x:%02x%02x%02x%02x%02x%02x", ec->bec_type, ec->bec_subtype, b[0], b[1],
			 b[2], b[3], b[4], b[5]);
	}
}

/* snprintf at offset at of buf, truncating as snprintf does; returns the new end. */
__attribute__((format(printf, 4, 5))) static size_t append(char *buf, size_t len, size_t at, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (at >= len)
		return at;
	va_start(ap, fmt);
	n = vsnprintf(buf + at, len - at, fmt, ap);
	va_end(ap);
	return n < 0 ? len : at + (size_t)n;
}

void bgp_nlri_format(const struct bgp_nlri *n, enum bgp_family f, char *buf, size_t len)
{
	char rd[32], ip[INET_ADDRSTRLEN];
	size_t at = append(buf, len, 0, "%s", "");

	if (bgp_family_def(f)->fd_vpn) {
		bgp_rd_format(&n->bn_rd, rd, sizeof(rd));
		at = append(buf, len, at, "%s:", rd);
	}
	at = append(buf, len, at, "%s/%u", bgp_ipv4_text(n->bn_prefix, ip), n->bn_plen);
	for (unsigned i = 0; i < n->bn_nlabels; i++)
		at = append(buf, len, at, "%s%u", i ? "/" : " label ", n->bn_labels[i]);
}

const char *bgp_action_name(enum bgp_action a)
{
	static const char *const names[] = {
	    [BGP_ACT_NONE] = "none",
	    [BGP_ACT_ATTR_DISCARD] = "attribute discard",
	    [BGP_ACT_TREAT_AS_WITHDRAW] = "treat-as-withdraw",
	    [BGP_ACT_AFI_SAFI_DISABLE] = "AFI/SAFI disable",
	    [BGP_ACT_SESSION_RESET] = "session reset",
	};

	return names[a];
}

const char *bgp_family_name(enum bgp_family f)
{
	return bgp_family_def(f)->fd_name;
}

struct code_name {
	uint8_t cn_code, cn_subcode;
	const char *cn_name;
};

/* RFC 4271 §4.5, RFC 4486, RFC 5492, RFC 7313; subcode 0 names the code. */
static const struct code_name code_names[] = {
    {BGP_ERR_HEADER, 0, "Message Header Error"},
    {BGP_ERR_HEADER, BGP_SUB_NOT_SYNCHRONIZED, "Connection Not Synchronized"},
    {BGP_ERR_HEADER, BGP_SUB_BAD_MSG_LENGTH, "Bad Message Length"},
    {BGP_ERR_HEADER, BGP_SUB_BAD_MSG_TYPE, "Bad Message Type"},
    {BGP_ERR_OPEN, 0, "OPEN Message Error"},
    {BGP_ERR_OPEN, BGP_SUB_BAD_VERSION, "Unsupported Version Number"},
    {BGP_ERR_OPEN, BGP_SUB_BAD_PEER_AS, "Bad Peer AS"},
    {BGP_ERR_OPEN, BGP_SUB_BAD_BGP_ID, "Bad BGP Identifier"},
    {BGP_ERR_OPEN, BGP_SUB_BAD_OPT_PARAM, "Unsupported Optional Parameter"},
    {BGP_ERR_OPEN, BGP_SUB_BAD_HOLD_TIME, "Unacceptable Hold Time"},
    {BGP_ERR_OPEN, BGP_SUB_BAD_CAPABILITY, "Unsupported Capability"},
    {BGP_ERR_UPDATE, 0, "UPDATE Message Error"},
    {BGP_ERR_UPDATE, BGP_SUB_MALFORMED_ATTR_LIST, "Malformed Attribute List"},
    {BGP_ERR_UPDATE, BGP_SUB_UNKNOWN_WELL_KNOWN, "Unrecognized Well-known Attribute"},
    {BGP_ERR_UPDATE, BGP_SUB_MISSING_WELL_KNOWN, "Missing Well-known Attribute"},
    {BGP_ERR_UPDATE, BGP_SUB_ATTR_FLAGS, "Attribute Flags Error"},
    {BGP_ERR_UPDATE, BGP_SUB_ATTR_LENGTH, "Attribute Length Error"},
    {BGP_ERR_UPDATE, BGP_SUB_BAD_ORIGIN, "Invalid ORIGIN Attribute"},
    {BGP_ERR_UPDATE, BGP_SUB_BAD_NEXT_HOP, "Invalid NEXT_HOP Attribute"},
    {BGP_ERR_UPDATE, BGP_SUB_OPT_ATTR, "Optional Attribute Error"},
    {BGP_ERR_UPDATE, BGP_SUB_BAD_NETWORK, "Invalid Network Field"},
    {BGP_ERR_UPDATE, BGP_SUB_MALFORMED_AS_PATH, "Malformed AS_PATH"},
    {BGP_ERR_HOLD_TIMER, 0, "Hold Timer Expired"},
    {BGP_ERR_FSM, 0, "Finite State Machine Error"},
    {BGP_ERR_CEASE, 0, "Cease"},
    {BGP_ERR_CEASE, BGP_SUB_MAX_PREFIXES, "Maximum Number of Prefixes Reached"},
    {BGP_ERR_CEASE, BGP_SUB_ADMIN_SHUTDOWN, "Administrative Shutdown"},
    {BGP_ERR_CEASE, BGP_SUB_PEER_DECONFIGURED, "Peer De-configured"},
    {BGP_ERR_CEASE, BGP_SUB_ADMIN_RESET, "Administrative Reset"},
    {BGP_ERR_CEASE, BGP_SUB_CONNECTION_REJECTED, "Connection Rejected"},
    {BGP_ERR_CEASE, BGP_SUB_OTHER_CONFIG_CHANGE, "Other Configuration Change"},
    {BGP_ERR_CEASE, BGP_SUB_COLLISION, "Connection Collision Resolution"},
    {BGP_ERR_CEASE, BGP_SUB_OUT_OF_RESOURCES, "Out of Resources"},
    {BGP_ERR_ROUTE_REFRESH, 0, "ROUTE-REFRESH Message Error"},
    {BGP_ERR_ROUTE_REFRESH, BGP_SUB_BAD_RR_LENGTH, "Invalid Message Length"},
};

static const char *code_name(uint8_t code, uint8_t subcode)
{
	for (size_t i = 0; i < sizeof(code_names) / sizeof(code_names[0]); i++)
		if (code_names[i].cn_code == code && code_names[i].cn_subcode == subcode)
			return code_names[i].cn_name;
	return NULL;
}

void bgp_notification_format(uint8_t code, uint8_t subcode, char *buf, size_t len)
{
	const char *c = code_name(code, 0), *s = code_name(code, subcode);

	if (!c)
		snprintf(buf, len, "code %u/subcode %u", code, subcode);
	else if (subcode == 0)
		snprintf(buf, len, "%s", c);
	else if (!s)
		snprintf(buf, len, "%s/subcode %u", c, subcode);
	else
		snprintf(buf, len, "%s/%s", c, s);
}

void bgp_error_print(FILE *f, const struct bgp_error *e)
{
	char what[96];

	bgp_notification_format(e->be_code, e->be_subcode, what, sizeof(what));
	fprintf(f, "%s: %s", bgp_action_name(e->be_action), what);
	if (e->be_attr)
		fprintf(f, " (attribute %u)", e->be_attr);
	if (e->be_action == BGP_ACT_AFI_SAFI_DISABLE)
		fprintf(f, " (AFI %u SAFI %u)", e->be_afi, e->be_safi);
	fprintf(f, ": %s\n", e->be_what);
}
