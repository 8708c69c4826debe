/*
 * The dataplane interface: what the control plane wants forwarded, as
 * intent-level operations, applied in batches by one backend:
 *   kernel     rtnetlink and xfrm through libmnl
 *   userspace  Ferry's own GRE/MPLS/ESP forwarding over TUN
 *   record     writes each operation as a line of text (unit tests)
 *   none       accepts everything, forwards nothing
 * Protocols never call a backend: they publish routes and labels, and one
 * place turns them into these operations.
 */
#ifndef FERRY_DATAPLANE_DATAPLANE_H
#define FERRY_DATAPLANE_DATAPLANE_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DP_DEVLEN	16 /* Linux IFNAMSIZ */
#define DP_MAX_LABELS	3  /* label stack depth we push */
#define DP_MAX_NEXTHOPS 4
#define DP_KEY_MAX	36 /* AES-256 key + 4-byte GCM salt */
#define DP_AUTH_KEY_MAX 64 /* HMAC-SHA-512 */
#define DP_DESCRLEN	48 /* what a created device stands for (IOS name, VRF name) */

enum dp_op_type {
	DP_VRF_ADD,
	DP_VRF_DEL,
	DP_LINK_ADD,
	DP_LINK_DEL,
	DP_ADDR_ADD,
	DP_ADDR_DEL,
	DP_ROUTE_ADD, /* add or replace */
	DP_ROUTE_DEL,
	DP_LABEL_ADD, /* add or replace */
	DP_LABEL_DEL,
	DP_NEIGH_ADD, /* overlay address -> NBMA address on a multipoint tunnel */
	DP_NEIGH_DEL,
	DP_SA_ADD,
	DP_SA_DEL,
	DP_POLICY_ADD,
	DP_POLICY_DEL,
	DP_OP_COUNT
};

/* A VRF: a routing table and (kernel) its l3mdev device. */
struct dp_vrf {
	char dv_name[DP_DEVLEN]; /* device name */
	uint32_t dv_table;
	char dv_descr[DP_DESCRLEN]; /* the VRF's name, for the device's mark; "" = the device name */
};

enum dp_link_kind {
	DP_LINK_EXISTING, /* a device ferryd did not create (mapped with -m): only enslaved/configured */
	DP_LINK_LOOPBACK, /* IOS LoopbackN: a dummy device */
	DP_LINK_VLAN,	  /* an 802.1Q subinterface */
	DP_LINK_GRE,	  /* point-to-point GRE */
	DP_LINK_MGRE,	  /* multipoint GRE: remotes come from neighbour entries */
};

struct dp_link {
	char dl_name[DP_DEVLEN];
	enum dp_link_kind dl_kind;
	char dl_parent[DP_DEVLEN]; /* VLAN: the trunk; GRE: the underlay device (optional) */
	uint16_t dl_vlan;
	struct in_addr dl_local, dl_remote; /* GRE endpoints (remote unused for mGRE) */
	uint32_t dl_key;		    /* GRE key, 0 = none */
	bool dl_has_key;
	uint8_t dl_ttl;		/* 0 = inherit */
	char dl_vrf[DP_DEVLEN]; /* enslaved to this VRF device, "" = global */
	bool dl_mpls;		/* accepts labeled packets */
	bool dl_protected;	/* "tunnel protection": GRE only inside ESP, never in clear */
	bool dl_up;
	uint32_t dl_mtu;	    /* 0 = default */
	char dl_descr[DP_DESCRLEN]; /* created devices: the IOS name, for the mark; "" = dl_name */
};

struct dp_addr {
	char da_dev[DP_DEVLEN];
	struct in_addr da_addr;
	uint8_t da_plen;
};

struct dp_nexthop {
	struct in_addr dn_gw; /* 0.0.0.0: directly attached to dn_dev */
	char dn_dev[DP_DEVLEN];
	uint32_t dn_labels[DP_MAX_LABELS]; /* pushed, outermost first */
	uint8_t dn_nlabels;
};

