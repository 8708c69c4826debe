/* The IPsec module's model container, shared by its command files. */
#ifndef FERRY_IPSEC_IPSEC_INT_H
#define FERRY_IPSEC_IPSEC_INT_H

#include "ipsec/ipsec.h"

#define IPSEC_HELP CRYPTO_HELP "Configure IPSEC policy\n"

struct ipsec_cfg {
	struct nametab ic_tsets;    /* struct ipsec_transform_set */
	struct nametab ic_profiles; /* struct ipsec_profile */
};

extern struct cfg_module ipsec_module;
extern struct if_ext_ops ipsec_if_ops;

struct ipsec_cfg *ipsec_cfg(const struct config *cfg);
void ipsec_tset_free(void *obj);
void ipsec_profile_free(void *obj);

void ipsec_tset_cli_init(struct cli_tree *t);

#endif
