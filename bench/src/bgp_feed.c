/*
 * bench/src/bgp_feed ADDRESS LOCAL_AS ROUTER_ID NEXT_HOP ROUTES GROUPS
 *                    [WITHDRAW [FIRST_LABEL]]:
 * a BGP speaker that connects to ADDRESS port 179, opens a session (4-octet
 * AS, multiprotocol VPNv4 only), and once it is Established sends ROUTES
 * labeled VPNv4 routes in GROUPS groups: group g (1..GROUPS) has RD and route
 * target LOCAL_AS:g and prefixes 11.0.0.0/24, 11.0.1.0/24, ... each with a
 * label of its own (16 upward, or FIRST_LABEL upward), packed as many per
 * UPDATE as fit in 4096 bytes. Then it keeps the session up with KEEPALIVEs
 * until it is killed; on SIGUSR1, once everything is sent, it withdraws the
 * routes of the first WITHDRAW groups (default none). The project's own codec
 * (src/bgp/bgp_msg.h) encodes everything. On stdout, one line each:
 *   established NS        CLOCK_REALTIME nanoseconds when the peer's KEEPALIVE came
 *   sent NS ROUTES UPDATES when the last UPDATE was written to the socket
 *   withdrawn NS ROUTES UPDATES the same for the withdrawals
 * It exits 1 when the peer closes or sends a NOTIFICATION. bench/bgp-ingest
 * and bench/bgp-propagate run it.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "bgp/bgp_msg.h"

#define FEED_HOLD	   180 /* seconds offered; the peer's may be lower */
#define FEED_CONNECT_TRIES 300 /* 100 ms apart: the listener may still be starting */
#define FEED_BUF	   (64 * 1024)
#define FEED_PREFIX_BASE   0x0b000000u /* 11.0.0.0 */
#define FEED_PREFIXES_MAX  65536       /* /24s in 11.0.0.0/8: the routes one group can have */
#define FEED_FIRST_LABEL   16

struct feed {
	int fe_sock;
	struct bgp_codec fe_codec;
	uint32_t fe_local_as, fe_router_id, fe_next_hop;
	unsigned long fe_routes, fe_groups;
	unsigned long fe_withdraw_groups; /* how many groups SIGUSR1 withdraws */
	uint32_t fe_first_label;	  /* the first route's; the others count up, wrapping to it */
	unsigned fe_keepalive;		  /* seconds between our KEEPALIVEs: a third of the hold time agreed */
	bool fe_established;
	time_t fe_last_keepalive;
	/* the routes: the group being encoded and how far */
	unsigned long fe_group, fe_first_route; /* fe_first_route: index of the group's first route */
	unsigned long fe_group_end;		/* the groups to encode: all, or those withdrawn */
	bool fe_withdrawing;
	struct bgp_update fe_update;
	struct bgp_update_cursor fe_cursor;
	unsigned long fe_routes_sent, fe_updates;
	bool fe_all_queued, fe_sent_reported;
	/* the TCP stream */
	uint8_t fe_rx[FEED_BUF], fe_tx[FEED_BUF];
	size_t fe_rx_len, fe_tx_len, fe_tx_off;
};

static volatile sig_atomic_t withdraw_asked;

static void on_usr1(int sig)
{
	(void)sig;
	withdraw_asked = 1;
}

