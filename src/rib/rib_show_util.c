/* Helpers shared by the routing show commands. */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "core/session.h"
#include "mpls/mfi.h"
#include "rib/fib.h"
#include "rib/rib_resolve.h"
#include "rib/rib_show.h"
#include "vrf/vrf.h"

void js_str(struct json_object *o, const char *key, const char *val)
{
	json_object_object_add(o, key, json_object_new_string(val));
}

void js_int(struct json_object *o, const char *key, int64_t val)
{
	json_object_object_add(o, key, json_object_new_int64(val));
}

void js_bool(struct json_object *o, const char *key, bool val)
{
	json_object_object_add(o, key, json_object_new_boolean(val));
}

void js_ip(struct json_object *o, const char *key, struct in_addr a)
{
	char buf[INET_ADDRSTRLEN];

	js_str(o, key, inet_ntop(AF_INET, &a, buf, sizeof(buf)));
}

struct ferryd *show_daemon(struct cli_ctx *c)
{
	struct ferryd *d = session_of(c)->s_daemon;

	if (!d)
		cli_fail(c, "Routing state exists only in the running daemon");
	return d;
}

int show_target(struct cli_ctx *c, const struct cli_args *a, struct show_target *st)
{
	const char *vrf = cli_arg(a, "vrfname");

	memset(st, 0, sizeof(*st));
	if (!(st->st_daemon = show_daemon(c)))
		return -1;
	if (vrf && !vrf_lookup(cfg_of(c), vrf)) {
		cli_fail(c, "IP routing table %s does not exist", vrf);
		return -1;
	}
	if (!(st->st_rib = rib_of(st->st_daemon))) {
		cli_fail(c, "Out of memory");
		return -1;
	}
	st->st_empty.rtb_vrf = vrf;
	if (!(st->st_table = rib_table_of(st->st_rib, vrf)))
		st->st_table = &st->st_empty; /* looking creates no table */
	st->st_has_addr = cli_has(a, "addr") && inet_pton(AF_INET, cli_arg(a, "addr"), &st->st_addr) == 1;
	return 0;
}

void show_prefix(uint32_t addr, uint8_t plen, char *buf, size_t len)
{
	struct in_addr a = {.s_addr = htonl(addr)};
	char ip[INET_ADDRSTRLEN];

	snprintf(buf, len, "%s/%u", inet_ntop(AF_INET, &a, ip, sizeof(ip)), plen);
}

const char *show_label(uint32_t label, char *buf, size_t len)
{
	if (label == MFI_LABEL_IMPLICIT_NULL)
		return "implicit-null";
	if (label == MFI_LABEL_EXPLICIT_NULL)
		return "explicit-null";
	snprintf(buf, len, "%u", label);
	return buf;
}

struct json_object *show_labels(const uint32_t *labels, unsigned n)
{
	struct json_object *arr = json_object_new_array();
	char buf[16];

	for (unsigned i = 0; i < n; i++)
		json_object_array_add(arr, json_object_new_string(show_label(labels[i], buf, sizeof(buf))));
	return arr;
}

uint8_t show_classful_len(uint32_t addr)
{
	if (addr < 0x80000000u)
		return 8;
	return addr < 0xc0000000u ? 16 : 24;
}

const struct rib_entry *show_installed(const struct rib *rib, const struct rib_table *t, uint32_t addr,
				       struct rib_res *res)
{
	struct rib_resolver rv;
	const struct rib_entry *e = NULL;
	int maxplen = 32;

	rib_resolver_init(&rv, rib);
	while (maxplen >= 0 && (e = rib_longest(t, addr, (uint8_t)maxplen))) {
		rib_resolve(&rv, t, e, res);
		if (res->rr_kind != RIB_RES_NONE)
			break;
		maxplen = e->re_node.ln_plen - 1;
		e = NULL;
	}
	rib_resolver_fini(&rv);
	return e;
}
