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

# Certificates (rsa-sig): peer checks, certificate maps, CERTREQ, PKI directory; signatures and IKE_AUTH.
if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_ike_cert
TESTS += tests/unit/test_ike_cert
endif
tests_unit_test_ike_cert_SOURCES = tests/unit/test_ike_cert.c tests/unit/test_ike_cert_util.c \
	tests/unit/test_ike_cert_util.h
tests_unit_test_ike_cert_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_ike_cert_LDADD = $(UNIT_LDADD)
if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_ike_cert_auth
TESTS += tests/unit/test_ike_cert_auth
endif
tests_unit_test_ike_cert_auth_SOURCES = tests/unit/test_ike_cert_auth.c tests/unit/test_ike_cert_util.c \
	tests/unit/test_ike_cert_util.h
tests_unit_test_ike_cert_auth_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_ike_cert_auth_LDADD = $(UNIT_LDADD)
if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_ike_cert_tshark
TESTS += tests/unit/test_ike_cert_tshark
endif
tests_unit_test_ike_cert_tshark_SOURCES = tests/unit/test_ike_cert_tshark.c tests/unit/test_ike_cert_util.c \
	tests/unit/test_ike_cert_util.h tests/unit/pcap_tshark.h tests/unit/pcap_tshark.c
tests_unit_test_ike_cert_tshark_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_ike_cert_tshark_LDADD = $(UNIT_LDADD)
EXTRA_DIST += tools/lab-pki tests/integration/ike_strongswan_cert.sh
# The responder's profile choice: match certificate profiles tried in turn until one's map matches.
if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_ike_peer_select
TESTS += tests/unit/test_ike_peer_select
endif
tests_unit_test_ike_peer_select_SOURCES = tests/unit/test_ike_peer_select.c tests/unit/test_ike_cert_util.c \
	tests/unit/test_ike_cert_util.h
tests_unit_test_ike_peer_select_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_ike_peer_select_LDADD = $(UNIT_LDADD)
# IKE_AUTH through the SA manager with its signatures on a worker thread; an SA deleted meanwhile.
if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_ike_sa_auth
TESTS += tests/unit/test_ike_sa_auth
endif
tests_unit_test_ike_sa_auth_SOURCES = tests/unit/test_ike_sa_auth.c tests/unit/test_ike_cert_util.c \
	tests/unit/test_ike_cert_util.h
tests_unit_test_ike_sa_auth_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_ike_sa_auth_LDADD = $(UNIT_LDADD)

# The certificate checks of IKE_AUTH on a decrypted payload chain (IDi, CERT, AUTH).
FUZZERS += tests/fuzz/fuzz_ike_cert
check_PROGRAMS += tests/fuzz/replay_ike_cert
TESTS += tests/fuzz/replay_ike_cert
tests_fuzz_replay_ike_cert_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_ike_cert.c
tests_fuzz_replay_ike_cert_CFLAGS = $(TEST_CFLAGS) -DFUZZ_CORPUS='"tests/fuzz/corpus/ike_cert"'
tests_fuzz_replay_ike_cert_LDADD = $(FERRYD_LIBS)
tests_fuzz_fuzz_ike_cert_SOURCES = tests/fuzz/fuzz_ike_cert.c
tests_fuzz_fuzz_ike_cert_CFLAGS = $(TEST_CFLAGS)
tests_fuzz_fuzz_ike_cert_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_ike_cert_LDADD = $(FERRYD_LIBS)
EXTRA_DIST += tests/fuzz/corpus/ike_cert

# FlexVPN mode config: CFG_REQUEST/CFG_REPLY bytes, the responder's hook, malformed attributes.
if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_ike_modecfg
TESTS += tests/unit/test_ike_modecfg
endif
tests_unit_test_ike_modecfg_SOURCES = tests/unit/test_ike_modecfg.c
tests_unit_test_ike_modecfg_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_ike_modecfg_LDADD = $(UNIT_LDADD)

