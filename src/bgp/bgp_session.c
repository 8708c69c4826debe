/*
 * The BGP speaker: the peers, the listener on TCP 179 and the reconciler
 * that makes the sessions follow the configuration (neighbors added,
 * changed, shut down or removed; dynamic neighbors from listen ranges).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bgp/bgp.h"
#include "bgp/bgp_session.h"
#include "bgp/bgp_session_conf.h"
#include "core/daemon.h"
#include "core/log.h"
#include "core/loop.h"

struct bgp_speaker {
	struct ferryd *sp_daemon;
	uint32_t sp_asn, sp_router_id; /* what the peers were built with */
	int sp_listen_fd;
	struct loop_watch *sp_listen_watch;
	struct bgp_peer *sp_peers; /* creation order */
	uint64_t sp_table_version;
};

static struct bgp_speaker speaker = {.sp_listen_fd = -1, .sp_table_version = 1};

struct bgp_peer *bgp_session_peers(void)
{
	return speaker.sp_peers;
}

struct bgp_peer *bgp_session_peer(struct in_addr addr)
{
	for (struct bgp_peer *p = speaker.sp_peers; p; p = p->bp_next)
		if (p->bp_addr.s_addr == addr.s_addr)
			return p;
	return NULL;
}

uint64_t bgp_session_table_version(void)
{
	return speaker.sp_table_version;
}

void bgp_session_table_bump(void)
{
	speaker.sp_table_version++;
}

void bgp_session_unlink(struct bgp_peer *p)
{
	for (struct bgp_peer **pp = &speaker.sp_peers; *pp; pp = &(*pp)->bp_next) {
		if (*pp == p) {
			*pp = p->bp_next;
			return;
		}
	}
}

static void peer_link(struct bgp_peer *p)
{
	struct bgp_peer **pp = &speaker.sp_peers;

	while (*pp)
		pp = &(*pp)->bp_next;
	*pp = p;
}

static size_t dynamic_count(void)
{
	size_t n = 0;

	for (const struct bgp_peer *p = speaker.sp_peers; p; p = p->bp_next)
		n += p->bp_dynamic;
	return n;
}

/* bgp listen limit: a source in a range past it is refused, and IOS says so. */
static bool under_limit(const struct bgp_cfg *bgp, struct in_addr src, const char *group)
{
	size_t limit = bgp->bgp_listen_limit ? bgp->bgp_listen_limit : BGP_LISTEN_LIMIT_DEFAULT;
	char addr[INET_ADDRSTRLEN];

	if (dynamic_count() < limit)
		return true;
	inet_ntop(AF_INET, &src, addr, sizeof(addr));
	log_msg(SEV_WARN, "BGP", "MAXDYNAMICNBR",
		"Cannot create new neighbor *%s in %s, maximum number of dynamic neighbors limit (%zu) reached", addr,
		group, limit);
	return false;
}

/* A connection from an address no neighbor names: a dynamic neighbor if a listen range takes it. */
static struct bgp_peer *dynamic_peer(const struct bgp_cfg *bgp, struct in_addr src)
{
	struct bgp_peer_conf pc;
	const char *group = bgp_conf_range_group(bgp, src);
	struct bgp_peer *p;

	if (!group || !under_limit(bgp, src, group))
		return NULL;
	if (bgp_conf_peer(speaker.sp_daemon, bgp, bgp_nbr_lookup(bgp, group), &pc) < 0)
		return NULL;
	pc.pc_fsm.fc_passive = true; /* a dynamic neighbor is only ever accepted */
	p = bgp_peer_new(speaker.sp_daemon, src, &pc);
	if (!p)
		return NULL;
	p->bp_dynamic = true;
	snprintf(p->bp_group, sizeof(p->bp_group), "%s", group);
	peer_link(p);
	bgp_peer_start(p);
	return p;
}

