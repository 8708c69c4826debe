/* The naming scheme of the devices ferryd creates (see dp_names.h). */
#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "dataplane/dataplane.h"
#include "dataplane/dp_names.h"
#include "interface/iface.h"

#define HASH_SUFFIX_LEN 5   /* "_hhhh" */
#define BODY_MAX	128 /* longer IOS names are hashed from their first BODY_MAX - 1 characters */

static const struct if_type {
	const char *it_ios, *it_short;
} if_types[] = {
    {"Tunnel", "tu"},	    {"Loopback", "lo"},	    {"Virtual-Access", "va"},  {"Virtual-Template", "vt"},
    {"Ethernet", "et"},	    {"FastEthernet", "fa"}, {"GigabitEthernet", "gi"}, {"TenGigabitEthernet", "te"},
    {"Port-channel", "po"}, {"Vlan", "vl"},	    {"Dialer", "di"},	       {"Serial", "se"},
};

/* FNV-1a, folded to 16 bits: four hex digits tell apart names that share their first characters. */
static uint16_t name_hash(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++) {
		h ^= (uint8_t)*s;
		h *= 16777619u;
	}
	return (uint16_t)(h ^ (h >> 16));
}

static bool name_char_ok(char c)
{
	return isalnum((unsigned char)c) || c == '.' || c == '-' || c == '_';
}

static bool body_ok(const char *body, size_t room)
{
	size_t n = strlen(body);

	if (n == 0 || n > room)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!name_char_ok(body[i]))
			return false;
	return true;
}

/* prefix+body, or the hashed form when body is refused (exact false) or does not fit. */
static int compose(const char *prefix, const char *body, bool exact, char *out, size_t len)
{
	size_t room = DP_DEVLEN - 1 - strlen(prefix), keep = room - HASH_SUFFIX_LEN, i;
	char head[DP_DEVLEN];

	if (len < DP_DEVLEN || !*body)
		return -1;
	if (exact && body_ok(body, room)) {
		snprintf(out, len, "%s%s", prefix, body);
		return 0;
	}
	for (i = 0; i < keep && body[i]; i++)
		head[i] = name_char_ok(body[i]) ? body[i] : '_';
	head[i] = '\0';
	snprintf(out, len, "%s%s_%04x", prefix, head, name_hash(body));
	return 0;
}

static const struct if_type *if_type_of(const char *ios, size_t typelen)
{
	for (size_t i = 0; i < sizeof(if_types) / sizeof(if_types[0]); i++)
		if (strlen(if_types[i].it_ios) == typelen && strncasecmp(if_types[i].it_ios, ios, typelen) == 0)
			return &if_types[i];
	return NULL;
}

int dp_name_interface(const char *ios, char *out, size_t len)
{
	size_t typelen = strcspn(ios, "0123456789");
	const struct if_type *t = if_type_of(ios, typelen);
	char body[BODY_MAX];
	size_t n = 0;

	if (t)
		n = (size_t)snprintf(body, sizeof(body), "%s", t->it_short);
	/* an unknown type keeps its whole name, so two unknown types cannot meet */
	for (const char *p = t ? ios + typelen : ios; *p && n < sizeof(body) - 1; p++)
		body[n++] = *p == '/' ? '-' : (char)tolower((unsigned char)*p);
	body[n] = '\0';
	return compose(DP_NAME_PREFIX, body, t && ios[typelen], out, len);
}

int dp_name_vrf(const char *name, char *out, size_t len)
{
	return compose(DP_NAME_PREFIX "v-", name, true, out, len);
}

int dp_name_device(const char *ios, char *out, size_t len)
{
	const char *mapped = if_map_linux(ios);

	if (!mapped)
		return dp_name_interface(ios, out, len);
	return snprintf(out, len, "%s", mapped) < (int)len ? 0 : -1;
}