# Virtual-Access clones of a Virtual-Template.
if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_ike_modecfg_vaccess
TESTS += tests/unit/test_ike_modecfg_vaccess
endif
tests_unit_test_ike_modecfg_vaccess_SOURCES = tests/unit/test_ike_modecfg_vaccess.c
tests_unit_test_ike_modecfg_vaccess_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_ike_modecfg_vaccess_LDADD = $(UNIT_LDADD)

# ip local pool leases.
if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_pool_alloc
TESTS += tests/unit/test_pool_alloc
endif
tests_unit_test_pool_alloc_SOURCES = tests/unit/test_pool_alloc.c
tests_unit_test_pool_alloc_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_pool_alloc_LDADD = $(UNIT_LDADD)

# CREATE_CHILD_SA: CHILD_SA and IKE SA rekeys in memory, §2.18 keys, refusals, §2.8.1 collisions.
if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_ike_rekey
TESTS += tests/unit/test_ike_rekey
endif
tests_unit_test_ike_rekey_SOURCES = tests/unit/test_ike_rekey.c
tests_unit_test_ike_rekey_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_ike_rekey_LDADD = $(UNIT_LDADD)

# Lifetimes and DPD of established SAs on a fake clock.
if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_ike_rekey_dpd
TESTS += tests/unit/test_ike_rekey_dpd
endif
tests_unit_test_ike_rekey_dpd_SOURCES = tests/unit/test_ike_rekey_dpd.c
tests_unit_test_ike_rekey_dpd_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_ike_rekey_dpd_LDADD = $(UNIT_LDADD)

# Mode config on decoded CP payloads: reading a reply, answering a request, re-encoding.
FUZZERS += tests/fuzz/fuzz_ike_modecfg
check_PROGRAMS += tests/fuzz/replay_ike_modecfg
TESTS += tests/fuzz/replay_ike_modecfg
tests_fuzz_replay_ike_modecfg_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_ike_modecfg.c
tests_fuzz_replay_ike_modecfg_CFLAGS = $(TEST_CFLAGS) -DFUZZ_CORPUS='"tests/fuzz/corpus/ike_modecfg"'
tests_fuzz_replay_ike_modecfg_LDADD = $(FERRYD_LIBS)
tests_fuzz_fuzz_ike_modecfg_SOURCES = tests/fuzz/fuzz_ike_modecfg.c
tests_fuzz_fuzz_ike_modecfg_CFLAGS = $(TEST_CFLAGS)
tests_fuzz_fuzz_ike_modecfg_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_ike_modecfg_LDADD = $(FERRYD_LIBS)
EXTRA_DIST += tests/fuzz/corpus/ike_modecfg

# CREATE_CHILD_SA logic on decoded payload chains, both sides.
FUZZERS += tests/fuzz/fuzz_ike_rekey
check_PROGRAMS += tests/fuzz/replay_ike_rekey
TESTS += tests/fuzz/replay_ike_rekey
tests_fuzz_replay_ike_rekey_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_ike_rekey.c
tests_fuzz_replay_ike_rekey_CFLAGS = $(TEST_CFLAGS) -DFUZZ_CORPUS='"tests/fuzz/corpus/ike_rekey"'
tests_fuzz_replay_ike_rekey_LDADD = $(FERRYD_LIBS)
tests_fuzz_fuzz_ike_rekey_SOURCES = tests/fuzz/fuzz_ike_rekey.c
tests_fuzz_fuzz_ike_rekey_CFLAGS = $(TEST_CFLAGS)
tests_fuzz_fuzz_ike_rekey_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_ike_rekey_LDADD = $(FERRYD_LIBS)
EXTRA_DIST += tests/fuzz/corpus/ike_rekey

