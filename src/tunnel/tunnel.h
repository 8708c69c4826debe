/* GRE/IPsec tunnel interface settings: tunnel source, destination, mode, key ... */
#ifndef FERRY_TUNNEL_TUNNEL_H
#define FERRY_TUNNEL_TUNNEL_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>

#include "interface/iface.h"
#include "parser/cli.h"

#define TUNNEL_HOSTLEN 253 /* longest DNS name */
#define TUNNEL_VRFLEN  32  /* longest IOS VRF name */

enum tunnel_src { TUN_SRC_NONE, TUN_SRC_IFACE, TUN_SRC_ADDR };
enum tunnel_dst { TUN_DST_NONE, TUN_DST_ADDR, TUN_DST_DYNAMIC, TUN_DST_HOST };
enum tunnel_mode { TUN_MODE_GRE_IP, TUN_MODE_GRE_MULTIPOINT, TUN_MODE_IPSEC_IPV4 }; /* gre ip: IOS default */

struct tunnel_if {
	enum tunnel_src tu_src;
	char tu_src_if[IF_NAMELEN]; /* TUN_SRC_IFACE */
	struct in_addr tu_src_addr; /* TUN_SRC_ADDR */
	enum tunnel_dst tu_dst;
	struct in_addr tu_dst_addr;	      /* TUN_DST_ADDR */
	char tu_dst_host[TUNNEL_HOSTLEN + 1]; /* TUN_DST_HOST */
	enum tunnel_mode tu_mode;
	bool tu_key_set;
	uint32_t tu_key;
	uint8_t tu_ttl;			/* 0: the default, 255 */
	bool tu_pmtud;			/* tunnel path-mtu-discovery */
	char tu_vrf[TUNNEL_VRFLEN + 1]; /* VRF of the transport (tunnel vrf); "" for the global table */
};

/* The interface's tunnel settings, or NULL when none were configured. */
const struct tunnel_if *tunnel_of(const struct iface *ifp);
/* Tunnel, Virtual-Template and Virtual-Access interfaces: those that carry tunnel settings. */
bool tunnel_iface(const struct iface *ifp);

void tunnel_cli_init(struct cli_tree *t);

#endif
