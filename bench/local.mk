EXTRA_DIST += bench/README.md bench/config-load bench/dataplane bench/ike-setup

# esp-seal: the ESP AES-GCM-128 seal/open rates of one worker beside openssl speed.
noinst_PROGRAMS += bench/src/esp_seal
bench_src_esp_seal_SOURCES = bench/src/esp_seal.c $(US_FIXTURE)
bench_src_esp_seal_CFLAGS = $(AM_CFLAGS) $(FERRYD_CFLAGS)
bench_src_esp_seal_LDADD = $(FERRYD_LIBS)
EXTRA_DIST += bench/esp-seal

# bgp-ingest, bgp-propagate: bgp_feed opens a BGP session and sends (and withdraws) labeled VPNv4 routes.
noinst_PROGRAMS += bench/src/bgp_feed
bench_src_bgp_feed_SOURCES = bench/src/bgp_feed.c
bench_src_bgp_feed_CFLAGS = $(AM_CFLAGS) $(FERRYD_CFLAGS)
bench_src_bgp_feed_LDADD = $(FERRYD_LIBS)
EXTRA_DIST += bench/bgp-ingest bench/bgp-propagate bench/bgp.bash