# The hub's FlexVPN answer on a loaded configuration: AAA list, authorization policy, leases, Virtual-Access.
if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_ike_modecfg_hub
TESTS += tests/unit/test_ike_modecfg_hub
endif
tests_unit_test_ike_modecfg_hub_SOURCES = tests/unit/test_ike_modecfg_hub.c
tests_unit_test_ike_modecfg_hub_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_ike_modecfg_hub_LDADD = $(UNIT_LDADD)

# The SA manager's rekeys between two managers in memory: replacement, DELETE, §2.8.1 collisions.
if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_ike_rekey_sa
TESTS += tests/unit/test_ike_rekey_sa
endif
tests_unit_test_ike_rekey_sa_SOURCES = tests/unit/test_ike_rekey_sa.c
tests_unit_test_ike_rekey_sa_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_ike_rekey_sa_LDADD = $(UNIT_LDADD)

# IKE_SA_INIT cookies (RFC 7296 §2.6): bytes, binding, rotation, both sides.
if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_ike_cookie
TESTS += tests/unit/test_ike_cookie
endif
tests_unit_test_ike_cookie_SOURCES = tests/unit/test_ike_cookie.c
tests_unit_test_ike_cookie_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_ike_cookie_LDADD = $(UNIT_LDADD)

# IKEv2 fragmentation (RFC 7383): sizes, SKF trains, reassembly and its hostile cases, ikev2_sk_send.
if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_ike_frag
TESTS += tests/unit/test_ike_frag
endif
tests_unit_test_ike_frag_SOURCES = tests/unit/test_ike_frag.c
tests_unit_test_ike_frag_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_ike_frag_LDADD = $(UNIT_LDADD)

# The fragment reassembler of one IKE SA (RFC 7383): forged datagrams and authentic fragments numbered by the fuzzer.
FUZZERS += tests/fuzz/fuzz_ike_frag
check_PROGRAMS += tests/fuzz/replay_ike_frag
TESTS += tests/fuzz/replay_ike_frag
tests_fuzz_replay_ike_frag_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_ike_frag.c
tests_fuzz_replay_ike_frag_CFLAGS = $(TEST_CFLAGS) -DFUZZ_CORPUS='"tests/fuzz/corpus/ike_frag"'
tests_fuzz_replay_ike_frag_LDADD = $(FERRYD_LIBS)
tests_fuzz_fuzz_ike_frag_SOURCES = tests/fuzz/fuzz_ike_frag.c
tests_fuzz_fuzz_ike_frag_CFLAGS = $(TEST_CFLAGS)
tests_fuzz_fuzz_ike_frag_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_ike_frag_LDADD = $(FERRYD_LIBS)
EXTRA_DIST += tests/fuzz/corpus/ike_frag tests/integration/ike_frag_cookie.sh

# HMAC-SHA-384-192 and HMAC-SHA-512-256 (RFC 4868 vectors); every IKE SA suite through fragments.
if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_ike_frag_algs
TESTS += tests/unit/test_ike_frag_algs
endif
tests_unit_test_ike_frag_algs_SOURCES = tests/unit/test_ike_frag_algs.c
tests_unit_test_ike_frag_algs_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_ike_frag_algs_LDADD = $(UNIT_LDADD)

# The SA table's indexes: lookups by Tunnel-id and SPIs among thousands, drops, a shared initiator SPI.
if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_ike_sa_index
TESTS += tests/unit/test_ike_sa_index
endif
tests_unit_test_ike_sa_index_SOURCES = tests/unit/test_ike_sa_index.c
tests_unit_test_ike_sa_index_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_ike_sa_index_LDADD = $(UNIT_LDADD)

# Deferred reconciliation (sync_request): one run for many requests, requests from inside a run, slow runs wait longer.
if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_sync_request
TESTS += tests/unit/test_sync_request
endif
tests_unit_test_sync_request_SOURCES = tests/unit/test_sync_request.c
tests_unit_test_sync_request_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_sync_request_LDADD = $(UNIT_LDADD)

