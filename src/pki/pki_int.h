/* The PKI module's model container, shared by its command files. */
#ifndef FERRY_PKI_PKI_INT_H
#define FERRY_PKI_PKI_INT_H

#include "pki/crypto_obj.h"
#include "pki/pki.h"

struct pki_cfg {
	struct nametab pk_trustpoints; /* struct pki_trustpoint */
	struct nametab pk_certmaps;    /* struct pki_certmap */
	int pk_token_timeout;	       /* -1: not configured */
};

extern struct cfg_module pki_module;

struct pki_cfg *pki_cfg(const struct config *cfg);
void pki_trustpoint_free(void *obj);
void pki_certmap_free(void *obj);
void pki_cert_free(struct pki_cert *pc);
/* Removes the trustpoint's certificate chain. */
void pki_certs_clear(struct pki_trustpoint *tp);
void pki_cm_entry_free(struct pki_certmap_entry *ce);

void pki_cert_cli_init(struct cli_tree *t);

#endif