static _Noreturn void die(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("bgp_feed: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(1);
}

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static time_t now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

static int connect_to(struct in_addr addr)
{
	struct sockaddr_in sin = {.sin_family = AF_INET, .sin_port = htons(BGP_PORT), .sin_addr = addr};

	for (int i = 0; i < FEED_CONNECT_TRIES; i++) {
		int s = socket(AF_INET, SOCK_STREAM, 0);
		if (s < 0)
			die("socket: %s", strerror(errno));
		if (connect(s, (struct sockaddr *)&sin, sizeof(sin)) == 0)
			return s;
		close(s);
		usleep(100 * 1000);
	}
	die("could not connect to %s port %d", inet_ntoa(addr), BGP_PORT);
}

/* Appends one encoded message to the transmit buffer; the caller checked there is room. */
static void queue_msg(struct feed *fe, const struct bgp_msg *m)
{
	ssize_t n = bgp_msg_encode(m, &fe->fe_codec, fe->fe_tx + fe->fe_tx_len, sizeof(fe->fe_tx) - fe->fe_tx_len);

	if (n < 0)
		die("encoding a message of type %d: %s", (int)m->bm_type, strerror(errno));
	fe->fe_tx_len += (size_t)n;
}

static bool tx_room(const struct feed *fe)
{
	return sizeof(fe->fe_tx) - fe->fe_tx_len >= BGP_MSG_MAX;
}

static void queue_open(struct feed *fe)
{
	struct bgp_msg m = {.bm_type = BGP_MSG_OPEN};

	m.bm_open.bo_version = BGP_VERSION;
	m.bm_open.bo_hold_time = FEED_HOLD;
	m.bm_open.bo_bgp_id = fe->fe_router_id;
	bgp_open_set_asn(&m.bm_open, fe->fe_local_as);
	if (bgp_open_add_mp(&m.bm_open, BGP_MP_AFI_IPV4, BGP_MP_SAFI_VPN) < 0)
		die("out of memory");
	queue_msg(fe, &m);
	bgp_msg_free(&m);
}

static void queue_keepalive(struct feed *fe)
{
	const struct bgp_msg m = {.bm_type = BGP_MSG_KEEPALIVE};

	queue_msg(fe, &m);
	fe->fe_last_keepalive = now_s();
}

/* The routes of group g (0-based): the first routes % groups groups have one more. */
static unsigned long group_size(const struct feed *fe, unsigned long g)
{
	return fe->fe_routes / fe->fe_groups + (g < fe->fe_routes % fe->fe_groups);
}

/* Route k of the group: 11.x.y.0/24 with its own label, in the group's RD. */
static void group_route(const struct feed *fe, unsigned long k, struct bgp_nlri *n)
{
	memset(n, 0, sizeof(*n));
	n->bn_prefix = FEED_PREFIX_BASE + ((uint32_t)k << 8);
	n->bn_plen = 24;
	n->bn_nlabels = 1;
	n->bn_labels[0] =
	    fe->fe_first_label + (uint32_t)((fe->fe_first_route + k) % (BGP_LABEL_MAX - fe->fe_first_label + 1));
	if (bgp_rd_set(&n->bn_rd, BGP_ASNN_AS2, fe->fe_local_as, (uint32_t)fe->fe_group + 1) < 0)
		die("local AS %u does not fit a type 0 RD", fe->fe_local_as);
}

/* ORIGIN IGP, AS_PATH our AS, the group's route target. */
static void group_attrs(const struct feed *fe, struct bgp_attrs *a)
{
	a->ba_has = 1u << BGP_ATTR_ORIGIN | 1u << BGP_ATTR_AS_PATH | 1u << BGP_ATTR_EXT_COMMUNITIES;
	a->ba_origin = BGP_ORIGIN_IGP;
	if (bgp_aspath_add_segment(&a->ba_as_path, BGP_AS_SEQUENCE, &fe->fe_local_as, 1) < 0 ||
	    !(a->ba_ext = calloc(1, sizeof(*a->ba_ext))))
		die("out of memory");
	a->ba_next = 1;
	if (bgp_ext_set_rt(a->ba_ext, BGP_ASNN_AS2, fe->fe_local_as, (uint32_t)fe->fe_group + 1) < 0)
		die("local AS %u does not fit a route target", fe->fe_local_as);
}

/* Replaces fe_update with the routes of group fe_group: their announcement, or their withdrawal. */
static void build_group(struct feed *fe)
{
	struct bgp_update *u = &fe->fe_update;
	struct bgp_mp_nlri *mp = fe->fe_withdrawing ? &u->bu_mp_unreach : &u->bu_mp_reach;
	struct bgp_nlri n;

	bgp_update_free(u);
	memset(&fe->fe_cursor, 0, sizeof(fe->fe_cursor));
	if (!fe->fe_withdrawing)
		group_attrs(fe, &u->bu_attrs);
	mp->bmp_present = true;
	mp->bmp_family = BGP_FAMILY_VPNV4;
	mp->bmp_next_hop = fe->fe_next_hop;
	for (unsigned long k = 0; k < group_size(fe, fe->fe_group); k++) {
		group_route(fe, k, &n);
		if (bgp_nlri_list_add(&mp->bmp_nlri, &n) < 0)
			die("out of memory");
	}
}

/* Starts over from the first group, withdrawing, once everything was sent and SIGUSR1 came. */
static void start_withdrawal(struct feed *fe)
{
	if (!withdraw_asked || !fe->fe_sent_reported || fe->fe_withdrawing || !fe->fe_withdraw_groups)
		return;
	fe->fe_withdrawing = true;
	fe->fe_group = fe->fe_first_route = 0;
	fe->fe_group_end = fe->fe_withdraw_groups;
	fe->fe_routes_sent = fe->fe_updates = 0;
	fe->fe_all_queued = fe->fe_sent_reported = false;
	build_group(fe);
}

/* Moves to the next group once the current one is encoded; false when none is left. */
static bool next_group(struct feed *fe)
{
	if (!bgp_update_encoded(&fe->fe_update, &fe->fe_cursor))
		return true;
	fe->fe_first_route += group_size(fe, fe->fe_group);
	if (++fe->fe_group == fe->fe_group_end)
		return false;
	build_group(fe);
	return true;
}

/* Fills the transmit buffer with UPDATEs while there is room and routes are left. */
static void queue_updates(struct feed *fe)
{
	size_t len;
	int n;

	while (!fe->fe_all_queued && tx_room(fe)) {
		if (!next_group(fe)) {
			fe->fe_all_queued = true;
			break;
		}
		n = bgp_update_encode(&fe->fe_update, &fe->fe_codec, &fe->fe_cursor, fe->fe_tx + fe->fe_tx_len,
				      sizeof(fe->fe_tx) - fe->fe_tx_len, &len);
		if (n < 0)
			die("encoding an UPDATE: %s", strerror(errno));
		fe->fe_tx_len += len;
		fe->fe_routes_sent += (unsigned long)n;
		fe->fe_updates++;
	}
}

static void opened(struct feed *fe, const struct bgp_open *o)
{
	unsigned hold = o->bo_hold_time < FEED_HOLD ? o->bo_hold_time : FEED_HOLD;

	fe->fe_codec.bc_as4 = o->bo_has_as4;
	fe->fe_codec.bc_ebgp = bgp_open_asn(o) != fe->fe_local_as;
	fe->fe_keepalive = hold ? hold / 3 : 0;
	queue_keepalive(fe);
}

static void established(struct feed *fe)
{
	fe->fe_established = true;
	printf("established %lld\n", now_ns());
	fflush(stdout);
	build_group(fe);
}

static void received(struct feed *fe, const struct bgp_msg *m)
{
	char what[96];

	switch (m->bm_type) {
	case BGP_MSG_OPEN:
		opened(fe, &m->bm_open);
		break;
	case BGP_MSG_KEEPALIVE:
		if (!fe->fe_established)
			established(fe);
		break;
	case BGP_MSG_NOTIFICATION:
		bgp_notification_format(m->bm_notification.bnf_code, m->bm_notification.bnf_subcode, what,
					sizeof(what));
		die("the peer sent a NOTIFICATION: %s", what);
	case BGP_MSG_UPDATE: /* what the peer advertises is not the feeder's business */
	case BGP_MSG_ROUTE_REFRESH:
		break;
	}
}

/* Decodes every whole message in the receive buffer and keeps the rest. */
static void parse_rx(struct feed *fe)
{
	size_t off = 0;
	struct bgp_errors errs;
	struct bgp_msg m;
	ssize_t n;

	while ((n = bgp_msg_frame(fe->fe_rx + off, fe->fe_rx_len - off, &errs)) > 0) {
		if (bgp_msg_decode(fe->fe_rx + off, (size_t)n, &fe->fe_codec, &m, &errs) == BGP_ACT_SESSION_RESET)
			die("undecodable message from the peer: %s", errs.bes_worst.be_what);
		received(fe, &m);
		bgp_msg_free(&m);
		off += (size_t)n;
	}
	if (n < 0)
		die("bad message header from the peer: %s", errs.bes_worst.be_what);
	memmove(fe->fe_rx, fe->fe_rx + off, fe->fe_rx_len - off);
	fe->fe_rx_len -= off;
}

static void read_sock(struct feed *fe)
{
	ssize_t n = read(fe->fe_sock, fe->fe_rx + fe->fe_rx_len, sizeof(fe->fe_rx) - fe->fe_rx_len);

	if (n == 0)
		die("the peer closed the session");
	if (n < 0) {
		if (errno == EAGAIN || errno == EINTR)
			return;
		die("read: %s", strerror(errno));
	}
	fe->fe_rx_len += (size_t)n;
	parse_rx(fe);
}

static void write_sock(struct feed *fe)
{
	ssize_t n = write(fe->fe_sock, fe->fe_tx + fe->fe_tx_off, fe->fe_tx_len - fe->fe_tx_off);

	if (n < 0) {
		if (errno == EAGAIN || errno == EINTR)
			return;
		die("write: %s", strerror(errno));
	}
	fe->fe_tx_off += (size_t)n;
	if (fe->fe_tx_off < fe->fe_tx_len)
		return;
	fe->fe_tx_off = fe->fe_tx_len = 0;
}

/* Once every UPDATE is queued and the transmit buffer has drained into the socket. */
static void report_sent(struct feed *fe)
{
	if (!fe->fe_all_queued || fe->fe_tx_len || fe->fe_sent_reported)
		return;
	printf("%s %lld %lu %lu\n", fe->fe_withdrawing ? "withdrawn" : "sent", now_ns(), fe->fe_routes_sent,
	       fe->fe_updates);
	fflush(stdout);
	fe->fe_sent_reported = true;
}

/* What to put in the transmit buffer now: a KEEPALIVE when one is due, else UPDATEs. */
static void fill_tx(struct feed *fe)
{
	if (!fe->fe_established || !tx_room(fe))
		return;
	if (fe->fe_keepalive && now_s() - fe->fe_last_keepalive >= (time_t)fe->fe_keepalive)
		queue_keepalive(fe);
	queue_updates(fe);
}

static void run(struct feed *fe)
{
	struct pollfd pfd = {.fd = fe->fe_sock};

	queue_open(fe);
	for (;;) {
		start_withdrawal(fe);
		fill_tx(fe);
		report_sent(fe); /* the last UPDATE may have left before fill_tx found no more to queue */
		pfd.events = POLLIN | (fe->fe_tx_len ? POLLOUT : 0);
		if (poll(&pfd, 1, 1000) < 0 && errno != EINTR)
			die("poll: %s", strerror(errno));
		if (pfd.revents & (POLLIN | POLLHUP | POLLERR))
			read_sock(fe);
		if (pfd.revents & POLLOUT)
			write_sock(fe);
		report_sent(fe);
	}
}

static uint32_t parse_addr(const char *s, const char *what)
{
	struct in_addr a;

	if (inet_pton(AF_INET, s, &a) != 1)
		die("%s: not an IPv4 address: %s", what, s);
	return ntohl(a.s_addr);
}

static unsigned long parse_count(const char *s, const char *what, unsigned long max)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || end == s || v == 0 || v > max)
		die("%s: not a number from 1 to %lu: %s", what, max, s);
	return v;
}

