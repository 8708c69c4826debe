/* router bgp and its router-mode commands: instance settings, neighbors, peer groups. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bgp/bgp_cli.h"
#include "bgp/bgp_session.h"
#include "config/modes.h"
#include "config/order.h"
#include "core/session.h"
#include "core/sync.h"

/* room for any tag a line can hold */
#define PEER_LEN CLI_MAX_LINE

bool bgp_cli_addr(const char *s, struct in_addr *out)
{
	unsigned b[4];

	if (sscanf(s, "%u.%u.%u.%u", &b[0], &b[1], &b[2], &b[3]) != 4 || (b[0] | b[1] | b[2] | b[3]) > 255)
		return false;
	out->s_addr = htonl(b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3]);
	return true;
}

bool bgp_cli_peer(const struct cli_args *a, char *buf, size_t len)
{
	const char *p = cli_arg(a, "peer");
	struct in_addr addr;

	/* a tag like "10.0.0.300" reaches WORD: only real quads are addresses */
	if (strspn(p, "0123456789.") == strlen(p) && bgp_cli_addr(p, &addr)) {
		inet_ntop(AF_INET, &addr, buf, (socklen_t)len);
		return true;
	}
	snprintf(buf, len, "%s", p);
	return false;
}

static int nbr_missing(struct cli_ctx *c, bool is_addr)
{
	return cli_fail(c, is_addr ? "Specify remote-as or peer-group commands first" : "Create the peer-group first");
}

struct bgp_nbr *bgp_cli_nbr(struct cli_ctx *c, const struct bgp_cfg *bgp, const struct cli_args *a)
{
	char name[PEER_LEN];
	bool is_addr = bgp_cli_peer(a, name, sizeof(name));
	struct bgp_nbr *nb = bgp ? bgp_nbr_lookup(bgp, name) : NULL;

	if (!nb)
		nbr_missing(c, is_addr);
	return nb;
}

/* ---- router bgp ---- */

static int run_router_bgp(struct cli_ctx *c, const struct cli_args *a)
{
	struct bgp_cfg *bgp = bgp_model(cfg_of(c));
	uint32_t asn = (uint32_t)cli_arg_num(a, "<1-4294967295>", 0);

	if (bgp->bgp_asn && bgp->bgp_asn != asn)
		return cli_fail(c, "BGP is already running; AS is %u", bgp->bgp_asn);
	if (a->a_negate) {
		/* sessions in the instance's modes leave them: none can edit a removed instance */
		session_forget(bgp, sizeof(*bgp));
		bgp_clear(bgp);
		return 0;
	}
	bgp->bgp_asn = asn;
	cli_enter(c, MODE_BGP, bgp);
	return 0;
}

static void print_router_bgp(struct cli_writer *w, const void *obj)
{
	const struct bgp_cfg *bgp = bgp_cfg_get(obj);

	if (!bgp)
		return;
	cli_line(w, "router bgp %u", bgp->bgp_asn);
	cli_block(w, MODE_BGP, bgp);
	cli_sep(w);
}

/* ---- bgp ... ---- */

static int run_router_id(struct cli_ctx *c, const struct cli_args *a)
{
	struct bgp_cfg *bgp = cli_obj(c);

	bgp->bgp_router_id_set = !a->a_negate;
	if (!a->a_negate)
		bgp_cli_addr(cli_arg(a, "A.B.C.D"), &bgp->bgp_router_id);
	return 0;
}

static void print_router_id(struct cli_writer *w, const void *obj)
{
	const struct bgp_cfg *bgp = obj;
	char buf[INET_ADDRSTRLEN];

	if (bgp->bgp_router_id_set)
		cli_line(w, "bgp router-id %s", inet_ntop(AF_INET, &bgp->bgp_router_id, buf, sizeof(buf)));
}

static int run_log_nbr_changes(struct cli_ctx *c, const struct cli_args *a)
{
	((struct bgp_cfg *)cli_obj(c))->bgp_log_nbr_changes = a->a_negate ? BGP_OFF : BGP_ON;
	return 0;
}

static void print_log_nbr_changes(struct cli_writer *w, const void *obj)
{
	const struct bgp_cfg *bgp = obj;

	if (bgp->bgp_log_nbr_changes != BGP_DEFAULT)
		cli_line(w, "%sbgp log-neighbor-changes", bgp->bgp_log_nbr_changes == BGP_OFF ? "no " : "");
}

