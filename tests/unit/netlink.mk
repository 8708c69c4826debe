# Unit tests and fuzz harnesses of the netlink area (see tests/local.mk).

# Device features through ethtool generic netlink: the messages' bytes, the replies read.
if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_nl_ethtool
TESTS += tests/unit/test_nl_ethtool
endif
tests_unit_test_nl_ethtool_SOURCES = tests/unit/test_nl_ethtool.c
tests_unit_test_nl_ethtool_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_nl_ethtool_LDADD = $(UNIT_LDADD)

# The kernel's replies to the ethtool requests (family id, active features).
FUZZERS += tests/fuzz/fuzz_nl_ethtool
check_PROGRAMS += tests/fuzz/replay_nl_ethtool
TESTS += tests/fuzz/replay_nl_ethtool
tests_fuzz_replay_nl_ethtool_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_nl_ethtool.c
tests_fuzz_replay_nl_ethtool_CFLAGS = $(TEST_CFLAGS) -DFUZZ_CORPUS='"tests/fuzz/corpus/nl_ethtool"'
tests_fuzz_replay_nl_ethtool_LDADD = $(FERRYD_LIBS)
tests_fuzz_fuzz_nl_ethtool_SOURCES = tests/fuzz/fuzz_nl_ethtool.c
tests_fuzz_fuzz_nl_ethtool_CFLAGS = $(TEST_CFLAGS)
tests_fuzz_fuzz_nl_ethtool_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_nl_ethtool_LDADD = $(FERRYD_LIBS)
EXTRA_DIST += tests/fuzz/corpus/nl_ethtool
EXTRA_DIST += tests/integration/userspace_gro.sh
