/*
 * The IKEv2 SA manager: IKE SAs as initiator (a protected tunnel interface
 * asks for one) and responder, their exchanges on the IKE sockets with
 * retransmission and backoff, the CHILD_SA keys handed to the dataplane,
 * and deletion. Runs on the loop thread.
 */
#ifndef FERRY_IKE_IKEV2_SA_H
#define FERRY_IKE_IKEV2_SA_H

#include <time.h>

#include "core/daemon.h"
#include "ike/ikev2_authx.h"
#include "ike/ikev2_dh.h"
#include "ike/ikev2_flex.h"
#include "ike/ikev2_io_udp.h"
#include "ike/ikev2_rekey.h"
#include "ike/ikev2_stats.h"
#include "interface/iface.h"

enum ikev2_sa_state {
	IKEV2_SA_INIT_SENT, /* initiator: IKE_SA_INIT request out */
	IKEV2_SA_AUTH_SENT, /* initiator: IKE_AUTH request out */
	IKEV2_SA_INIT_DONE, /* responder: IKE_SA_INIT answered, waiting for IKE_AUTH */
	IKEV2_SA_READY,
	IKEV2_SA_FAILED,  /* initiator: waiting to start over */
	IKEV2_SA_REKEYED, /* replaced by a rekeyed IKE SA: only its DELETE is left */
};

/* What our request in flight on a READY SA is (window size 1, §2.3). */
enum ikev2_req {
	IKEV2_REQ_NONE,
	IKEV2_REQ_REKEY_CHILD,
	IKEV2_REQ_REKEY_IKE,
	IKEV2_REQ_DELETE_CHILD,
	IKEV2_REQ_DELETE_IKE,
	IKEV2_REQ_DPD, /* an empty INFORMATIONAL: is the peer alive (§1.4) */
};

#define IKEV2_SA_SPARES 2 /* replaced or redundant CHILD_SAs waiting for their DELETE */

/* On-demand DPD (ikev2_dpd.c): the CHILD_SA's ESP packet counts when last looked at. */
struct ikev2_dpd_watch {
	uint32_t dw_spi_in; /* the CHILD_SA counted (a rekeyed one counts from 0) */
	uint64_t dw_in;	    /* packets that came in (decapsulated) */
	uint64_t dw_out;    /* packets that went out (encapsulated) */
	time_t dw_at;	    /* when; 0: never */
};

struct ikev2_ike_sa {
	struct ikev2_ike_sa *sa_next;
	unsigned sa_id; /* "Tunnel-id" */
	enum ikev2_sa_state sa_state;
	unsigned sa_session;	    /* "Session-id": kept when the IKE SA is rekeyed */
	char sa_tunnel[IF_NAMELEN]; /* initiator: the interface that asked for it */
	char sa_profile[64];	    /* initiator: the IKEv2 profile */
	struct in_addr sa_peer;	    /* initiator: the tunnel destination */
	struct ikev2_init sa_init;
	struct ikev2_authx_conf sa_conf;
	struct ikev2_child sa_child;
	bool sa_child_installed;
	struct ikev2_child sa_spare[IKEV2_SA_SPARES]; /* installed, cs_spi_in 0: free */
	time_t sa_spare_at[IKEV2_SA_SPARES];
	struct ikev2_blob sa_req;  /* our request in flight, retransmitted until answered */
	struct ikev2_blob sa_resp; /* our last answer, sent again when its request comes again */
	enum ikev2_req sa_req_kind;
	uint32_t sa_deleting;	/* REQ_DELETE_CHILD: our inbound SPI of the CHILD_SA it deletes */
	uint32_t sa_next_msgid; /* of our next request */
	uint32_t sa_peer_msgid; /* of the peer's next request (each side counts its own, §2.2) */
	unsigned sa_tries;
	struct loop_timer *sa_timer;
	time_t sa_created, sa_ready_at;
	/* Allocated while they matter (an SA rekeys once an hour; a hub holds thousands): */
	struct ikev2_rekey *sa_rekey;		     /* ours in flight (REKEY_CHILD, REKEY_IKE), or NULL */
	struct ikev2_rekey *sa_peer_rekey;	     /* the peer's, answered while ours was in flight (§2.8.1) */
	struct ikev2_ike_sa *sa_successor;	     /* REKEYED: the IKE SA that took over (for a collision) */
	time_t sa_last_rx;			     /* the peer's last authenticated message (DPD) */
	struct ikev2_dpd_watch sa_dpd;		     /* on-demand DPD's last look at the traffic */
	time_t sa_child_at;			     /* the current CHILD_SA's birth */
	time_t sa_ike_rekey_at, sa_child_rekey_at;   /* soft lifetimes; 0: none */
	time_t sa_ike_expire_at, sa_child_expire_at; /* hard lifetimes: the SA goes; 0: none */
	bool sa_initiator_of_session;		     /* we started the first IKE SA of this session */
	struct ikev2_flex sa_flex;		     /* mode config lease, Virtual-Access, overlay route */
	unsigned sa_ticket; /* waiting for g^ir or IKE_AUTH signatures on a worker (ikev2_sa_work.c); 0: not */
};

