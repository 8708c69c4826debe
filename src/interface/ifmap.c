/* The IOS-name to Linux-device map given with ferryd -m IOSNAME=LINUXDEV. */
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "interface/iface.h"

struct if_map {
	char *im_ios, *im_linux;
	struct if_map *im_next;
};

static struct if_map *maps;

int if_map_add(const char *spec)
{
	const char *eq = strchr(spec, '=');
	struct if_map *m;

	if (!eq || eq == spec || !eq[1] || strlen(eq + 1) >= IFNAMSIZ || (size_t)(eq - spec) >= IF_NAMELEN)
		return -1;
	if (!(m = calloc(1, sizeof(*m))))
		return -1;
	m->im_ios = strndup(spec, (size_t)(eq - spec));
	m->im_linux = strdup(eq + 1);
	if (!m->im_ios || !m->im_linux) {
		free(m->im_ios);
		free(m->im_linux);
		free(m);
		return -1;
	}
	m->im_next = maps;
	maps = m;
	return 0;
}

const char *if_map_linux(const char *iosname)
{
	for (const struct if_map *m = maps; m; m = m->im_next)
		if (strcasecmp(m->im_ios, iosname) == 0)
			return m->im_linux;
	return NULL;
}

const char *if_map_ios(const char *linuxdev)
{
	for (const struct if_map *m = maps; m; m = m->im_next)
		if (strcmp(m->im_linux, linuxdev) == 0)
			return m->im_ios;
	return NULL;
}

void if_map_clear(void)
{
	while (maps) {
		struct if_map *n = maps->im_next;
		free(maps->im_ios);
		free(maps->im_linux);
		free(maps);
		maps = n;
	}
}
