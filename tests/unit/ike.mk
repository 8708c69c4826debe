# Unit tests and fuzz harnesses of the ike area (see tests/local.mk).
if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_ikev2_msg
TESTS += tests/unit/test_ikev2_msg
endif
tests_unit_test_ikev2_msg_SOURCES = tests/unit/test_ikev2_msg.c
tests_unit_test_ikev2_msg_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_ikev2_msg_LDADD = $(UNIT_LDADD)

if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_ikev2_crypto
TESTS += tests/unit/test_ikev2_crypto
endif
tests_unit_test_ikev2_crypto_SOURCES = tests/unit/test_ikev2_crypto.c
tests_unit_test_ikev2_crypto_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_ikev2_crypto_LDADD = $(UNIT_LDADD)

# Wireshark's dissector checks the encoder (skipped without tshark).
if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_ikev2_tshark
TESTS += tests/unit/test_ikev2_tshark
endif
tests_unit_test_ikev2_tshark_SOURCES = tests/unit/test_ikev2_tshark.c
tests_unit_test_ikev2_tshark_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_ikev2_tshark_LDADD = $(UNIT_LDADD)

FUZZERS += tests/fuzz/fuzz_ikev2_msg
check_PROGRAMS += tests/fuzz/replay_ikev2_msg
TESTS += tests/fuzz/replay_ikev2_msg
tests_fuzz_replay_ikev2_msg_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_ikev2_msg.c
tests_fuzz_replay_ikev2_msg_CFLAGS = $(TEST_CFLAGS) -DFUZZ_CORPUS='"tests/fuzz/corpus/ikev2_msg"'
tests_fuzz_replay_ikev2_msg_LDADD = $(FERRYD_LIBS)
tests_fuzz_fuzz_ikev2_msg_SOURCES = tests/fuzz/fuzz_ikev2_msg.c
tests_fuzz_fuzz_ikev2_msg_CFLAGS = $(TEST_CFLAGS)
tests_fuzz_fuzz_ikev2_msg_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_ikev2_msg_LDADD = $(FERRYD_LIBS)
EXTRA_DIST += tests/fuzz/corpus/ikev2_msg

# IKE_SA_INIT, both sides against each other in memory.
if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_ikev2_init
TESTS += tests/unit/test_ikev2_init
endif
tests_unit_test_ikev2_init_SOURCES = tests/unit/test_ikev2_init.c
tests_unit_test_ikev2_init_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_ikev2_init_LDADD = $(UNIT_LDADD)

# The IKE_SA_INIT logic on decoded messages, both sides.
FUZZERS += tests/fuzz/fuzz_ikev2_init
check_PROGRAMS += tests/fuzz/replay_ikev2_init
TESTS += tests/fuzz/replay_ikev2_init
tests_fuzz_replay_ikev2_init_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_ikev2_init.c
tests_fuzz_replay_ikev2_init_CFLAGS = $(TEST_CFLAGS) -DFUZZ_CORPUS='"tests/fuzz/corpus/ikev2_init"'
tests_fuzz_replay_ikev2_init_LDADD = $(FERRYD_LIBS)
tests_fuzz_fuzz_ikev2_init_SOURCES = tests/fuzz/fuzz_ikev2_init.c
tests_fuzz_fuzz_ikev2_init_CFLAGS = $(TEST_CFLAGS)
tests_fuzz_fuzz_ikev2_init_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_ikev2_init_LDADD = $(FERRYD_LIBS)
EXTRA_DIST += tests/fuzz/corpus/ikev2_init
