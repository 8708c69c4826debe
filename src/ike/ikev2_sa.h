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
#include "ike/ikev2_io_udp.h"
#include "interface/iface.h"

enum ikev2_sa_state {
	IKEV2_SA_INIT_SENT, /* initiator: IKE_SA_INIT request out */
	IKEV2_SA_AUTH_SENT, /* initiator: IKE_AUTH request out */
	IKEV2_SA_INIT_DONE, /* responder: IKE_SA_INIT answered, waiting for IKE_AUTH */
	IKEV2_SA_READY,
	IKEV2_SA_FAILED, /* initiator: waiting to start over */
};

struct ikev2_ike_sa {
	struct ikev2_ike_sa *sa_next;
	unsigned sa_id; /* "Tunnel-id" */
	enum ikev2_sa_state sa_state;
	char sa_tunnel[IF_NAMELEN]; /* initiator: the interface that asked for it */
	char sa_profile[64];	    /* initiator: the IKEv2 profile */
	struct in_addr sa_peer;	    /* initiator: the tunnel destination */
	struct ikev2_init sa_init;
	struct ikev2_authx_conf sa_conf;
	struct ikev2_child sa_child;
	bool sa_child_installed;
	struct ikev2_blob sa_sent; /* the last request (initiator) or answer (responder), for retransmission */
	uint32_t sa_next_msgid;	   /* of our next request */
	uint32_t sa_peer_msgid;	   /* of the peer's next request (each side counts its own, §2.2) */
	unsigned sa_tries;
	struct loop_timer *sa_timer;
	time_t sa_created, sa_ready_at;
};

struct ikev2_mgr {
	struct ferryd *mg_d;
	struct ikev2_udp mg_udp;
	bool mg_open;
	struct ikev2_ike_sa *mg_sas;
	unsigned mg_next_id;
	uint64_t mg_drops; /* messages that did not decode or matched no SA */
};

extern struct ikev2_mgr ikev2_mgr;

/* Starts an initiator SA from the tunnel's source towards remote with profile; NULL on failure (logged). */
struct ikev2_ike_sa *ikev2_sa_initiate(struct ikev2_mgr *mg, const char *tunnel, const char *profile,
				       struct in_addr remote);
/* Sends an INFORMATIONAL DELETE of the IKE SA (READY only), removes its CHILD_SA and frees it. */
void ikev2_sa_delete(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa);
/* Remembers and sends a message of the SA; requests are retransmitted until answered. */
void ikev2_sa_send(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa, struct ikev2_blob *msg, bool request);
/* Sends the last message again (a retransmitted request from the peer). */
void ikev2_sa_resend(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa);
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

/* The receive side (ikev2_sa_rx.c). */
void ikev2_sa_rx(void *arg, const uint8_t *msg, size_t len, const struct sockaddr_in *from,
		 const struct sockaddr_in *to, bool natt);
/* The reconciler (ikev2_sa_sync.c): sockets, and an SA per protected tunnel. */
void ikev2_sa_sync(struct ferryd *d);
/* Deletes every SA; initiators start again on the next reconciliation. */
void ikev2_sa_clear(struct ikev2_mgr *mg);
/* At shutdown: DELETE every SA (a sync_register_shutdown step). */
void ikev2_sa_shutdown(struct ferryd *d);

#endif
