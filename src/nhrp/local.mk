libferryd_a_SOURCES += src/nhrp/nhrp.h src/nhrp/nhrp_cli.c \
	src/nhrp/nhrp_msg.h src/nhrp/nhrp_msg_int.h src/nhrp/nhrp_msg.c src/nhrp/nhrp_msg_enc.c \
	src/nhrp/nhrp_msg_io.c src/nhrp/nhrp_cie.c src/nhrp/nhrp_ext.c \
	src/nhrp/nhrp_label_ext.h src/nhrp/nhrp_label_ext.c
EXTRA_DIST += doc/nhrp-mpls-label.md
