/* show ip interface brief, show interfaces: configuration joined with Linux link state. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config/modes.h"
#include "config/text.h"
#include "core/session.h"
#include "dataplane/dp_names.h"
#include "interface/iface.h"
#include "interface/vaccess.h"
#include "netlink/nl_link.h"
#include "show/render.h"
#include "sys/sys.h"

struct if_state {
	const char *st_status, *st_protocol;
	const char *st_linux; /* mapped device, or NULL */
	bool st_have_link;
	struct nl_link st_link;
};

static bool type_is(const char *name, const char *type)
{
	return strncasecmp(name, type, strlen(type)) == 0;
}

/* Software interfaces Ferry runs itself, without a Linux device map. */
static void virtual_state(const struct iface *ifp, struct if_state *st)
{
	if (type_is(ifp->if_name, "Loopback") || type_is(ifp->if_name, "Null"))
		st->st_status = st->st_protocol = "up";
	else if (type_is(ifp->if_name, "Tunnel") || type_is(ifp->if_name, "Virtual-"))
		st->st_status = "up", st->st_protocol = "down"; /* no device: the dataplane does not carry it */
	else
		st->st_status = st->st_protocol = "down"; /* physical and not mapped with -m */
}

/* A device the dataplane made for the interface (a tunnel's GRE device or TUN): its state is the line's. */
static bool dataplane_link(const struct iface *ifp, struct nl_link *link)
{
	char dev[IF_NAMELEN];

	if (!type_is(ifp->if_name, "Tunnel") && !type_is(ifp->if_name, "Virtual-Access"))
		return false;
	return dp_name_device(ifp->if_name, dev, sizeof(dev)) == 0 && nl_link_get(dev, link) == 0;
}

static void if_state(const struct iface *ifp, struct if_state *st)
{
	memset(st, 0, sizeof(*st));
	st->st_linux = if_map_linux(ifp->if_name);
	if (st->st_linux)
		st->st_have_link = nl_link_get(st->st_linux, &st->st_link) == 0;
	else
		st->st_have_link = dataplane_link(ifp, &st->st_link);
	if (ifp->if_shutdown) {
		st->st_status = "administratively down";
		st->st_protocol = "down";
	} else if (st->st_have_link) {
		st->st_status = nl_link_up(&st->st_link) ? "up" : "down";
		st->st_protocol = nl_link_running(&st->st_link) ? "up" : "down";
	} else if (st->st_linux) {
		st->st_status = st->st_protocol = "down"; /* the mapped device does not exist */
	} else {
		virtual_state(ifp, st);
	}
}

static const char *addr_method(const struct iface *ifp)
{
	if (ifp->if_addr_mode == IF_ADDR_NONE)
		return "unset";
	return ifp->if_from_file ? "NVRAM" : "manual";
}

static struct json_object *if_json(const struct config *cfg, const struct iface *ifp)
{
	struct json_object *o = json_object_new_object();
	struct if_state st;
	struct in_addr a;
	uint8_t plen;
	char buf[INET_ADDRSTRLEN];

	if_state(ifp, &st);
	json_object_object_add(o, "interface", json_object_new_string(ifp->if_name));
	if (if_address_of(cfg, ifp, &a, &plen)) {
		json_object_object_add(o, "ip_address",
				       json_object_new_string(inet_ntop(AF_INET, &a, buf, sizeof(buf))));
		json_object_object_add(o, "prefix_length", json_object_new_int(plen));
	}
	json_object_object_add(o, "method", json_object_new_string(addr_method(ifp)));
	json_object_object_add(o, "status", json_object_new_string(st.st_status));
	json_object_object_add(o, "protocol", json_object_new_string(st.st_protocol));
	if (ifp->if_description)
		json_object_object_add(o, "description", json_object_new_string(ifp->if_description));
	if (st.st_linux)
		json_object_object_add(o, "linux_device", json_object_new_string(st.st_linux));
	if (st.st_have_link) {
		struct json_object *k = json_object_new_object();
		char mac[18];
		const uint8_t *m = st.st_link.nl_mac;
		snprintf(mac, sizeof(mac), "%02x%02x.%02x%02x.%02x%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
		json_object_object_add(k, "ifindex", json_object_new_int(st.st_link.nl_index));
		json_object_object_add(k, "mtu", json_object_new_int64(st.st_link.nl_mtu));
		json_object_object_add(k, "mac", json_object_new_string(st.st_link.nl_has_mac ? mac : ""));
		json_object_object_add(k, "rx_packets", json_object_new_int64((int64_t)st.st_link.nl_rx_packets));
		json_object_object_add(k, "rx_bytes", json_object_new_int64((int64_t)st.st_link.nl_rx_bytes));
		json_object_object_add(k, "rx_errors", json_object_new_int64((int64_t)st.st_link.nl_rx_errors));
		json_object_object_add(k, "rx_dropped", json_object_new_int64((int64_t)st.st_link.nl_rx_dropped));
		json_object_object_add(k, "tx_packets", json_object_new_int64((int64_t)st.st_link.nl_tx_packets));
		json_object_object_add(k, "tx_bytes", json_object_new_int64((int64_t)st.st_link.nl_tx_bytes));
		json_object_object_add(k, "tx_errors", json_object_new_int64((int64_t)st.st_link.nl_tx_errors));
		json_object_object_add(k, "tx_dropped", json_object_new_int64((int64_t)st.st_link.nl_tx_dropped));
		json_object_object_add(o, "link", k);
	}
	return o;
}

static struct json_object *ifs_json(const struct config *cfg, const char *only)
{
	struct json_object *doc = json_object_new_object(), *arr = json_object_new_array();
	size_t n;
	struct iface **v = if_sorted(cfg, &n);