static int run_listen_range(struct cli_ctx *c, const struct cli_args *a)
{
	struct bgp_cfg *bgp = cli_obj(c);
	const char *p = cli_arg(a, "A.B.C.D/M");
	uint8_t plen = (uint8_t)atoi(strchr(p, '/') + 1);
	struct in_addr prefix;

	bgp_cli_addr(p, &prefix);
	prefix.s_addr &= htonl(plen ? 0xffffffffu << (32 - plen) : 0);
	if (a->a_negate) {
		bgp_range_delete(bgp, prefix, plen);
		return 0;
	}
	/* the peer group may be defined further down: it is resolved when a peer connects */
	if (bgp_range_set(bgp, prefix, plen, cli_arg(a, "group")) < 0)
		return cli_fail(c, "Out of memory");
	return 0;
}

static void print_listen_ranges(struct cli_writer *w, const void *obj)
{
	const struct bgp_cfg *bgp = obj;
	char buf[INET_ADDRSTRLEN];

	for (const struct bgp_listen_range *lr = bgp->bgp_ranges; lr; lr = lr->lr_next)
		cli_line(w, "bgp listen range %s/%u peer-group %s",
			 inet_ntop(AF_INET, &lr->lr_prefix, buf, sizeof(buf)), lr->lr_plen, lr->lr_group);
}

static int run_listen_limit(struct cli_ctx *c, const struct cli_args *a)
{
	long long n = a->a_negate ? 0 : cli_arg_num(a, "<1-5000>", 0);

	((struct bgp_cfg *)cli_obj(c))->bgp_listen_limit = n == BGP_LISTEN_LIMIT_DEFAULT ? 0 : (uint16_t)n;
	return 0;
}

static void print_listen_limit(struct cli_writer *w, const void *obj)
{
	const struct bgp_cfg *bgp = obj;

	if (bgp->bgp_listen_limit)
		cli_line(w, "bgp listen limit %u", bgp->bgp_listen_limit);
}

static int run_default_ipv4(struct cli_ctx *c, const struct cli_args *a)
{
	((struct bgp_cfg *)cli_obj(c))->bgp_no_default_ipv4 = a->a_negate;
	return 0;
}

static void print_default_ipv4(struct cli_writer *w, const void *obj)
{
	if (((const struct bgp_cfg *)obj)->bgp_no_default_ipv4)
		cli_line(w, "no bgp default ipv4-unicast");
}

/* timers bgp and neighbor timers: keepalive and holdtime, checked as RFC 4271 asks. */
static int timers_set(struct cli_ctx *c, const struct cli_args *a, struct bgp_timers *t)
{
	long long keepalive = cli_arg_num(a, "keepalive", 0), holdtime = cli_arg_num(a, "holdtime", 0);

	if (a->a_negate) {
		t->bt_set = false;
		return 0;
	}
	if (holdtime > 0 && holdtime < 3)
		return cli_fail(c, "Holdtime must be 0 or at least 3 seconds");
	t->bt_set = true;
	t->bt_keepalive = (uint16_t)keepalive;
	t->bt_holdtime = (uint16_t)holdtime;
	return 0;
}

static int run_timers_bgp(struct cli_ctx *c, const struct cli_args *a)
{
	struct bgp_timers *t = &((struct bgp_cfg *)cli_obj(c))->bgp_timers;
	int rc = timers_set(c, a, t);

	/* IOS does not print its defaults */
	if (rc == 0 && t->bt_keepalive == BGP_KEEPALIVE_DEFAULT && t->bt_holdtime == BGP_HOLDTIME_DEFAULT)
		t->bt_set = false;
	return rc;
}

static void print_timers_bgp(struct cli_writer *w, const void *obj)
{
	const struct bgp_timers *t = &((const struct bgp_cfg *)obj)->bgp_timers;

	if (t->bt_set)
		cli_line(w, "timers bgp %u %u", t->bt_keepalive, t->bt_holdtime);
}

/* ---- neighbors and peer groups ---- */

/* A peer group's AS is its members' AS: none of them may carry its own then. */
static bool group_has_own_as_members(const struct bgp_cfg *bgp, const struct bgp_nbr *grp)
{
	for (struct omap_iter it = omap_begin(bgp->bgp_nbrs); omap_next(&it);) {
		const struct bgp_nbr *nb = it.oi_val;
		if (nb->nb_group == grp && nb->nb_remote_as)
			return true;
	}
	return false;
}

