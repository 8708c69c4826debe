/* The IKEv2 SA manager: the SA table, sending and retransmission, READY, deletion. */
#include "ike/ikev2_sa.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "ike/ikev2_peer.h"
#include "ike/ikev2_skmsg.h"

#define RETRANSMIT_FIRST_MS 1000 /* doubled on each try */
#define RETRANSMIT_TRIES    5
#define RESTART_MS	    10000 /* a failed initiator starts over after this */
#define HALF_OPEN_MS	    30000 /* a responder SA without IKE_AUTH is dropped after this */

struct ikev2_mgr ikev2_mgr;

static void sa_timeout(void *arg);
static void child_apply(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa, bool remove);

struct ikev2_ike_sa *ikev2_sa_alloc(struct ikev2_mgr *mg)
{
	struct ikev2_ike_sa *sa = calloc(1, sizeof(*sa));

	if (!sa)
		return NULL;
	sa->sa_timer = loop_timer_add(mg->mg_d->fd_loop, 0, sa_timeout, sa);
	if (!sa->sa_timer) {
		free(sa);
		return NULL;
	}
	sa->sa_id = ++mg->mg_next_id;
	sa->sa_created = time(NULL);
	return sa;
}

void ikev2_sa_link(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa)
{
	struct ikev2_ike_sa **p = &mg->mg_sas;

	while (*p) /* in creation order, for show */
		p = &(*p)->sa_next;
	*p = sa;
}

static void sa_unlink(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa)
{
	for (struct ikev2_ike_sa **p = &mg->mg_sas; *p; p = &(*p)->sa_next)
		if (*p == sa) {
			*p = sa->sa_next;
			return;
		}
}

/* What an SA holds of one attempt; the SA itself stays. */
static void sa_reset(struct ikev2_ike_sa *sa)
{
	ikev2_init_fini(&sa->sa_init);
	ikev2_authx_conf_fini(&sa->sa_conf);
	ikev2_child_fini(&sa->sa_child);
	ikev2_blob_free(&sa->sa_sent);
	sa->sa_tries = 0;
	sa->sa_next_msgid = 0;
}

void ikev2_sa_free(struct ikev2_ike_sa *sa)
{
	if (!sa)
		return;
	loop_timer_cancel(sa->sa_timer);
	sa_reset(sa);
	free(sa);
}

struct ikev2_ike_sa *ikev2_sa_find(struct ikev2_mgr *mg, uint64_t spi_i, uint64_t spi_r)
{
	for (struct ikev2_ike_sa *sa = mg->mg_sas; sa; sa = sa->sa_next)
		if (sa->sa_init.in_spi_i == spi_i && (spi_r == 0 || sa->sa_init.in_spi_r == spi_r))
			return sa;
	return NULL;
}

void ikev2_sa_resend(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa)
{
	const struct ikev2_init *in = &sa->sa_init;

	if (ikev2_udp_send(&mg->mg_udp, &in->in_local, &in->in_remote, sa->sa_sent.bl_data, sa->sa_sent.bl_len) < 0)
		log_msg(SEV_WARN, "IKEV2", "SEND", "SA %u: cannot send to %s: %m", sa->sa_id,
			inet_ntoa(in->in_remote.sin_addr));
}

void ikev2_sa_send(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa, struct ikev2_blob *msg, bool request)
{
	ikev2_blob_free(&sa->sa_sent);
	sa->sa_sent = *msg;
	*msg = (struct ikev2_blob){0};
	sa->sa_tries = 0;
	ikev2_sa_resend(mg, sa);
	loop_timer_rearm(sa->sa_timer, request				? RETRANSMIT_FIRST_MS
				       : sa->sa_state == IKEV2_SA_READY ? 0
									: HALF_OPEN_MS);
}

/* The first exchange of an initiator SA, from its tunnel's settings. */
static int sa_start(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa)
{
	struct in_addr remote = sa->sa_peer;
	struct sockaddr_in local = {.sin_family = AF_INET, .sin_port = htons(IKEV2_UDP_PORT)};
	struct sockaddr_in peer = {.sin_family = AF_INET, .sin_port = htons(IKEV2_UDP_PORT), .sin_addr = remote};
	struct ikev2_blob req = {0};
	struct ikev2_err err = {0};

	sa_reset(sa);
	sa->sa_state = IKEV2_SA_INIT_SENT;
	if (ikev2_udp_source_for(remote, &local.sin_addr) < 0 ||
	    ikev2_init_start(&sa->sa_init, ikev2_peer_proposal(mg->mg_d->fd_running), &local, &peer) < 0 ||
	    ikev2_init_request(&sa->sa_init, &req, &err) < 0)
		return -1;
	ikev2_sa_send(mg, sa, &req, true);
	return 0;
}

struct ikev2_ike_sa *ikev2_sa_initiate(struct ikev2_mgr *mg, const char *tunnel, const char *profile,
				       struct in_addr remote)
{
	struct ikev2_ike_sa *sa = ikev2_sa_alloc(mg);

	if (!sa)
		return NULL;
	snprintf(sa->sa_tunnel, sizeof(sa->sa_tunnel), "%s", tunnel);
	snprintf(sa->sa_profile, sizeof(sa->sa_profile), "%s", profile);
	sa->sa_peer = remote;
	ikev2_sa_link(mg, sa);
	if (sa_start(mg, sa) < 0) {
		log_msg(SEV_WARN, "IKEV2", "START", "%s: cannot start IKE with %s (no route or no proposal)", tunnel,
			inet_ntoa(remote));
		sa->sa_state = IKEV2_SA_FAILED;
		loop_timer_rearm(sa->sa_timer, RESTART_MS);
	}
	return sa;
}

