libferryd_a_SOURCES += src/bgp/bgp.h src/bgp/bgp_cli.c