# The peer's certificate: names on the loop, chain and signature in the worker's job.
if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_ike_cert_job
TESTS += tests/unit/test_ike_cert_job
endif
tests_unit_test_ike_cert_job_SOURCES = tests/unit/test_ike_cert_job.c tests/unit/test_ike_cert_util.c \
	tests/unit/test_ike_cert_util.h
tests_unit_test_ike_cert_job_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_ike_cert_job_LDADD = $(UNIT_LDADD)

# On-demand DPD: when a silent SA's traffic counts call for a liveness check.
if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_ike_dpd_demand
TESTS += tests/unit/test_ike_dpd_demand
endif
tests_unit_test_ike_dpd_demand_SOURCES = tests/unit/test_ike_dpd_demand.c
tests_unit_test_ike_dpd_demand_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_ike_dpd_demand_LDADD = $(UNIT_LDADD)

# ESP proposals: transform sets to suites, the profile's and the default offer, KEYMAT of the new suites.
if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_ike_esp_prop
TESTS += tests/unit/test_ike_esp_prop
endif
tests_unit_test_ike_esp_prop_SOURCES = tests/unit/test_ike_esp_prop.c
tests_unit_test_ike_esp_prop_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_ike_esp_prop_LDADD = $(UNIT_LDADD)
EXTRA_DIST += tests/integration/ike_dpd_demand.sh

# The session API for NHRP: two SA managers over real sockets on loopback (own network namespace).
if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_ike_session
TESTS += tests/unit/test_ike_session
endif
tests_unit_test_ike_session_SOURCES = tests/unit/test_ike_session.c tests/unit/ike_tshark_one.h \
	tests/unit/ike_tshark_one.c tests/unit/pcap_tshark.h tests/unit/pcap_tshark.c
tests_unit_test_ike_session_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_ike_session_LDADD = $(UNIT_LDADD)

# The responder's ESP offer: which IPsec profile's transform sets it accepts.
if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_ike_esp_resp
TESTS += tests/unit/test_ike_esp_resp
endif
tests_unit_test_ike_esp_resp_SOURCES = tests/unit/test_ike_esp_resp.c
tests_unit_test_ike_esp_resp_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_ike_esp_resp_LDADD = $(UNIT_LDADD)

# UNSUPPORTED_CRITICAL_PAYLOAD answers to IKE_SA_INIT requests, on hand-checked bytes (and tshark).
if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_ike_critical
TESTS += tests/unit/test_ike_critical
endif
tests_unit_test_ike_critical_SOURCES = tests/unit/test_ike_critical.c tests/unit/ike_tshark_one.h \
	tests/unit/ike_tshark_one.c tests/unit/pcap_tshark.h tests/unit/pcap_tshark.c
tests_unit_test_ike_critical_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_ike_critical_LDADD = $(UNIT_LDADD)

# The IKE_SA_INIT answer to an unknown critical payload, from any message.
FUZZERS += tests/fuzz/fuzz_ikev2_critical
check_PROGRAMS += tests/fuzz/replay_ikev2_critical
TESTS += tests/fuzz/replay_ikev2_critical
tests_fuzz_replay_ikev2_critical_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_ikev2_critical.c
tests_fuzz_replay_ikev2_critical_CFLAGS = $(TEST_CFLAGS) -DFUZZ_CORPUS='"tests/fuzz/corpus/ikev2_critical"'
tests_fuzz_replay_ikev2_critical_LDADD = $(FERRYD_LIBS)
tests_fuzz_fuzz_ikev2_critical_SOURCES = tests/fuzz/fuzz_ikev2_critical.c
tests_fuzz_fuzz_ikev2_critical_CFLAGS = $(TEST_CFLAGS)
tests_fuzz_fuzz_ikev2_critical_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_ikev2_critical_LDADD = $(FERRYD_LIBS)
EXTRA_DIST += tests/fuzz/corpus/ikev2_critical
EXTRA_DIST += tests/integration/ike_crossed.sh