struct hmap;

struct ikev2_mgr {
	struct ferryd *mg_d;
	struct ikev2_udp mg_udp;
	bool mg_open;
	struct ikev2_ike_sa *mg_sas, *mg_last; /* in creation order */
	struct hmap *mg_by_id, *mg_by_spi;     /* Tunnel-id, initiator SPI: while complete (ikev2_sa_index.c) */
	unsigned mg_next_id, mg_next_session;
	struct ikev2_stats mg_stats;
	bool mg_debug;		    /* debug crypto ikev2: every exchange to the log */
	struct loop_timer *mg_tick; /* lifetimes and liveness, once a second */
	unsigned mg_next_ticket;    /* of an SA's work on a worker (sa_ticket) */
};

extern struct ikev2_mgr ikev2_mgr;

/*
 * Starts an initiator SA from the tunnel's source towards remote with profile; NULL on failure (logged).
 * A tunnel's SA that cannot start (no route, no source address) retries every 10 s; a session's
 * (tunnel "", ike_session.c) is NULL then.
 */
struct ikev2_ike_sa *ikev2_sa_initiate(struct ikev2_mgr *mg, const char *tunnel, const char *profile,
				       struct in_addr remote);
/* Sends an INFORMATIONAL DELETE of the IKE SA (READY only), removes its CHILD_SA and frees it. */
void ikev2_sa_delete(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa);
/* Remembers and sends a message of the SA; requests are retransmitted until answered. */
void ikev2_sa_send(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa, struct ikev2_blob *msg, bool request);
/* Sends the last answer again (a retransmitted request from the peer). */
void ikev2_sa_resend(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa);
/* READY: sends an encrypted request of kind (inner: its payloads); -1 while another is in flight. */
int ikev2_sa_request(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa, enum ikev2_req kind, uint8_t exchange,
		     const struct ikev2_pl *inner);
/* READY: answers the peer's request msgid with inner. */
void ikev2_sa_answer(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa, uint8_t exchange, uint32_t msgid,
		     const struct ikev2_pl *inner);
/* The peer does not answer (or DPD found it dead): the SA goes without a DELETE; a tunnel starts over. */
void ikev2_sa_dead(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa, const char *why);
/* Sends DELETE of the IKE SA, then goes as ikev2_sa_dead does. */
void ikev2_sa_close(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa, const char *why);
/* Sends an INFORMATIONAL request holding inner once (no retransmission: the SA is going). */
void ikev2_sa_inform_once(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa, const struct ikev2_pl *inner);
/*
 * Initiator: we refused the responder's AUTH or certificate. Its IKE SA is
 * up on its side, so tell it in an INFORMATIONAL with AUTHENTICATION_FAILED
 * (§2.21.2), then fail as ikev2_sa_fail does.
 */
void ikev2_sa_refuse_peer(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa, const struct ikev2_err *err);
/* Unlinks and frees an SA whose children are gone or moved. */
void ikev2_sa_drop(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa);
/* READY: the CHILD_SA goes to the dataplane. */
void ikev2_sa_ready(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa);
/* An initiator exchange failed: log why and start over after a pause. */
void ikev2_sa_fail(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa, const struct ikev2_err *err);
/* A new responder SA (not yet in the table). */
struct ikev2_ike_sa *ikev2_sa_alloc(struct ikev2_mgr *mg);
void ikev2_sa_link(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa);
void ikev2_sa_free(struct ikev2_ike_sa *sa);
/* The SA of those SPIs (spi_r 0: any, for an IKE_SA_INIT retransmission), or NULL. */
struct ikev2_ike_sa *ikev2_sa_find(struct ikev2_mgr *mg, uint64_t spi_i, uint64_t spi_r);

/* An authenticated message of the SA came from from to to: the SA answers and sends there from now on,
 * and its installed CHILD_SAs move there in the dataplane (ikev2_sa_follow.c). */
