libferryd_a_SOURCES += src/bgp/bgp.h src/bgp/bgp.c src/bgp/bgp_cli.h src/bgp/bgp_cli.c src/bgp/bgp_af_cli.c
# The message codec (bgp_msg.h is its API).
libferryd_a_SOURCES += src/bgp/bgp_msg.h src/bgp/bgp_msg_int.h src/bgp/bgp_buf.h src/bgp/bgp_msg.c \
	src/bgp/bgp_open.c src/bgp/bgp_update.c src/bgp/bgp_attr.c src/bgp/bgp_attr_as.c src/bgp/bgp_attr_mp.c src/bgp/bgp_nlri.c \
	src/bgp/bgp_msg_text.c src/bgp/bgp_msg_print.c
