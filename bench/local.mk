EXTRA_DIST += bench/README.md bench/config-load

# esp-seal: the ESP AES-GCM-128 seal/open rates of one worker beside openssl speed.
noinst_PROGRAMS += bench/src/esp_seal
bench_src_esp_seal_SOURCES = bench/src/esp_seal.c $(US_FIXTURE)
bench_src_esp_seal_CFLAGS = $(AM_CFLAGS) $(FERRYD_CFLAGS)
bench_src_esp_seal_LDADD = $(FERRYD_LIBS)
EXTRA_DIST += bench/esp-seal
