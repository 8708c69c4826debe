/* IKEv2 mode config: building and reading the CP payloads of IKE_AUTH. */
#include "ike/ikev2_modecfg.h"

#include <stdlib.h>
#include <string.h>

static int cfg_fail(struct ikev2_err *err, uint16_t notify, const char *what)
{
	*err = (struct ikev2_err){.e_notify = notify, .e_payload = IKEV2_PL_CP, .e_what = what};
	return -1;
}

/* Appends an attribute (len 0: asked for, empty); -1 if out of memory. */
static int attr_add(struct ikev2_cp *cp, uint16_t type, const void *val, size_t len)
{
	struct ikev2_cfg_attr *v = realloc(cp->cp_attr, (cp->cp_nattr + 1) * sizeof(*v));

	if (!v)
		return -1;
	cp->cp_attr = v;
	v += cp->cp_nattr;
	*v = (struct ikev2_cfg_attr){.ca_type = type};
	if (len && ikev2_blob_set(&v->ca_value, val, len) < 0)
		return -1;
	cp->cp_nattr++;
	return 0;
}

static struct ikev2_cp *cp_add(struct ikev2_pl **list, uint8_t type)
{
	struct ikev2_pl *pl = ikev2_pl_add(list, IKEV2_PL_CP);

	if (!pl)
		return NULL;
	pl->pl_cp.cp_type = type;
	return &pl->pl_cp;
}

int ikev2_modecfg_add_request(const struct ikev2_modecfg *mc, struct ikev2_pl **list, struct ikev2_err *err)
{
	static const uint16_t asked[] = {IKEV2_CFG_INTERNAL_IP4_ADDRESS, IKEV2_CFG_INTERNAL_IP4_NETMASK,
					 IKEV2_CFG_INTERNAL_IP4_DNS, IKEV2_CFG_INTERNAL_DNS_DOMAIN,
					 IKEV2_CFG_INTERNAL_IP4_SUBNET};
	struct ikev2_cp *cp;

	if (!mc->mc_request)
		return 0;
	if (!(cp = cp_add(list, IKEV2_CFG_REQUEST)))
		return cfg_fail(err, 0, "out of memory");
	for (size_t i = 0; i < sizeof(asked) / sizeof(asked[0]); i++)
		if (attr_add(cp, asked[i], NULL, 0) < 0)
			return cfg_fail(err, 0, "out of memory");
	return 0;
}

/* A subnet attribute is the address and its mask (§3.15.1). */
static int add_route(struct ikev2_cp *cp, const struct ikev2_route4 *r)
{
	uint8_t v[8];

	memcpy(v, &r->r4_addr, 4);
	memcpy(v + 4, &r->r4_mask, 4);
	return attr_add(cp, IKEV2_CFG_INTERNAL_IP4_SUBNET, v, sizeof(v));
}

static int add_reply_attrs(const struct ikev2_modecfg *mc, struct ikev2_cp *cp)
{
	if (mc->mc_has_addr && attr_add(cp, IKEV2_CFG_INTERNAL_IP4_ADDRESS, &mc->mc_addr, 4) < 0)
		return -1;
	if (mc->mc_netmask.s_addr && attr_add(cp, IKEV2_CFG_INTERNAL_IP4_NETMASK, &mc->mc_netmask, 4) < 0)
		return -1;
	for (unsigned i = 0; i < mc->mc_ndns; i++)
		if (attr_add(cp, IKEV2_CFG_INTERNAL_IP4_DNS, &mc->mc_dns[i], 4) < 0)
			return -1;
	if (mc->mc_domain && attr_add(cp, IKEV2_CFG_INTERNAL_DNS_DOMAIN, mc->mc_domain, strlen(mc->mc_domain)) < 0)
		return -1;
	if (mc->mc_banner && attr_add(cp, IKEV2_CFG_CISCO_BANNER, mc->mc_banner, strlen(mc->mc_banner)) < 0)
		return -1;
	for (unsigned i = 0; i < mc->mc_nroutes; i++)
		if (add_route(cp, &mc->mc_routes[i]) < 0)
			return -1;
	return 0;
}

int ikev2_modecfg_add_reply(const struct ikev2_modecfg *mc, struct ikev2_pl **list, struct ikev2_err *err)
{
	struct ikev2_cp *cp;

	if (!mc->mc_requested)
		return 0;
	if (!(cp = cp_add(list, IKEV2_CFG_REPLY)) || add_reply_attrs(mc, cp) < 0)
		return cfg_fail(err, 0, "out of memory");
	return 0;
}

/* The first CP payload of that type in a chain, or NULL. */
static const struct ikev2_cp *find_cp(const struct ikev2_pl *list, uint8_t type)
{
	for (const struct ikev2_pl *pl = list; pl; pl = pl->pl_next)
		if (pl->pl_type == IKEV2_PL_CP && pl->pl_cp.cp_type == type)
			return &pl->pl_cp;
	return NULL;
}

