/* The label manager: label allocation, bindings, owners' reference counts. */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "mpls/mfi.h"

/* A VRF's number in binding keys (0 is the global table). */
struct mfi_vrf {
	uint32_t mv_num;
	char mv_name[];
};

#define PLEN_PER_VRF  63	 /* the prefix length field of a per-VRF binding key */
#define VRF_NUM_LIMIT (1u << 26) /* VRF numbers fit 26 bits of a binding key */

/* vrf number (26 bits) | prefix length or PLEN_PER_VRF (6 bits) | address (32 bits) */
static uint64_t binding_key(uint32_t vrf_num, unsigned plen, uint32_t addr)
{
	return (uint64_t)vrf_num << 38 | (uint64_t)plen << 32 | addr;
}

struct mfi *mfi_new(void)
{
	struct mfi *m = calloc(1, sizeof(*m));

	if (m && !(m->mf_vrfs = omap_new(false))) {
		free(m);
		return NULL;
	}
	if (m)
		mfi_set_range(m, MFI_LABEL_DYNAMIC_MIN, MFI_LABEL_MAX);
	return m;
}

static void out_free(struct mfi_out *o)
{
	if (o)
		free((char *)o->mo_ifname);
	free(o);
}

void mfi_free(struct mfi *m)
{
	const struct keymap_slot *s;

	if (!m)
		return;
	for (size_t i = 0; (s = keymap_next(&m->mf_labels, &i));) {
		struct mfi_label *l = s->ks_val;
		out_free(l->ml_out);
		free(l);
	}
	keymap_clear(&m->mf_labels);
	keymap_clear(&m->mf_bindings);
	keymap_clear(&m->mf_dirty);
	keymap_clear(&m->mf_explicit);
	keymap_clear(&m->mf_out_gws);
	omap_free(m->mf_vrfs, free);
	free(m);
}

int mfi_set_range(struct mfi *m, uint32_t min, uint32_t max)
{
	if (min < MFI_LABEL_DYNAMIC_MIN || max > MFI_LABEL_MAX || min > max)
		return -1;
	if (m->mf_min == min && m->mf_max == max)
		return 0;
	m->mf_min = min;
	m->mf_max = max;
	if (m->mf_next < min || m->mf_next > max)
		m->mf_next = min;
	m->mf_version++;
	return 0;
}

/* A label's forwarding may have changed: the FIB looks at it again. */
static void changed(struct mfi *m, uint32_t label)
{
	m->mf_version++;
	if (keymap_put(&m->mf_dirty, label, m) < 0)
		m->mf_overflow = true;
}

/* The VRF's record (created when asked to); NULL if unknown or out of memory. */
static const struct mfi_vrf *vrf_get(struct mfi *m, const char *vrf, bool create)
{
	struct mfi_vrf *v = omap_get(m->mf_vrfs, vrf);
	size_t len = strlen(vrf) + 1;

	if (v || !create || m->mf_nvrfs + 1 >= VRF_NUM_LIMIT)
		return v;
	if (!(v = malloc(sizeof(*v) + len)))
		return NULL;
	v->mv_num = ++m->mf_nvrfs;
	memcpy(v->mv_name, vrf, len);
	if (omap_put(m->mf_vrfs, vrf, v) < 0) {
		free(v);
		return NULL;
	}
	return v;
}

/* The first free label at or after the cursor, wrapping once around the range. */
static uint32_t free_label(struct mfi *m)
{
	uint32_t span = m->mf_max - m->mf_min + 1, cand = m->mf_next;

	for (uint32_t i = 0; i < span; i++, cand = cand == m->mf_max ? m->mf_min : cand + 1) {
		if (!keymap_get(&m->mf_labels, cand)) {
			m->mf_next = cand == m->mf_max ? m->mf_min : cand + 1;
			return cand;
		}
	}
	return MFI_LABEL_NONE;
}

/* Binds a new label as l describes (kind, VRF, prefix, key). */
static uint32_t bind_new(struct mfi *m, const struct mfi_label *proto, enum mfi_owner owner)
{
	uint32_t label = free_label(m);
	struct mfi_label *l;

	if (label == MFI_LABEL_NONE || !(l = malloc(sizeof(*l))))
		return MFI_LABEL_NONE;
	*l = *proto;
	l->ml_label = label;
	l->ml_refs[owner] = 1;
	if (keymap_put(&m->mf_labels, label, l) < 0) {
		free(l);
		return MFI_LABEL_NONE;
	}
	if (keymap_put(&m->mf_bindings, l->ml_key, l) < 0) {
		keymap_del(&m->mf_labels, label);
		free(l);
		return MFI_LABEL_NONE;
	}
	changed(m, label);
	return label;
}

/* A reference on the binding proto describes, binding a label first if needed. */
static uint32_t take(struct mfi *m, const struct mfi_label *proto, enum mfi_owner owner)
{
	struct mfi_label *l = keymap_get(&m->mf_bindings, proto->ml_key);

	if (!l)
		return bind_new(m, proto, owner);
	l->ml_refs[owner]++;
	return l->ml_label;
}

/* The binding's description: kind, VRF (interned here) and key; false if out of memory. */
static bool describe(struct mfi *m, const char *vrf, enum mfi_kind kind, uint32_t addr, uint8_t plen,
		     struct mfi_label *proto)
{
	const struct mfi_vrf *v = vrf ? vrf_get(m, vrf, true) : NULL;

