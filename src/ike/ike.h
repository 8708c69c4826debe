/*
 * IKEv2 configuration: authorization policies, profiles, proposals,
 * policies and keyrings. The IKE exchanges (a later part) read this model.
 */
#ifndef FERRY_IKE_IKE_H
#define FERRY_IKE_IKE_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config/config.h"
#include "parser/cli.h"
#include "pki/crypto_obj.h"

/* An IKE identity: "identity local ...", "match identity remote ...", a keyring peer's identity. */
enum ike_id_type { IKE_ID_NONE, IKE_ID_DN, IKE_ID_FQDN, IKE_ID_ADDRESS, IKE_ID_EMAIL, IKE_ID_KEY_ID, IKE_ID_TYPES };

struct ike_id {
	enum ike_id_type id_type;
	bool id_domain; /* "fqdn domain X", "email domain X": X is a domain the identity ends in */
	char *id_value; /* FQDN, e-mail address or key id */
	struct in_addr id_addr;
	struct in_addr id_mask; /* with id_has_mask: "address A.B.C.D MASK" matches a subnet */
	bool id_has_mask;
	struct ike_id *id_next; /* in a list of match statements */
};

/* "match fvrf": the front-door VRF a profile or policy applies to. */
struct ike_fvrf {
	bool fv_any;
	char *fv_name; /* NULL and !fv_any: global routing table (not configured) */
};

struct ike_authz {
	char *az_name;
	char *az_pool;
	struct in_addr az_dns[2];
	unsigned az_ndns;
	struct in_addr az_netmask;
	bool az_has_netmask;
	char az_banner_delim[3]; /* one character, or a caret pair like "^C" */
	char *az_banner;	 /* the text between the delimiters, or NULL */
	char *az_def_domain;
	char *az_subnet_acl;
	bool az_route_set_if;
	char *az_route_if; /* NULL with az_route_set_if: the tunnel interface itself */
	char *az_route_acl;
	bool az_route_accept_any;
};

enum ike_auth { IKE_AUTH_NONE, IKE_AUTH_RSA_SIG, IKE_AUTH_PRE_SHARE, IKE_AUTH_ECDSA_SIG, IKE_AUTH_COUNT };
enum ike_aaa_group { IKE_AAA_CERT, IKE_AAA_PSK, IKE_AAA_EAP, IKE_AAA_GROUPS };
enum ike_tp_use { IKE_TP_BOTH, IKE_TP_SIGN, IKE_TP_VERIFY };
enum ike_dpd_mode { IKE_DPD_ON_DEMAND, IKE_DPD_PERIODIC };

struct ike_tp_ref {
	char *tr_name;
	enum ike_tp_use tr_use;
	struct ike_tp_ref *tr_next;
};

/* "aaa authorization group (cert|psk|eap) list LIST [POLICY]" */
struct ike_aaa_author {
	char *aa_list; /* NULL: not configured */
	char *aa_policy;
};

struct ike_profile {
	char *pr_name;
	struct ike_fvrf pr_fvrf;
	struct ike_id *pr_match_remote; /* any of them matches */
	char *pr_match_cert;		/* certificate map label */
	struct ike_id pr_local_id;	/* IKE_ID_NONE: not configured */
	enum ike_auth pr_auth_local;
	enum ike_auth pr_auth_remote[IKE_AUTH_COUNT]; /* in configuration order */
	unsigned pr_nauth_remote;
	char *pr_keyring; /* "keyring local NAME" */
	struct ike_tp_ref *pr_trustpoints;
	unsigned pr_lifetime;			/* seconds; 0: default */
	unsigned pr_dpd_interval, pr_dpd_retry; /* 0: no DPD */
	enum ike_dpd_mode pr_dpd_mode;
	unsigned pr_nat_keepalive; /* 0: none */
	char *pr_ivrf;
	struct ike_aaa_author pr_aaa[IKE_AAA_GROUPS];
	unsigned pr_vtemplate; /* 0: none */
};

enum ike_encr {
	IKE_ENCR_3DES,
	IKE_ENCR_AES_CBC_128,
	IKE_ENCR_AES_CBC_192,
	IKE_ENCR_AES_CBC_256,
	IKE_ENCR_AES_GCM_128,
	IKE_ENCR_AES_GCM_256,
	IKE_ENCR_COUNT
};
enum ike_hash { IKE_HASH_MD5, IKE_HASH_SHA1, IKE_HASH_SHA256, IKE_HASH_SHA384, IKE_HASH_SHA512, IKE_HASH_COUNT };
enum ike_dh {
	IKE_DH_1,
	IKE_DH_2,
	IKE_DH_5,
	IKE_DH_14,
	IKE_DH_15,
	IKE_DH_16,
	IKE_DH_19,
	IKE_DH_20,
	IKE_DH_21,
	IKE_DH_24,
	IKE_DH_COUNT
};

/* Algorithms of one kind, in order of preference (the enum values above; DH has the most). */
struct ike_alglist {
	uint8_t al_v[IKE_DH_COUNT];
	unsigned al_n;
};

struct ike_proposal {
	char *pp_name;
	struct ike_alglist pp_encr, pp_integ, pp_prf, pp_group;
};

struct ike_policy {
	char *po_name;
	struct ike_fvrf po_fvrf;
	struct in_addr *po_local; /* "match address local" */
	size_t po_nlocal;
	struct strlist po_proposals; /* proposal names, in order of preference */
};

struct ike_peer {
	char *kp_name;
	bool kp_has_addr, kp_has_mask;
	struct in_addr kp_addr, kp_mask;
	struct ike_id kp_id;
	char *kp_psk_local, *kp_psk_remote;
	bool kp_psk_same; /* set by "pre-shared-key KEY": one key both ways */
};

struct ike_keyring {
	char *kr_name;
	struct nametab kr_peers; /* struct ike_peer, in configuration order */
};

struct ike_authz *ike_authz_lookup(const struct config *cfg, const char *name);
struct ike_profile *ike_profile_lookup(const struct config *cfg, const char *name);
struct ike_proposal *ike_proposal_lookup(const struct config *cfg, const char *name);
struct ike_policy *ike_policy_lookup(const struct config *cfg, const char *name);
struct ike_keyring *ike_keyring_lookup(const struct config *cfg, const char *name);
struct ike_peer *ike_keyring_peer(const struct ike_keyring *kr, const char *name);

/*
 * Another subsystem's references to IKEv2 profiles, so that a profile in
 * use is not removed: writes what uses it into buf and returns true.
 */
typedef bool ike_profile_user_fn(const struct config *cfg, const char *profile, char *buf, size_t len);
void ike_profile_user_register(ike_profile_user_fn *fn);

void ike_cli_init(struct cli_tree *t);

#endif