int ikev2_modecfg_accept(struct ikev2_modecfg *mc, ikev2_modecfg_assign_fn *assign, void *arg,
			 const struct ikev2_pl *inner, struct ikev2_err *err)
{
	const struct ikev2_pl *idi = ikev2_pl_find(inner, IKEV2_PL_IDI);
	const char *why = "the peer is not authorized";

	if (!find_cp(inner, IKEV2_CFG_REQUEST) || !assign || !idi)
		return 0;
	ikev2_modecfg_fini(mc);
	mc->mc_requested = true;
	if (assign(arg, &idi->pl_id, mc, &why) < 0)
		return cfg_fail(err, IKEV2_N_AUTHENTICATION_FAILED, why);
	return 0;
}

int ikev2_modecfg_take_reply(struct ikev2_modecfg *mc, const struct ikev2_pl *inner, struct ikev2_err *err)
{
	const struct ikev2_cp *cp = mc->mc_request ? find_cp(inner, IKEV2_CFG_REPLY) : NULL;

	if (!cp)
		return 0;
	mc->mc_requested = true;
	return ikev2_modecfg_read(cp, mc, err);
}

/* A text attribute into a C string: at most len - 1 octets, cut at the first NUL. */
int ikev2_modecfg_set_text(char **dst, const char *src, size_t len)
{
	size_t n = strnlen(src, len < IKEV2_MODECFG_TEXT - 1 ? len : IKEV2_MODECFG_TEXT - 1);

	free(*dst);
	*dst = NULL;
	return n && !(*dst = strndup(src, n)) ? -1 : 0;
}

void ikev2_modecfg_fini(struct ikev2_modecfg *mc)
{
	free(mc->mc_domain);
	free(mc->mc_banner);
	*mc = (struct ikev2_modecfg){0};
}

static int text_attr(char **dst, const struct ikev2_blob *b, struct ikev2_err *err)
{
	if (ikev2_modecfg_set_text(dst, (const char *)b->bl_data, b->bl_len) < 0)
		return cfg_fail(err, 0, "out of memory");
	return 0;
}

static int read_addr(struct in_addr *dst, const struct ikev2_blob *b, struct ikev2_err *err)
{
	if (b->bl_len != 4)
		return cfg_fail(err, IKEV2_N_INVALID_SYNTAX, "IPv4 configuration attribute of the wrong size");
	memcpy(dst, b->bl_data, 4);
	return 0;
}

static int read_route(struct ikev2_modecfg *mc, const struct ikev2_blob *b, struct ikev2_err *err)
{
	struct ikev2_route4 *r = &mc->mc_routes[mc->mc_nroutes];

	if (b->bl_len != 8)
		return cfg_fail(err, IKEV2_N_INVALID_SYNTAX, "INTERNAL_IP4_SUBNET of the wrong size");
	if (mc->mc_nroutes == IKEV2_MODECFG_ROUTES)
		return 0; /* more routes than we keep: the first ones are the peer's own networks */
	memcpy(&r->r4_addr, b->bl_data, 4);
	memcpy(&r->r4_mask, b->bl_data + 4, 4);
	mc->mc_nroutes++;
	return 0;
}

static int read_dns(struct ikev2_modecfg *mc, const struct ikev2_blob *b, struct ikev2_err *err)
{
	struct in_addr a;

	if (read_addr(&a, b, err) < 0)
		return -1;
	if (mc->mc_ndns < IKEV2_MODECFG_DNS)
		mc->mc_dns[mc->mc_ndns++] = a;
	return 0;
}

static int read_attr(struct ikev2_modecfg *mc, const struct ikev2_cfg_attr *ca, struct ikev2_err *err)
{
	const struct ikev2_blob *b = &ca->ca_value;

	switch (ca->ca_type) {
	case IKEV2_CFG_INTERNAL_IP4_ADDRESS:
		mc->mc_has_addr = true;
		return read_addr(&mc->mc_addr, b, err);
	case IKEV2_CFG_INTERNAL_IP4_NETMASK:
		return read_addr(&mc->mc_netmask, b, err);
	case IKEV2_CFG_INTERNAL_IP4_SUBNET:
		return read_route(mc, b, err);
	case IKEV2_CFG_INTERNAL_IP4_DNS:
		return read_dns(mc, b, err);
	case IKEV2_CFG_INTERNAL_DNS_DOMAIN:
		return text_attr(&mc->mc_domain, b, err);
	case IKEV2_CFG_CISCO_BANNER:
		return text_attr(&mc->mc_banner, b, err);
	default:
		return 0; /* attributes we do not use are ignored (§3.15.1) */
	}
}

int ikev2_modecfg_read(const struct ikev2_cp *cp, struct ikev2_modecfg *mc, struct ikev2_err *err)
{
	for (size_t i = 0; i < cp->cp_nattr; i++)
		if (cp->cp_attr[i].ca_value.bl_len && read_attr(mc, &cp->cp_attr[i], err) < 0)
			return -1;
	return 0;
}
