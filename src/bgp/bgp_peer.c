/* A BGP peer: its session's connections, collisions between them (RFC 4271 §6.8), up and down. */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bgp/bgp.h"
#include "bgp/bgp_session.h"
#include "core/log.h"

struct bgp_peer *bgp_peer_new(struct ferryd *d, struct in_addr addr, const struct bgp_peer_conf *pc)
{
	struct bgp_peer *p = calloc(1, sizeof(*p));

	if (!p)
		return NULL;
	p->bp_daemon = d;
	p->bp_addr = addr;
	p->bp_conf = *pc;
	p->bp_conn = bgp_conn_new(p, false);
	if (!p->bp_conn) {
		free(p);
		return NULL;
	}
	return p;
}

const struct bgp_nbr *bgp_peer_nbr(const struct bgp_peer *p, const struct bgp_cfg *bgp)
{
	char name[INET_ADDRSTRLEN];

	if (!bgp)
		return NULL;
	if (p->bp_dynamic)
		return bgp_nbr_lookup(bgp, p->bp_group);
	inet_ntop(AF_INET, &p->bp_addr, name, sizeof(name));
	return bgp_nbr_lookup(bgp, name);
}

void bgp_peer_start(struct bgp_peer *p)
{
	if (!p->bp_conf.pc_shutdown)
		bgp_fsm_start(&p->bp_conn->cn_fsm);
}

void bgp_peer_delete(struct bgp_peer *p, uint8_t cease_subcode, const char *reason)
{
	if (p->bp_second)
		bgp_fsm_stop(&p->bp_second->cn_fsm, cease_subcode, reason);
	bgp_fsm_stop(&p->bp_conn->cn_fsm, cease_subcode, reason);
	bgp_routes_flush(p);
	bgp_session_unlink(p);
	bgp_conn_free(p->bp_second);
	bgp_conn_free(p->bp_conn);
	free(p);
}

void bgp_peer_reset(struct bgp_peer *p)
{
	if (p->bp_dynamic) {
		bgp_peer_delete(p, BGP_SUB_ADMIN_RESET, "User reset");
		return;
	}
	if (p->bp_second)
		bgp_fsm_stop(&p->bp_second->cn_fsm, BGP_SUB_ADMIN_RESET, "User reset");
	bgp_fsm_stop(&p->bp_conn->cn_fsm, BGP_SUB_ADMIN_RESET, "User reset");
	bgp_peer_settle(p);
	bgp_peer_start(p);
}

void bgp_peer_accept(struct bgp_peer *p, int fd)
{
	enum bgp_state st = p->bp_conn->cn_fsm.fs_state;

	if (p->bp_conf.pc_shutdown || st == BGP_ST_ESTABLISHED || p->bp_second) {
		close(fd);
		return;
	}
	if (st <= BGP_ST_ACTIVE) { /* no OPEN exchanged yet: the accepted connection replaces any attempt */
		p->bp_conn->cn_incoming = true;
		bgp_conn_adopt(p->bp_conn, fd);
		return;
	}
	p->bp_second = bgp_conn_new(p, true);
	if (!p->bp_second) {
		close(fd);
		return;
	}
	bgp_conn_adopt(p->bp_second, fd);
}

static struct bgp_conn *sibling(const struct bgp_conn *cn)
{
	struct bgp_peer *p = cn->cn_peer;

	return cn == p->bp_conn ? p->bp_second : p->bp_conn;
}

/*
 * §6.8: with both connections past OpenSent the one to keep is the one the
 * speaker with the higher BGP Identifier initiated.
 */
bool bgp_peer_fo_open(struct bgp_conn *cn, const struct bgp_open *o)
{
	struct bgp_conn *other = sibling(cn);
	bool keep_incoming;

	if (!other || other->cn_fsm.fs_state < BGP_ST_OPENSENT)
		return true;
	keep_incoming = cn->cn_fsm.fs_conf.fc_router_id < o->bo_bgp_id;
	if (cn->cn_incoming != keep_incoming)
		return false;
	bgp_fsm_stop(&other->cn_fsm, BGP_SUB_COLLISION, "Connection collision");
	return true;
}

static void log_change(const struct bgp_peer *p, const char *what, const char *reason)
{
	char addr[INET_ADDRSTRLEN];

	if (!p->bp_conf.pc_log_changes)
		return;
	inet_ntop(AF_INET, &p->bp_addr, addr, sizeof(addr));
	log_msg(SEV_NOTICE, "BGP", "ADJCHANGE", "neighbor %s%s %s%s%s", p->bp_dynamic ? "*" : "", addr, what,
		reason ? " " : "", reason ? reason : ""); /* IOS marks a dynamic neighbor with a star */
}

void bgp_peer_up(struct bgp_conn *cn)
{
	log_change(cn->cn_peer, "Up", NULL);
	bgp_adj_in_start(cn->cn_peer);
	bgp_run_peer_up(cn->cn_peer);
}

void bgp_peer_down(struct bgp_conn *cn, const char *reason)
{
	log_change(cn->cn_peer, "Down", reason);
	bgp_routes_flush(cn->cn_peer);
}

void bgp_peer_settle(struct bgp_peer *p)
{
	if (p->bp_second && p->bp_second->cn_fsm.fs_state == BGP_ST_IDLE) {
		bgp_conn_free(p->bp_second);
		p->bp_second = NULL;
	} else if (p->bp_second && p->bp_conn->cn_fsm.fs_state == BGP_ST_IDLE) {
		/* the accepted connection won the race: it is the session now */
		bgp_conn_free(p->bp_conn);
		p->bp_conn = p->bp_second;
		p->bp_second = NULL;
	}
	if (p->bp_dynamic && p->bp_conn->cn_fsm.fs_state == BGP_ST_IDLE)
		bgp_peer_delete(p, BGP_SUB_PEER_DECONFIGURED, "Neighbor deleted");
}