static int no_remote_as(struct cli_ctx *c, struct bgp_cfg *bgp, struct bgp_nbr *nb)
{
	if (!nb->nb_is_group) {
		bgp_nbr_delete(bgp, nb);
		return 0;
	}
	nb->nb_remote_as = 0;
	/* members that had the group's AS have none left */
	for (struct omap_iter it = omap_begin(bgp->bgp_nbrs); omap_next(&it);) {
		struct bgp_nbr *m = it.oi_val;
		if (m->nb_group == nb && !m->nb_remote_as)
			bgp_nbr_delete(bgp, m);
	}
	return 0;
}

static int run_remote_as(struct cli_ctx *c, const struct cli_args *a)
{
	struct bgp_cfg *bgp = cli_obj(c);
	char name[PEER_LEN];
	bool is_addr = bgp_cli_peer(a, name, sizeof(name));
	struct bgp_nbr *nb = bgp_nbr_lookup(bgp, name);
	uint32_t asn = (uint32_t)cli_arg_num(a, "<1-4294967295>", 0);

	if (!nb && (a->a_negate || !is_addr))
		return nbr_missing(c, is_addr);
	if (a->a_negate)
		return no_remote_as(c, bgp, nb);
	if (nb && nb->nb_group && nb->nb_group->nb_remote_as && nb->nb_group->nb_remote_as != asn)
		return cli_fail(c, "Peer-group %s has remote-as %u; its members cannot override it",
				nb->nb_group->nb_name, nb->nb_group->nb_remote_as);
	if (nb && nb->nb_group && nb->nb_group->nb_remote_as)
		return 0; /* the same AS: it stays the group's */
	if (nb && nb->nb_is_group && group_has_own_as_members(bgp, nb))
		return cli_fail(c, "Members of peer-group %s have their own remote-as; remove them first", name);
	if (!nb && !(nb = bgp_nbr_create(bgp, name, false)))
		return cli_fail(c, "Out of memory");
	nb->nb_remote_as = asn;
	return 0;
}

static int define_group(struct cli_ctx *c, struct bgp_cfg *bgp, const char *name, bool negate)
{
	struct bgp_nbr *grp = bgp_nbr_lookup(bgp, name);

	if (negate) {
		if (!grp)
			return cli_fail(c, "Peer-group %s does not exist", name);
		bgp_group_delete(bgp, grp);
		return 0;
	}
	if (!grp && !bgp_nbr_create(bgp, name, true))
		return cli_fail(c, "Out of memory");
	return 0;
}

/* Without grp: whatever group the neighbor is in. */
static int leave_group(struct cli_ctx *c, struct bgp_cfg *bgp, const char *name, struct bgp_nbr *nb,
		       const struct bgp_nbr *grp)
{
	if (!nb)
		return nbr_missing(c, true);
	if (!nb->nb_group || (grp && nb->nb_group != grp))
		return cli_fail(c, "%s is not a member of peer-group %s", name, grp ? grp->nb_name : "any");
	nb->nb_group = NULL;
	if (!nb->nb_remote_as)
		bgp_nbr_delete(bgp, nb); /* its AS came from the group */
	return 0;
}

static int join_group(struct cli_ctx *c, struct bgp_cfg *bgp, const char *name, const struct bgp_nbr *grp)
{
	struct bgp_nbr *nb = bgp_nbr_lookup(bgp, name);

	if (nb && nb->nb_group)
		return nb->nb_group == grp ? 0 : cli_fail(c, "Cannot change the peer-group. Deconfigure first");
	if (!nb && !grp->nb_remote_as)
		return cli_fail(c, "Specify remote-as or peer-group remote AS first");
	if (nb && grp->nb_remote_as && nb->nb_remote_as != grp->nb_remote_as)
		return cli_fail(c, "Peer with AS %u cannot be in peer-group %s with AS %u", nb->nb_remote_as,
				grp->nb_name, grp->nb_remote_as);
	if (!nb && !(nb = bgp_nbr_create(bgp, name, false)))
		return cli_fail(c, "Out of memory");
	if (grp->nb_remote_as)
		nb->nb_remote_as = 0; /* the group's from now on */
	nb->nb_group = (struct bgp_nbr *)grp;
	return 0;
}