void ikev2_sa_follow(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa, const struct sockaddr_in *from,
		     const struct sockaddr_in *to);

/* The SA of that Tunnel-id, or NULL. */
struct ikev2_ike_sa *ikev2_sa_by_id(struct ikev2_mgr *mg, unsigned id);
/* The indexes behind ikev2_sa_by_id and ikev2_sa_find (ikev2_sa_index.c): an SA linked, unlinked, and
 * its initiator SPI before and after an initiator's new attempt changes it. */
void ikev2_sa_index_add(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa);
void ikev2_sa_index_del(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa);
void ikev2_sa_index_unspi(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa);
void ikev2_sa_index_spi(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa);

/*
 * Work of an SA on the daemon's worker queue (ikev2_sa_work.c). The SA may
 * be gone or have started over by the time the completion runs on the loop
 * thread: the work carries the SA's id and the ticket the SA holds while it
 * waits, and a completion whose SA is not found that way only frees. While
 * an SA waits, its messages are dropped and counted (the peer retransmits).
 */
struct ikev2_sa_work {
	struct ikev2_mgr *sw_mg;
	unsigned sw_sa, sw_ticket; /* the SA's sa_id, and its sa_ticket while it waits */
};
/*
 * The SA waits for w: run(arg) on a worker when offload is set and the
 * queue takes it, else at once on this thread; then done(arg) on the loop.
 */
void ikev2_sa_work_submit(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa, struct ikev2_sa_work *w, bool offload,
			  void (*run)(void *), void (*done)(void *), void *arg);
/* In done: the SA that waited for w, waiting no more; NULL (logged with what) when it went or started over. */
struct ikev2_ike_sa *ikev2_sa_work_owner(const struct ikev2_sa_work *w, const char *what);
/* Whether the SA waits for work on a worker. */
bool ikev2_sa_busy(const struct ikev2_ike_sa *sa);
/* g^ir of an SA's exchange as such work. */
struct ikev2_sa_dh {
	struct ikev2_sa_work sd_wait;
	struct ikev2_dh_job sd_dh;
};
/*
 * The SA waits for d's g^ir, on a worker (at once for an empty job), then
 * done(arg) runs on the loop; d is arg or arg's first member.
 */
void ikev2_sa_dh_submit(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa, struct ikev2_sa_dh *d, void (*done)(void *),
			void *arg);
/* Frees d, allocated alone, and its job. */
void ikev2_sa_dh_free(struct ikev2_sa_dh *d);

/* IKE_SA_INIT with g^ir on the worker queue (ikev2_sa_init.c). */
/* Responder: a new IKE_SA_INIT request (the COOKIE gate passed). */
void ikev2_sa_init_rx_request(struct ikev2_mgr *mg, const struct ikev2_msg *m, const uint8_t *raw, size_t len,
			      const struct sockaddr_in *from, const struct sockaddr_in *to);
/* Initiator: the IKE_SA_INIT answer; on to IKE_AUTH when the keys are made. */
void ikev2_sa_init_rx_response(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa, const struct ikev2_msg *m,
			       const uint8_t *raw, size_t len);

/* IKE_AUTH with its signatures on the daemon's worker queue (ikev2_sa_auth.c). */
/* Initiator, IKE_SA_INIT done and sa_conf set: signs and sends our IKE_AUTH request. */
void ikev2_sa_auth_send(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa);
/* Initiator: the responder's answer; responder: the initiator's request (from and to: where it travelled). */
void ikev2_sa_auth_rx_response(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa, const struct ikev2_msg *m,
			       const uint8_t *raw, size_t len, const struct sockaddr_in *from,
			       const struct sockaddr_in *to);
void ikev2_sa_auth_rx_request(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa, const struct ikev2_msg *m,
			      const uint8_t *raw, size_t len, const struct sockaddr_in *from,
			      const struct sockaddr_in *to);

/* The receive side (ikev2_sa_rx.c). */
/* Counts and logs a message dropped for reason. */
void ikev2_sa_drop_msg(struct ikev2_mgr *mg, const struct sockaddr_in *from, enum ikev2_drop reason, const char *why);
void ikev2_sa_rx(void *arg, const uint8_t *msg, size_t len, const struct sockaddr_in *from,
		 const struct sockaddr_in *to, bool natt);
/* The reconciler (ikev2_sa_sync.c): sockets, and an SA per protected tunnel. */
void ikev2_sa_sync(struct ferryd *d);
/* Deletes every SA; initiators start again on the next reconciliation. */
void ikev2_sa_clear(struct ikev2_mgr *mg);
/* Deletes the SAs from local to remote (NULL: any address): clear crypto ikev2 sa local|remote, clear crypto
 * session remote. */
