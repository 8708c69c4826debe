/*
 * The BGP finite state machine of one TCP connection (RFC 4271 §8), with no
 * sockets and no clock of its own: the owner (bgp_peer.c on the event loop,
 * a fake transport in the unit tests) feeds it events and stream bytes and
 * carries out what it asks through struct bgp_fsm_ops.
 */
#ifndef FERRY_BGP_BGP_FSM_H
#define FERRY_BGP_BGP_FSM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "bgp/bgp_msg.h"

enum bgp_state { BGP_ST_IDLE, BGP_ST_CONNECT, BGP_ST_ACTIVE, BGP_ST_OPENSENT, BGP_ST_OPENCONFIRM, BGP_ST_ESTABLISHED };

enum bgp_timer { BGP_TIMER_CONNECT_RETRY, BGP_TIMER_HOLD, BGP_TIMER_KEEPALIVE, BGP_TIMER_COUNT };

#define BGP_CONNECT_RETRY_SECS 30  /* RFC 4271 §10 suggests 120; IOS retries sooner */
#define BGP_OPEN_HOLD_SECS     240 /* hold time until the OPENs are exchanged (§8.2.2) */
#define BGP_FSM_FAMILIES_MAX   2

/* Families a session can carry (bit index in fc_families / fs_families). */
enum bgp_fsm_family { BGP_FF_IPV4_UNICAST, BGP_FF_VPNV4 };

/* What the configuration asks of the session. */
struct bgp_fsm_conf {
	uint32_t fc_local_as, fc_remote_as; /* remote 0: any (not configured yet) */
	uint32_t fc_router_id;		    /* host order */
	uint16_t fc_hold, fc_keepalive;	    /* seconds */
	bool fc_passive;		    /* transport connection-mode passive: never connects */
	uint8_t fc_families;		    /* 1u << BGP_FF_* advertised in the OPEN */
};

struct bgp_fsm;

struct bgp_fsm_ops {
	/* Starts a non-blocking connect; completion comes as bgp_fsm_tcp_up/down. -1: failed at once. */
	int (*fo_connect)(void *ctx);
	void (*fo_close)(void *ctx);
	/* Queues bytes on the connection; -1 when it cannot (the FSM treats it as a TCP failure). */
	int (*fo_send)(void *ctx, const uint8_t *buf, size_t len);
	/* Arms the timer for secs seconds; 0 stops it. */
	void (*fo_timer)(void *ctx, enum bgp_timer t, unsigned secs);
	/* The peer's OPEN passed the checks: false refuses it (collision, RFC 4271 §6.8). */
	bool (*fo_open)(void *ctx, const struct bgp_open *o);
	void (*fo_up)(void *ctx);
	/* Left Established; reason as IOS logs it ("BGP Notification sent"). */
	void (*fo_down)(void *ctx, const char *reason);
	/* An UPDATE in Established, with the strongest action its errors call for (below reset). */
	void (*fo_update)(void *ctx, const struct bgp_update *u, enum bgp_action a);
	/* A ROUTE-REFRESH (RFC 2918) for a family the session carries: the peer wants its routes again.
	 * NULL: the owner has nothing to resend. */
	void (*fo_refresh)(void *ctx, enum bgp_family fam);
};

struct bgp_fsm_stats {
	uint32_t fst_in[BGP_MSG_ROUTE_REFRESH + 1], fst_out[BGP_MSG_ROUTE_REFRESH + 1]; /* by type */
};

struct bgp_fsm {
	enum bgp_state fs_state;
	struct bgp_fsm_conf fs_conf;
	const struct bgp_fsm_ops *fs_ops;
	void *fs_ctx;
	/* negotiated from the peer's OPEN */
	struct bgp_codec fs_codec;
	uint16_t fs_hold, fs_keepalive;
	uint32_t fs_peer_id, fs_peer_as;
	uint16_t fs_peer_hold;
	uint8_t fs_peer_families; /* 1u << BGP_FF_* the peer advertised */
	bool fs_peer_rr, fs_peer_as4;
	struct bgp_fsm_stats fs_stats;
	uint32_t fs_flaps;	/* times it left Established */
	char fs_last_reset[64]; /* why the session last went down */
	time_t fs_since;	/* CLOCK_MONOTONIC seconds of the last change into or out of Established */
};

void bgp_fsm_init(struct bgp_fsm *f, const struct bgp_fsm_conf *conf, const struct bgp_fsm_ops *ops, void *ctx);
/* ManualStart: connects (or waits, passive). */
void bgp_fsm_start(struct bgp_fsm *f);
/* ManualStop with a Cease subcode (BGP_SUB_ADMIN_RESET ...): NOTIFICATION if open, close, Idle. */
void bgp_fsm_stop(struct bgp_fsm *f, uint8_t cease_subcode, const char *reason);
/* The connection is up (connected, or accepted in Idle, Connect or Active): sends the OPEN. */
void bgp_fsm_tcp_up(struct bgp_fsm *f);
/* The connection failed or the peer closed it. */
void bgp_fsm_tcp_down(struct bgp_fsm *f);
void bgp_fsm_timer_expired(struct bgp_fsm *f, enum bgp_timer t);
/* Consumes whole messages from the stream bytes; returns the bytes used (the
 * rest is a partial message). After a fatal error the FSM is Idle and the
 * rest is to be dropped. */
size_t bgp_fsm_input(struct bgp_fsm *f, const uint8_t *buf, size_t len);
/* Asks the peer for its routes of a family again (ROUTE-REFRESH, RFC 2918); -1 if not Established, the peer did
 * not announce the capability or the session does not carry the family. */
int bgp_fsm_route_refresh(struct bgp_fsm *f, enum bgp_family fam);
/* Sends an encoded message on an open session (UPDATEs); -1 if not Established or the send failed. */
int bgp_fsm_send(struct bgp_fsm *f, const uint8_t *buf, size_t len);

const char *bgp_state_name(enum bgp_state s);
/* CLOCK_MONOTONIC seconds, as fs_since counts them. */
time_t bgp_fsm_now(void);
bool bgp_fsm_has_family(const struct bgp_fsm *f, enum bgp_fsm_family ff);

#endif
