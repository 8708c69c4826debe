/* NHRP interface settings: ip nhrp network-id, nhs, map, redirect, shortcut ... */
#ifndef FERRY_NHRP_NHRP_H
#define FERRY_NHRP_NHRP_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>

#include "interface/iface.h"
#include "parser/cli.h"

#define NHRP_AUTHLEN 8 /* IOS: up to 8 characters */

/*
 * One line of a list: a next-hop server (ip nhrp nhs), a static mapping
 * (ip nhrp map) or a multicast destination (ip nhrp map multicast).
 */
struct nhrp_entry {
	struct in_addr ne_addr; /* NHS or mapped protocol address; multicast: the NBMA address */
	struct in_addr ne_nbma; /* NBMA address of an NHS (when ne_has_nbma) or of a mapping */
	bool ne_has_nbma;
	bool ne_multicast;	    /* nhs: also send multicast to it */
	bool ne_dynamic;	    /* map multicast dynamic: to every registered peer */
	struct nhrp_entry *ne_next; /* configuration order */
};

struct nhrp_if {
	uint32_t nh_network_id; /* 0: NHRP off */
	char nh_auth[NHRP_AUTHLEN + 1];
	uint16_t nh_holdtime; /* 0: default */
	struct nhrp_entry *nh_nhs, *nh_maps, *nh_mcast;
	uint16_t nh_reg_timeout; /* 0: default */
	bool nh_reg_no_unique;
	bool nh_redirect;
	uint8_t nh_redirect_timeout; /* 0: default */
	bool nh_shortcut;
};

/* The interface's NHRP settings, or NULL when none were configured. */
const struct nhrp_if *nhrp_of(const struct iface *ifp);

void nhrp_cli_init(struct cli_tree *t);

#endif
