/*
 * Interfaces: the IOS names in the configuration, their addresses, and
 * extension slots where other subsystems (VRF, tunnel, NHRP, MPLS) keep
 * their own per-interface settings.
 */
#ifndef FERRY_INTERFACE_IFACE_H
#define FERRY_INTERFACE_IFACE_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>

#include "config/config.h"
#include "core/omap.h"

#define IF_NAMELEN 64
#define IF_EXT_MAX 8

enum if_addr_mode { IF_ADDR_NONE, IF_ADDR_STATIC, IF_ADDR_NEGOTIATED, IF_ADDR_UNNUMBERED };

struct iface {
	char if_name[IF_NAMELEN]; /* canonical IOS name: "Ethernet0/1.10" */
	char *if_description;
	enum if_addr_mode if_addr_mode;
	struct in_addr if_addr;
	uint8_t if_plen;
	char if_unnumbered[IF_NAMELEN];
	bool if_addr_negotiated; /* IF_ADDR_NEGOTIATED: IKEv2 mode config set if_addr and if_plen */
	bool if_from_file; /* address came from the startup-config (Method NVRAM) */
	bool if_no_unreachables;
	bool if_shutdown;
	bool if_type_tunnel; /* "interface Virtual-Template1 type tunnel" */
	uint16_t if_dot1q;
	void *if_ext[IF_EXT_MAX];
};

/* Per-interface data of another subsystem. */
struct if_ext_ops {
	const char *ie_name;
	void (*ie_free)(void *data);
	int ie_slot;
	bool ie_registered;
};

extern struct cfg_module if_module;

void if_ext_register(struct if_ext_ops *ops);
void *if_ext(const struct iface *ifp, const struct if_ext_ops *ops);
/* The extension data, allocated zeroed on first use; NULL if out of memory. */
void *if_ext_get(struct iface *ifp, const struct if_ext_ops *ops, size_t size);

struct iface *if_lookup(const struct config *cfg, const char *name);
/* Creates the interface if it does not exist; NULL if out of memory. */
struct iface *if_get(struct config *cfg, const char *name);
/* Removes an interface with its extensions; false if it does not exist. */
bool if_delete(struct config *cfg, const char *name);
/* Every interface by name, in creation order (values: struct iface *). */
const struct omap *if_all(const struct config *cfg);
size_t if_count(const struct config *cfg);
bool if_is_subif(const char *name);
/* Interface type rank for IOS ordering (Loopback, Tunnel, Ethernet ... Virtual-Template). */
int if_type_rank(const char *name);
/* Orders interfaces as IOS prints them; returns a malloc'd array of n. */
struct iface **if_sorted(const struct config *cfg, size_t *n);

/*
 * The address an interface has: its own (configured, or negotiated and set
 * by IKEv2 mode config) or, unnumbered, its source's as a host (/32).
 * false when it has none.
 */
/* A static address, or one IKEv2 mode config negotiated. */
bool if_has_own_address(const struct iface *ifp);
bool if_address_of(const struct config *cfg, const struct iface *ifp, struct in_addr *addr, uint8_t *plen);

/* The interface of the current (config-if) mode. */
struct iface *if_of(const struct cli_ctx *c);

/* IOS name -> Linux device, from ferryd -m. */
int if_map_add(const char *spec);
const char *if_map_linux(const char *iosname);
/* The IOS name mapped to Linux device linuxdev, or NULL. */
const char *if_map_ios(const char *linuxdev);
void if_map_clear(void);

/* Prints one interface's block of the running configuration. */
void if_print_block(struct cli_writer *w, const void *ifp);

void if_cli_init(struct cli_tree *t);
void if_show_init(struct cli_tree *t);

#endif
