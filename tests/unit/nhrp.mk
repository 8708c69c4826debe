# Unit tests and fuzz harnesses of the nhrp area (see tests/local.mk).

# The wire codec: hand-built bytes per packet type, round trips, truncations,
# extensions, Ferry's label extension, tshark's dissection (skipped without tshark).
if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_nhrp_msg
TESTS += tests/unit/test_nhrp_msg
endif
tests_unit_test_nhrp_msg_SOURCES = tests/unit/test_nhrp_msg.c tests/unit/pcap_tshark.h tests/unit/pcap_tshark.c
tests_unit_test_nhrp_msg_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_nhrp_msg_LDADD = $(UNIT_LDADD)

# Any packet decoded, re-encoded, decoded and encoded again to the same bytes.
FUZZERS += tests/fuzz/fuzz_nhrp_msg
check_PROGRAMS += tests/fuzz/replay_nhrp_msg
TESTS += tests/fuzz/replay_nhrp_msg
tests_fuzz_replay_nhrp_msg_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_nhrp_msg.c
tests_fuzz_replay_nhrp_msg_CFLAGS = $(TEST_CFLAGS) -DFUZZ_CORPUS='"tests/fuzz/corpus/nhrp_msg"'
tests_fuzz_replay_nhrp_msg_LDADD = $(FERRYD_LIBS)
tests_fuzz_fuzz_nhrp_msg_SOURCES = tests/fuzz/fuzz_nhrp_msg.c
tests_fuzz_fuzz_nhrp_msg_CFLAGS = $(TEST_CFLAGS)
tests_fuzz_fuzz_nhrp_msg_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_nhrp_msg_LDADD = $(FERRYD_LIBS)
EXTRA_DIST += tests/fuzz/corpus/nhrp_msg