static int run_peer_group(struct cli_ctx *c, const struct cli_args *a)
{
	struct bgp_cfg *bgp = cli_obj(c);
	char name[PEER_LEN];
	bool is_addr = bgp_cli_peer(a, name, sizeof(name));
	const char *gname = cli_arg(a, "group");
	const struct bgp_nbr *grp = gname ? bgp_nbr_lookup(bgp, gname) : NULL;

	if (!is_addr && gname)
		return cli_fail(c, "Only a neighbor address can be a member of a peer-group");
	if (!is_addr)
		return define_group(c, bgp, name, a->a_negate);
	if (gname && (!grp || !grp->nb_is_group))
		return cli_fail(c, "Create the peer-group first");
	if (a->a_negate)
		return leave_group(c, bgp, name, bgp_nbr_lookup(bgp, name), grp);
	if (!grp)
		return cli_fail(c, "Incomplete command.");
	return join_group(c, bgp, name, grp);
}

/* The neighbor of a settings command, or NULL after reporting it is missing. */
static struct bgp_nbr *nbr_of(struct cli_ctx *c, const struct cli_args *a)
{
	return bgp_cli_nbr(c, cli_obj(c), a);
}

static int strset_or_fail(struct cli_ctx *c, char **dst, const char *val)
{
	return bgp_strset(dst, val) < 0 ? cli_fail(c, "Out of memory") : 0;
}

static int run_description(struct cli_ctx *c, const struct cli_args *a)
{
	struct bgp_nbr *nb = nbr_of(c, a);
	const char *d = a->a_negate ? NULL : cli_arg(a, "LINE");

	if (!nb)
		return -1;
	if (d && strlen(d) > BGP_DESCRIPTION_MAX)
		return cli_fail(c, "Description is limited to %d characters", BGP_DESCRIPTION_MAX);
	return strset_or_fail(c, &nb->nb_description, d);
}

static int run_password(struct cli_ctx *c, const struct cli_args *a)
{
	struct bgp_nbr *nb = nbr_of(c, a);

	return nb ? strset_or_fail(c, &nb->nb_password, a->a_negate ? NULL : cli_arg(a, "LINE")) : -1;
}

static int run_update_source(struct cli_ctx *c, const struct cli_args *a)
{
	struct bgp_nbr *nb = nbr_of(c, a);

	return nb ? strset_or_fail(c, &nb->nb_update_source, a->a_negate ? NULL : cli_arg(a, "IFNAME")) : -1;
}

static int run_ebgp_multihop(struct cli_ctx *c, const struct cli_args *a)
{
	struct bgp_nbr *nb = nbr_of(c, a);

	if (!nb)
		return -1;
	/* without a count IOS allows the most hops */
	nb->nb_ebgp_multihop = a->a_negate ? 0 : (uint8_t)cli_arg_num(a, "<1-255>", 255);
	return 0;
}

static int run_transport(struct cli_ctx *c, const struct cli_args *a)
{
	struct bgp_nbr *nb = nbr_of(c, a);

	if (!nb)
		return -1;
	if (a->a_negate)
		nb->nb_transport = BGP_TRANSPORT_DEFAULT;
	else
		nb->nb_transport = cli_has(a, "passive") ? BGP_TRANSPORT_PASSIVE : BGP_TRANSPORT_ACTIVE;
	return 0;
}

static int run_nbr_timers(struct cli_ctx *c, const struct cli_args *a)
{
	struct bgp_nbr *nb = nbr_of(c, a);

	return nb ? timers_set(c, a, &nb->nb_timers) : -1;
}

static int run_nbr_shutdown(struct cli_ctx *c, const struct cli_args *a)
{
	struct bgp_nbr *nb = nbr_of(c, a);

	if (!nb)
		return -1;
	nb->nb_shutdown = !a->a_negate;
	return 0;
}

