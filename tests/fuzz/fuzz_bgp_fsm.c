/*
 * libFuzzer harness: the input is the byte stream a peer sends on a
 * connection that just came up (the FSM in OpenSent). It is fed the way the
 * connection reads it, in two reads split where the first octet says, the
 * unconsumed rest kept for the next read; then every timer expires. The FSM
 * must never consume more than it was given, never report Established
 * without having sent its OPEN and a KEEPALIVE, and never crash or leak.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bgp/bgp_fsm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct sink {
	unsigned sk_sent;
};

static int sink_connect(void *ctx)
{
	(void)ctx;
	return 0;
}

static void sink_close(void *ctx)
{
	(void)ctx;
}

static int sink_send(void *ctx, const uint8_t *buf, size_t len)
{
	(void)buf;
	(void)len;
	((struct sink *)ctx)->sk_sent++;
	return 0;
}

static void sink_timer(void *ctx, enum bgp_timer t, unsigned secs)
{
	(void)ctx;
	(void)t;
	(void)secs;
}

static bool sink_open(void *ctx, const struct bgp_open *o)
{
	(void)ctx;
	return o->bo_bgp_id != 0xffffffff; /* some OPENs lose a collision */
}

static void sink_up(void *ctx)
{
	if (((struct sink *)ctx)->sk_sent < 2)
		abort(); /* Established without OPEN and KEEPALIVE sent */
}

static void sink_down(void *ctx, const char *reason)
{
	(void)ctx;
	if (!reason || !*reason)
		abort();
}

static void sink_update(void *ctx, const struct bgp_update *u, enum bgp_action a)
{
	(void)ctx;
	(void)u;
	if (a == BGP_ACT_SESSION_RESET)
		abort(); /* a reset never reaches the routes */
}

static const struct bgp_fsm_ops sink_ops = {
    .fo_connect = sink_connect,
    .fo_close = sink_close,
    .fo_send = sink_send,
    .fo_timer = sink_timer,
    .fo_open = sink_open,
    .fo_up = sink_up,
    .fo_down = sink_down,
    .fo_update = sink_update,
};

/* Feeds the stream as conn_read does: what the FSM leaves stays for the next read. */
static void feed(struct bgp_fsm *f, const uint8_t *data, size_t size, size_t split)
{
	uint8_t *buf = malloc(size ? size : 1);
	size_t have = 0, used;

	if (!buf)
		return;
	for (size_t off = 0; off < size;) {
		size_t n = off == 0 && split ? split : size - off;
		memcpy(buf + have, data + off, n);
		have += n;
		off += n;
		used = bgp_fsm_input(f, buf, have);
		if (used > have)
			abort();
		memmove(buf, buf + used, have - used);
		have -= used;
	}
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct bgp_fsm_conf conf = {
	    .fc_local_as = 65001,
	    .fc_router_id = 1,
	    .fc_hold = 90,
	    .fc_keepalive = 30,
	    .fc_families = (1u << BGP_FF_IPV4_UNICAST) | (1u << BGP_FF_VPNV4),
	};
	struct sink sk = {0};
	struct bgp_fsm f;

	if (size == 0)
		return 0;
	bgp_fsm_init(&f, &conf, &sink_ops, &sk);
	bgp_fsm_start(&f);
	bgp_fsm_tcp_up(&f);
	feed(&f, data + 1, size - 1, size > 1 ? data[0] % (size - 1) : 0);
	for (int t = 0; t < BGP_TIMER_COUNT; t++)
		bgp_fsm_timer_expired(&f, (enum bgp_timer)t);
	bgp_fsm_tcp_down(&f);
	return 0;
}
