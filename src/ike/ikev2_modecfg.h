/*
 * IKEv2 mode config (RFC 7296 §2.19, §3.15) as FlexVPN uses it: the
 * initiator's CFG_REQUEST in IKE_AUTH and the responder's CFG_REPLY with
 * the address from the authorization policy's pool, its netmask, DNS
 * servers, the default domain (INTERNAL_DNS_DOMAIN, RFC 8598), a banner (Cisco's private
 * attribute, strongSwan's UNITY_BANNER) and routes (INTERNAL_IP4_SUBNET).
 * Works on decoded payloads; the CP codec itself is ikev2_pl_cp.c.
 */
#ifndef FERRY_IKE_IKEV2_MODECFG_H
#define FERRY_IKE_IKEV2_MODECFG_H

#include <netinet/in.h>
#include <stdbool.h>

#include "ike/ikev2_msg.h"

#define IKEV2_CFG_INTERNAL_DNS_DOMAIN 25    /* RFC 8598 §4 */
#define IKEV2_CFG_CISCO_BANNER	      28672 /* private use; strongSwan names it UNITY_BANNER */
#define IKEV2_MODECFG_ROUTES	      8
#define IKEV2_MODECFG_DNS	      2	  /* as many as "dns A.B.C.D [A.B.C.D]" names */
#define IKEV2_MODECFG_TEXT	      256 /* the longest text attribute kept, with its NUL */

struct ikev2_route4 {
	struct in_addr r4_addr, r4_mask;
};

/* What mode config carries for one SA: what the initiator asks and gets, what the responder assigned. */
struct ikev2_modecfg {
	bool mc_request;   /* initiator: send a CFG_REQUEST ("ip address negotiated") */
	bool mc_requested; /* responder: the peer sent one; initiator: a CFG_REPLY came */
	bool mc_has_addr;
	struct in_addr mc_addr;
	struct in_addr mc_netmask; /* 0.0.0.0: none */
	struct in_addr mc_dns[IKEV2_MODECFG_DNS];
	unsigned mc_ndns;
	char *mc_domain; /* allocated to size (thousands of SAs on a hub); NULL: none */
	char *mc_banner;
	struct ikev2_route4 mc_routes[IKEV2_MODECFG_ROUTES];
	unsigned mc_nroutes;
};

/*
 * Responder: fills mc for the authenticated peer (its identity) that asked
 * for configuration; -1 with *why when its authorization fails.
 */
typedef int ikev2_modecfg_assign_fn(void *arg, const struct ikev2_id *peer, struct ikev2_modecfg *mc, const char **why);

/* Initiator: appends CFG_REQUEST (address, netmask, domain, subnets asked empty) when mc asks for one. */
int ikev2_modecfg_add_request(const struct ikev2_modecfg *mc, struct ikev2_pl **list, struct ikev2_err *err);
/* Responder: appends the CFG_REPLY of mc when the peer asked. */
int ikev2_modecfg_add_reply(const struct ikev2_modecfg *mc, struct ikev2_pl **list, struct ikev2_err *err);
/*
 * Responder: when inner holds a CFG_REQUEST and assign is set, asks it for
 * the answer. AUTHENTICATION_FAILED when the peer is not authorized.
 */
int ikev2_modecfg_accept(struct ikev2_modecfg *mc, ikev2_modecfg_assign_fn *assign, void *arg,
			 const struct ikev2_pl *inner, struct ikev2_err *err);
/* Initiator: reads the CFG_REPLY in inner (none: mc_requested stays false). INVALID_SYNTAX if malformed. */
int ikev2_modecfg_take_reply(struct ikev2_modecfg *mc, const struct ikev2_pl *inner, struct ikev2_err *err);
/* Sets *dst to the text src up to len octets (cut at a NUL or IKEV2_MODECFG_TEXT - 1); -1 if out of memory. */
int ikev2_modecfg_set_text(char **dst, const char *src, size_t len);
/* Frees the texts of mc and clears it. */
void ikev2_modecfg_fini(struct ikev2_modecfg *mc);
/* Reads the attributes of a CP payload into mc (a request's empty ones are skipped). */
int ikev2_modecfg_read(const struct ikev2_cp *cp, struct ikev2_modecfg *mc, struct ikev2_err *err);

#endif
