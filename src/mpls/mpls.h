/* MPLS settings: mpls ldp loop-detection, mpls label range; per interface mpls ip, nhrp, bgp forwarding. */
#ifndef FERRY_MPLS_MPLS_H
#define FERRY_MPLS_MPLS_H

#include <stdbool.h>
#include <stdint.h>

#include "config/config.h"
#include "interface/iface.h"
#include "parser/cli.h"

/* Labelled forwarding on an interface, by who distributes the labels. */
struct mpls_if {
	bool mi_ldp;		/* mpls ip */
	bool mi_nhrp;		/* mpls nhrp */
	bool mi_bgp_forwarding; /* mpls bgp forwarding */
};

/* The interface's MPLS settings, or NULL when none were configured. */
const struct mpls_if *mpls_if_of(const struct iface *ifp);
bool mpls_bgp_forwarding(const struct iface *ifp);
bool mpls_nhrp(const struct iface *ifp);

bool mpls_ldp_loop_detection(const struct config *cfg);
/* The dynamic label range; false when the platform default applies. */
bool mpls_label_range(const struct config *cfg, uint32_t *min, uint32_t *max);

void mpls_cli_init(struct cli_tree *t);

#endif