enum dp_route_kind { DP_ROUTE_UNICAST, DP_ROUTE_BLACKHOLE };

struct dp_route {
	uint32_t dr_table; /* 0 = the main table */
	struct in_addr dr_dst;
	uint8_t dr_plen;
	enum dp_route_kind dr_kind;
	uint32_t dr_metric;
	struct dp_nexthop dr_nh[DP_MAX_NEXTHOPS];
	uint8_t dr_nnh;
};

enum dp_label_action {
	DP_LABEL_POP_LOOKUP,  /* pop, look the packet up in dl_vrf's table (per-VRF label) */
	DP_LABEL_SWAP,	      /* replace with dl_nh's labels and forward */
	DP_LABEL_POP_FORWARD, /* pop and forward to dl_nh (implicit-null towards it) */
};

struct dp_label {
	uint32_t dlb_in;
	enum dp_label_action dlb_action;
	char dlb_vrf[DP_DEVLEN];
	struct dp_nexthop dlb_nh;
};

struct dp_neigh {
	char dnb_dev[DP_DEVLEN];
	struct in_addr dnb_overlay, dnb_nbma;
};

/*
 * ESP transforms: AES-GCM with a 16-byte ICV (RFC 4106), or AES-CBC with HMAC-SHA-2 (RFC 4868 truncation).
 * Their names and lengths: dp_sa_alg.h, whose lists must name each value.
 */
enum dp_sa_alg {
	DP_SA_AES_GCM_128,
	DP_SA_AES_GCM_256,
	DP_SA_AES_CBC_128_SHA256,
	DP_SA_AES_CBC_256_SHA256,
	DP_SA_AES_GCM_192,
	DP_SA_AES_CBC_192_SHA256,
	DP_SA_AES_CBC_128_SHA384,
	DP_SA_AES_CBC_192_SHA384,
	DP_SA_AES_CBC_256_SHA384,
	DP_SA_AES_CBC_128_SHA512,
	DP_SA_AES_CBC_192_SHA512,
	DP_SA_AES_CBC_256_SHA512,
	DP_SA_ALG_COUNT
};
enum dp_sa_mode { DP_SA_TRANSPORT, DP_SA_TUNNEL };

struct dp_sa {
	uint32_t dsa_spi;
	struct in_addr dsa_src, dsa_dst;
	enum dp_sa_mode dsa_mode;
	enum dp_sa_alg dsa_alg;
	uint8_t dsa_key[DP_KEY_MAX]; /* GCM: key || 4-byte salt */
	uint8_t dsa_keylen;
	uint8_t dsa_auth_key[DP_AUTH_KEY_MAX];
	uint8_t dsa_auth_keylen;
	uint16_t dsa_encap_sport, dsa_encap_dport; /* UDP encapsulation (RFC 3948); 0 = none */
	uint32_t dsa_reqid;
	uint32_t dsa_replay_window;
};

enum dp_policy_dir { DP_POLICY_OUT, DP_POLICY_IN, DP_POLICY_FWD };

/* Protects traffic between two addresses (GRE between NBMA addresses) with the SA of dpo_reqid. */
struct dp_policy {
	struct in_addr dpo_src, dpo_dst;
	uint8_t dpo_proto; /* IP protocol, 0 = any */
	enum dp_policy_dir dpo_dir;
	enum dp_sa_mode dpo_mode;
	uint32_t dpo_reqid;
	struct in_addr dpo_tun_src, dpo_tun_dst; /* tunnel mode endpoints */
};

struct dp_op {
	enum dp_op_type op_type;
	union {
		struct dp_vrf op_vrf;
		struct dp_link op_link;
		struct dp_addr op_addr;
		struct dp_route op_route;
		struct dp_label op_label;
		struct dp_neigh op_neigh;
		struct dp_sa op_sa;
		struct dp_policy op_policy;
	};
};

