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

# tshark decodes what the codecs write (skipped without tshark).
check_PROGRAMS += tests/unit/us_pcapgen
TESTS += tests/unit/userspace_tshark.sh
EXTRA_DIST += tests/unit/userspace_tshark.sh
tests_unit_us_pcapgen_SOURCES = tests/unit/us_pcapgen.c $(US_FIXTURE) tests/unit/pcap_tshark.h tests/unit/pcap_tshark.c
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

# The userspace backend's parts that run without a namespace: the UDP 4500 demux (real sockets on
# 127.0.0.1), the echo replies for VRF addresses, TSO packets from a TUN cut into segments and joined
# for one. The rest: tests/integration/userspace_fwd.sh.
if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_us_demux tests/unit/test_us_echo tests/unit/test_us_gso tests/unit/test_us_gro
TESTS += tests/unit/test_us_demux tests/unit/test_us_echo tests/unit/test_us_gso tests/unit/test_us_gro
endif
tests_unit_test_us_gro_SOURCES = tests/unit/test_us_gro.c
tests_unit_test_us_gro_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_us_gro_LDADD = $(UNIT_LDADD)
tests_unit_test_us_gso_SOURCES = tests/unit/test_us_gso.c
tests_unit_test_us_gso_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_us_gso_LDADD = $(UNIT_LDADD)
tests_unit_test_us_demux_SOURCES = tests/unit/test_us_demux.c
tests_unit_test_us_demux_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_us_demux_LDADD = $(UNIT_LDADD)
tests_unit_test_us_echo_SOURCES = tests/unit/test_us_echo.c
tests_unit_test_us_echo_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_us_echo_LDADD = $(UNIT_LDADD)
EXTRA_DIST += tests/integration/userspace_fwd.sh tests/integration/seed_userspace.sh tests/integration/dps.bash
EXTRA_DIST += tests/integration/userspace_tunnels.sh tests/integration/trace_hops.py tests/integration/gre_echo.py \
	tests/integration/prio_tagged.py \
	tests/integration/inet4.py

# libFuzzer harness of the echo replies (ICMP to a VRF address).
FUZZERS += tests/fuzz/fuzz_us_echo
check_PROGRAMS += tests/fuzz/replay_us_echo
TESTS += tests/fuzz/replay_us_echo
tests_fuzz_replay_us_echo_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_us_echo.c tests/fuzz/us_fuzz.h
tests_fuzz_replay_us_echo_CFLAGS = $(TEST_CFLAGS) -DFUZZ_CORPUS='"tests/fuzz/corpus/us_echo"'
tests_fuzz_replay_us_echo_LDADD = $(FERRYD_LIBS)
tests_fuzz_fuzz_us_echo_SOURCES = tests/fuzz/fuzz_us_echo.c tests/fuzz/us_fuzz.h
tests_fuzz_fuzz_us_echo_CFLAGS = $(TEST_CFLAGS)
tests_fuzz_fuzz_us_echo_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_us_echo_LDADD = $(FERRYD_LIBS)
EXTRA_DIST += tests/fuzz/corpus/us_echo

# libFuzzer harness of what a TUN hands over with offloads (virtio-net header, TSO, partial checksums).
FUZZERS += tests/fuzz/fuzz_us_gso
check_PROGRAMS += tests/fuzz/replay_us_gso
TESTS += tests/fuzz/replay_us_gso
tests_fuzz_replay_us_gso_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_us_gso.c tests/fuzz/us_fuzz.h
tests_fuzz_replay_us_gso_CFLAGS = $(TEST_CFLAGS) -DFUZZ_CORPUS='"tests/fuzz/corpus/us_gso"'
tests_fuzz_replay_us_gso_LDADD = $(FERRYD_LIBS)
tests_fuzz_fuzz_us_gso_SOURCES = tests/fuzz/fuzz_us_gso.c tests/fuzz/us_fuzz.h
tests_fuzz_fuzz_us_gso_CFLAGS = $(TEST_CFLAGS)
tests_fuzz_fuzz_us_gso_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_us_gso_LDADD = $(FERRYD_LIBS)
EXTRA_DIST += tests/fuzz/corpus/us_gso

