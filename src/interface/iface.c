/* The interface table of a configuration model. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config/modes.h"
#include "core/omap.h"
#include "core/session.h"
#include "interface/iface.h"

static struct if_ext_ops *ext_ops[IF_EXT_MAX];
static int next_ext;

void if_ext_register(struct if_ext_ops *ops)
{
	if (ops->ie_registered)
		return;
	if (next_ext == IF_EXT_MAX)
		abort(); /* raise IF_EXT_MAX */
	ops->ie_slot = next_ext;
	ops->ie_registered = true;
	ext_ops[next_ext++] = ops;
}

void *if_ext(const struct iface *ifp, const struct if_ext_ops *ops)
{
	return ifp->if_ext[ops->ie_slot];
}

void *if_ext_get(struct iface *ifp, const struct if_ext_ops *ops, size_t size)
{
	if (!ifp->if_ext[ops->ie_slot])
		ifp->if_ext[ops->ie_slot] = calloc(1, size);
	return ifp->if_ext[ops->ie_slot];
}

static void iface_free(void *data)
{
	struct iface *ifp = data;

	for (int i = 0; i < next_ext; i++)
		if (ifp->if_ext[i])
			ext_ops[i]->ie_free(ifp->if_ext[i]);
	free(ifp->if_description);
	free(ifp);
}

/* The module's data is the interfaces by name (IOS's names are case-insensitive). */
static void *if_new_table(struct config *cfg)
{
	return omap_new(true);
}

static void if_free_table(void *data)
{
	omap_free(data, iface_free);
}

struct cfg_module if_module = {.cm_name = "interfaces", .cm_new = if_new_table, .cm_free = if_free_table};

static struct omap *ifaces(const struct config *cfg)
{
	return cfg_mod(cfg, &if_module);
}

const struct omap *if_all(const struct config *cfg)
{
	return ifaces(cfg);
}

struct iface *if_lookup(const struct config *cfg, const char *name)
{
	return omap_get(ifaces(cfg), name);
}

size_t if_count(const struct config *cfg)
{
	return omap_count(ifaces(cfg));
}

struct iface *if_get(struct config *cfg, const char *name)
{
	struct iface *ifp = if_lookup(cfg, name);

	if (ifp)
		return ifp;
	if (!(ifp = calloc(1, sizeof(*ifp))))
		return NULL;
	snprintf(ifp->if_name, sizeof(ifp->if_name), "%s", name);
	if (omap_put(ifaces(cfg), ifp->if_name, ifp) < 0) {
		free(ifp);
		return NULL;
	}
	return ifp;
}

bool if_delete(struct config *cfg, const char *name)
{
	struct iface *ifp = omap_del(ifaces(cfg), name);

	if (!ifp)
		return false;
	session_forget(ifp, sizeof(*ifp));
	iface_free(ifp);
	return true;
}

bool if_is_subif(const char *name)
{
	return strchr(name, '.') != NULL;
}

int if_type_rank(const char *name)
{
	static const char *const order[] = {"Loopback",		  "Null",	    "Tunnel",
					    "Ethernet",		  "FastEthernet",   "GigabitEthernet",
					    "TenGigabitEthernet", "Virtual-Access", "Virtual-Template"};
	size_t tl = strcspn(name, "0123456789");

	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		if (strlen(order[i]) == tl && strncasecmp(order[i], name, tl) == 0)
			return (int)i;
	return (int)(sizeof(order) / sizeof(order[0]));
}

/* Compares "0/1.10" against "0/1.2" number by number. */
static int cmp_numbers(const char *a, const char *b)
{
	while (*a && *b) {
		if (isdigit((unsigned char)*a) && isdigit((unsigned char)*b)) {
			unsigned long x = strtoul(a, (char **)&a, 10), y = strtoul(b, (char **)&b, 10);
			if (x != y)
				return x < y ? -1 : 1;
		} else if (*a != *b) {
			return *a == '.' ? 1 : *b == '.' ? -1 : (unsigned char)*a - (unsigned char)*b;
		} else {
			a++, b++;
		}
	}
	return *a ? 1 : *b ? -1 : 0;
}

static int cmp_iface(const void *pa, const void *pb)
{
	const struct iface *a = *(struct iface *const *)pa, *b = *(struct iface *const *)pb;
	int ra = if_type_rank(a->if_name), rb = if_type_rank(b->if_name);

	if (ra != rb)
		return ra - rb;
	int c = strncasecmp(a->if_name, b->if_name, strcspn(a->if_name, "0123456789"));
	if (c)
		return c;
	return cmp_numbers(a->if_name + strcspn(a->if_name, "0123456789"),
			   b->if_name + strcspn(b->if_name, "0123456789"));
}

struct iface **if_sorted(const struct config *cfg, size_t *n)
{
	struct iface **v = malloc((if_count(cfg) + 1) * sizeof(*v));

	*n = 0;
	if (!v)
		return NULL;
	for (struct omap_iter it = omap_begin(if_all(cfg)); omap_next(&it);)
		v[(*n)++] = it.oi_val;
	qsort(v, *n, sizeof(*v), cmp_iface);
	return v;
}

bool if_has_own_address(const struct iface *ifp)
{
	return ifp->if_addr_mode == IF_ADDR_STATIC || (ifp->if_addr_mode == IF_ADDR_NEGOTIATED && ifp->if_addr_negotiated);
}

bool if_address_of(const struct config *cfg, const struct iface *ifp, struct in_addr *addr, uint8_t *plen)
{
	const struct iface *src = ifp->if_addr_mode == IF_ADDR_UNNUMBERED ? if_lookup(cfg, ifp->if_unnumbered) : ifp;

	if (!src || !if_has_own_address(src))
		return false;
	*addr = src->if_addr;
	*plen = src == ifp ? src->if_plen : 32;
	return true;
}

struct iface *if_of(const struct cli_ctx *c)
{
	int m = cli_mode(c);
	return m == MODE_IF || m == MODE_SUBIF ? cli_obj(c) : NULL;
}
