/*
 * IPsec configuration: transform sets, IPsec profiles, and the protection
 * of tunnel interfaces by a profile. The data plane (a later part) reads it.
 */
#ifndef FERRY_IPSEC_IPSEC_H
#define FERRY_IPSEC_IPSEC_H

#include <stdbool.h>
#include <stdint.h>

#include "config/config.h"
#include "interface/iface.h"
#include "parser/cli.h"
#include "pki/crypto_obj.h"

/* Transforms, grouped by class: AH, ESP encryption, ESP authentication, compression. */
enum ipsec_xform {
	IPSEC_X_NONE,
	IPSEC_AH_MD5_HMAC,
	IPSEC_AH_SHA_HMAC,
	IPSEC_AH_SHA256_HMAC,
	IPSEC_AH_SHA384_HMAC,
	IPSEC_AH_SHA512_HMAC,
	IPSEC_ESP_3DES,
	IPSEC_ESP_AES,
	IPSEC_ESP_256_AES,
	IPSEC_ESP_DES,
	IPSEC_ESP_GCM,
	IPSEC_ESP_GMAC,
	IPSEC_ESP_NULL,
	IPSEC_ESP_SEAL,
	IPSEC_ESP_MD5_HMAC,
	IPSEC_ESP_SHA_HMAC,
	IPSEC_ESP_SHA256_HMAC,
	IPSEC_ESP_SHA384_HMAC,
	IPSEC_ESP_SHA512_HMAC,
	IPSEC_COMP_LZS,
	IPSEC_X_COUNT
};

enum ipsec_xclass { IPSEC_XC_AH, IPSEC_XC_ESP_ENCR, IPSEC_XC_ESP_AUTH, IPSEC_XC_COMP, IPSEC_XC_COUNT };
enum ipsec_mode { IPSEC_MODE_TUNNEL, IPSEC_MODE_TRANSPORT };

struct ipsec_transform_set {
	char *ts_name;
	enum ipsec_xform ts_x[IPSEC_XC_COUNT]; /* per class; IPSEC_X_NONE when absent */
	unsigned ts_key_bits;		       /* esp-aes/esp-gcm/esp-gmac key size; 0: not given (128) */
	enum ipsec_mode ts_mode;
};

enum ipsec_pfs_group {
	IPSEC_PFS_DEFAULT,
	IPSEC_PFS_1,
	IPSEC_PFS_2,
	IPSEC_PFS_5,
	IPSEC_PFS_14,
	IPSEC_PFS_15,
	IPSEC_PFS_16,
	IPSEC_PFS_19,
	IPSEC_PFS_20,
	IPSEC_PFS_21,
	IPSEC_PFS_24,
	IPSEC_PFS_COUNT
};

struct ipsec_profile {
	char *ipp_name;
	char *ipp_ikev2_profile;
	struct strlist ipp_transform_sets; /* in order of preference */
	bool ipp_pfs;
	enum ipsec_pfs_group ipp_pfs_group; /* IPSEC_PFS_DEFAULT: "set pfs" alone */
	uint32_t ipp_lifetime_seconds;	    /* 0: default */
	uint32_t ipp_lifetime_kilobytes;    /* 0: default */
};

/* "tunnel protection ipsec profile NAME [shared]" on an interface. */
struct ipsec_if {
	char *ii_profile; /* NULL: not protected */
	bool ii_shared;
};

enum ipsec_xclass ipsec_xform_class(enum ipsec_xform x);
const char *ipsec_xform_name(enum ipsec_xform x);
struct ipsec_transform_set *ipsec_transform_set_lookup(const struct config *cfg, const char *name);
struct ipsec_profile *ipsec_profile_lookup(const struct config *cfg, const char *name);
/* The interface's protection, or NULL when it has none. */
const struct ipsec_if *ipsec_if_protection(const struct iface *ifp);

void ipsec_cli_init(struct cli_tree *t);

#endif
