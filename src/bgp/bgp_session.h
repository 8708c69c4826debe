/*
 * BGP sessions at run time: the speaker (listener, peers), each peer's one
 * or two TCP connections (two only while a collision is being resolved,
 * RFC 4271 §6.8), each connection's FSM (bgp_fsm.h) on the event loop.
 *
 * bgp_session.c: the speaker, the listener and the reconciler that follows
 * the configuration; bgp_peer.c: a peer, its connections' lifecycle and
 * collisions; bgp_conn.c: a connection's socket, buffers and timers;
 * bgp_routes.c: received routes into the BGP table (bgp_table.h);
 * bgp_run.c: the table's run on the loop (local routes exported, best
 * paths chosen and imported into the RIB, peers updated); bgp_adv.c: what
 * each peer is sent.
 */
#ifndef FERRY_BGP_BGP_SESSION_H
#define FERRY_BGP_BGP_SESSION_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bgp/bgp_fsm.h"
#include "bgp/bgp_policy.h"
#include "core/bytebuf.h"
#include "parser/cli.h"
#include "rib/keymap.h"

struct ferryd;
struct bgp_cfg;
struct bgp_nbr;
struct loop_watch;
struct loop_timer;
struct bgp_peer;

struct bgp_conn_timer {
	struct bgp_conn *ct_conn;
	enum bgp_timer ct_which;
	struct loop_timer *ct_timer;
};

struct bgp_conn {
	struct bgp_peer *cn_peer;
	int cn_fd; /* -1: none */
	struct loop_watch *cn_watch;
	bool cn_connecting; /* a non-blocking connect is in progress */
	bool cn_incoming;   /* accepted, not initiated: what collision resolution compares */
	struct bgp_conn_timer cn_timers[BGP_TIMER_COUNT];
	uint8_t cn_rx[2 * BGP_MSG_MAX];
	size_t cn_rx_len;
	struct bytebuf cn_tx; /* bytes the socket did not take yet */
	struct bgp_fsm cn_fsm;
};

/* How the configuration asks to reach the peer, besides what the FSM needs. */
struct bgp_peer_conf {
	struct bgp_fsm_conf pc_fsm;
	uint8_t pc_ttl;		  /* IP_TTL of the session's packets */
	struct in_addr pc_source; /* update-source address; 0.0.0.0: the kernel picks */
	bool pc_shutdown;	  /* neighbor shutdown: no session */
	bool pc_log_changes;	  /* bgp log-neighbor-changes */
};

struct bgp_peer {
	struct ferryd *bp_daemon;
	struct in_addr bp_addr;
	bool bp_dynamic;   /* accepted from a listen range */
	char bp_group[64]; /* dynamic peers: the peer group that admitted them */
	struct bgp_peer_conf bp_conf;
	struct bgp_conn *bp_conn;   /* the session */
	struct bgp_conn *bp_second; /* an accepted connection racing bp_conn (§6.8) */
	struct keymap bp_out;	    /* Adj-RIB-Out: struct bgp_dest * -> itself, what the peer was sent */
	struct bgp_table *bp_in;    /* Adj-RIB-In: the routes as received (soft-reconfiguration inbound); NULL: none */
	uint8_t bp_in_whole; /* 1u << enum bgp_family: bp_in holds every route of the family since it was asked for */
	bool bp_out_full;    /* the whole table is to be sent (the session just came up) */
	uint8_t bp_refresh;  /* 1u << enum bgp_family: its routes are to be sent again (ROUTE-REFRESH, soft out) */
	uint32_t bp_pfx_rcvd;
	uint64_t bp_tbl_ver; /* the speaker's table version when this peer was last updated */
	struct bgp_peer *bp_next;
};

/* ---- bgp_conn.c ---- */
struct bgp_conn *bgp_conn_new(struct bgp_peer *p, bool incoming);
void bgp_conn_free(struct bgp_conn *cn);
/* Starts watching an accepted socket and tells the FSM the connection is up. */
void bgp_conn_adopt(struct bgp_conn *cn, int fd);
extern const struct bgp_fsm_ops bgp_conn_ops;

/* ---- bgp_peer.c ---- */
/* The configured neighbor of the peer (a dynamic one: the peer group that admitted it), or NULL. */
const struct bgp_nbr *bgp_peer_nbr(const struct bgp_peer *p, const struct bgp_cfg *bgp);
struct bgp_peer *bgp_peer_new(struct ferryd *d, struct in_addr addr, const struct bgp_peer_conf *pc);
/* Stops the session (NOTIFICATION Cease with subcode) and frees the peer. */
void bgp_peer_delete(struct bgp_peer *p, uint8_t cease_subcode, const char *reason);
void bgp_peer_start(struct bgp_peer *p);
/* clear ip bgp: the session starts over (a dynamic peer goes until it connects again). */
void bgp_peer_reset(struct bgp_peer *p);
/* An accepted connection from the peer: adopted, raced (§6.8) or closed. */
void bgp_peer_accept(struct bgp_peer *p, int fd);
/* After any event on a connection: frees what the event finished (a lost race, a dynamic peer gone down).
 * Nothing of the peer may be touched after it. */
void bgp_peer_settle(struct bgp_peer *p);
bool bgp_peer_fo_open(struct bgp_conn *cn, const struct bgp_open *o);
void bgp_peer_up(struct bgp_conn *cn);
void bgp_peer_down(struct bgp_conn *cn, const char *reason);

