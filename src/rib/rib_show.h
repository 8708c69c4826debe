/* Helpers shared by the routing show commands: show ip route, show ip cef, show mpls. */
#ifndef FERRY_RIB_RIB_SHOW_H
#define FERRY_RIB_RIB_SHOW_H

#include <json-c/json.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>

#include "parser/cli.h"
#include "rib/rib_resolve.h"
#include "rib/rib_table.h"

struct ferryd;

void js_str(struct json_object *o, const char *key, const char *val);
void js_int(struct json_object *o, const char *key, int64_t val);
void js_bool(struct json_object *o, const char *key, bool val);
void js_ip(struct json_object *o, const char *key, struct in_addr a);

/* The daemon behind the session; NULL, with an error printed, when checking a file offline. */
struct ferryd *show_daemon(struct cli_ctx *c);
/* What a show command of the routing tables is about: [vrf WORD$vrfname] [A.B.C.D$addr]. */
struct show_target {
	struct ferryd *st_daemon;
	struct rib *st_rib;
	const struct rib_table *st_table; /* the VRF's or the global table (st_empty if the RIB has none) */
	struct rib_table st_empty;
	bool st_has_addr;
	struct in_addr st_addr;
};

/* Fills st; -1, with IOS's error printed, offline or if the VRF does not exist. */
int show_target(struct cli_ctx *c, const struct cli_args *a, struct show_target *st);
/* The most specific route covering addr (host order) that is installed, and its resolution; NULL if none. */
const struct rib_entry *show_installed(const struct rib *rib, const struct rib_table *t, uint32_t addr,
				       struct rib_res *res);
/* "10.0.0.0/8" from a host-order address. */
void show_prefix(uint32_t addr, uint8_t plen, char *buf, size_t len);
/* A label as IOS writes it: "implicit-null", "explicit-null" or the number. */
const char *show_label(uint32_t label, char *buf, size_t len);
/* A label stack as a JSON array of IOS label names. */
struct json_object *show_labels(const uint32_t *labels, unsigned n);
/* The classful length of an address (8, 16 or 24): show ip route groups subnets by it. */
uint8_t show_classful_len(uint32_t addr);

/* Registers show ip route and show ip cef. */
void rib_show_init(struct cli_tree *t);
/* show ip cef (cef_show.c). */
int cef_show_run(struct cli_ctx *c, const struct cli_args *a);

#endif
