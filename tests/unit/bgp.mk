# Unit tests and fuzz harnesses of the bgp area (see tests/local.mk).

# The message codec: byte vectors and round trips, RFC 7606 error handling.
if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_bgp_msg tests/unit/test_bgp_errors
TESTS += tests/unit/test_bgp_msg tests/unit/test_bgp_errors
endif
tests_unit_test_bgp_msg_SOURCES = tests/unit/test_bgp_msg.c tests/unit/bgp_msg_samples.c tests/unit/bgp_msg_samples.h
tests_unit_test_bgp_msg_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_bgp_msg_LDADD = $(UNIT_LDADD)
tests_unit_test_bgp_errors_SOURCES = tests/unit/test_bgp_errors.c
tests_unit_test_bgp_errors_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_bgp_errors_LDADD = $(UNIT_LDADD)

# tshark must decode what the codec encodes (skipped without tshark).
check_PROGRAMS += tests/unit/bgp_msg_dump
TESTS += tests/unit/bgp_pcap.sh
tests_unit_bgp_msg_dump_SOURCES = tests/unit/bgp_msg_dump.c tests/unit/bgp_msg_samples.c tests/unit/bgp_msg_samples.h
tests_unit_bgp_msg_dump_CFLAGS = $(TEST_CFLAGS)
tests_unit_bgp_msg_dump_LDADD = $(FERRYD_LIBS)
EXTRA_DIST += tests/unit/bgp_pcap.sh

# Any message decoded, re-encoded and decoded again.
FUZZERS += tests/fuzz/fuzz_bgp_update
check_PROGRAMS += tests/fuzz/replay_bgp_update
TESTS += tests/fuzz/replay_bgp_update
tests_fuzz_replay_bgp_update_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_bgp_update.c
tests_fuzz_replay_bgp_update_CFLAGS = $(TEST_CFLAGS) -DFUZZ_CORPUS='"tests/fuzz/corpus/bgp_update"'
tests_fuzz_replay_bgp_update_LDADD = $(FERRYD_LIBS)
tests_fuzz_fuzz_bgp_update_SOURCES = tests/fuzz/fuzz_bgp_update.c
tests_fuzz_fuzz_bgp_update_CFLAGS = $(TEST_CFLAGS)
tests_fuzz_fuzz_bgp_update_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_bgp_update_LDADD = $(FERRYD_LIBS)
EXTRA_DIST += tests/fuzz/corpus/bgp_update

# The byte queue behind BGP's send buffer and the control socket's buffers.
if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_bytebuf
TESTS += tests/unit/test_bytebuf
endif
tests_unit_test_bytebuf_SOURCES = tests/unit/test_bytebuf.c
tests_unit_test_bytebuf_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_bytebuf_LDADD = $(UNIT_LDADD)

# The event loop's timers (what the BGP timers run on).
if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_loop_timer
TESTS += tests/unit/test_loop_timer
endif
tests_unit_test_loop_timer_SOURCES = tests/unit/test_loop_timer.c
tests_unit_test_loop_timer_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_loop_timer_LDADD = $(UNIT_LDADD)

# The session FSM over a fake transport.
if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_bgp_fsm
TESTS += tests/unit/test_bgp_fsm
endif
tests_unit_test_bgp_fsm_SOURCES = tests/unit/test_bgp_fsm.c
tests_unit_test_bgp_fsm_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_bgp_fsm_LDADD = $(UNIT_LDADD)

# The FSM fed any byte stream from OpenSent on.
FUZZERS += tests/fuzz/fuzz_bgp_fsm
check_PROGRAMS += tests/fuzz/replay_bgp_fsm
TESTS += tests/fuzz/replay_bgp_fsm
tests_fuzz_replay_bgp_fsm_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_bgp_fsm.c
tests_fuzz_replay_bgp_fsm_CFLAGS = $(TEST_CFLAGS) -DFUZZ_CORPUS='"tests/fuzz/corpus/bgp_fsm"'
tests_fuzz_replay_bgp_fsm_LDADD = $(FERRYD_LIBS)
tests_fuzz_fuzz_bgp_fsm_SOURCES = tests/fuzz/fuzz_bgp_fsm.c
tests_fuzz_fuzz_bgp_fsm_CFLAGS = $(TEST_CFLAGS)
tests_fuzz_fuzz_bgp_fsm_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_bgp_fsm_LDADD = $(FERRYD_LIBS)
EXTRA_DIST += tests/fuzz/corpus/bgp_fsm

