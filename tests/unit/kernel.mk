# Unit tests and fuzz harnesses of the kernel area (see tests/local.mk).

# ---- Real-kernel rig: make check-kernel --------------------------------------
# Boots Debian's cloud kernel under QEMU once per scenario, tests/kernel/NAME.sh,
# with this build's ferryd inside (tools/kvm; tests/kernel/README.md).
# make check-kernel KTESTS="NAME..." runs only those scenarios.
KTESTS =
check-kernel: $(sbin_PROGRAMS) $(bin_PROGRAMS)
	$(top_srcdir)/tools/kvm/run $(abs_top_builddir) $(KTESTS)
.PHONY: check-kernel
EXTRA_DIST += tools/kvm/fetch-kernel tools/kvm/mkinitramfs tools/kvm/run tools/kvm/init \
	tools/kvm/ktest.sh tests/kernel/README.md tests/kernel/basics.sh tests/kernel/seed.sh
# ---- end of the real-kernel rig ----------------------------------------------

# ---- Kernel backend: message builders, batches, decoders ----------------------
NL_FIXTURE = tests/unit/nl_fixture.c tests/unit/nl_fixture.h
NL_UNIT_TESTS = tests/unit/test_nl_names tests/unit/test_nl_link tests/unit/test_nl_route \
	tests/unit/test_nl_xfrm tests/unit/test_nl_batch tests/unit/test_nl_parse tests/unit/test_nl_rule
if HAVE_CMOCKA
check_PROGRAMS += $(NL_UNIT_TESTS)
TESTS += $(NL_UNIT_TESTS)
endif
tests_unit_test_nl_names_SOURCES = tests/unit/test_nl_names.c
tests_unit_test_nl_names_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_nl_names_LDADD = $(UNIT_LDADD)
tests_unit_test_nl_link_SOURCES = tests/unit/test_nl_link.c $(NL_FIXTURE)
tests_unit_test_nl_link_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_nl_link_LDADD = $(UNIT_LDADD)
tests_unit_test_nl_route_SOURCES = tests/unit/test_nl_route.c $(NL_FIXTURE)
tests_unit_test_nl_route_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_nl_route_LDADD = $(UNIT_LDADD)
tests_unit_test_nl_xfrm_SOURCES = tests/unit/test_nl_xfrm.c $(NL_FIXTURE)
tests_unit_test_nl_xfrm_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_nl_xfrm_LDADD = $(UNIT_LDADD)
tests_unit_test_nl_batch_SOURCES = tests/unit/test_nl_batch.c $(NL_FIXTURE)
tests_unit_test_nl_batch_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_nl_batch_LDADD = $(UNIT_LDADD)
tests_unit_test_nl_parse_SOURCES = tests/unit/test_nl_parse.c $(NL_FIXTURE)
tests_unit_test_nl_parse_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_nl_parse_LDADD = $(UNIT_LDADD)
tests_unit_test_nl_rule_SOURCES = tests/unit/test_nl_rule.c
tests_unit_test_nl_rule_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_nl_rule_LDADD = $(UNIT_LDADD)

# The kernel's answers: acknowledgements (fuzz_nl_ack) and dump messages (fuzz_nl_dump).
FUZZERS += tests/fuzz/fuzz_nl_ack tests/fuzz/fuzz_nl_dump
check_PROGRAMS += tests/fuzz/replay_nl_ack tests/fuzz/replay_nl_dump
TESTS += tests/fuzz/replay_nl_ack tests/fuzz/replay_nl_dump
tests_fuzz_replay_nl_ack_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_nl_ack.c
tests_fuzz_replay_nl_ack_CFLAGS = $(TEST_CFLAGS) -DFUZZ_CORPUS='"tests/fuzz/corpus/nl_ack"'
tests_fuzz_replay_nl_ack_LDADD = $(FERRYD_LIBS)
tests_fuzz_fuzz_nl_ack_SOURCES = tests/fuzz/fuzz_nl_ack.c
tests_fuzz_fuzz_nl_ack_CFLAGS = $(TEST_CFLAGS)
tests_fuzz_fuzz_nl_ack_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_nl_ack_LDADD = $(FERRYD_LIBS)
tests_fuzz_replay_nl_dump_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_nl_dump.c
tests_fuzz_replay_nl_dump_CFLAGS = $(TEST_CFLAGS) -DFUZZ_CORPUS='"tests/fuzz/corpus/nl_dump"'
tests_fuzz_replay_nl_dump_LDADD = $(FERRYD_LIBS)
tests_fuzz_fuzz_nl_dump_SOURCES = tests/fuzz/fuzz_nl_dump.c
tests_fuzz_fuzz_nl_dump_CFLAGS = $(TEST_CFLAGS)
tests_fuzz_fuzz_nl_dump_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_nl_dump_LDADD = $(FERRYD_LIBS)
EXTRA_DIST += tests/fuzz/corpus/nl_ack tests/fuzz/corpus/nl_dump

