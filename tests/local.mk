# Unit tests (cmocka) and the fuzz harnesses. Each test program also runs alone:
#   make check TESTS=tests/unit/test_grammar    or    ./tests/unit/test_grammar
UNIT_TESTS = tests/unit/test_grammar tests/unit/test_config tests/unit/test_render
if HAVE_CMOCKA
check_PROGRAMS += $(UNIT_TESTS)
TESTS += $(UNIT_TESTS)
endif

# Seeds, golden prints and corpora are found through $srcdir (set by make check) or, run directly, here.
TEST_CFLAGS = $(AM_CFLAGS) $(FERRYD_CFLAGS) -DSRCDIR='"$(abs_top_srcdir)"'
UNIT_CFLAGS = $(TEST_CFLAGS) $(CMOCKA_CFLAGS)
UNIT_LDADD = $(FERRYD_LIBS) $(CMOCKA_LIBS)

tests_unit_test_grammar_SOURCES = tests/unit/test_grammar.c
tests_unit_test_grammar_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_grammar_LDADD = $(UNIT_LDADD)

tests_unit_test_config_SOURCES = tests/unit/test_config.c
tests_unit_test_config_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_config_LDADD = $(UNIT_LDADD)

tests_unit_test_render_SOURCES = tests/unit/test_render.c
tests_unit_test_render_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_render_LDADD = $(UNIT_LDADD)

# Every harness also links with a plain main() that replays its corpus, so it
# builds with any compiler and its corpus runs in every make check.
check_PROGRAMS += tests/fuzz/replay_config
TESTS += tests/fuzz/replay_config
tests_fuzz_replay_config_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_config.c
tests_fuzz_replay_config_CFLAGS = $(TEST_CFLAGS) -DFUZZ_CORPUS='"tests/fuzz/corpus/config"'
tests_fuzz_replay_config_LDADD = $(FERRYD_LIBS)

# libFuzzer harnesses: ./configure CC=clang --enable-fuzz && make fuzz (see tests/fuzz/README.md)
FUZZERS = tests/fuzz/fuzz_config

# Each area adds its unit tests (UNIT_TESTS +=, its _SOURCES/_CFLAGS/_LDADD)
# and its harnesses (FUZZERS +=, a replay program) in its own fragment.
include $(srcdir)/tests/unit/bgp.mk
include $(srcdir)/tests/unit/dataplane.mk
include $(srcdir)/tests/unit/ike.mk
include $(srcdir)/tests/unit/kernel.mk
include $(srcdir)/tests/unit/netlink.mk
include $(srcdir)/tests/unit/nhrp.mk
include $(srcdir)/tests/unit/rib.mk
include $(srcdir)/tests/unit/userspace.mk

if ENABLE_FUZZ
check_PROGRAMS += $(FUZZERS)
fuzz: $(FUZZERS)
else
fuzz:
	@echo "make fuzz: configure with CC=clang --enable-fuzz first (tests/fuzz/README.md)" >&2; exit 1
endif
.PHONY: fuzz
tests_fuzz_fuzz_config_SOURCES = tests/fuzz/fuzz_config.c
tests_fuzz_fuzz_config_CFLAGS = $(TEST_CFLAGS)
tests_fuzz_fuzz_config_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_config_LDADD = $(FERRYD_LIBS)

EXTRA_DIST += tests/golden/R1-HUB.run tests/golden/R3-Spoke1.run tests/golden/R4-Spoke.run \
	tests/fuzz/corpus tests/fuzz/README.md
