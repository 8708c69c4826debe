libferryd_a_SOURCES += src/ipsec/ipsec.h src/ipsec/ipsec_int.h src/ipsec/ipsec.c src/ipsec/ipsec_cli.c \
	src/ipsec/ipsec_tset_cli.c
