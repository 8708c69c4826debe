/*
 * Scale check (prints, asserts nothing): a million VPN routes into one VRF
 * table as BGP would put them, then one FIB sync that resolves them all and
 * hands the dataplane a million operations (the none backend), then syncs
 * with nothing and with ten thousand routes more to do.
 * Usage: tests/unit/scale_rib [ROUTES]
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "config/config.h"
#include "core/daemon.h"
#include "rib/fib.h"
#include "rib/rib_table.h"
#include "subsys.h"
#include "vrf/vrf.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Resident memory in bytes, from /proc/self/statm. */
static long rss(void)
{
	long pages = 0, resident = 0;
	FILE *f = fopen("/proc/self/statm", "r");

	if (f) {
		if (fscanf(f, "%ld %ld", &pages, &resident) != 2)
			resident = 0;
		fclose(f);
	}
	return resident * sysconf(_SC_PAGESIZE);
}

static int insert(struct rib *rib, long from, long n)
{
	struct rib_nexthop nh = {.rn_gw.s_addr = htonl(0x0a000001), .rn_global = true, .rn_nlabels = 1};
	struct rib_attrs ra = {.ra_source = RIB_SRC_EBGP, .ra_nnh = 1, .ra_nh = &nh};

	for (long i = from; i < from + n; i++) {
		struct in_addr p = {.s_addr = htonl(0x0b000000u + (uint32_t)i * 256)}; /* 11.0.0.0/24 upward */
		nh.rn_labels[0] = 16 + (uint32_t)(i % 1000);
		if (rib_update(rib, "cust1", p, 24, &ra) < 0)
			return -1;
	}
	return 0;
}

/* A daemon with VRF cust1, no dataplane, and 10.0.0.1/32 out of Tunnel0 for the routes' next hop. */
static int setup(struct ferryd *d)
{
	struct rib_nexthop tun = {.rn_ifname = "Tunnel0"};
	struct rib_attrs ra = {.ra_source = RIB_SRC_IKE, .ra_nnh = 1, .ra_nh = &tun};

	d->fd_tree = subsys_grammar();
	d->fd_running = cfg_new();
	if (!d->fd_tree || !d->fd_running || !vrf_create(d->fd_running, "cust1", VRF_STYLE_DEFINITION) ||
	    dataplane_open(&d->fd_dp, "none") < 0 || !rib_of(d))
		return -1;
	return rib_update(rib_of(d), NULL, (struct in_addr){.s_addr = htonl(0x0a000001)}, 32, &ra);
}

/* Inserts n routes from number from on and syncs; prints the two times with what. */
static int measure(struct ferryd *d, long from, long n, const char *what)
{
	double t0 = now(), t1, t2;

	if (insert(rib_of(d), from, n) < 0)
		return -1;
	t1 = now();
	fib_sync(d);
	t2 = now();
	printf("rib-scale: %s: %ld routes in %.3f s (%.0f routes/s), then the FIB sync in %.3f s\n", what, n, t1 - t0,
	       (double)n / (t1 - t0), t2 - t1);
	return 0;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 1000000, before;
	struct ferryd d = {0};
	double t0;

	if (setup(&d) < 0) {
		fprintf(stderr, "scale_rib: cannot set up\n");
		return 1;
	}
	before = rss();
	if (measure(&d, 0, n, "into an empty table (the sync resolves and installs all)") < 0)
		return 1;
	printf("rib-scale: memory %.1f MiB, %.0f bytes per route (RIB and FIB state)\n",
	       (double)(rss() - before) / 1048576, (double)(rss() - before) / (double)n);
	t0 = now();
	fib_sync(&d);
	printf("rib-scale: a sync with nothing changed: %.3f s\n", now() - t0);
	if (measure(&d, n, 10000, "more into the full table (the sync looks at those only)") < 0)
		return 1;
	fib_forget(&d);
	dataplane_close(&d.fd_dp);
	cfg_free(d.fd_running);
	cli_tree_free(d.fd_tree);
	return 0;
}
