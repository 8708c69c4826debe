/* show ip route in IOS's layout: legend, gateway of last resort, classful grouping. */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "rib/lpm.h"
#include "rib/rib_show.h"
#include "rib/rib_show_text.h"
#include "show/render.h"

static const char legend[] = "Codes: L - local, C - connected, S - static, R - RIP, M - mobile, B - BGP\n"
			     "       D - EIGRP, EX - EIGRP external, O - OSPF, IA - OSPF inter area \n"
			     "       N1 - OSPF NSSA external type 1, N2 - OSPF NSSA external type 2\n"
			     "       E1 - OSPF external type 1, E2 - OSPF external type 2\n"
			     "       i - IS-IS, su - IS-IS summary, L1 - IS-IS level-1, L2 - IS-IS level-2\n"
			     "       ia - IS-IS inter area, * - candidate default, U - per-user static route\n"
			     "       o - ODR, P - periodic downloaded static route, H - NHRP, l - LISP\n"
			     "       a - application route\n"
			     "       + - replicated route, % - next hop override, p - overrides from PfR\n";

#define AGE_LEN 32

/* IOS ages: 00:12:34 under a day, 2d03h under a week, then 1w2d. */
/* The route's age, if its source has one. */
static bool route_age(struct json_object *r, char *buf, size_t len)
{
	struct json_object *v;

	if (!json_object_object_get_ex(r, "age_seconds", &v))
		return false;
	show_age(json_object_get_int64(v), buf, len);
	return true;
}

static bool flag(struct json_object *o, const char *key)
{
	struct json_object *v;
	return json_object_object_get_ex(o, key, &v) && json_object_get_boolean(v);
}

static uint32_t route_addr(struct json_object *r)
{
	struct in_addr a = {0};

	inet_pton(AF_INET, show_str(r, "prefix"), &a);
	return ntohl(a.s_addr);
}

static uint8_t route_plen(struct json_object *r)
{
	return (uint8_t)show_int(r, "prefix_length");
}

static void nexthop_text(struct cli_ctx *c, struct json_object *r, struct json_object *nh)
{
	char age[AGE_LEN];

	if (flag(nh, "directly_connected")) {
		cli_printf(c, " is directly connected, %s\n", show_str(nh, "interface"));
		return;
	}
	cli_printf(c, " [%lld/%lld] via %s", show_int(r, "distance"), show_int(r, "metric"), show_str(nh, "gateway"));
	if (route_age(r, age, sizeof(age)))
		cli_printf(c, ", %s", age);
	if (*show_str(nh, "interface"))
		cli_printf(c, ", %s", show_str(nh, "interface"));
	cli_printf(c, "\n");
}

/* One route: its code in a 6-column field (9 under a subnetted header), then each next hop. */
static void route_text(struct cli_ctx *c, struct json_object *r, bool subnet, bool with_len)
{
	struct json_object *nhs = show_arr(r, "nexthops");
	char code[8], head[64];
	int col;

	snprintf(code, sizeof(code), "%s%s", show_str(r, "code"), flag(r, "candidate_default") ? "*" : "");
	if (with_len)
		col = snprintf(head, sizeof(head), "%-*s%s/%u", subnet ? 9 : 6, code, show_str(r, "prefix"),
			       route_plen(r));
	else
		col = snprintf(head, sizeof(head), "%-*s%s", subnet ? 9 : 6, code, show_str(r, "prefix"));
	for (size_t i = 0; nhs && i < json_object_array_length(nhs); i++) {
		if (i)
			cli_printf(c, "%*s", col, "");
		else
			cli_printf(c, "%s", head);
		nexthop_text(c, r, json_object_array_get_idx(nhs, i));
	}
}

/* The end of the group of routes from i on that share i's classful network, and the lengths they use. */
static size_t group_end(struct json_object *arr, size_t i, size_t n, uint8_t cl, uint64_t *masks)
{
	uint32_t major = route_addr(json_object_array_get_idx(arr, i)) & lpm_mask(cl);
	size_t j = i;

	*masks = 0;
	for (; j < n; j++) {
		struct json_object *r = json_object_array_get_idx(arr, j);
		if (route_plen(r) < cl || (route_addr(r) & lpm_mask(cl)) != major)
			break;
		*masks |= UINT64_C(1) << route_plen(r);
	}
	return j;
}

/* A classful network with subnets gets a header; alone and classful, a route stands by itself. */
static size_t group_text(struct cli_ctx *c, struct json_object *arr, size_t i, size_t n)
{
	struct json_object *r = json_object_array_get_idx(arr, i);
	uint8_t cl = show_classful_len(route_addr(r));
	struct in_addr major = {.s_addr = htonl(route_addr(r) & lpm_mask(cl))};
	char buf[INET_ADDRSTRLEN];
	uint64_t masks;
	size_t end = group_end(arr, i, n, cl, &masks);
	int nmasks = __builtin_popcountll(masks);

	if (end - i == 1 && route_plen(r) == cl) {
		route_text(c, r, false, true);
		return end;
	}
	inet_ntop(AF_INET, &major, buf, sizeof(buf));
	if (nmasks == 1)
		cli_printf(c, "      %s/%u is subnetted, %zu subnets\n", buf, route_plen(r), end - i);
	else
		cli_printf(c, "      %s/%u is variably subnetted, %zu subnets, %d masks\n", buf, cl, end - i, nmasks);
	for (; i < end; i++)
		route_text(c, json_object_array_get_idx(arr, i), true, nmasks > 1);
	return end;
}

