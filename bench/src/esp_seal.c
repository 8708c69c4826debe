/*
 * bench/src/esp_seal [SECONDS [BYTES]]: how fast one thread seals and opens
 * ESP packets with AES-GCM-128 (RFC 4106), payloads of BYTES (1400) bytes,
 * for about SECONDS (3) seconds: the work of one dataplane worker per packet,
 * without I/O. Packets go in batches of 64 buffers: all sealed (timed), then
 * all opened (timed) by a receiving SA, which checks and moves its
 * anti-replay window as in real use. Time is the thread's CPU time. Prints
 *   seal-mbps X      payload megabits per second sealed
 *   open-mbps Y      payload megabits per second opened
 *   seal-pps N, open-pps M
 * bench/esp-seal runs it beside `openssl speed` (bench/README.md).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tests/unit/us_fixture.h"

#define BATCH 64

/* The thread's CPU time: openssl speed counts its user CPU time too, so other load on the machine slows neither. */
static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct run {
	struct esp_ctx *r_ctx;
	struct esp_sa r_tx, r_rx;
	uint8_t (*r_bufs)[FX_BUF];
	struct pkt r_pkt[BATCH];
	size_t r_bytes;
	double r_seal, r_open; /* seconds spent */
	unsigned long r_packets;
};

/* One batch: seal every buffer, then open every packet; exits on any drop (the figures would lie). */
static void batch(struct run *r)
{
	double t0 = now(), t1;
	uint8_t next;

	for (int i = 0; i < BATCH; i++) {
		pkt_init(&r->r_pkt[i], r->r_bufs[i], FX_BUF, FX_HEADROOM);
		pkt_put(&r->r_pkt[i], r->r_bytes);
		if (esp_seal(r->r_ctx, &r->r_tx, &r->r_pkt[i], 4) != DROP_NONE)
			exit(1);
	}
	t1 = now();
	for (int i = 0; i < BATCH; i++) {
		enum us_drop why = esp_open(r->r_ctx, &r->r_rx, &r->r_pkt[i], &next);
		if (why != DROP_NONE) {
			fprintf(stderr, "esp_seal: open dropped a packet: %s\n", us_drop_name(why));
			exit(1);
		}
	}
	r->r_seal += t1 - t0;
	r->r_open += now() - t1;
	r->r_packets += BATCH;
}

int main(int argc, char **argv)
{
	double seconds = argc > 1 ? atof(argv[1]) : 3;
	struct run r = {.r_ctx = esp_ctx_new(), .r_bytes = argc > 2 ? strtoul(argv[2], NULL, 10) : 1400};

	r.r_bufs = calloc(BATCH, FX_BUF);
	if (!r.r_ctx || !r.r_bufs || r.r_bytes + FX_HEADROOM + ESP_TAILROOM > FX_BUF || seconds <= 0) {
		fprintf(stderr, "usage: esp_seal [SECONDS [BYTES <= %d]]\n", FX_BUF - FX_HEADROOM - ESP_TAILROOM);
		return 2;
	}
	fx_sa(&r.r_tx, 0x5ea1, DP_SA_AES_GCM_128, ESP_MODE_TUNNEL, false);
	fx_sa(&r.r_rx, 0x5ea1, DP_SA_AES_GCM_128, ESP_MODE_TUNNEL, false);
	batch(&r); /* keys the context: not timed */
	r.r_seal = r.r_open = 0;
	r.r_packets = 0;
	while (r.r_seal + r.r_open < seconds)
		batch(&r);
	printf("seal-mbps %.0f\nopen-mbps %.0f\n", (double)r.r_packets * (double)r.r_bytes * 8 / r.r_seal / 1e6,
	       (double)r.r_packets * (double)r.r_bytes * 8 / r.r_open / 1e6);
	printf("seal-pps %.0f\nopen-pps %.0f\n", (double)r.r_packets / r.r_seal, (double)r.r_packets / r.r_open);
	esp_ctx_free(r.r_ctx);
	free(r.r_bufs);
	return 0;
}
