# The kernel dataplane backend (rtnetlink and xfrm through libmnl).
libferryd_a_SOURCES += \
	src/dataplane/kernel/kn_mark.h src/dataplane/kernel/kn_msg.c src/dataplane/kernel/kn_msg.h \
	src/dataplane/kernel/kn_build.c src/dataplane/kernel/kn_link.c src/dataplane/kernel/kn_addr.c \
	src/dataplane/kernel/kn_route.c src/dataplane/kernel/kn_nexthop.c src/dataplane/kernel/kn_nexthop.h \
	src/dataplane/kernel/kn_nexthop_flush.c src/dataplane/kernel/kn_mpls.c src/dataplane/kernel/kn_neigh.c \
	src/dataplane/kernel/kn_xfrm_sa.c src/dataplane/kernel/kn_xfrm_pol.c \
	src/dataplane/kernel/kn_xfrm_block.c src/dataplane/kernel/kn_xfrm_block.h \
	src/dataplane/kernel/kn_xfrm_block_users.c \
	src/dataplane/kernel/kn_batch.c src/dataplane/kernel/kn_batch.h \
	src/dataplane/kernel/kn_sock.c src/dataplane/kernel/kn_sock.h \
	src/dataplane/kernel/kn_sysctl.c src/dataplane/kernel/kn_sysctl.h \
	src/dataplane/kernel/kn_attr.c src/dataplane/kernel/kn_attr.h \
	src/dataplane/kernel/kn_parse.h src/dataplane/kernel/kn_parse_rt.c src/dataplane/kernel/kn_parse_xfrm.c \
	src/dataplane/kernel/kn_dp.h src/dataplane/kernel/kn_apply.c src/dataplane/kernel/kn_side.c \
	src/dataplane/kernel/kn_sweep.c src/dataplane/kernel/kn_rule.c src/dataplane/kernel/kn_rule.h \
	src/dataplane/kernel/kn_claim.c \
	src/dataplane/kernel/kn_counters.c src/dataplane/kernel/kn_probe.c \
	src/dataplane/kernel/kn_punt.c src/dataplane/kernel/kn_punt.h src/dataplane/kernel/kn_backend.c