# The BGP table: best path order, destinations and paths (best); UPDATEs of what ferryd advertises,
# decoded back (adv); local routes exported with RD, RT and aggregate label, label references, import
# by route target (export); the VPNv4 shows in IOS's layouts, column for column (show).
if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_bgp_best tests/unit/test_bgp_adv tests/unit/test_bgp_export tests/unit/test_bgp_show
TESTS += tests/unit/test_bgp_best tests/unit/test_bgp_adv tests/unit/test_bgp_export tests/unit/test_bgp_show
endif
tests_unit_test_bgp_best_SOURCES = tests/unit/test_bgp_best.c
tests_unit_test_bgp_best_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_bgp_best_LDADD = $(UNIT_LDADD)
tests_unit_test_bgp_adv_SOURCES = tests/unit/test_bgp_adv.c
tests_unit_test_bgp_adv_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_bgp_adv_LDADD = $(UNIT_LDADD)
tests_unit_test_bgp_export_SOURCES = tests/unit/test_bgp_export.c $(BGP_EXPORT_FIXTURE)
tests_unit_test_bgp_export_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_bgp_export_LDADD = $(UNIT_LDADD)
tests_unit_test_bgp_show_SOURCES = tests/unit/test_bgp_show.c tests/unit/rib_fixture.c tests/unit/rib_fixture.h
tests_unit_test_bgp_show_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_bgp_show_LDADD = $(UNIT_LDADD)

# What ferryd would advertise of any received UPDATE decodes cleanly.
FUZZERS += tests/fuzz/fuzz_bgp_adv
check_PROGRAMS += tests/fuzz/replay_bgp_adv
TESTS += tests/fuzz/replay_bgp_adv
tests_fuzz_replay_bgp_adv_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_bgp_adv.c
tests_fuzz_replay_bgp_adv_CFLAGS = $(TEST_CFLAGS) -DFUZZ_CORPUS='"tests/fuzz/corpus/bgp_adv"'
tests_fuzz_replay_bgp_adv_LDADD = $(FERRYD_LIBS)
tests_fuzz_fuzz_bgp_adv_SOURCES = tests/fuzz/fuzz_bgp_adv.c
tests_fuzz_fuzz_bgp_adv_CFLAGS = $(TEST_CFLAGS)
tests_fuzz_fuzz_bgp_adv_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_bgp_adv_LDADD = $(FERRYD_LIBS)
EXTRA_DIST += tests/fuzz/corpus/bgp_adv

# The BGP integration tests (run by tools/test), shipped so a release tarball can test itself.
EXTRA_DIST += tests/integration/bgp_frr.sh tests/integration/bgp_seed.sh tests/integration/bgp_listen.sh tests/integration/bgp_pcap.bash

# VRF routing table numbers: ranks among names hashing alike, and every VRF's number in linear time.
if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_bgp_vrf_table
TESTS += tests/unit/test_bgp_vrf_table
endif
tests_unit_test_bgp_vrf_table_SOURCES = tests/unit/test_bgp_vrf_table.c
tests_unit_test_bgp_vrf_table_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_bgp_vrf_table_LDADD = $(UNIT_LDADD)

# neighbor route-map in|out: verdicts as configured (missing route-map denies), sets on received attributes.
if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_bgp_policy
TESTS += tests/unit/test_bgp_policy
endif
tests_unit_test_bgp_policy_SOURCES = tests/unit/test_bgp_policy.c tests/unit/rib_fixture.c tests/unit/rib_fixture.h
tests_unit_test_bgp_policy_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_bgp_policy_LDADD = $(UNIT_LDADD)

# RFC 6793 with OLD speakers: the AS path rebuilt from AS_PATH and AS4_PATH, and made for them and back.
if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_bgp_as4
TESTS += tests/unit/test_bgp_as4
endif
tests_unit_test_bgp_as4_SOURCES = tests/unit/test_bgp_as4.c
tests_unit_test_bgp_as4_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_bgp_as4_LDADD = $(UNIT_LDADD)

# The AS path of any UPDATE from an OLD speaker merged (RFC 6793), made for an OLD peer and merged back.
FUZZERS += tests/fuzz/fuzz_bgp_as4
check_PROGRAMS += tests/fuzz/replay_bgp_as4
TESTS += tests/fuzz/replay_bgp_as4
tests_fuzz_replay_bgp_as4_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_bgp_as4.c
tests_fuzz_replay_bgp_as4_CFLAGS = $(TEST_CFLAGS) -DFUZZ_CORPUS='"tests/fuzz/corpus/bgp_as4"'
tests_fuzz_replay_bgp_as4_LDADD = $(FERRYD_LIBS)
tests_fuzz_fuzz_bgp_as4_SOURCES = tests/fuzz/fuzz_bgp_as4.c
tests_fuzz_fuzz_bgp_as4_CFLAGS = $(TEST_CFLAGS)
tests_fuzz_fuzz_bgp_as4_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_bgp_as4_LDADD = $(FERRYD_LIBS)
EXTRA_DIST += tests/fuzz/corpus/bgp_as4

# Access lists and prefix lists: commands, running-config round trip, evaluation, counters, show.
if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_acl
TESTS += tests/unit/test_acl
endif
tests_unit_test_acl_SOURCES = tests/unit/test_acl.c tests/unit/rib_fixture.c tests/unit/rib_fixture.h
tests_unit_test_acl_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_acl_LDADD = $(UNIT_LDADD)
