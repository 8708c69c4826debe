/*
 * BGP configuration: router bgp, its neighbors and peer groups, dynamic
 * neighbor listen ranges and the address families (ipv4, vpnv4, ipv4 vrf).
 *
 * The model holds what the user configured, nothing derived: a peer-group
 * member's own fields are set only where the member overrides its group
 * (bgp_nbr_remote_as and friends resolve the effective value).
 */
#ifndef FERRY_BGP_BGP_H
#define FERRY_BGP_BGP_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config/config.h"
#include "core/omap.h"
#include "parser/cli.h"

#define BGP_LISTEN_LIMIT_DEFAULT 100
#define BGP_KEEPALIVE_DEFAULT	 60
#define BGP_HOLDTIME_DEFAULT	 180
#define BGP_DESCRIPTION_MAX	 80

/* The address families a global-table neighbor can carry (index of nb_af). */
enum bgp_afi { BGP_AFI_IPV4, BGP_AFI_VPNV4, BGP_AFI_COUNT };

/* An address family block: the two global ones and one per "ipv4 vrf X". */
enum bgp_af_kind { BGP_AF_IPV4, BGP_AF_VPNV4, BGP_AF_VRF };

/* Explicitly configured on/off, or left at the IOS default. */
enum bgp_tristate { BGP_DEFAULT, BGP_ON, BGP_OFF };

enum bgp_transport { BGP_TRANSPORT_DEFAULT, BGP_TRANSPORT_ACTIVE, BGP_TRANSPORT_PASSIVE };

/* send-community: bits, "both" is the two together */
#define BGP_COMM_STANDARD 0x1
#define BGP_COMM_EXTENDED 0x2

enum bgp_redist_proto { BGP_REDIST_CONNECTED, BGP_REDIST_STATIC, BGP_REDIST_COUNT };

struct bgp_timers {
	bool bt_set; /* false: the IOS defaults (router) or the router's timers (neighbor) */
	uint16_t bt_keepalive, bt_holdtime;
};

/* A neighbor's settings in one address family. */
struct bgp_nbr_af {
	bool na_activate;
	uint8_t na_send_community; /* BGP_COMM_* bits */
	bool na_next_hop_self;
	bool na_soft_reconfig_in;
	char *na_route_map_in, *na_route_map_out;
};

/* A neighbor (by address) or a peer group (by name). */
struct bgp_nbr {
	char *nb_name; /* canonical address text, or the peer-group name */
	bool nb_is_group;
	struct in_addr nb_addr;	  /* neighbors only */
	uint32_t nb_remote_as;	  /* 0: none of its own (a member inherits its group's) */
	struct bgp_nbr *nb_group; /* the peer group a neighbor belongs to, or NULL */
	char *nb_description;
	char *nb_password;
	uint8_t nb_ebgp_multihop; /* TTL; 0: not configured */
	char *nb_update_source;	  /* canonical interface name */
	enum bgp_transport nb_transport;
	struct bgp_timers nb_timers;
	bool nb_shutdown;
	struct bgp_nbr_af nb_af[BGP_AFI_COUNT];
};

/* bgp listen range: sources in the range become dynamic members of a peer group. */
struct bgp_listen_range {
	struct in_addr lr_prefix;
	uint8_t lr_plen;
	char *lr_group;			  /* resolved with bgp_nbr_lookup when needed: it may be defined later */
	struct bgp_listen_range *lr_next; /* creation order */
};

struct bgp_redist {
	bool rd_on;
	bool rd_metric_set;
	uint32_t rd_metric;
	char *rd_route_map;
};

struct bgp_network {
	struct in_addr bn_prefix;
	uint8_t bn_plen;
	char *bn_route_map;
	struct bgp_network *bn_next; /* sorted by prefix, then length */
};

struct bgp_cfg;

struct bgp_af {
	enum bgp_af_kind af_kind;
	char *af_vrf;	 /* BGP_AF_VRF only */
	bool af_entered; /* ipv4, vpnv4: printed once the user entered it (a vrf one exists only then) */
	struct bgp_cfg *af_bgp;
	struct bgp_redist af_redist[BGP_REDIST_COUNT];
	struct bgp_network *af_networks;
	uint8_t af_maximum_paths; /* 0: the default, one path */
	bool af_default_originate;
};