void ikev2_sa_fail(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa, const struct ikev2_err *err)
{
	log_msg(SEV_WARN, "IKEV2", "FAIL", "SA %u with %s: %s (notify %u)", sa->sa_id,
		inet_ntoa(sa->sa_init.in_remote.sin_addr), err->e_what ? err->e_what : "failed", err->e_notify);
	if (!sa->sa_tunnel[0]) {
		sa_unlink(mg, sa);
		ikev2_sa_free(sa);
		return;
	}
	sa->sa_state = IKEV2_SA_FAILED;
	loop_timer_rearm(sa->sa_timer, RESTART_MS);
}

static void sa_timeout(void *arg)
{
	struct ikev2_ike_sa *sa = arg;
	struct ikev2_mgr *mg = &ikev2_mgr;
	struct ikev2_err err = {.e_what = "no answer from the peer"};

	if (sa->sa_state == IKEV2_SA_FAILED) {
		if (sa_start(mg, sa) < 0)
			loop_timer_rearm(sa->sa_timer, RESTART_MS);
		return;
	}
	if (sa->sa_state == IKEV2_SA_INIT_DONE || ++sa->sa_tries >= RETRANSMIT_TRIES) {
		ikev2_sa_fail(mg, sa, &err);
		return;
	}
	ikev2_sa_resend(mg, sa);
	loop_timer_rearm(sa->sa_timer, RETRANSMIT_FIRST_MS << sa->sa_tries);
}

/* The CHILD_SA's operations: added, or (remove) the same ones deleted. UDP-encapsulated after NAT detection. */
static void child_apply(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa, bool remove)
{
	const struct ikev2_init *in = &sa->sa_init;
	bool natt = ntohs(in->in_local.sin_port) == IKEV2_NATT_PORT;
	struct dp_op ops[4];
	size_t n = ikev2_child_ops(&sa->sa_child, natt ? ntohs(in->in_local.sin_port) : 0,
				   natt ? ntohs(in->in_remote.sin_port) : 0, ops);
	char why[256];

	for (size_t i = 0; remove && i < n; i++)
		ops[i].op_type = ops[i].op_type == DP_SA_ADD ? DP_SA_DEL : DP_POLICY_DEL;
	if (dataplane_apply(&mg->mg_d->fd_dp, ops, n, why, sizeof(why)) < 0)
		log_msg(SEV_ERR, "IKEV2", "CHILD", "SA %u: the dataplane refused the CHILD_SA: %s", sa->sa_id, why);
	else
		sa->sa_child_installed = !remove;
}

void ikev2_sa_ready(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa)
{
	sa->sa_state = IKEV2_SA_READY;
	sa->sa_ready_at = time(NULL);
	/* The initiator used IDs 0 and 1 for its requests; the responder has sent none yet. */
	sa->sa_next_msgid = sa->sa_init.in_initiator ? 2 : 0;
	sa->sa_peer_msgid = sa->sa_init.in_initiator ? 0 : 2;
	loop_timer_rearm(sa->sa_timer, 0);
	child_apply(mg, sa, false);
	log_msg(SEV_NOTICE, "IKEV2", "UP", "SA %u with %s is READY (profile %s, CHILD_SA %08x/%08x %s mode)", sa->sa_id,
		inet_ntoa(sa->sa_init.in_remote.sin_addr), sa->sa_conf.ac_profile, sa->sa_child.cs_spi_in,
		sa->sa_child.cs_spi_out, sa->sa_child.cs_transport ? "transport" : "tunnel");
}

/* INFORMATIONAL with DELETE of the IKE SA (§1.4.1): sent once, the SA goes without waiting. */
static void send_delete(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa)
{
	struct ikev2_pl *inner = NULL, *del = ikev2_pl_add(&inner, IKEV2_PL_DELETE);
	struct ikev2_blob msg = {0};
	struct ikev2_err err;

	if (del) {
		del->pl_delete.de_protocol = IKEV2_PROTO_IKE;
		if (ikev2_sk_send(&sa->sa_init, IKEV2_EXCH_INFORMATIONAL, 0, sa->sa_next_msgid++, inner, &msg, &err) ==
		    0)
			ikev2_udp_send(&mg->mg_udp, &sa->sa_init.in_local, &sa->sa_init.in_remote, msg.bl_data,
				       msg.bl_len);
	}
	ikev2_blob_free(&msg);
	ikev2_pl_list_free(inner);
}

void ikev2_sa_delete(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa)
{
	if (sa->sa_state == IKEV2_SA_READY)
		send_delete(mg, sa);
	if (sa->sa_child_installed)
		child_apply(mg, sa, true);
	log_msg(SEV_NOTICE, "IKEV2", "DOWN", "SA %u with %s deleted", sa->sa_id,
		inet_ntoa(sa->sa_init.in_remote.sin_addr));
	sa_unlink(mg, sa);
	ikev2_sa_free(sa);
}

void ikev2_sa_clear(struct ikev2_mgr *mg)
{
	while (mg->mg_sas)
		ikev2_sa_delete(mg, mg->mg_sas);
}

void ikev2_sa_shutdown(struct ferryd *d)
{
	ikev2_sa_clear(&ikev2_mgr); /* peers hear DELETE instead of waiting for DPD */
}
