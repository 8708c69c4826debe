# Unit tests and fuzz harnesses of the userspace area (see tests/local.mk).
# Shared by the userspace tests, the capture generator, the harnesses and bench/src/esp_seal.
US_FIXTURE = tests/unit/us_fixture.c tests/unit/us_fixture.h

if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_esp tests/unit/test_gre_mpls
TESTS += tests/unit/test_esp tests/unit/test_gre_mpls
endif
tests_unit_test_esp_SOURCES = tests/unit/test_esp.c $(US_FIXTURE)
tests_unit_test_esp_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_esp_LDADD = $(UNIT_LDADD)
tests_unit_test_gre_mpls_SOURCES = tests/unit/test_gre_mpls.c $(US_FIXTURE)
tests_unit_test_gre_mpls_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_gre_mpls_LDADD = $(UNIT_LDADD)

# tshark decodes what the codecs write (skipped without tshark and text2pcap).
check_PROGRAMS += tests/unit/us_pcapgen
TESTS += tests/unit/userspace_tshark.sh
EXTRA_DIST += tests/unit/userspace_tshark.sh
tests_unit_us_pcapgen_SOURCES = tests/unit/us_pcapgen.c $(US_FIXTURE)
tests_unit_us_pcapgen_CFLAGS = $(TEST_CFLAGS)
tests_unit_us_pcapgen_LDADD = $(FERRYD_LIBS)

# libFuzzer harnesses; us_pcapgen corpus DIR writes their seeds.
FUZZERS += tests/fuzz/fuzz_esp tests/fuzz/fuzz_gre_mpls
check_PROGRAMS += tests/fuzz/replay_esp tests/fuzz/replay_gre_mpls
TESTS += tests/fuzz/replay_esp tests/fuzz/replay_gre_mpls
tests_fuzz_replay_esp_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_esp.c $(US_FIXTURE)
tests_fuzz_replay_esp_CFLAGS = $(TEST_CFLAGS) -DFUZZ_CORPUS='"tests/fuzz/corpus/esp"'
tests_fuzz_replay_esp_LDADD = $(FERRYD_LIBS)
tests_fuzz_fuzz_esp_SOURCES = tests/fuzz/fuzz_esp.c $(US_FIXTURE)
tests_fuzz_fuzz_esp_CFLAGS = $(TEST_CFLAGS)
tests_fuzz_fuzz_esp_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_esp_LDADD = $(FERRYD_LIBS)
tests_fuzz_replay_gre_mpls_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_gre_mpls.c $(US_FIXTURE)
tests_fuzz_replay_gre_mpls_CFLAGS = $(TEST_CFLAGS) -DFUZZ_CORPUS='"tests/fuzz/corpus/gre_mpls"'
tests_fuzz_replay_gre_mpls_LDADD = $(FERRYD_LIBS)
tests_fuzz_fuzz_gre_mpls_SOURCES = tests/fuzz/fuzz_gre_mpls.c $(US_FIXTURE)
tests_fuzz_fuzz_gre_mpls_CFLAGS = $(TEST_CFLAGS)
tests_fuzz_fuzz_gre_mpls_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_gre_mpls_LDADD = $(FERRYD_LIBS)
EXTRA_DIST += tests/fuzz/corpus/esp tests/fuzz/corpus/gre_mpls

# The forwarding core: snapshot publication under threads, and two routers forwarding to each other.
US_FWD_FIXTURE = tests/unit/us_fwd_fixture.c tests/unit/us_fwd_fixture.h $(US_FIXTURE)
if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_us_rcu tests/unit/test_us_fwd
TESTS += tests/unit/test_us_rcu tests/unit/test_us_fwd
endif
tests_unit_test_us_rcu_SOURCES = tests/unit/test_us_rcu.c
tests_unit_test_us_rcu_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_us_rcu_LDADD = $(UNIT_LDADD)
tests_unit_test_us_fwd_SOURCES = tests/unit/test_us_fwd.c $(US_FWD_FIXTURE)
tests_unit_test_us_fwd_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_us_fwd_LDADD = $(UNIT_LDADD)

# libFuzzer harness of the forwarding decision (spoke R3 of the fixture); seeds: what R4 sends it, and TUN input.
FUZZERS += tests/fuzz/fuzz_us_fwd
check_PROGRAMS += tests/fuzz/replay_us_fwd
TESTS += tests/fuzz/replay_us_fwd
tests_fuzz_replay_us_fwd_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_us_fwd.c $(US_FWD_FIXTURE)
tests_fuzz_replay_us_fwd_CFLAGS = $(TEST_CFLAGS) -DFUZZ_CORPUS='"tests/fuzz/corpus/us_fwd"'
tests_fuzz_replay_us_fwd_LDADD = $(FERRYD_LIBS)
tests_fuzz_fuzz_us_fwd_SOURCES = tests/fuzz/fuzz_us_fwd.c $(US_FWD_FIXTURE)
tests_fuzz_fuzz_us_fwd_CFLAGS = $(TEST_CFLAGS)
tests_fuzz_fuzz_us_fwd_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_us_fwd_LDADD = $(FERRYD_LIBS)
EXTRA_DIST += tests/fuzz/corpus/us_fwd