struct bgp_cfg {
	uint32_t bgp_asn; /* 0: no router bgp */
	bool bgp_router_id_set;
	struct in_addr bgp_router_id;
	enum bgp_tristate bgp_log_nbr_changes; /* IOS default: on */
	bool bgp_no_default_ipv4;	       /* no bgp default ipv4-unicast */
	uint16_t bgp_listen_limit;	       /* 0: BGP_LISTEN_LIMIT_DEFAULT */
	struct bgp_listen_range *bgp_ranges;
	struct bgp_timers bgp_timers;
	struct omap *bgp_nbrs; /* name -> struct bgp_nbr, creation order */
	struct bgp_af bgp_af_ipv4, bgp_af_vpnv4;
	struct omap *bgp_vrf_afs; /* vrf name -> struct bgp_af, creation order */
};

extern struct cfg_module bgp_module;

/* ---- read access (the protocol) ---- */

/* The BGP instance, or NULL without router bgp. */
const struct bgp_cfg *bgp_cfg_get(const struct config *cfg);
struct bgp_nbr *bgp_nbr_lookup(const struct bgp_cfg *bgp, const char *name);
/* Peer groups in creation order, then neighbors by address: IOS's order. malloc'd array of n. */
struct bgp_nbr **bgp_nbrs_sorted(const struct bgp_cfg *bgp, size_t *n);
/* Effective remote AS: the neighbor's own, else its group's; 0 if none. */
uint32_t bgp_nbr_remote_as(const struct bgp_nbr *nb);
bool bgp_log_neighbor_changes(const struct bgp_cfg *bgp);
struct bgp_af *bgp_vrf_af_lookup(const struct bgp_cfg *bgp, const char *vrf);
/* The vrf address families sorted by vrf name; malloc'd array of n. */
struct bgp_af **bgp_vrf_afs_sorted(const struct bgp_cfg *bgp, size_t *n);

/* ---- changes (the CLI) ---- */

/* The model of a configuration, running or not (never NULL). */
struct bgp_cfg *bgp_model(const struct config *cfg);
/* Drops everything (no router bgp): the vrf address families go (see bgp_af_remove). */
void bgp_clear(struct bgp_cfg *bgp);
/* Creates a neighbor (address) or peer group (name); NULL if out of memory. */
struct bgp_nbr *bgp_nbr_create(struct bgp_cfg *bgp, const char *name, bool is_group);
void bgp_nbr_delete(struct bgp_cfg *bgp, struct bgp_nbr *nb);
/* Deletes a peer group with the members that depend on it for their AS;
 * others leave it. */
void bgp_group_delete(struct bgp_cfg *bgp, struct bgp_nbr *grp);
void bgp_nbr_af_clear(struct bgp_nbr_af *na);
/* The vrf address family, created if new; NULL if out of memory. */
struct bgp_af *bgp_vrf_af_get(struct bgp_cfg *bgp, const char *vrf);
/* no address-family: forgets its settings and its neighbors' settings in it;
 * a vrf one is freed, after the sessions in its mode leave it. */
void bgp_af_remove(struct bgp_af *af);
/* Index of the address family in nb_af, or -1 (vrf: no global neighbors there). */
int bgp_af_index(const struct bgp_af *af);
/* Adds a listen range or moves it to another group; -1 if out of memory. */
int bgp_range_set(struct bgp_cfg *bgp, struct in_addr prefix, uint8_t plen, const char *group);
bool bgp_range_delete(struct bgp_cfg *bgp, struct in_addr prefix, uint8_t plen);
/* Adds or replaces a network statement; -1 if out of memory. */
int bgp_network_set(struct bgp_af *af, struct in_addr prefix, uint8_t plen, const char *route_map);
bool bgp_network_delete(struct bgp_af *af, struct in_addr prefix, uint8_t plen);
/* Sets *dst to a copy of val (NULL clears); -1 if out of memory. */
int bgp_strset(char **dst, const char *val);

void bgp_cli_init(struct cli_tree *t);

#endif