/* One neighbor's router-mode lines, in IOS's order. */
static void print_nbr(struct cli_writer *w, const struct bgp_nbr *nb)
{
	static const char *const transport[] = {"", "active", "passive"};
	const char *p = nb->nb_name;

	if (nb->nb_is_group)
		cli_line(w, "neighbor %s peer-group", p);
	if (nb->nb_remote_as)
		cli_line(w, "neighbor %s remote-as %u", p, nb->nb_remote_as);
	if (nb->nb_group)
		cli_line(w, "neighbor %s peer-group %s", p, nb->nb_group->nb_name);
	if (nb->nb_description)
		cli_line(w, "neighbor %s description %s", p, nb->nb_description);
	if (nb->nb_password)
		cli_line(w, "neighbor %s password %s", p, nb->nb_password);
	if (nb->nb_shutdown)
		cli_line(w, "neighbor %s shutdown", p);
	if (nb->nb_ebgp_multihop)
		cli_line(w, "neighbor %s ebgp-multihop %u", p, nb->nb_ebgp_multihop);
	if (nb->nb_transport != BGP_TRANSPORT_DEFAULT)
		cli_line(w, "neighbor %s transport connection-mode %s", p, transport[nb->nb_transport]);
	if (nb->nb_update_source)
		cli_line(w, "neighbor %s update-source %s", p, nb->nb_update_source);
	if (nb->nb_timers.bt_set)
		cli_line(w, "neighbor %s timers %u %u", p, nb->nb_timers.bt_keepalive, nb->nb_timers.bt_holdtime);
}

static void print_neighbors(struct cli_writer *w, const void *obj)
{
	size_t n;
	struct bgp_nbr **v = bgp_nbrs_sorted(obj, &n);

	for (size_t i = 0; v && i < n; i++)
		print_nbr(w, v[i]);
	free(v);
}

