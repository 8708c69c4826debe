/* The loaded trustpoint material, by trustpoint name (pki_store.h). */
#include <stdlib.h>
#include <string.h>

#include "pki/pki_int.h"
#include "pki/pki_store.h"

static struct pki_store {
	char *ps_dir;			/* NULL: no PKI directory given */
	struct pki_material *ps_loaded; /* newest first */
} store;

void pki_store_clear(void)
{
	while (store.ps_loaded) {
		struct pki_material *next = store.ps_loaded->pm_next;
		pki_material_free(store.ps_loaded);
		store.ps_loaded = next;
	}
}

void pki_store_set_dir(const char *dir)
{
	pki_store_clear();
	free(store.ps_dir);
	store.ps_dir = dir ? strdup(dir) : NULL;
}

static const struct pki_material *find(const char *trustpoint)
{
	for (const struct pki_material *pm = store.ps_loaded; pm; pm = pm->pm_next)
		if (strcmp(pm->pm_name, trustpoint) == 0)
			return pm;
	return NULL;
}

const struct pki_material *pki_store_get(const char *trustpoint)
{
	const struct pki_material *have = find(trustpoint);
	struct pki_material *pm;

	if (have || !store.ps_dir || !(pm = pki_material_load(store.ps_dir, trustpoint)))
		return have;
	pm->pm_next = store.ps_loaded;
	store.ps_loaded = pm;
	return pm;
}

void pki_store_reload(const struct config *cfg)
{
	pki_store_clear();
	for (struct omap_iter it = nametab_begin(&pki_cfg(cfg)->pk_trustpoints); omap_next(&it);) {
		const struct pki_trustpoint *tp = it.oi_val;
		pki_store_get(tp->tp_name);
	}
}

const struct pki_material *pki_store_first(void)
{
	return store.ps_loaded;
}