# libFuzzer harness of joining decapsulated TCP segments for a TUN (each write read back by us_gso).
FUZZERS += tests/fuzz/fuzz_us_gro
check_PROGRAMS += tests/fuzz/replay_us_gro
TESTS += tests/fuzz/replay_us_gro
tests_fuzz_replay_us_gro_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_us_gro.c tests/fuzz/us_fuzz.h
tests_fuzz_replay_us_gro_CFLAGS = $(TEST_CFLAGS) -DFUZZ_CORPUS='"tests/fuzz/corpus/us_gro"'
tests_fuzz_replay_us_gro_LDADD = $(FERRYD_LIBS)
tests_fuzz_fuzz_us_gro_SOURCES = tests/fuzz/fuzz_us_gro.c tests/fuzz/us_fuzz.h
tests_fuzz_fuzz_us_gro_CFLAGS = $(TEST_CFLAGS)
tests_fuzz_fuzz_us_gro_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_us_gro_LDADD = $(FERRYD_LIBS)
EXTRA_DIST += tests/fuzz/corpus/us_gro

# The ESP algorithms beyond AES-GCM-128 and AES-CBC + HMAC-SHA-256: RFC 4868 and GCM vectors, layouts, round trips.
if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_esp_algs
TESTS += tests/unit/test_esp_algs
endif
tests_unit_test_esp_algs_SOURCES = tests/unit/test_esp_algs.c $(US_FIXTURE)
tests_unit_test_esp_algs_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_esp_algs_LDADD = $(UNIT_LDADD)
EXTRA_DIST += tests/integration/esp_algs.sh

# libFuzzer harness of esp_open with the longer ICVs and keys (AES-GCM-192/256, HMAC-SHA-384/512); seeds sealed by esp_seal.
FUZZERS += tests/fuzz/fuzz_esp_algs
check_PROGRAMS += tests/fuzz/replay_esp_algs
TESTS += tests/fuzz/replay_esp_algs
tests_fuzz_replay_esp_algs_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_esp_algs.c $(US_FIXTURE)
tests_fuzz_replay_esp_algs_CFLAGS = $(TEST_CFLAGS) -DFUZZ_CORPUS='"tests/fuzz/corpus/esp_algs"'
tests_fuzz_replay_esp_algs_LDADD = $(FERRYD_LIBS)
tests_fuzz_fuzz_esp_algs_SOURCES = tests/fuzz/fuzz_esp_algs.c $(US_FIXTURE)
tests_fuzz_fuzz_esp_algs_CFLAGS = $(TEST_CFLAGS)
tests_fuzz_fuzz_esp_algs_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_esp_algs_LDADD = $(FERRYD_LIBS)
EXTRA_DIST += tests/fuzz/corpus/esp_algs

# libFuzzer harness of the refusals (port unreachable, TCP reset) from a VRF address.
FUZZERS += tests/fuzz/fuzz_us_refuse
check_PROGRAMS += tests/fuzz/replay_us_refuse
TESTS += tests/fuzz/replay_us_refuse
tests_fuzz_replay_us_refuse_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_us_refuse.c tests/fuzz/us_fuzz.h
tests_fuzz_replay_us_refuse_CFLAGS = $(TEST_CFLAGS) -DFUZZ_CORPUS='"tests/fuzz/corpus/us_refuse"'
tests_fuzz_replay_us_refuse_LDADD = $(FERRYD_LIBS)
tests_fuzz_fuzz_us_refuse_SOURCES = tests/fuzz/fuzz_us_refuse.c tests/fuzz/us_fuzz.h
tests_fuzz_fuzz_us_refuse_CFLAGS = $(TEST_CFLAGS)
tests_fuzz_fuzz_us_refuse_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_us_refuse_LDADD = $(FERRYD_LIBS)
EXTRA_DIST += tests/fuzz/corpus/us_refuse

