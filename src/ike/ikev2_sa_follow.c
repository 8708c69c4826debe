/*
 * Where an SA's peer is (RFC 7296 §2.23, NAT traversal; the MOBIKE-like
 * case of a peer whose address changed): an SA answers and sends to where
 * the peer's last authenticated message came from, so it follows a NAT
 * mapping that moved to port 4500 or to another port, and a peer that
 * moved to another address. Only messages whose integrity checked are
 * followed: a spoofed packet must not redirect the SA. The CHILD_SAs in the
 * dataplane follow too (their endpoints and NAT-T ports), or ESP would keep
 * going to where the peer was.
 */
#include <arpa/inet.h>
#include <stdio.h>

#include "core/log.h"
#include "ike/ikev2_sa.h"

static bool same_endpoint(const struct sockaddr_in *a, const struct sockaddr_in *b)
{
	return a->sin_addr.s_addr == b->sin_addr.s_addr && a->sin_port == b->sin_port;
}

static void log_move(const struct ikev2_ike_sa *sa, const struct sockaddr_in *old, const struct sockaddr_in *now)
{
	char was[INET_ADDRSTRLEN], is[INET_ADDRSTRLEN];

	inet_ntop(AF_INET, &old->sin_addr, was, sizeof(was));
	inet_ntop(AF_INET, &now->sin_addr, is, sizeof(is));
	log_msg(SEV_NOTICE, "IKEV2", "PEER", "SA %u: the peer moved from %s/%u to %s/%u", sa->sa_id, was,
		ntohs(old->sin_port), is, ntohs(now->sin_port));
}

void ikev2_sa_follow(struct ikev2_mgr *mg, struct ikev2_ike_sa *sa, const struct sockaddr_in *from,
		     const struct sockaddr_in *to)
{
	struct ikev2_init *in = &sa->sa_init;

	if (same_endpoint(&in->in_remote, from) && same_endpoint(&in->in_local, to))
		return;
	if (in->in_remote.sin_addr.s_addr != from->sin_addr.s_addr)
		log_move(sa, &in->in_remote, from);
	ikev2_sa_children_move(mg, sa, to, from);
}
