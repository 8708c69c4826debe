/* The IOS modes Ferry knows: ids, prompts and parents (one table in modes.c). */
#ifndef FERRY_CONFIG_MODES_H
#define FERRY_CONFIG_MODES_H

#include "parser/cli.h"

enum mode_id {
	MODE_EXEC,		 /* Router> */
	MODE_ENABLE,		 /* Router# */
	MODE_CONFIG,		 /* (config) */
	MODE_IF,		 /* (config-if) */
	MODE_SUBIF,		 /* (config-subif) */
	MODE_VRF_DEF,		 /* vrf definition: (config-vrf) */
	MODE_VRF_DEF_AF,	 /* (config-vrf-af) */
	MODE_IP_VRF,		 /* ip vrf: (config-vrf) */
	MODE_BGP,		 /* (config-router) */
	MODE_BGP_AF_IPV4,	 /* address-family ipv4: (config-router-af) */
	MODE_BGP_AF_VPNV4,	 /* address-family vpnv4: (config-router-af) */
	MODE_BGP_AF_VRF,	 /* address-family ipv4 vrf X: (config-router-af) */
	MODE_PKI_TRUSTPOINT,	 /* (ca-trustpoint) */
	MODE_PKI_CERTMAP,	 /* (ca-certificate-map) */
	MODE_PKI_CHAIN,		 /* (config-cert-chain) */
	MODE_IKEV2_AUTHZ,	 /* (config-ikev2-author-policy) */
	MODE_IKEV2_PROFILE,	 /* (config-ikev2-profile) */
	MODE_IPSEC_PROFILE,	 /* (ipsec-profile) */
	MODE_ROUTE_MAP,		 /* (config-route-map) */
	MODE_REDUNDANCY,	 /* (config-red) */
	MODE_PKI_CERT,		 /* certificate hex data: (config-pubkey) */
	MODE_IKEV2_PROPOSAL,	 /* (config-ikev2-proposal) */
	MODE_IKEV2_POLICY,	 /* (config-ikev2-policy) */
	MODE_IKEV2_KEYRING,	 /* (config-ikev2-keyring) */
	MODE_IKEV2_KEYRING_PEER, /* (config-ikev2-keyring-peer) */
	MODE_IPSEC_TRANSFORM,	 /* (cfg-crypto-trans) */
	MODE_ACL_STD,		 /* ip access-list standard: (config-std-nacl) */
	MODE_COUNT
};

/* Every configuration mode: for commands like exit, end and do. */
#define MODES_CONFIG_ALL (((UINT64_C(1) << MODE_COUNT) - 1) & ~(CLI_MODE(MODE_EXEC) | CLI_MODE(MODE_ENABLE)))
#define MODES_EXEC_ALL	 (CLI_MODE(MODE_EXEC) | CLI_MODE(MODE_ENABLE))
#define MODES_IF_ALL	 (CLI_MODE(MODE_IF) | CLI_MODE(MODE_SUBIF))
#define MODES_BGP_AF_ALL (CLI_MODE(MODE_BGP_AF_IPV4) | CLI_MODE(MODE_BGP_AF_VPNV4) | CLI_MODE(MODE_BGP_AF_VRF))

void modes_register(struct cli_tree *t);

#endif