# The builder's SAs: direction as compiled, state kept when the same SA is applied again.
if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_us_build_sa
TESTS += tests/unit/test_us_build_sa
endif
tests_unit_test_us_build_sa_SOURCES = tests/unit/test_us_build_sa.c $(US_FWD_FIXTURE)
tests_unit_test_us_build_sa_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_us_build_sa_LDADD = $(UNIT_LDADD)

# The VRF LAN routes' monitor hook: the route notifications it acts on, its list; the rtnetlink
# monitor's libFuzzer harness (what its socket reads; its decisions: test_nl_monitor in kernel.mk).
if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_us_lanroute
TESTS += tests/unit/test_us_lanroute
endif
tests_unit_test_us_lanroute_SOURCES = tests/unit/test_us_lanroute.c
tests_unit_test_us_lanroute_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_us_lanroute_LDADD = $(UNIT_LDADD)
FUZZERS += tests/fuzz/fuzz_nl_monitor
check_PROGRAMS += tests/fuzz/replay_nl_monitor
TESTS += tests/fuzz/replay_nl_monitor
tests_fuzz_replay_nl_monitor_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_nl_monitor.c
tests_fuzz_replay_nl_monitor_CFLAGS = $(TEST_CFLAGS) -DFUZZ_CORPUS='"tests/fuzz/corpus/nl_monitor"'
tests_fuzz_replay_nl_monitor_LDADD = $(FERRYD_LIBS)
tests_fuzz_fuzz_nl_monitor_SOURCES = tests/fuzz/fuzz_nl_monitor.c
tests_fuzz_fuzz_nl_monitor_CFLAGS = $(TEST_CFLAGS)
tests_fuzz_fuzz_nl_monitor_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_nl_monitor_LDADD = $(FERRYD_LIBS)
EXTRA_DIST += tests/fuzz/corpus/nl_monitor
EXTRA_DIST += tests/integration/monitor_flap.sh

# The Internet checksum against its 16-bit reference (every length and alignment) and RFC 1071.
if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_csum
TESTS += tests/unit/test_csum
endif
tests_unit_test_csum_SOURCES = tests/unit/test_csum.c
tests_unit_test_csum_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_csum_LDADD = $(UNIT_LDADD)

# NHRP between the workers and the control thread: the bounded queue under racing producers, the record and
# none backends' answers (dp_punt.h). End to end: tests/integration/userspace_punt.sh.
if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_us_punt
TESTS += tests/unit/test_us_punt
endif
tests_unit_test_us_punt_SOURCES = tests/unit/test_us_punt.c $(US_FWD_FIXTURE)
tests_unit_test_us_punt_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_us_punt_LDADD = $(UNIT_LDADD)
EXTRA_DIST += tests/integration/userspace_punt.sh

# A VRF LAN ring's frames (us_lan_frame.h), hand-built, and its libFuzzer harness (each result cut by us_gso).
if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_us_lan_frame
TESTS += tests/unit/test_us_lan_frame
endif
tests_unit_test_us_lan_frame_SOURCES = tests/unit/test_us_lan_frame.c
tests_unit_test_us_lan_frame_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_us_lan_frame_LDADD = $(UNIT_LDADD)
FUZZERS += tests/fuzz/fuzz_us_lan_frame
check_PROGRAMS += tests/fuzz/replay_us_lan_frame
TESTS += tests/fuzz/replay_us_lan_frame
tests_fuzz_replay_us_lan_frame_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_us_lan_frame.c tests/fuzz/us_fuzz.h
tests_fuzz_replay_us_lan_frame_CFLAGS = $(TEST_CFLAGS) -DFUZZ_CORPUS='"tests/fuzz/corpus/us_lan_frame"'
tests_fuzz_replay_us_lan_frame_LDADD = $(FERRYD_LIBS)
tests_fuzz_fuzz_us_lan_frame_SOURCES = tests/fuzz/fuzz_us_lan_frame.c tests/fuzz/us_fuzz.h
tests_fuzz_fuzz_us_lan_frame_CFLAGS = $(TEST_CFLAGS)
tests_fuzz_fuzz_us_lan_frame_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_us_lan_frame_LDADD = $(FERRYD_LIBS)
EXTRA_DIST += tests/fuzz/corpus/us_lan_frame
