/*
 * PKI: trustpoints (with their certificate chains), certificate maps and
 * the token removal timeout. The model is read by IKEv2, which matches
 * peer certificates against certificate maps.
 */
#ifndef FERRY_PKI_PKI_H
#define FERRY_PKI_PKI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config/config.h"
#include "parser/cli.h"

enum pki_enroll { PKI_ENROLL_NONE, PKI_ENROLL_URL, PKI_ENROLL_TERMINAL, PKI_ENROLL_SELFSIGNED };
enum pki_serial { PKI_SERIAL_UNSET, PKI_SERIAL_INCLUDE, PKI_SERIAL_NONE };
enum pki_revocation { PKI_REV_CRL, PKI_REV_NONE, PKI_REV_OCSP, PKI_REV_COUNT };
enum pki_cert_kind { PKI_CERT_ID, PKI_CERT_CA, PKI_CERT_SELF_SIGNED };

#define PKI_FINGERPRINT_MAX 32 /* SHA-256; MD5 is 16 bytes, SHA-1 20 */

/* One certificate of a trustpoint's chain. */
struct pki_cert {
	enum pki_cert_kind pc_kind;
	uint8_t *pc_serial;
	size_t pc_serial_len;
	uint8_t *pc_der; /* the hex body, decoded; NULL when none was given */
	size_t pc_der_len;
	struct pki_cert *pc_next;
};

struct pki_trustpoint {
	char *tp_name;
	enum pki_enroll tp_enroll;
	char *tp_enroll_url; /* with PKI_ENROLL_URL: the URL exactly as configured */
	enum pki_serial tp_serial;
	bool tp_ip_none; /* "ip-address none" */
	bool tp_password_set;
	char *tp_password; /* NULL with tp_password_set: "password" alone (prompt at enrollment) */
	uint8_t tp_fingerprint[PKI_FINGERPRINT_MAX];
	size_t tp_fingerprint_len;			  /* 0: none configured */
	char *tp_subject;				  /* X.500 subject name, exactly as configured */
	enum pki_revocation tp_revocation[PKI_REV_COUNT]; /* methods, tried in order */
	unsigned tp_nrevocation;			  /* 0: not configured */
	char *tp_rsa_label;
	unsigned tp_rsa_bits; /* 0: default size */
	bool tp_auto_enroll;
	unsigned tp_auto_enroll_pct; /* 0: not given */
	bool tp_auto_regenerate;
	bool tp_chain;		   /* "crypto pki certificate chain" was configured */
	struct pki_cert *tp_certs; /* the chain, in configuration order */
};

enum pki_cm_field {
	PKI_CM_SUBJECT,
	PKI_CM_ISSUER,
	PKI_CM_UNSTRUCTURED,
	PKI_CM_ALT_SUBJECT,
	PKI_CM_NAME,
	PKI_CM_FIELDS
};
enum pki_cm_op { PKI_CM_EQ, PKI_CM_NE, PKI_CM_CO, PKI_CM_NC, PKI_CM_OPS };

/* One line of a certificate map entry: field, operator, value (compared case-insensitively). */
struct pki_cm_rule {
	enum pki_cm_field cr_field;
	enum pki_cm_op cr_op;
	char *cr_value; /* exactly as configured */
	struct pki_cm_rule *cr_next;
};

/* "crypto pki certificate map LABEL SEQ": a certificate matches when it satisfies every rule. */
struct pki_certmap_entry {
	unsigned ce_seq;
	struct pki_cm_rule *ce_rules;
	struct pki_certmap_entry *ce_next; /* by sequence number */
};

struct pki_certmap {
	char *cm_name;
	struct pki_certmap_entry *cm_entries;
};

/*
 * The names of a peer certificate, as certificate maps see them. Distinguished
 * names are strings like "CN=R3.cisco.com,OU=FLEX,O=Cisco" (RFC 4514 order
 * or IOS's: only the text is compared, ignoring case and blanks around '='
 * and ',').
 */
struct pki_cert_names {
	const char *cn_subject;
	const char *cn_issuer;
	const char *cn_unstructured; /* unstructuredName of the subject, or NULL */
	const char *const *cn_alt;   /* subjectAltName values, NULL-terminated; or NULL */
};

struct pki_trustpoint *pki_trustpoint_lookup(const struct config *cfg, const char *name);
struct pki_certmap *pki_certmap_lookup(const struct config *cfg, const char *label);
/* Whether the certificate satisfies one rule (IOS: eq/ne whole value, co/nc substring). */
bool pki_cm_rule_match(const struct pki_cm_rule *r, const struct pki_cert_names *cert);
/* The sequence number of the first map entry the certificate satisfies, or 0 if none does. */
unsigned pki_certmap_match(const struct pki_certmap *m, const struct pki_cert_names *cert);
/* A deep copy of a certificate map, for a user that outlives the configuration; NULL if out of memory. */
struct pki_certmap *pki_certmap_dup(const struct pki_certmap *m);
void pki_certmap_release(struct pki_certmap *m);
/* "crypto pki token default removal timeout": seconds, or -1 when not configured. */
int pki_token_removal_timeout(const struct config *cfg);

void pki_cli_init(struct cli_tree *t);

#endif
