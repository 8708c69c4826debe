/* The VRF module of the configuration model. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "core/session.h"
#include "vrf/vrf.h"
#include "vrf/vrf_table.h"

#define VRF_MAX_HOOKS 8

static vrf_delete_fn *delete_hooks[VRF_MAX_HOOKS];
static int nhooks;

int vrf_asnn_parse(const char *s, struct vrf_asnn *out)
{
	const char *colon = strchr(s, ':');
	char hi[INET_ADDRSTRLEN];
	struct in_addr a;

	if (!colon || (size_t)(colon - s) >= sizeof(hi))
		return -1;
	memcpy(hi, s, (size_t)(colon - s));
	hi[colon - s] = '\0';
	out->va_ip = strchr(hi, '.') != NULL;
	if (out->va_ip) {
		if (inet_pton(AF_INET, hi, &a) != 1)
			return -1;
		out->va_hi = ntohl(a.s_addr);
	} else {
		out->va_hi = (uint32_t)strtoul(hi, NULL, 10);
	}
	out->va_lo = (uint32_t)strtoul(colon + 1, NULL, 10);
	return 0;
}

void vrf_asnn_format(const struct vrf_asnn *v, char *buf, size_t len)
{
	struct in_addr a = {.s_addr = htonl(v->va_hi)};
	char ip[INET_ADDRSTRLEN];

	if (v->va_ip)
		snprintf(buf, len, "%s:%u", inet_ntop(AF_INET, &a, ip, sizeof(ip)), v->va_lo);
	else
		snprintf(buf, len, "%u:%u", v->va_hi, v->va_lo);
}

bool vrf_asnn_eq(const struct vrf_asnn *a, const struct vrf_asnn *b)
{
	return a->va_ip == b->va_ip && a->va_hi == b->va_hi && a->va_lo == b->va_lo;
}

static ssize_t rts_find(const struct vrf_rts *l, const struct vrf_asnn *rt)
{
	for (size_t i = 0; i < l->rt_n; i++)
		if (vrf_asnn_eq(&l->rt_v[i], rt))
			return (ssize_t)i;
	return -1;
}

int vrf_rts_add(struct vrf_rts *l, const struct vrf_asnn *rt)
{
	struct vrf_asnn *v;

	if (rts_find(l, rt) >= 0)
		return 0;
	if (!(v = realloc(l->rt_v, (l->rt_n + 1) * sizeof(*v))))
		return -1;
	v[l->rt_n++] = *rt;
	l->rt_v = v;
	return 0;
}

void vrf_rts_del(struct vrf_rts *l, const struct vrf_asnn *rt)
{
	ssize_t i = rts_find(l, rt);

	if (i < 0)
		return;
	memmove(&l->rt_v[i], &l->rt_v[i + 1], (l->rt_n - (size_t)i - 1) * sizeof(*l->rt_v));
	l->rt_n--;
}

static void vrf_free(void *data)
{
	struct vrf *vrf = data;

	free(vrf->vrf_name);
	free(vrf->vrf_description);
	free(vrf->vrf_export.rt_v);
	free(vrf->vrf_import.rt_v);
	free(vrf);
}

/* The module's data is the VRFs by name (case-sensitive on IOS). */
static void *vrf_cfg_new(struct config *cfg)
{
	return omap_new(false);
}

static void vrf_cfg_free(void *data)
{
	omap_free(data, vrf_free);
}

struct cfg_module vrf_module = {.cm_name = "vrf", .cm_new = vrf_cfg_new, .cm_free = vrf_cfg_free};

static struct omap *vrfs(const struct config *cfg)
{
	return cfg_mod(cfg, &vrf_module);
}

const struct omap *vrf_all(const struct config *cfg)
{
	return vrfs(cfg);
}

struct vrf *vrf_lookup(const struct config *cfg, const char *name)
{
	return omap_get(vrfs(cfg), name);
}

struct vrf *vrf_create(struct config *cfg, const char *name, enum vrf_style style)
{
	struct vrf *vrf = calloc(1, sizeof(*vrf));

	if (!vrf || !(vrf->vrf_name = strdup(name)) || omap_put(vrfs(cfg), name, vrf) < 0) {
		if (vrf)
			free(vrf->vrf_name);
		free(vrf);
		return NULL;
	}
	vrf->vrf_style = style;
	vrf_table_joined(cfg, vrf);
	return vrf;
}

void vrf_delete(struct config *cfg, struct vrf *vrf)
{
	for (int i = 0; i < nhooks; i++)
		delete_hooks[i](cfg, vrf->vrf_name);
	omap_del(vrfs(cfg), vrf->vrf_name);
	vrf_table_left(cfg, vrf->vrf_name_hash);
	/* sessions in its modes (vrf definition, its address family) leave them */
	session_forget(vrf, sizeof(*vrf));
	vrf_free(vrf);
}

void vrf_delete_hook(vrf_delete_fn *fn)
{
	for (int i = 0; i < nhooks; i++)
		if (delete_hooks[i] == fn)
			return; /* a second grammar registers again */
	if (nhooks == VRF_MAX_HOOKS)
		abort(); /* raise VRF_MAX_HOOKS */
	delete_hooks[nhooks++] = fn;
}
