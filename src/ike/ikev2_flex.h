/*
 * FlexVPN on top of the IKEv2 SA manager: what an SA brings besides its
 * CHILD_SA. Responder (hub): the authorization policy that the profile's
 * "aaa authorization group ... list" names answers the peer's CFG_REQUEST
 * (an address leased from its "ip local pool", netmask, def-domain, banner,
 * "route set interface"), and "virtual-template N" clones a Virtual-Access
 * for the peer. Initiator (spoke): a tunnel with "ip address negotiated"
 * asks for an address and takes it, with the routes pushed to it. Both: the
 * peer's overlay /32 becomes a route out of the tunnel or Virtual-Access
 * with an implicit-null label (the seed's step 1). All of it goes when the
 * SA goes.
 */
#ifndef FERRY_IKE_IKEV2_FLEX_H
#define FERRY_IKE_IKEV2_FLEX_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>

#include "ike/ikev2_modecfg.h"
#include "interface/iface.h"

struct ikev2_ike_sa;
struct ikev2_authx_conf;
struct config;
struct ferryd;

struct ikev2_flex {
	char *fx_pool;		      /* responder: the pool fx_leased came from (allocated); NULL: none */
	struct in_addr fx_leased;     /* responder: the peer's address */
	char fx_vaccess[IF_NAMELEN];  /* responder: the peer's Virtual-Access; "": none */
	bool fx_addr_set;	      /* initiator: the negotiated address is on the tunnel */
	char fx_route_if[IF_NAMELEN]; /* the routes below go out of it; "": none installed */
	struct in_addr fx_overlay;    /* the peer's overlay address; 0.0.0.0: unknown */
	uint32_t fx_label;	      /* local label of the overlay /32 */
	struct ikev2_route4 fx_routes[IKEV2_MODECFG_ROUTES]; /* routes the peer pushed, installed */
	unsigned fx_nroutes;
};

/* After the profile's IKE_AUTH configuration is known: what mode config the SA asks for or answers. */
void ikev2_flex_attach(struct ikev2_ike_sa *sa, struct ikev2_authx_conf *ac);
/* READY: Virtual-Access, negotiated address, overlay route and label. */
void ikev2_flex_up(struct ferryd *d, struct ikev2_ike_sa *sa);
/* The SA goes (or starts over): everything ikev2_flex_up and the address lease did is undone. */
void ikev2_flex_down(struct ferryd *d, struct ikev2_ike_sa *sa);

/*
 * After a configuration change: the Virtual-Access interfaces and
 * negotiated addresses of the SAs that a replaced configuration (a reload)
 * no longer has are put back.
 */
void ikev2_flex_sync(struct ferryd *d);

/* Responder: the answer to a CFG_REQUEST (ikev2_flex_authz.c; arg: the SA). */
int ikev2_flex_assign(void *arg, const struct ikev2_id *peer, struct ikev2_modecfg *mc, const char **why);

/* Routes and labels (ikev2_flex_route.c): installs or withdraws fx's routes out of fx_route_if. */
void ikev2_flex_routes_add(struct ferryd *d, struct ikev2_flex *fx);
void ikev2_flex_routes_del(struct ferryd *d, struct ikev2_flex *fx);
/* The prefix length of a netmask. */
uint8_t ikev2_flex_plen(struct in_addr mask);

#endif