void ikev2_sa_clear_where(struct ikev2_mgr *mg, const struct in_addr *local, const struct in_addr *remote);
/* At shutdown: DELETE every SA (a sync_register_shutdown step). */
void ikev2_sa_shutdown(struct ferryd *d);

/* CHILD_SAs in the dataplane (ikev2_sa_child.c). */
/* Installs c (with its policies when first is set); false if the dataplane refused. */
bool ikev2_sa_child_install(struct ikev2_mgr *mg, const struct ikev2_ike_sa *sa, const struct ikev2_child *c,
			    bool first);
/* Removes c (and the policies when last is set). */
void ikev2_sa_child_remove(struct ikev2_mgr *mg, const struct ikev2_ike_sa *sa, const struct ikev2_child *c, bool last);
/* Moves c (installed) to a spare slot until its DELETE; the oldest spare goes when none is free. */
void ikev2_sa_child_retire(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa, struct ikev2_child *c);
/* A rekeyed CHILD_SA (moved from fresh) in, the current one retired; by: who rekeyed, for the log. */
void ikev2_sa_child_replace(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa, struct ikev2_child *fresh, const char *by);
/* The spare whose outbound SPI is spi (the peer deletes by its inbound SPI), or NULL. */
struct ikev2_child *ikev2_sa_spare_by_out(struct ikev2_ike_sa *sa, uint32_t spi);
/* Removes a spare from the dataplane and frees its slot. */
void ikev2_sa_spare_remove(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa, struct ikev2_child *c);
/* Removes every CHILD_SA of the SA from the dataplane. */
void ikev2_sa_children_remove(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa);
/*
 * The IKE endpoints move to local and remote: the CHILD_SAs follow them,
 * the installed ones out of the dataplane with their old endpoints and
 * encapsulation ports and in again with the new (policies too).
 */
void ikev2_sa_children_move(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa, const struct sockaddr_in *local,
			    const struct sockaddr_in *remote);

/* CREATE_CHILD_SA on READY SAs (ikev2_sa_rekey.c, ikev2_sa_rekey_rx.c). */
/* Frees *rk (a rekey of sa_rekey or sa_peer_rekey) and clears it. */
void ikev2_sa_rekey_drop(struct ikev2_rekey **rk);
/* Starts rekeying the CHILD_SA or the IKE SA; -1 when a request is in flight. */
int ikev2_sa_rekey_child(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa);
int ikev2_sa_rekey_ike(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa);
/* Our rekey's answer (decrypted). */
void ikev2_sa_rekey_answered(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa, const struct ikev2_pl *inner);
/* The peer's CREATE_CHILD_SA request (decrypted). */
void ikev2_sa_rekey_rx(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa, uint32_t msgid, const struct ikev2_pl *inner);
/* The IKE SA that replaces old with keys (moved): old's CHILD_SAs and tunnel move to it; old is REKEYED. */
struct ikev2_ike_sa *ikev2_sa_successor(struct ikev2_mgr *mg, struct ikev2_ike_sa *old, struct ikev2_init *keys);
/* The soft lifetimes of a READY SA from its profiles (now: its start). */
void ikev2_sa_lifetimes(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa, bool ike, bool child, time_t now);

/* INFORMATIONAL on READY SAs (ikev2_sa_info.c). */
void ikev2_sa_info_rx(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa, uint32_t msgid, const struct ikev2_pl *inner);
/* Sends DELETE of our inbound SPI spi of a CHILD_SA; -1 when a request is in flight. */
int ikev2_sa_delete_child(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa, uint32_t spi);
/* The answer to that DELETE: the spare goes. */
void ikev2_sa_info_deleted(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa);

/* debug crypto ikev2 (ikev2_debug.c): a log line per message sent or received, from its header. */
void ikev2_debug_msg(const struct ikev2_mgr *mg, const char *what, const struct sockaddr_in *peer, const uint8_t *msg,
		     size_t len);

/* Lifetimes and liveness (ikev2_dpd.c): the once-a-second check of every SA. */
/* The DPD retransmission interval of the SA's profile. */
unsigned ikev2_sa_dpd_retry_ms(const struct ikev2_ike_sa *sa);
void ikev2_sa_tick_start(struct ikev2_mgr *mg);
void ikev2_sa_tick(struct ikev2_mgr *mg, time_t now);

#endif