static struct cli_cmd bgp_cmds[] = {
    {.cc_syntax = "router bgp <1-4294967295>",
     .cc_help = "Enable a routing process\nBorder Gateway Protocol (BGP)\nAutonomous system number",
     .cc_modes = CLI_MODE(MODE_CONFIG),
     .cc_flags = CLI_NEGATE,
     .cc_run = run_router_bgp,
     .cc_print = print_router_bgp,
     .cc_order = ORD_ROUTER_BGP},
    {.cc_syntax = "bgp router-id A.B.C.D",
     .cc_help = "BGP specific commands\nOverride configured router identifier (peers will reset)\nManually "
		"configured router identifier",
     .cc_no_syntax = "bgp router-id [A.B.C.D]",
     .cc_modes = CLI_MODE(MODE_BGP),
     .cc_flags = CLI_NEGATE,
     .cc_run = run_router_id,
     .cc_print = print_router_id,
     .cc_order = ORD_BGP_ROUTER_ID},
    {.cc_syntax = "bgp log-neighbor-changes",
     .cc_help = "BGP specific commands\nLog neighbor up/down and reset reason",
     .cc_modes = CLI_MODE(MODE_BGP),
     .cc_flags = CLI_NEGATE,
     .cc_run = run_log_nbr_changes,
     .cc_print = print_log_nbr_changes,
     .cc_order = ORD_BGP_LOG_NBR},
    {.cc_syntax = "bgp listen range A.B.C.D/M peer-group WORD$group",
     .cc_help = "BGP specific commands\nNeighbor subnet range listener\nSubnet network range\nSubnet network "
		"range\nMember of the peer-group\npeer-group name",
     .cc_modes = CLI_MODE(MODE_BGP),
     .cc_flags = CLI_NEGATE,
     .cc_run = run_listen_range,
     .cc_print = print_listen_ranges,
     .cc_order = ORD_BGP_LISTEN_RANGE},
    {.cc_syntax = "bgp listen limit <1-5000>",
     .cc_help = "BGP specific commands\nNeighbor subnet range listener\nSet the max limit for the dynamic "
		"subnet range neighbors\nmax limit",
     .cc_no_syntax = "bgp listen limit [<1-5000>]",
     .cc_modes = CLI_MODE(MODE_BGP),
     .cc_flags = CLI_NEGATE,
     .cc_run = run_listen_limit,
     .cc_print = print_listen_limit,
     .cc_order = ORD_BGP_LISTEN_LIMIT},
    {.cc_syntax = "bgp default ipv4-unicast",
     .cc_help = "BGP specific commands\nConfigure BGP defaults\nActivate ipv4-unicast for a peer by default",
     .cc_modes = CLI_MODE(MODE_BGP),
     .cc_flags = CLI_NEGATE,
     .cc_run = run_default_ipv4,
     .cc_print = print_default_ipv4,
     .cc_order = ORD_BGP_DEFAULT_IPV4},
    {.cc_syntax = "timers bgp <0-65535>$keepalive <0-65535>$holdtime",
     .cc_help = "Adjust routing timers\nBGP timers\nKeepalive interval\nHoldtime",
     .cc_no_syntax = "timers bgp [<0-65535>$keepalive <0-65535>$holdtime]",
     .cc_modes = CLI_MODE(MODE_BGP),
     .cc_flags = CLI_NEGATE,
     .cc_run = run_timers_bgp,
     .cc_print = print_timers_bgp,
     .cc_order = ORD_BGP_TIMERS},
    {.cc_syntax = BGP_NBR "remote-as <1-4294967295>",
     .cc_help = BGP_NBR_HELP "Specify a BGP neighbor\nAS of remote neighbor",
     .cc_no_syntax = BGP_NBR "remote-as [<1-4294967295>]",
     .cc_modes = CLI_MODE(MODE_BGP),
     .cc_flags = CLI_NEGATE,
     .cc_run = run_remote_as,
     .cc_print = print_neighbors,
     .cc_order = ORD_BGP_NEIGHBORS},
    {.cc_syntax = BGP_NBR "peer-group [WORD$group]",
     .cc_help = BGP_NBR_HELP "Member of the peer-group, or configure a peer-group\npeer-group name",
     .cc_modes = CLI_MODE(MODE_BGP),
     .cc_flags = CLI_NEGATE,
     .cc_run = run_peer_group},
    {.cc_syntax = BGP_NBR "description LINE",
     .cc_help = BGP_NBR_HELP "Neighbor specific description\nUp to 80 characters describing this neighbor",
     .cc_no_syntax = BGP_NBR "description [LINE]",
     .cc_modes = CLI_MODE(MODE_BGP),
     .cc_flags = CLI_NEGATE,
     .cc_run = run_description},
    {.cc_syntax = BGP_NBR "password LINE",
     .cc_help = BGP_NBR_HELP "Set a password\nThe password",
     .cc_no_syntax = BGP_NBR "password [LINE]",
     .cc_modes = CLI_MODE(MODE_BGP),
     .cc_flags = CLI_NEGATE,
     .cc_run = run_password},
    {.cc_syntax = BGP_NBR "shutdown",
     .cc_help = BGP_NBR_HELP "Administratively shut down this neighbor",
     .cc_modes = CLI_MODE(MODE_BGP),
     .cc_flags = CLI_NEGATE,
     .cc_run = run_nbr_shutdown},
    {.cc_syntax = BGP_NBR "ebgp-multihop [<1-255>]",
     .cc_help = BGP_NBR_HELP "Allow EBGP neighbors not on directly connected networks\nmaximum hop count",
     .cc_modes = CLI_MODE(MODE_BGP),
     .cc_flags = CLI_NEGATE,
     .cc_run = run_ebgp_multihop},
    {.cc_syntax = BGP_NBR "transport connection-mode (active|passive)",
     .cc_help = BGP_NBR_HELP "Transport options\nSpecify passive or active connection\nActively establish the "
			     "TCP session\nPassively establish the TCP session",
     .cc_no_syntax = BGP_NBR "transport connection-mode [active|passive]",
     .cc_modes = CLI_MODE(MODE_BGP),
     .cc_flags = CLI_NEGATE,
     .cc_run = run_transport},
    {.cc_syntax = BGP_NBR "update-source IFNAME",
     .cc_help = BGP_NBR_HELP "Source of routing updates\nInterface name",
     .cc_no_syntax = BGP_NBR "update-source [IFNAME]",
     .cc_modes = CLI_MODE(MODE_BGP),
     .cc_flags = CLI_NEGATE,
     .cc_run = run_update_source},
    {.cc_syntax = BGP_NBR "timers <0-65535>$keepalive <0-65535>$holdtime",
     .cc_help = BGP_NBR_HELP "BGP per neighbor timers\nKeepalive interval\nHoldtime",
     .cc_no_syntax = BGP_NBR "timers [<0-65535>$keepalive <0-65535>$holdtime]",
     .cc_modes = CLI_MODE(MODE_BGP),
     .cc_flags = CLI_NEGATE,
     .cc_run = run_nbr_timers},
};

void bgp_cli_init(struct cli_tree *t)
{
	cfg_module_register(&bgp_module);
	cli_cmds_add(t, bgp_cmds, sizeof(bgp_cmds) / sizeof(bgp_cmds[0]));
	bgp_af_cli_init(t);
	bgp_show_init(t);
	sync_register(bgp_session_sync); /* sessions follow the configuration */
	sync_register_shutdown(bgp_session_shutdown);
}
