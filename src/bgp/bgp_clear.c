/*
 * clear ip bgp (*|A.B.C.D) [soft [in|out]]: a hard clear starts the session
 * over; soft out sends the peer its routes again; soft in runs the
 * route-map in again on the routes as received where the neighbor has
 * soft-reconfiguration inbound (bgp_adj_in.c), and otherwise asks the peer
 * for them again with a ROUTE-REFRESH (RFC 2918), which needs the peer to
 * have announced the capability. Plain soft is both.
 */
#include <arpa/inet.h>

#include "bgp/bgp.h"
#include "bgp/bgp_session.h"
#include "config/modes.h"

#define CLEAR_SOFT_IN  0x1
#define CLEAR_SOFT_OUT 0x2

/* Every family the session carries is sent again (enum bgp_family numbers them as enum bgp_fsm_family does). */
static void soft_out(struct bgp_peer *p)
{
	for (int fam = BGP_FAMILY_IPV4_UNICAST; fam <= BGP_FAMILY_VPNV4; fam++)
		if (bgp_fsm_has_family(&p->bp_conn->cn_fsm, (enum bgp_fsm_family)fam))
			bgp_run_peer_refresh(p, (enum bgp_family)fam);
}

/*
 * The kept copy, or a ROUTE-REFRESH, for each family the session carries;
 * false if neither could be done. A family whose copy is not whole (soft-
 * reconfiguration turned on mid-session) starts it over with the refresh.
 */
static bool soft_in(struct bgp_peer *p)
{
	bool done = false, replay = false;

	for (int fam = BGP_FAMILY_IPV4_UNICAST; fam <= BGP_FAMILY_VPNV4; fam++) {
		enum bgp_family f = (enum bgp_family)fam;

		if (bgp_adj_in_ready(p, f)) {
			replay = true;
			continue;
		}
		if (bgp_fsm_route_refresh(&p->bp_conn->cn_fsm, f) < 0)
			continue;
		if (bgp_adj_in_wanted(p, f))
			bgp_adj_in_restart(p, f); /* what the refresh brings fills it */
		done = true;
	}
	if (replay)
		bgp_adj_in_replay(p);
	return replay || done;
}

static void clear_peer(struct cli_ctx *c, struct bgp_peer *p, unsigned how)
{
	char addr[INET_ADDRSTRLEN];

	if (!how) {
		bgp_peer_reset(p);
		return;
	}
	if (p->bp_conn->cn_fsm.fs_state != BGP_ST_ESTABLISHED)
		return; /* nothing to refresh: the session brings everything when it comes up */
	if (how & CLEAR_SOFT_OUT)
		soft_out(p);
	if ((how & CLEAR_SOFT_IN) && !soft_in(p)) {
		inet_ntop(AF_INET, &p->bp_addr, addr, sizeof(addr));
		cli_printf(c, "%% Neighbor %s does not support route refresh: inbound soft reset not done\n", addr);
	}
}

static int run_clear(struct cli_ctx *c, const struct cli_args *a)
{
	const char *addr = cli_arg(a, "A.B.C.D");
	unsigned how = 0;
	struct in_addr only;
	struct bgp_peer *next;
	struct ferryd *d;

	if (!bgp_show_running(c, &d))
		return -1;
	if (addr && inet_pton(AF_INET, addr, &only) != 1)
		return cli_fail(c, "Invalid neighbor address %s", addr);
	if (cli_has(a, "soft"))
		how = cli_has(a, "in")	  ? CLEAR_SOFT_IN
		      : cli_has(a, "out") ? CLEAR_SOFT_OUT
					  : CLEAR_SOFT_IN | CLEAR_SOFT_OUT;
	for (struct bgp_peer *p = bgp_session_peers(); p; p = next) {
		next = p->bp_next; /* a hard clear frees a dynamic peer */
		if (!addr || p->bp_addr.s_addr == only.s_addr)
			clear_peer(c, p, how);
	}
	return 0;
}

static struct cli_cmd bgp_clear_cmds[] = {
    {.cc_syntax = "clear ip bgp (*|A.B.C.D) [soft [(in|out)]]",
     .cc_help = "Reset functions\nIP\nClear BGP connections\nClear all peers\nBGP neighbor address to clear\n"
		"Soft reconfig\nSoft reconfig inbound update\nSoft reconfig outbound update",
     .cc_modes = CLI_MODE(MODE_ENABLE),
     .cc_run = run_clear},
};

void bgp_clear_init(struct cli_tree *t)
{
	cli_cmds_add(t, bgp_clear_cmds, sizeof(bgp_clear_cmds) / sizeof(bgp_clear_cmds[0]));
}
