libferryd_a_SOURCES += src/ipsec/ipsec.h src/ipsec/ipsec_cli.c
