# The userspace dataplane's packet codecs: IPv4, ICMP errors, GRE, MPLS labels, ESP and its UDP encapsulation.
libferryd_a_SOURCES += \
	src/dataplane/userspace/pkt.h src/dataplane/userspace/wire.h \
	src/dataplane/userspace/drop.c src/dataplane/userspace/drop.h \
	src/dataplane/userspace/csum.c src/dataplane/userspace/csum.h \
	src/dataplane/userspace/ip4.c src/dataplane/userspace/ip4.h \
	src/dataplane/userspace/icmp4.c src/dataplane/userspace/icmp4.h \
	src/dataplane/userspace/gre.c src/dataplane/userspace/gre.h \
	src/dataplane/userspace/mpls_label.c src/dataplane/userspace/mpls_label.h \
	src/dataplane/userspace/udpencap.c src/dataplane/userspace/udpencap.h \
	src/dataplane/userspace/esp_replay.c src/dataplane/userspace/esp_replay.h \
	src/dataplane/userspace/esp_sa.c src/dataplane/userspace/esp_sa.h \
	src/dataplane/userspace/esp_ctx.c src/dataplane/userspace/esp_int.h \
	src/dataplane/userspace/esp_gcm.c src/dataplane/userspace/esp_cbc.c \
	src/dataplane/userspace/esp.c src/dataplane/userspace/esp.h \
	src/dataplane/userspace/esp_output.c src/dataplane/userspace/esp_input.c \
	src/dataplane/userspace/esp_tx.c src/dataplane/userspace/esp_tx.h
# The forwarding core: snapshots published to workers, the builder applying dp_op batches, the decision.
libferryd_a_SOURCES += \
	src/dataplane/userspace/us_rcu.c src/dataplane/userspace/us_rcu.h \
	src/dataplane/userspace/us_vec.c src/dataplane/userspace/us_vec.h \
	src/dataplane/userspace/us_snap.c src/dataplane/userspace/us_snap.h \
	src/dataplane/userspace/us_build.c src/dataplane/userspace/us_build.h src/dataplane/userspace/us_build_int.h \
	src/dataplane/userspace/us_build_tab.c src/dataplane/userspace/us_compile.c src/dataplane/userspace/us_publish.c \
	src/dataplane/userspace/us_fwd.c src/dataplane/userspace/us_fwd.h src/dataplane/userspace/us_fwd_int.h \
	src/dataplane/userspace/us_fwd_out.c src/dataplane/userspace/us_fwd_in.c
# The userspace backend: TUNs per VRF and global tunnel, underlay sockets, packet workers, attachment to the kernel.
libferryd_a_SOURCES += \
	src/dataplane/userspace/us_tun.c src/dataplane/userspace/us_tun.h \
	src/dataplane/userspace/us_demux.c src/dataplane/userspace/us_demux.h \
	src/dataplane/userspace/us_sock.c src/dataplane/userspace/us_sock.h \
	src/dataplane/userspace/us_udp_rx.c src/dataplane/userspace/us_udp_rx.h \
	src/dataplane/userspace/us_help.c src/dataplane/userspace/us_help.h \
	src/dataplane/userspace/us_send.c src/dataplane/userspace/us_send.h \
	src/dataplane/userspace/us_rule.c src/dataplane/userspace/us_rule.h \
	src/dataplane/userspace/us_redirect.c src/dataplane/userspace/us_redirect.h \
	src/dataplane/userspace/us_bpf.c src/dataplane/userspace/us_bpf.h \
	src/dataplane/userspace/us_mark.c src/dataplane/userspace/us_mark.h \
	src/dataplane/userspace/us_lan_ring.c src/dataplane/userspace/us_lan_ring.h \
	src/dataplane/userspace/us_lan_frame.c src/dataplane/userspace/us_lan_frame.h \
	src/dataplane/userspace/us_lanroute.c src/dataplane/userspace/us_lanroute_msg.c \
	src/dataplane/userspace/us_lanroute.h \
	src/dataplane/userspace/us_lan_gro.c src/dataplane/userspace/us_lan_gro.h \
	src/dataplane/userspace/us_echo.c src/dataplane/userspace/us_echo_tcp.c src/dataplane/userspace/us_echo.h \
	src/dataplane/userspace/us_gso.c src/dataplane/userspace/us_gso.h \
	src/dataplane/userspace/us_gro.c src/dataplane/userspace/us_gro.h src/dataplane/userspace/us_tcp.h \
	src/dataplane/userspace/us_io.c src/dataplane/userspace/us_io.h \
	src/dataplane/userspace/us_pq.c src/dataplane/userspace/us_pq.h \
	src/dataplane/userspace/us_punt.c src/dataplane/userspace/us_punt.h \
	src/dataplane/userspace/us_worker.c src/dataplane/userspace/us_dp.h \
	src/dataplane/userspace/us_attach.c src/dataplane/userspace/us_attach_vrf.c src/dataplane/userspace/us_attach_int.h \
	src/dataplane/userspace/us_attach_tun.c src/dataplane/userspace/us_attach_tunnel.c \
	src/dataplane/userspace/us_attach_lan.c src/dataplane/userspace/us_attach_lan_ring.c \
	src/dataplane/userspace/us_stats.c src/dataplane/userspace/us_stats.h \
	src/dataplane/userspace/us_counters.c src/dataplane/userspace/us_backend.c
