/*
 * IKEv2 message codec (RFC 7296 §3, RFC 7383 for SKF, RFC 7427 for the
 * digital signature AUTH). A message decodes into a header and an ordered
 * list of payloads that own copies of their data; the same structures
 * encode. Every payload layout is defined once (ikev2_pl_*.c) and walked in
 * both directions. Errors name the notification they imply (§2.21) in
 * struct ikev2_err.
 *
 * The SK and SKF payloads keep their body (IV, ciphertext, ICV) whole: the
 * codec cannot know the IV and ICV sizes; ikev2_sk_split() cuts it once the
 * negotiated algorithms are known, and ikev2_sk.h opens and seals it.
 */
#ifndef FERRY_IKE_IKEV2_MSG_H
#define FERRY_IKE_IKEV2_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ike/ikev2_const.h"

/* Owned bytes (malloc'd; NULL with length 0 is the empty string). */
struct ikev2_blob {
	uint8_t *bl_data;
	size_t bl_len;
};

/* What went wrong while decoding or encoding. */
struct ikev2_err {
	uint16_t e_notify;  /* the error notification it implies; 0: not the peer's fault (out of memory) */
	uint8_t e_payload;  /* the payload being read or written; for UNSUPPORTED_CRITICAL_PAYLOAD the one to report */
	size_t e_offset;    /* where in the message */
	const char *e_what; /* static text for the log */
};

struct ikev2_transform {
	uint8_t tr_type; /* enum ikev2_transform_type */
	uint16_t tr_id;
	uint16_t tr_keylen;   /* Key Length attribute in bits; 0: none */
	bool tr_unknown_attr; /* decode only: it had an attribute we do not know, so §3.3.6 rejects it */
};

struct ikev2_proposal {
	uint8_t pr_num;
	uint8_t pr_protocol; /* enum ikev2_proto */
	struct ikev2_blob pr_spi;
	struct ikev2_transform *pr_tr;
	size_t pr_ntr;
};

struct ikev2_sa {
	struct ikev2_proposal *sa_prop;
	size_t sa_nprop;
};

struct ikev2_ke {
	uint16_t ke_group;
	struct ikev2_blob ke_data;
};

/* IDi and IDr. */
struct ikev2_id {
	uint8_t id_type; /* enum ikev2_id_type */
	struct ikev2_blob id_data;
};

/* CERT and CERTREQ. */
struct ikev2_cert {
	uint8_t ce_encoding; /* enum ikev2_cert_encoding */
	struct ikev2_blob ce_data;
};

struct ikev2_auth {
	uint8_t au_method;	   /* enum ikev2_auth_method */
	struct ikev2_blob au_alg;  /* method 14: the ASN.1 AlgorithmIdentifier (RFC 7427 §3) */
	struct ikev2_blob au_data; /* the signature or MIC */
};

struct ikev2_notify {
	uint8_t no_protocol;
	uint16_t no_type; /* enum ikev2_notify_type */
	struct ikev2_blob no_spi;
	struct ikev2_blob no_data;
};

struct ikev2_delete {
	uint8_t de_protocol;
	uint8_t de_spi_size;
	uint16_t de_nspi;
	struct ikev2_blob de_spis; /* de_nspi SPIs of de_spi_size octets each */
};

struct ikev2_ts {
	uint8_t ts_type;  /* enum ikev2_ts_type */
	uint8_t ts_proto; /* IP protocol; 0: any */
	uint16_t ts_port_start, ts_port_end;
	uint8_t ts_addr_start[16], ts_addr_end[16]; /* 4 octets used for TS_IPV4_ADDR_RANGE */
};

/* TSi and TSr. Selectors of types we do not know are skipped on decode. */
struct ikev2_tsp {
	struct ikev2_ts *tsp_ts;
	size_t tsp_nts;
};

struct ikev2_cfg_attr {
	uint16_t ca_type; /* enum ikev2_cfg_attr_type, without the reserved bit */
	struct ikev2_blob ca_value;
};

struct ikev2_cp {
	uint8_t cp_type; /* enum ikev2_cfg_type */
	struct ikev2_cfg_attr *cp_attr;
	size_t cp_nattr;
};