int main(int argc, char **argv)
{
	static struct feed fe;
	struct in_addr peer;

	if (argc < 7 || argc > 9)
		die("usage: bgp_feed ADDRESS LOCAL_AS ROUTER_ID NEXT_HOP ROUTES GROUPS [WITHDRAW [FIRST_LABEL]]");
	peer.s_addr = htonl(parse_addr(argv[1], "ADDRESS"));
	fe.fe_local_as = (uint32_t)parse_count(argv[2], "LOCAL_AS", UINT16_MAX);
	fe.fe_router_id = parse_addr(argv[3], "ROUTER_ID");
	fe.fe_next_hop = parse_addr(argv[4], "NEXT_HOP");
	fe.fe_groups = parse_count(argv[6], "GROUPS", UINT16_MAX);
	fe.fe_routes = parse_count(argv[5], "ROUTES", fe.fe_groups * FEED_PREFIXES_MAX);
	if (fe.fe_groups > fe.fe_routes)
		die("GROUPS (%lu) is more than ROUTES (%lu)", fe.fe_groups, fe.fe_routes);
	fe.fe_group_end = fe.fe_groups;
	fe.fe_withdraw_groups = argc >= 8 ? parse_count(argv[7], "WITHDRAW", fe.fe_groups) : 0;
	fe.fe_first_label = argc == 9 ? (uint32_t)parse_count(argv[8], "FIRST_LABEL", BGP_LABEL_MAX) : FEED_FIRST_LABEL;
	if (signal(SIGUSR1, on_usr1) == SIG_ERR)
		die("signal: %s", strerror(errno));
	fe.fe_sock = connect_to(peer);
	if (fcntl(fe.fe_sock, F_SETFL, O_NONBLOCK) < 0)
		die("fcntl: %s", strerror(errno));
	run(&fe);
	return 0;
}
