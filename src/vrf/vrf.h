/* VRFs: vrf definition / ip vrf, rd, route targets, vrf forwarding on interfaces. */
#ifndef FERRY_VRF_VRF_H
#define FERRY_VRF_VRF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config/config.h"
#include "core/omap.h"
#include "parser/cli.h"

struct iface;

/* A route distinguisher or route target: ASN:NN or A.B.C.D:NN. */
struct vrf_asnn {
	bool va_ip;	/* va_hi is an IPv4 address (host order), not an AS number */
	uint32_t va_hi; /* AS number or IPv4 address */
	uint32_t va_lo; /* the assigned number */
};

/* Parses a value the ASN:NN token accepted; -1 if it is not one. */
int vrf_asnn_parse(const char *s, struct vrf_asnn *out);
/* Writes the canonical spelling ("1:1", "10.0.0.1:5"). */
void vrf_asnn_format(const struct vrf_asnn *v, char *buf, size_t len);
bool vrf_asnn_eq(const struct vrf_asnn *a, const struct vrf_asnn *b);

/* A list of route targets, in the order they were configured. */
struct vrf_rts {
	struct vrf_asnn *rt_v;
	size_t rt_n;
};

/* The command that created the VRF: it is printed back the same way. */
enum vrf_style { VRF_STYLE_DEFINITION, VRF_STYLE_IP_VRF };

struct vrf {
	char *vrf_name;
	enum vrf_style vrf_style;
	char *vrf_description;
	bool vrf_has_rd;
	struct vrf_asnn vrf_rd;
	struct vrf_rts vrf_export, vrf_import;
	bool vrf_af_ipv4; /* vrf definition: "address-family ipv4" is configured */
	/* vrf_table.c keeps these two: the table number stays an O(1) lookup with thousands of VRFs */
	uint32_t vrf_name_hash;
	uint32_t vrf_table_num;
};

extern struct cfg_module vrf_module;

struct vrf *vrf_lookup(const struct config *cfg, const char *name);
/* Every VRF by name, in creation order (values: struct vrf *). */
const struct omap *vrf_all(const struct config *cfg);
/* Creates an empty VRF of the given style; NULL if out of memory. */
struct vrf *vrf_create(struct config *cfg, const char *name, enum vrf_style style);
/* Removes a VRF after telling the delete hooks; interfaces are the caller's business. */
void vrf_delete(struct config *cfg, struct vrf *vrf);

/*
 * Subsystems that keep data per VRF (static routes, BGP address families)
 * register a hook to drop it when the VRF is removed, as IOS does.
 */
typedef void vrf_delete_fn(struct config *cfg, const char *name);
void vrf_delete_hook(vrf_delete_fn *fn);

/* Route target lists: adding an existing target or removing a missing one does nothing. */
int vrf_rts_add(struct vrf_rts *l, const struct vrf_asnn *rt);
void vrf_rts_del(struct vrf_rts *l, const struct vrf_asnn *rt);

/* The VRF an interface forwards in; NULL for the global table. */
const char *vrf_of_iface(const struct iface *ifp);

/* IOS's short interface name for tables: "Ethernet0/2" -> "Et0/2", "Virtual-Access1" -> "Vi1". */
void vrf_ifname_short(const char *name, char *buf, size_t len);

void vrf_cli_init(struct cli_tree *t);
void vrf_show_init(struct cli_tree *t);

#endif