static void vrf_header(struct cli_ctx *c, struct json_object *doc)
{
	if (*show_str(doc, "vrf"))
		cli_printf(c, "\nRouting Table: %s\n", show_str(doc, "vrf"));
}

void rib_route_table_text(struct cli_ctx *c, struct json_object *doc)
{
	struct json_object *arr = show_arr(doc, "routes");
	size_t n = arr ? json_object_array_length(arr) : 0;
	const char *gw = show_str(doc, "gateway_of_last_resort");

	vrf_header(c, doc);
	cli_printf(c, "%s\n", legend);
	if (*gw)
		cli_printf(c, "Gateway of last resort is %s to network 0.0.0.0\n\n", gw);
	else
		cli_printf(c, "Gateway of last resort is not set\n\n");
	for (size_t i = 0; i < n;) {
		struct json_object *r = json_object_array_get_idx(arr, i);
		if (route_plen(r) < show_classful_len(route_addr(r))) {
			route_text(c, r, false, true); /* a supernet */
			i++;
		} else {
			i = group_text(c, arr, i, n);
		}
	}
}

/* What IOS notes after the metric of a route out of an interface alone. */
static const char *connected_note(struct json_object *r)
{
	struct json_object *nhs = show_arr(r, "nexthops");
	struct json_object *nh = nhs ? json_object_array_get_idx(nhs, 0) : NULL;

	if (strcmp(show_str(r, "code"), "C") == 0)
		return " (connected, via interface)";
	return nh && flag(nh, "directly_connected") ? " (connected)" : "";
}

static void labels_text(struct cli_ctx *c, struct json_object *nh)
{
	struct json_object *labels = show_arr(nh, "labels");
	size_t n = labels ? json_object_array_length(labels) : 0;

	if (!n)
		return;
	cli_printf(c, "      MPLS label:");
	for (size_t i = 0; i < n; i++)
		cli_printf(c, " %s", json_object_get_string(json_object_array_get_idx(labels, i)));
	cli_printf(c, "\n");
}

static void descriptor_text(struct cli_ctx *c, struct json_object *r, struct json_object *nh)
{
	char age[AGE_LEN];
	bool aged = route_age(r, age, sizeof(age));

	if (flag(nh, "directly_connected")) {
		cli_printf(c, "  * directly connected, via %s\n", show_str(nh, "interface"));
	} else {
		cli_printf(c, "  * %s%s", show_str(nh, "gateway"), *show_str(nh, "gateway_vrf") ? " (default)" : "");
		if (*show_str(r, "from"))
			cli_printf(c, ", from %s", show_str(r, "from"));
		if (aged)
			cli_printf(c, ", %s ago", age);
		if (*show_str(nh, "interface"))
			cli_printf(c, ", via %s", show_str(nh, "interface"));
		cli_printf(c, "\n");
	}
	cli_printf(c, "      Route metric is %lld, traffic share count is 1\n", show_int(r, "metric"));
	if (show_int(r, "tag"))
		cli_printf(c, "      Route tag %lld\n", show_int(r, "tag"));
	labels_text(c, nh);
}

void rib_route_entry_text(struct cli_ctx *c, struct json_object *doc)
{
	struct json_object *r, *nhs;
	char age[AGE_LEN];

	vrf_header(c, doc);
	if (!json_object_object_get_ex(doc, "entry", &r)) {
		cli_printf(c, "%% Network not in table\n");
		return;
	}
	cli_printf(c, "Routing entry for %s/%u%s\n", show_str(r, "prefix"), route_plen(r),
		   flag(r, "supernet") ? ", supernet" : "");
	cli_printf(c, "  Known via \"%s\", distance %lld, metric %lld%s%s\n", show_str(r, "protocol"),
		   show_int(r, "distance"), show_int(r, "metric"), connected_note(r),
		   flag(r, "candidate_default") ? ", candidate default path" : "");
	if (show_int(r, "tag"))
		cli_printf(c, "  Tag %lld\n", show_int(r, "tag"));
	if (*show_str(r, "from") && route_age(r, age, sizeof(age)))
		cli_printf(c, "  Last update from %s %s ago\n", show_str(r, "from"), age);
	cli_printf(c, "  Routing Descriptor Blocks:\n");
	nhs = show_arr(r, "nexthops");
	for (size_t i = 0; nhs && i < json_object_array_length(nhs); i++)
		descriptor_text(c, r, json_object_array_get_idx(nhs, i));
}