# The kernel backend on a real kernel: tests/kernel/backend.sh runs dp_scenario inside the VM
# (tests/kernel/programs.list asks the rig to pack it). Built for the rig only.
EXTRA_PROGRAMS = tests/kernel/dp_scenario
check-kernel: tests/kernel/dp_scenario
tests_kernel_dp_scenario_SOURCES = tests/kernel/dp_scenario.c
tests_kernel_dp_scenario_CFLAGS = $(TEST_CFLAGS)
tests_kernel_dp_scenario_LDADD = $(FERRYD_LIBS)
CLEANFILES += tests/kernel/dp_scenario
EXTRA_DIST += tests/kernel/backend.sh tests/kernel/programs.list
# NHRP punt and inject through ip_gre and an AF_PACKET socket (tools/kvm/run BUILD punt, about 10 s).
EXTRA_DIST += tests/kernel/punt.sh
# ---- end of the kernel backend -------------------------------------------------

# ---- The rtnetlink monitor (decisions on synthetic notifications; in the VM:
# tests/kernel/monitor.sh) and the route install bench's VM scenario ------------
if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_nl_monitor
TESTS += tests/unit/test_nl_monitor
endif
tests_unit_test_nl_monitor_SOURCES = tests/unit/test_nl_monitor.c tests/unit/rib_fixture.c tests/unit/rib_fixture.h
tests_unit_test_nl_monitor_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_nl_monitor_LDADD = $(UNIT_LDADD)
EXTRA_DIST += tests/kernel/monitor.sh
# bench/netlink-install boots the rig with tests/kernel/bench_install.sh.
EXTRA_DIST += tests/kernel/bench_install.sh bench/netlink-install
# ---- end of the rtnetlink monitor and the install bench ------------------------

# ---- ESP algorithms of the kernel backend: every AES-GCM and AES-CBC + HMAC-SHA-2 xfrm SA ----
if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_nl_xfrm_algs
TESTS += tests/unit/test_nl_xfrm_algs
endif
tests_unit_test_nl_xfrm_algs_SOURCES = tests/unit/test_nl_xfrm_algs.c $(NL_FIXTURE)
tests_unit_test_nl_xfrm_algs_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_nl_xfrm_algs_LDADD = $(UNIT_LDADD)

# ---- Nexthop objects of the routes that push labels (kn_nexthop.h) -------------
if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_nl_nexthop
TESTS += tests/unit/test_nl_nexthop
endif
tests_unit_test_nl_nexthop_SOURCES = tests/unit/test_nl_nexthop.c $(NL_FIXTURE)
tests_unit_test_nl_nexthop_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_nl_nexthop_LDADD = $(UNIT_LDADD)
# The decoder of the nexthop object dump (fuzz_nl_nexthop).
FUZZERS += tests/fuzz/fuzz_nl_nexthop
check_PROGRAMS += tests/fuzz/replay_nl_nexthop
TESTS += tests/fuzz/replay_nl_nexthop
tests_fuzz_replay_nl_nexthop_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_nl_nexthop.c
tests_fuzz_replay_nl_nexthop_CFLAGS = $(TEST_CFLAGS) -DFUZZ_CORPUS='"tests/fuzz/corpus/nl_nexthop"'
tests_fuzz_replay_nl_nexthop_LDADD = $(FERRYD_LIBS)
tests_fuzz_fuzz_nl_nexthop_SOURCES = tests/fuzz/fuzz_nl_nexthop.c
tests_fuzz_fuzz_nl_nexthop_CFLAGS = $(TEST_CFLAGS)
tests_fuzz_fuzz_nl_nexthop_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_nl_nexthop_LDADD = $(FERRYD_LIBS)
EXTRA_DIST += tests/fuzz/corpus/nl_nexthop

# ---- BLOCK policies of protected tunnels (kn_xfrm_block.h): messages and the sweep's decoder ----
if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_kn_block
TESTS += tests/unit/test_kn_block
endif
tests_unit_test_kn_block_SOURCES = tests/unit/test_kn_block.c $(NL_FIXTURE)
tests_unit_test_kn_block_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_kn_block_LDADD = $(UNIT_LDADD)

# ---- Devices of another program: a create of a name ferryd does not own is refused (kn_claim.c) ----
if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_kn_claim
TESTS += tests/unit/test_kn_claim
endif
tests_unit_test_kn_claim_SOURCES = tests/unit/test_kn_claim.c
tests_unit_test_kn_claim_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_kn_claim_LDADD = $(UNIT_LDADD)
# ferryd beside another program's devices of its names, and a link delete the kernel refuses (QEMU).
EXTRA_DIST += tests/kernel/name_clash.sh
EXTRA_DIST += tests/kernel/userspace.sh