/* Counters read back for show commands. */
enum dp_counter_kind { DP_CNT_LINK, DP_CNT_LABEL, DP_CNT_SA, DP_CNT_MPLS_LINK /* labeled packets on a link */ };

struct dp_counters {
	uint64_t dc_packets_in, dc_bytes_in, dc_packets_out, dc_bytes_out, dc_drops;
};

struct dp;

/* One drop reason and how many packets it dropped, for show commands. */
typedef void dp_drop_fn(void *arg, const char *reason, uint64_t count);

/* A VRF LAN link the backend reads itself, its VRF's device and how it reads it, for show commands. */
typedef void dp_lan_fn(void *arg, const char *link, const char *vrf, const char *how);

struct dp_punt; /* a control packet a tunnel received (dp_punt.h) */
typedef void dp_punt_fn(void *arg, const struct dp_punt *pkt);

struct dp_backend {
	const char *db_name;
	/* 0 when this machine can run the backend; otherwise what is missing, in why. */
	int (*db_probe)(char *why, size_t whylen);
	struct dp *(*db_open)(void);
	/* Applies a batch in order; stops at the first failure and says which and why (kernel: netlink
	 * batches are not transactions, operations after the failed one may have been applied). */
	int (*db_apply)(struct dp *dp, const struct dp_op *ops, size_t n, size_t *failed, char *err, size_t errlen);
	/* key: a device name (links, MPLS links), a label number in decimal (labels) or an SPI in hex,
	 * optionally "@DST" (SAs). An SA counts one direction: inbound in the _in fields, outbound in _out. */
	int (*db_counters)(struct dp *dp, enum dp_counter_kind kind, const char *key, struct dp_counters *out);
	/* Visits every drop reason the backend counts (NULL: it counts none by reason). */
	void (*db_drops)(struct dp *dp, dp_drop_fn *visit, void *arg);
	/* NHRP to and from the control plane (dp_punt.h); NULL: the backend has no such path. */
	int (*db_punt_fd)(struct dp *dp);
	int (*db_punt_drain)(struct dp *dp, dp_punt_fn *fn, void *arg);
	int (*db_inject)(struct dp *dp, const struct dp_punt *pkt);
	/* Visits "punted" and "injected" with their totals (the drops are db_drops' reasons). */
	void (*db_punt_counters)(struct dp *dp, dp_drop_fn *visit, void *arg);
	/* Visits each VRF LAN link the backend reads itself (NULL: the kernel forwards what they receive). */
	void (*db_lan_inputs)(struct dp *dp, dp_lan_fn *visit, void *arg);
	/* Removes everything this backend installed, then frees it. */
	void (*db_close)(struct dp *dp);
};

/* A dataplane in use: the backend and its state. */
struct dataplane {
	const struct dp_backend *dpl_backend;
	struct dp *dpl_state;
	char dpl_reason[256]; /* why this backend was chosen */
};

extern const struct dp_backend dp_backend_kernel;
extern const struct dp_backend dp_backend_none;
extern const struct dp_backend dp_backend_record;
extern const struct dp_backend dp_backend_userspace;

const struct dp_backend *dp_backend_find(const char *name);
/* Chooses the backend for --dataplane NAME ("auto" probes the kernel first) and opens it. */
int dataplane_open(struct dataplane *dpl, const char *wanted);
int dataplane_apply(struct dataplane *dpl, const struct dp_op *ops, size_t n, char *err, size_t errlen);
void dataplane_close(struct dataplane *dpl);

/* One line of text for an operation: logs, debug and the record backend. */
int dp_op_format(const struct dp_op *op, char *buf, size_t len);
const char *dp_op_name(enum dp_op_type type);

/* The record backend's log, for unit tests: every applied operation, one per line. */
const char *dp_record_text(const struct dp *dp);
void dp_record_clear(struct dp *dp);
/* Refuses, from now on, each batch holding an operation whose line holds text (NULL: none); the refusal
 * is logged as "refused LINE". -1 if text is too long to keep. */
int dp_record_refuse(struct dp *dp, const char *text);

#endif