	for (size_t i = 0; v && i < n; i++)
		if (!only || strcasecmp(only, v[i]->if_name) == 0)
			json_object_array_add(arr, if_json(cfg, v[i]));
	free(v);
	json_object_object_add(doc, "interfaces", arr);
	return doc;
}

static void brief_text(struct cli_ctx *c, struct json_object *doc)
{
	struct json_object *arr = show_arr(doc, "interfaces");

	cli_printf(c, "%-27s%-16s%-4s%-7s%-22s%s\n", "Interface", "IP-Address", "OK?", "Method", "Status", "Protocol");
	for (size_t i = 0; arr && i < json_object_array_length(arr); i++) {
		struct json_object *o = json_object_array_get_idx(arr, i);
		const char *ip = show_str(o, "ip_address");
		cli_printf(c, "%-26s %-15s %-3s %-6s %-21s %s\n", show_str(o, "interface"), *ip ? ip : "unassigned",
			   *ip ? "YES" : "NO", show_str(o, "method"), show_str(o, "status"), show_str(o, "protocol"));
	}
}

static int run_show_ip_int_brief(struct cli_ctx *c, const struct cli_args *a)
{
	show_render(c, "ip-interface-brief", ifs_json(cfg_of(c), NULL), brief_text);
	return 0;
}

static void link_text(struct cli_ctx *c, struct json_object *o)
{
	struct json_object *k;

	if (!json_object_object_get_ex(o, "link", &k))
		return;
	cli_printf(c, "  Hardware is Linux device %s, address is %s\n", show_str(o, "linux_device"),
		   show_str(k, "mac"));
	cli_printf(c, "  MTU %lld bytes, ifindex %lld\n", show_int(k, "mtu"), show_int(k, "ifindex"));
	cli_printf(c, "     %lld packets input, %lld bytes, %lld dropped\n", show_int(k, "rx_packets"),
		   show_int(k, "rx_bytes"), show_int(k, "rx_dropped"));
	cli_printf(c, "     %lld input errors\n", show_int(k, "rx_errors"));
	cli_printf(c, "     %lld packets output, %lld bytes, %lld dropped\n", show_int(k, "tx_packets"),
		   show_int(k, "tx_bytes"), show_int(k, "tx_dropped"));
	cli_printf(c, "     %lld output errors\n", show_int(k, "tx_errors"));
}

static void interfaces_text(struct cli_ctx *c, struct json_object *doc)
{
	struct json_object *arr = show_arr(doc, "interfaces");

	for (size_t i = 0; arr && i < json_object_array_length(arr); i++) {
		struct json_object *o = json_object_array_get_idx(arr, i);
		cli_printf(c, "%s is %s, line protocol is %s \n", show_str(o, "interface"), show_str(o, "status"),
			   show_str(o, "protocol"));
		if (*show_str(o, "description"))
			cli_printf(c, "  Description: %s\n", show_str(o, "description"));
		if (*show_str(o, "ip_address"))
			cli_printf(c, "  Internet address is %s/%lld\n", show_str(o, "ip_address"),
				   show_int(o, "prefix_length"));
		link_text(c, o);
	}
}

static int run_show_interfaces(struct cli_ctx *c, const struct cli_args *a)
{
	const char *name = cli_arg(a, "IFNAME");

	if (name && !if_lookup(cfg_of(c), name))
		return cli_fail(c, "Interface %s is not configured", name);
	show_render(c, "interfaces", ifs_json(cfg_of(c), name), interfaces_text);
	return 0;
}

static int run_show_running_interface(struct cli_ctx *c, const struct cli_args *a)
{
	const struct iface *ifp = if_lookup(cfg_of(c), cli_arg(a, "IFNAME"));
	size_t len = 0;
	char *text;

	if (!ifp)
		return cli_fail(c, "Interface %s is not configured", cli_arg(a, "IFNAME"));
	text = cfg_print_obj_string(c->c_tree, if_print_block, ifp, &len);
	return sys_show_config_text(c, text, len);
}

static struct cli_cmd if_show_cmds[] = {
    {.cc_syntax = "show running-config interface IFNAME",
     .cc_help = "Show running system information\nCurrent operating configuration\nShow interface "
		"configuration\nInterface name",
     .cc_modes = CLI_MODE(MODE_ENABLE),
     .cc_run = run_show_running_interface},
    {.cc_syntax = "show derived-config interface IFNAME",
     .cc_help = "Show running system information\nDerived operating configuration\nShow interface "
		"configuration\nInterface name",
     .cc_modes = CLI_MODE(MODE_ENABLE),
     .cc_run = vaccess_show_derived},
    {.cc_syntax = "show ip interface brief",
     .cc_help = "Show running system information\nIP information\nIP interface status and configuration\nBrief "
		"summary of IP status and configuration",
     .cc_modes = MODES_EXEC_ALL,
     .cc_run = run_show_ip_int_brief},
    {.cc_syntax = "show interfaces [IFNAME]",
     .cc_help = "Show running system information\nInterface status and configuration\nInterface name",
     .cc_modes = MODES_EXEC_ALL,
     .cc_run = run_show_interfaces},
};

void if_show_init(struct cli_tree *t)
{
	cli_cmds_add(t, if_show_cmds, sizeof(if_show_cmds) / sizeof(if_show_cmds[0]));
}
