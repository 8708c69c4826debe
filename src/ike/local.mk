libferryd_a_SOURCES += src/ike/ike.h src/ike/ike_int.h src/ike/ike.c src/ike/ike_cli.c src/ike/ike_authz_cli.c \
	src/ike/ike_profile_cli.c
# IKEv2 message codec
libferryd_a_SOURCES += src/ike/ikev2_const.h src/ike/ikev2_names.c src/ike/ikev2_msg.h src/ike/ikev2_msg.c \
	src/ike/ikev2_io.h src/ike/ikev2_io.c src/ike/ikev2_pl.h src/ike/ikev2_pl_list.c src/ike/ikev2_pl_sa.c \
	src/ike/ikev2_pl_basic.c src/ike/ikev2_pl_notify.c src/ike/ikev2_pl_ts.c src/ike/ikev2_pl_cp.c \
	src/ike/ikev2_pl_sk.c
# IKEv2 cryptography
libferryd_a_SOURCES += src/ike/ikev2_secret.h src/ike/ikev2_secret.c src/ike/ikev2_alg.h src/ike/ikev2_alg.c \
	src/ike/ikev2_prf.h src/ike/ikev2_prf.c src/ike/ikev2_keys.h src/ike/ikev2_keys.c src/ike/ikev2_dh.h \
	src/ike/ikev2_dh.c src/ike/ikev2_dh_pool.h src/ike/ikev2_dh_pool.c src/ike/ikev2_dh_job.c src/ike/ikev2_sk.h src/ike/ikev2_sk.c src/ike/ikev2_auth.h src/ike/ikev2_auth.c \
	src/ike/ikev2_natd.h src/ike/ikev2_natd.c
# IKEv2 exchanges
libferryd_a_SOURCES += src/ike/ikev2_prop.h src/ike/ikev2_prop.c src/ike/ikev2_esp_prop.h src/ike/ikev2_esp_prop.c src/ike/ikev2_esp_resp.c \
	src/ike/ikev2_init.h src/ike/ikev2_init_int.h \
	src/ike/ikev2_init.c src/ike/ikev2_init_resp.c src/ike/ikev2_child.h src/ike/ikev2_child.c \
	src/ike/ikev2_skmsg.h src/ike/ikev2_skmsg.c src/ike/ikev2_authx.h src/ike/ikev2_authx_int.h src/ike/ikev2_authx.c \
	src/ike/ikev2_authx_resp.c src/ike/ikev2_authx_init.c src/ike/ikev2_authx_work.c
# IKEv2 SA manager
libferryd_a_SOURCES += src/ike/ikev2_io_udp.h src/ike/ikev2_io_udp.c src/ike/ikev2_peer.h src/ike/ikev2_peer.c \
	src/ike/ikev2_sa.h src/ike/ikev2_sa.c src/ike/ikev2_sa_rx.c src/ike/ikev2_critical.h src/ike/ikev2_critical.c src/ike/ikev2_sa_follow.c src/ike/ikev2_sa_work.c src/ike/ikev2_sa_index.c src/ike/ikev2_sa_init.c src/ike/ikev2_sa_auth.c src/ike/ikev2_sa_sync.c src/ike/ike_session.h src/ike/ike_session.c src/ike/ikev2_show.h \
	src/ike/ikev2_show.c src/ike/ikev2_id_text.h src/ike/ikev2_id_text.c
# IKEv2 CREATE_CHILD_SA (rekeying), liveness, statistics and the crypto show commands
libferryd_a_SOURCES += src/ike/ikev2_rekey.h src/ike/ikev2_rekey.c src/ike/ikev2_rekey_answer.c \
	src/ike/ikev2_rekey_resp.c src/ike/ikev2_stats.h src/ike/ikev2_stats.c src/ike/ikev2_debug.c \
	src/ike/ikev2_sa_child.c src/ike/ikev2_sa_info.c src/ike/ikev2_sa_life.h src/ike/ikev2_sa_life.c \
	src/ike/ikev2_sa_rekey.c src/ike/ikev2_sa_rekey_rx.c src/ike/ikev2_dpd.h src/ike/ikev2_dpd.c \
	src/ike/ikev2_show_ipsec.c src/ike/ikev2_show_session.c src/ike/ikev2_show_stats.c
# IKEv2 certificates (rsa-sig): CERT/CERTREQ, peer certificate checks, signature jobs
libferryd_a_SOURCES += src/ike/ikev2_cert.h src/ike/ikev2_cert.c src/ike/ikev2_cert_peer.c src/ike/ikev2_sig.h \
	src/ike/ikev2_sig.c src/ike/ikev2_sig_alg.c src/ike/ikev2_authx_sig.c
# FlexVPN: mode config, Virtual-Access, overlay routes
libferryd_a_SOURCES += src/ike/ikev2_modecfg.h src/ike/ikev2_modecfg.c src/ike/ikev2_flex.h src/ike/ikev2_flex.c \
	src/ike/ikev2_flex_authz.c src/ike/ikev2_flex_route.c
# IKEv2 cookies under half-open load (RFC 7296 §2.6) and fragmentation (RFC 7383)
libferryd_a_SOURCES += src/ike/ikev2_cookie.h src/ike/ikev2_cookie.c src/ike/ikev2_cookie_msg.c \
	src/ike/ikev2_cookie_gate.c src/ike/ikev2_frag.h src/ike/ikev2_frag.c src/ike/ikev2_frag_rx.c \
	src/ike/ikev2_frag_conf.c src/ike/ikev2_frag_gate.c