/* ---- bgp_session.c ---- */
/* The reconciler (sync_register). */
void bgp_session_sync(struct ferryd *d);
/* At shutdown: every session ends with a Cease (a sync_register_shutdown step). */
void bgp_session_shutdown(struct ferryd *d);
/* The peers, configured then dynamic, in creation order. */
struct bgp_peer *bgp_session_peers(void);
struct bgp_peer *bgp_session_peer(struct in_addr addr);
/* A peer is gone from the speaker's list (bgp_peer_delete calls it). */
void bgp_session_unlink(struct bgp_peer *p);
/* The speaker's table version: bumps on every change of received routes. */
uint64_t bgp_session_table_version(void);
void bgp_session_table_bump(void);

/* ---- bgp_show.c, bgp_show_nbr.c, bgp_clear.c ---- */
void bgp_show_init(struct cli_tree *t);
/* clear ip bgp (bgp_show_init calls it). */
void bgp_clear_init(struct cli_tree *t);
/* show ip bgp neighbors [A.B.C.D] */
int bgp_show_neighbors(struct cli_ctx *c, const struct cli_args *a);
/* The BGP instance of the running daemon, or NULL after saying why not. */
const struct bgp_cfg *bgp_show_running(struct cli_ctx *c, struct ferryd **d);
uint32_t bgp_show_msgs(const uint32_t *by_type);

/* ---- bgp_routes.c ---- */
void bgp_routes_update(struct bgp_peer *p, const struct bgp_update *u, enum bgp_action a);
/* The session is gone: every route the peer gave is withdrawn, what it was sent forgotten. */
void bgp_routes_flush(struct bgp_peer *p);
struct bgp_pattr;
/* The neighbor's route-map in on the peer's route to n (see bgp_policy_decide). */
enum bgp_policy_verdict bgp_routes_policy_in(const struct bgp_peer *p, enum bgp_family f, const struct bgp_nlri *n,
					     const struct rmap_entry **re);
/* The attributes the peer's routes are kept with: from an OLD speaker with the real four-octet AS path
 * (RFC 6793), after the route-map in's verdict v (entry re); a new reference. NULL: denied or out of memory. */
struct bgp_pattr *bgp_routes_attrs_in(const struct bgp_peer *p, const struct bgp_attrs *a, enum bgp_policy_verdict v,
				      const struct rmap_entry *re);
/* The peer's path to n in the table, with the attributes (a reference is taken). */
void bgp_routes_announce(struct bgp_peer *p, enum bgp_family f, const struct bgp_nlri *n, struct bgp_pattr *attrs,
			 uint32_t next_hop);
void bgp_routes_withdraw(struct bgp_peer *p, enum bgp_family f, const struct bgp_nlri *n);
struct bgp_path;
/* A new path's source fields: the peer, its session's facts, the route's labels and next hop. */
void bgp_routes_path_fill(struct bgp_path *pa, const struct bgp_peer *p, const struct bgp_nlri *n, uint32_t next_hop);

/* ---- bgp_adj_in.c: the Adj-RIB-In of soft-reconfiguration inbound ---- */
/* Whether the neighbor (or its peer group) keeps the routes of the family as received. */
bool bgp_adj_in_wanted(const struct bgp_peer *p, enum bgp_family f);
/* The session came up: the copy starts whole for the families that keep one. */
void bgp_adj_in_start(struct bgp_peer *p);
/*
 * The list as received (announced with the attributes a, or withdrawn: a
 * NULL) into the family's copy while it is whole and wanted; a family no
 * longer wanted loses its copy, which an UPDATE missed would make stale.
 */
void bgp_adj_in_take(struct bgp_peer *p, enum bgp_family f, const struct bgp_nlri_list *l, const struct bgp_attrs *a,
		     uint32_t next_hop);
/* Whether clear ... soft in can run on the family's copy: wanted, and whole. */
bool bgp_adj_in_ready(const struct bgp_peer *p, enum bgp_family f);
/* The family's copy starts over, whole from now: before a ROUTE-REFRESH that refills it. */
void bgp_adj_in_restart(struct bgp_peer *p, enum bgp_family f);
/* clear ip bgp X soft in from the copy: the route-map in runs again on every route of the ready families. */
void bgp_adj_in_replay(struct bgp_peer *p);
void bgp_adj_in_free(struct bgp_peer *p);

/* ---- bgp_adv.c ---- */
struct bgp_table;
/* Sends an Established peer what changed in the table since it last ran (all of it after the session came up). */
void bgp_adv_peer(struct bgp_peer *p, struct bgp_table *t, const struct bgp_cfg *bgp);

/* ---- bgp_run.c ---- */
/* The speaker's BGP table. */
struct bgp_table *bgp_run_table(void);
/* Runs the table on the loop soon (once for any number of changes before it runs). */
void bgp_run_schedule(struct ferryd *d);
/* The configuration changed: local routes are exported anew at the next run (bgp_session_sync calls it). */
void bgp_run_config(struct ferryd *d);
/* The session came up: it gets the whole table at the next run. */
void bgp_run_peer_up(struct bgp_peer *p);
/* The peer gets its routes of the family again at the next run (its ROUTE-REFRESH, clear ip bgp soft out). */
void bgp_run_peer_refresh(struct bgp_peer *p, enum bgp_family fam);
/* At shutdown: the table and its labels go. */
void bgp_run_shutdown(struct ferryd *d);

#endif
