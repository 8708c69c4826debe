libferryd_a_SOURCES += src/bgp/bgp.h src/bgp/bgp.c src/bgp/bgp_cli.h src/bgp/bgp_cli.c src/bgp/bgp_af_cli.c
# The message codec (bgp_msg.h is its API).
libferryd_a_SOURCES += src/bgp/bgp_msg.h src/bgp/bgp_msg_int.h src/bgp/bgp_buf.h src/bgp/bgp_msg.c \
	src/bgp/bgp_open.c src/bgp/bgp_update.c src/bgp/bgp_attr.c src/bgp/bgp_attr_as.c src/bgp/bgp_attr_mp.c src/bgp/bgp_nlri.c \
	src/bgp/bgp_msg_text.c src/bgp/bgp_msg_print.c
# The session: the FSM of one connection (bgp_fsm.h is its API).
libferryd_a_SOURCES += src/bgp/bgp_fsm.h src/bgp/bgp_fsm_int.h src/bgp/bgp_fsm.c src/bgp/bgp_fsm_rx.c
libferryd_a_SOURCES += src/bgp/bgp_session.h src/bgp/bgp_session.c src/bgp/bgp_session_conf.h src/bgp/bgp_session_conf.c \
	src/bgp/bgp_peer.c src/bgp/bgp_conn.c src/bgp/bgp_routes.c src/bgp/bgp_adj_in.c src/bgp/bgp_attrs_eq.c
# The BGP table (bgp_table.h), best path, and what it does with the router (bgp_run.h, bgp_adv.h).
libferryd_a_SOURCES += src/bgp/bgp_table.h src/bgp/bgp_table.c src/bgp/bgp_pattr.c src/bgp/bgp_best.c \
	src/bgp/bgp_run.h src/bgp/bgp_run.c src/bgp/bgp_export.c src/bgp/bgp_import.c src/bgp/bgp_import_slot.c \
	src/bgp/bgp_label.c src/bgp/bgp_adv.h src/bgp/bgp_adv.c src/bgp/bgp_adv_msg.c src/bgp/bgp_as4.c \
	src/bgp/bgp_policy.h src/bgp/bgp_policy.c
libferryd_a_SOURCES += src/bgp/bgp_show.c src/bgp/bgp_show_nbr.c src/bgp/bgp_clear.c \
	src/bgp/bgp_show_vpn.h src/bgp/bgp_show_vpn.c src/bgp/bgp_show_vpn_text.c