/* SK and SKF: the next-payload field names the first payload inside. */
struct ikev2_sk {
	uint8_t sk_next;
	uint16_t sk_frag_num, sk_frag_total; /* SKF only (RFC 7383 §2.5) */
	struct ikev2_blob sk_body;	     /* IV || ciphertext || ICV */
};

struct ikev2_pl {
	struct ikev2_pl *pl_next;
	uint8_t pl_type; /* enum ikev2_pl_type */
	bool pl_critical;
	union {
		struct ikev2_sa pl_sa;
		struct ikev2_ke pl_ke;
		struct ikev2_id pl_id;
		struct ikev2_cert pl_cert;
		struct ikev2_auth pl_auth;
		struct ikev2_blob pl_data; /* Nonce, Vendor ID, EAP (the EAP message kept raw) */
		struct ikev2_notify pl_notify;
		struct ikev2_delete pl_delete;
		struct ikev2_tsp pl_ts;
		struct ikev2_cp pl_cp;
		struct ikev2_sk pl_sk;
	};
};

struct ikev2_msg {
	uint64_t m_spi_i, m_spi_r;
	uint8_t m_version; /* major << 4 | minor */
	uint8_t m_exchange;
	uint8_t m_flags;
	uint32_t m_msgid;
	struct ikev2_pl *m_pl; /* in message order */
};

/* The parts of an SK or SKF body, pointing into it. */
struct ikev2_sk_parts {
	const uint8_t *sp_iv, *sp_ct, *sp_icv;
	size_t sp_iv_len, sp_ct_len, sp_icv_len;
};

/* A message with version 2.0, no payloads. */
void ikev2_msg_init(struct ikev2_msg *m, uint64_t spi_i, uint64_t spi_r, uint8_t exchange, uint8_t flags,
		    uint32_t msgid);
void ikev2_msg_fini(struct ikev2_msg *m);

/* Appends a zeroed payload of that type to *list; NULL if out of memory. */
struct ikev2_pl *ikev2_pl_add(struct ikev2_pl **list, uint8_t type);
void ikev2_pl_list_free(struct ikev2_pl *list);
/* The first payload of that type, or NULL. */
const struct ikev2_pl *ikev2_pl_find(const struct ikev2_pl *list, uint8_t type);
/* The first Notify payload of that notify type, or NULL. */
const struct ikev2_pl *ikev2_notify_find(const struct ikev2_pl *list, uint16_t notify_type);

/* Replaces b with a copy of data; -1 if out of memory. */
int ikev2_blob_set(struct ikev2_blob *b, const void *data, size_t len);
void ikev2_blob_free(struct ikev2_blob *b);

/*
 * Decodes a whole message (len must be its length field). On error returns
 * -1 with *err filled and m left empty. Unknown non-critical payloads are
 * skipped; an unknown critical one is UNSUPPORTED_CRITICAL_PAYLOAD.
 */
int ikev2_msg_decode(const uint8_t *buf, size_t len, struct ikev2_msg *m, struct ikev2_err *err);
/* Encodes m into out (malloc'd); -1 with *err if m cannot be encoded. */
int ikev2_msg_encode(const struct ikev2_msg *m, struct ikev2_blob *out, struct ikev2_err *err);

/* The payload chain inside a decrypted SK payload (first: the SK's next payload). */
int ikev2_chain_decode(uint8_t first, const uint8_t *buf, size_t len, struct ikev2_pl **list, struct ikev2_err *err);
/* Encodes a payload chain to put inside an SK payload; *first gets its first payload type. */
int ikev2_chain_encode(const struct ikev2_pl *list, struct ikev2_blob *out, uint8_t *first, struct ikev2_err *err);

/* A payload's body without its generic header (AUTH needs RestOfInitIDPayload, §2.15). */
int ikev2_pl_body_encode(const struct ikev2_pl *pl, struct ikev2_blob *out, struct ikev2_err *err);

/* Cuts an SK/SKF body for a cipher with those IV and ICV sizes: INVALID_SYNTAX if too short. */
int ikev2_sk_split(const struct ikev2_sk *sk, size_t iv_len, size_t icv_len, struct ikev2_sk_parts *parts,
		   struct ikev2_err *err);

#endif
