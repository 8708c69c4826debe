libferryd_a_SOURCES += src/nhrp/nhrp.h src/nhrp/nhrp_cli.c