static void listener_event(void *arg, uint32_t events)
{
	struct sockaddr_in src;
	socklen_t len = sizeof(src);
	int fd = accept4(speaker.sp_listen_fd, (struct sockaddr *)&src, &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
	const struct bgp_cfg *bgp = bgp_cfg_get(speaker.sp_daemon->fd_running);
	struct bgp_peer *p;

	(void)arg;
	(void)events;
	if (fd < 0)
		return;
	p = bgp_session_peer(src.sin_addr);
	if (!p && bgp)
		p = dynamic_peer(bgp, src.sin_addr);
	if (!p) {
		close(fd); /* IOS refuses unknown sources the same way */
		return;
	}
	bgp_peer_accept(p, fd);
	bgp_peer_settle(p);
}

static void listener_close(void)
{
	loop_unwatch(speaker.sp_listen_watch);
	speaker.sp_listen_watch = NULL;
	if (speaker.sp_listen_fd >= 0)
		close(speaker.sp_listen_fd);
	speaker.sp_listen_fd = -1;
}

static void listener_open(struct ferryd *d)
{
	struct sockaddr_in any = {.sin_family = AF_INET, .sin_port = htons(BGP_PORT)};
	int one = 1;
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
	    bind(fd, (struct sockaddr *)&any, sizeof(any)) < 0 || listen(fd, 32) < 0) {
		log_msg(SEV_ERR, "BGP", "LISTEN", "cannot listen on TCP port %d: %s", BGP_PORT, strerror(errno));
		if (fd >= 0)
			close(fd);
		return;
	}
	speaker.sp_listen_fd = fd;
	speaker.sp_listen_watch = loop_watch_fd(d->fd_loop, fd, EPOLLIN, listener_event, NULL);
	if (!speaker.sp_listen_watch)
		listener_close();
}

static void delete_all(uint8_t cease_subcode, const char *reason)
{
	while (speaker.sp_peers)
		bgp_peer_delete(speaker.sp_peers, cease_subcode, reason);
}

void bgp_session_shutdown(struct ferryd *d)
{
	delete_all(BGP_SUB_ADMIN_SHUTDOWN, "Administratively shut down"); /* peers get a Cease, not a hold expiry */
	listener_close();
	bgp_run_shutdown(d);
}

/* A peer whose configuration is gone or changed goes (a changed one comes back in add_configured). */
static void prune(struct ferryd *d, const struct bgp_cfg *bgp)
{
	struct bgp_peer *next;

	for (struct bgp_peer *p = speaker.sp_peers; p; p = next) {
		struct bgp_peer_conf pc;
		next = p->bp_next;
		if (bgp_conf_of_peer(d, bgp, p, &pc) < 0)
			bgp_peer_delete(p, BGP_SUB_PEER_DECONFIGURED, "Neighbor deleted");
		else if (memcmp(&pc, &p->bp_conf, sizeof(pc)) != 0)
			bgp_peer_delete(p, BGP_SUB_OTHER_CONFIG_CHANGE, "Peer configuration change");
	}
}

static void add_configured(struct ferryd *d, const struct bgp_cfg *bgp)
{
	for (struct omap_iter it = omap_begin(bgp->bgp_nbrs); omap_next(&it);) {
		const struct bgp_nbr *nb = it.oi_val;
		struct bgp_peer_conf pc;
		struct bgp_peer *p;
		if (nb->nb_is_group || bgp_session_peer(nb->nb_addr) || bgp_conf_peer(d, bgp, nb, &pc) < 0)
			continue;
		p = bgp_peer_new(d, nb->nb_addr, &pc);
		if (!p)
			continue;
		peer_link(p);
		bgp_peer_start(p);
	}
}

void bgp_session_sync(struct ferryd *d)
{
	const struct bgp_cfg *bgp = bgp_cfg_get(d->fd_running);
	uint32_t router_id = bgp && bgp->bgp_asn ? bgp_conf_router_id(d, bgp) : 0;

	speaker.sp_daemon = d;
	bgp_run_config(d); /* local routes follow the configuration */
	if (!bgp || !bgp->bgp_asn || bgp->bgp_asn != speaker.sp_asn || router_id != speaker.sp_router_id) {
		delete_all(BGP_SUB_PEER_DECONFIGURED, "Neighbor deleted");
		listener_close();
	}
	speaker.sp_asn = bgp ? bgp->bgp_asn : 0;
	speaker.sp_router_id = router_id;
	if (!speaker.sp_asn || !router_id)
		return; /* no BGP Identifier yet (no router-id, no interface address): IOS does not start either */
	if (speaker.sp_listen_fd < 0)
		listener_open(d);
	prune(d, bgp);
	add_configured(d, bgp);
}