	if (vrf && !v)
		return false;
	memset(proto, 0, sizeof(*proto));
	proto->ml_kind = kind;
	proto->ml_vrf = v ? v->mv_name : NULL;
	proto->ml_prefix.s_addr = htonl(addr);
	proto->ml_plen = plen;
	proto->ml_key = binding_key(v ? v->mv_num : 0, kind == MFI_PER_VRF ? PLEN_PER_VRF : plen, addr);
	return true;
}

static uint32_t prefix_addr(struct in_addr prefix, uint8_t plen)
{
	return plen ? ntohl(prefix.s_addr) & (0xffffffffu << (32 - plen)) : 0;
}

uint32_t mfi_vrf_label(struct mfi *m, const char *vrf, enum mfi_owner owner)
{
	struct mfi_label proto;

	if (owner >= MFI_OWNER_COUNT || !describe(m, vrf, MFI_PER_VRF, 0, 0, &proto))
		return MFI_LABEL_NONE;
	return take(m, &proto, owner);
}

uint32_t mfi_prefix_label(struct mfi *m, const char *vrf, struct in_addr prefix, uint8_t plen, enum mfi_owner owner)
{
	struct mfi_label proto;

	if (owner >= MFI_OWNER_COUNT || plen > 32 ||
	    !describe(m, vrf, MFI_PER_PREFIX, prefix_addr(prefix, plen), plen, &proto))
		return MFI_LABEL_NONE;
	return take(m, &proto, owner);
}

static bool held(const struct mfi_label *l)
{
	for (int o = 0; o < MFI_OWNER_COUNT; o++)
		if (l->ml_refs[o])
			return true;
	return false;
}

/* Counts (delta 1) or uncounts (-1) where label l's outgoing side o resolves (struct mfi). */
static void out_index(struct mfi *m, const struct mfi_label *l, const struct mfi_out *o, int delta)
{
	uint64_t gw;
	uintptr_t n;

	if (!o || o->mo_ifname)
		return;
	if (!o->mo_global && l->ml_vrf) {
		m->mf_out_vrf += (size_t)(intptr_t)delta;
		return;
	}
	gw = ntohl(o->mo_gw.s_addr);
	n = (uintptr_t)keymap_get(&m->mf_out_gws, gw) + (uintptr_t)(intptr_t)delta;
	if (n == 0)
		keymap_del(&m->mf_out_gws, gw);
	else if (keymap_put(&m->mf_out_gws, gw, (void *)n) < 0)
		m->mf_out_lost = true;
}

int mfi_release(struct mfi *m, uint32_t label, enum mfi_owner owner)
{
	struct mfi_label *l = keymap_get(&m->mf_labels, label);

	if (!l || owner >= MFI_OWNER_COUNT || l->ml_refs[owner] == 0)
		return -1;
	if (--l->ml_refs[owner] || held(l))
		return 0;
	keymap_del(&m->mf_bindings, l->ml_key);
	keymap_del(&m->mf_labels, label);
	keymap_del(&m->mf_explicit, label);
	out_index(m, l, l->ml_out, -1);
	out_free(l->ml_out);
	free(l);
	changed(m, label);
	return 0;
}

const struct mfi_label *mfi_find(const struct mfi *m, uint32_t label)
{
	return keymap_get(&m->mf_labels, label);
}

static const struct mfi_label *binding_find(const struct mfi *m, const char *vrf, unsigned plen_code, uint32_t addr)
{
	const struct mfi_vrf *v = vrf ? omap_get(m->mf_vrfs, vrf) : NULL;

	if (vrf && !v)
		return NULL;
	return keymap_get(&m->mf_bindings, binding_key(v ? v->mv_num : 0, plen_code, addr));
}

const struct mfi_label *mfi_vrf_binding(const struct mfi *m, const char *vrf)
{
	return binding_find(m, vrf, PLEN_PER_VRF, 0);
}

const struct mfi_label *mfi_prefix_binding(const struct mfi *m, const char *vrf, struct in_addr prefix, uint8_t plen)
{
	return plen <= 32 ? binding_find(m, vrf, plen, prefix_addr(prefix, plen)) : NULL;
}

static struct mfi_out *out_copy(const struct mfi_out *out)
{
	struct mfi_out *o = malloc(sizeof(*o));

	if (!o)
		return NULL;
	*o = *out;
	if (out->mo_ifname && !(o->mo_ifname = strdup(out->mo_ifname))) {
		free(o);
		return NULL;
	}
	return o;
}

int mfi_set_out(struct mfi *m, uint32_t label, const struct mfi_out *out)
{
	struct mfi_label *l = keymap_get(&m->mf_labels, label);
	struct mfi_out *o = NULL;

	if (!l || (out && !(o = out_copy(out))))
		return -1;
	if (o && keymap_put(&m->mf_explicit, label, l) < 0) {
		out_free(o);
		return -1;
	}
	if (!o)
		keymap_del(&m->mf_explicit, label);
	out_index(m, l, l->ml_out, -1);
	out_index(m, l, o, 1);
	out_free(l->ml_out);
	l->ml_out = o;
	changed(m, label);
	return 0;
}

void mfi_dirty_clear(struct mfi *m)
{
	keymap_clear(&m->mf_dirty);
	m->mf_overflow = false;
}

const struct mfi_label *mfi_next(const struct mfi *m, size_t *pos)
{
	const struct keymap_slot *s = keymap_next(&m->mf_labels, pos);
	return s ? s->ks_val : NULL;
}
