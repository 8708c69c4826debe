/* The mode table. */
#include "config/modes.h"

static const struct cli_mode_def mode_defs[] = {
    {MODE_EXEC, "user EXEC", NULL, -1, true},
    {MODE_ENABLE, "privileged EXEC", NULL, MODE_EXEC, true},
    {MODE_CONFIG, "global configuration", "config", MODE_ENABLE, false},
    {MODE_IF, "interface", "config-if", MODE_CONFIG, false},
    {MODE_SUBIF, "subinterface", "config-subif", MODE_CONFIG, false},
    {MODE_VRF_DEF, "vrf definition", "config-vrf", MODE_CONFIG, false},
    {MODE_VRF_DEF_AF, "vrf address-family", "config-vrf-af", MODE_VRF_DEF, false},
    {MODE_IP_VRF, "ip vrf", "config-vrf", MODE_CONFIG, false},
    {MODE_BGP, "router bgp", "config-router", MODE_CONFIG, false},
    {MODE_BGP_AF_IPV4, "bgp address-family ipv4", "config-router-af", MODE_BGP, false},
    {MODE_BGP_AF_VPNV4, "bgp address-family vpnv4", "config-router-af", MODE_BGP, false},
    {MODE_BGP_AF_VRF, "bgp address-family ipv4 vrf", "config-router-af", MODE_BGP, false},
    {MODE_PKI_TRUSTPOINT, "crypto pki trustpoint", "ca-trustpoint", MODE_CONFIG, false},
    {MODE_PKI_CERTMAP, "crypto pki certificate map", "ca-certificate-map", MODE_CONFIG, false},
    {MODE_PKI_CHAIN, "crypto pki certificate chain", "config-cert-chain", MODE_CONFIG, false},
    {MODE_IKEV2_AUTHZ, "crypto ikev2 authorization policy", "config-ikev2-author-policy", MODE_CONFIG, false},
    {MODE_IKEV2_PROFILE, "crypto ikev2 profile", "config-ikev2-profile", MODE_CONFIG, false},
    {MODE_IPSEC_PROFILE, "crypto ipsec profile", "ipsec-profile", MODE_CONFIG, false},
    {MODE_ROUTE_MAP, "route-map", "config-route-map", MODE_CONFIG, false},
    {MODE_REDUNDANCY, "redundancy", "config-red", MODE_CONFIG, false},
    {MODE_PKI_CERT, "certificate data", "config-pubkey", MODE_PKI_CHAIN, false},
    {MODE_IKEV2_PROPOSAL, "crypto ikev2 proposal", "config-ikev2-proposal", MODE_CONFIG, false},
    {MODE_IKEV2_POLICY, "crypto ikev2 policy", "config-ikev2-policy", MODE_CONFIG, false},
    {MODE_IKEV2_KEYRING, "crypto ikev2 keyring", "config-ikev2-keyring", MODE_CONFIG, false},
    {MODE_IKEV2_KEYRING_PEER, "ikev2 keyring peer", "config-ikev2-keyring-peer", MODE_IKEV2_KEYRING, false},
    {MODE_IPSEC_TRANSFORM, "crypto ipsec transform-set", "cfg-crypto-trans", MODE_CONFIG, false},
    {MODE_ACL_STD, "ip access-list standard", "config-std-nacl", MODE_CONFIG, false},
};

void modes_register(struct cli_tree *t)
{
	for (size_t i = 0; i < sizeof(mode_defs) / sizeof(mode_defs[0]); i++)
		cli_mode_add(t, &mode_defs[i]);
}
