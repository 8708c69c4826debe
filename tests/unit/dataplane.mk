# Unit tests of the dataplane interface (see tests/local.mk).
if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_dataplane
TESTS += tests/unit/test_dataplane
endif
tests_unit_test_dataplane_SOURCES = tests/unit/test_dataplane.c
tests_unit_test_dataplane_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_dataplane_LDADD = $(UNIT_LDADD)

if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_dp_config
TESTS += tests/unit/test_dp_config
endif
tests_unit_test_dp_config_SOURCES = tests/unit/test_dp_config.c tests/unit/rib_fixture.c tests/unit/rib_fixture.h
tests_unit_test_dp_config_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_dp_config_LDADD = $(UNIT_LDADD)

# The userspace dataplane's workers: the replay window under concurrent openers, shared batch decisions.
if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_esp_replay_mt
TESTS += tests/unit/test_esp_replay_mt
endif
tests_unit_test_esp_replay_mt_SOURCES = tests/unit/test_esp_replay_mt.c
tests_unit_test_esp_replay_mt_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_esp_replay_mt_LDADD = $(UNIT_LDADD)

# Workers sealing with one outbound SA: packets reach the wire in the order of their numbers.
if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_esp_tx
TESTS += tests/unit/test_esp_tx
endif
tests_unit_test_esp_tx_SOURCES = tests/unit/test_esp_tx.c
tests_unit_test_esp_tx_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_esp_tx_LDADD = $(UNIT_LDADD)

# UDP 4500 read with UDP_GRO: super-datagrams cut back into what the peer sent (and on loopback).
if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_us_udp_rx
TESTS += tests/unit/test_us_udp_rx
endif
tests_unit_test_us_udp_rx_SOURCES = tests/unit/test_us_udp_rx.c
tests_unit_test_us_udp_rx_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_us_udp_rx_LDADD = $(UNIT_LDADD)

# libFuzzer harness: a super-datagram from UDP 4500 cut into segments that tile it.
FUZZERS += tests/fuzz/fuzz_us_udp_rx
check_PROGRAMS += tests/fuzz/replay_us_udp_rx
TESTS += tests/fuzz/replay_us_udp_rx
tests_fuzz_replay_us_udp_rx_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_us_udp_rx.c
tests_fuzz_replay_us_udp_rx_CFLAGS = $(TEST_CFLAGS) -DFUZZ_CORPUS='"tests/fuzz/corpus/us_udp_rx"'
tests_fuzz_replay_us_udp_rx_LDADD = $(FERRYD_LIBS)
tests_fuzz_fuzz_us_udp_rx_SOURCES = tests/fuzz/fuzz_us_udp_rx.c
tests_fuzz_fuzz_us_udp_rx_CFLAGS = $(TEST_CFLAGS)
tests_fuzz_fuzz_us_udp_rx_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_us_udp_rx_LDADD = $(FERRYD_LIBS)
EXTRA_DIST += tests/fuzz/corpus/us_udp_rx

if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_us_help
TESTS += tests/unit/test_us_help
endif
tests_unit_test_us_help_SOURCES = tests/unit/test_us_help.c
tests_unit_test_us_help_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_us_help_LDADD = $(UNIT_LDADD)

# UDP datagrams joined for a TUN with UDP GSO, and ESP-in-UDP runs sent as UDP GSO datagrams (loopback).
if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_us_uso
TESTS += tests/unit/test_us_uso
endif
tests_unit_test_us_uso_SOURCES = tests/unit/test_us_uso.c
tests_unit_test_us_uso_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_us_uso_LDADD = $(UNIT_LDADD)

# libFuzzer harness: UDP datagrams joined for a TUN with UDP GSO cut back into what went in.
FUZZERS += tests/fuzz/fuzz_us_uso
check_PROGRAMS += tests/fuzz/replay_us_uso
TESTS += tests/fuzz/replay_us_uso
tests_fuzz_replay_us_uso_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_us_uso.c
tests_fuzz_replay_us_uso_CFLAGS = $(TEST_CFLAGS) -DFUZZ_CORPUS='"tests/fuzz/corpus/us_uso"'
tests_fuzz_replay_us_uso_LDADD = $(FERRYD_LIBS)
tests_fuzz_fuzz_us_uso_SOURCES = tests/fuzz/fuzz_us_uso.c
tests_fuzz_fuzz_us_uso_CFLAGS = $(TEST_CFLAGS)
tests_fuzz_fuzz_us_uso_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_us_uso_LDADD = $(FERRYD_LIBS)
EXTRA_DIST += tests/fuzz/corpus/us_uso

if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_us_send
TESTS += tests/unit/test_us_send
endif
tests_unit_test_us_send_SOURCES = tests/unit/test_us_send.c
tests_unit_test_us_send_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_us_send_LDADD = $(UNIT_LDADD)

# The one ESP algorithm table: a row per algorithm, names, the RFCs' lengths; the userspace backend and IKE agree.
if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_dp_sa_alg
TESTS += tests/unit/test_dp_sa_alg
endif
tests_unit_test_dp_sa_alg_SOURCES = tests/unit/test_dp_sa_alg.c
tests_unit_test_dp_sa_alg_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_dp_sa_alg_LDADD = $(UNIT_LDADD)
