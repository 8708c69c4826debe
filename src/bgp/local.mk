libferryd_a_SOURCES += src/bgp/bgp.h src/bgp/bgp.c src/bgp/bgp_cli.h src/bgp/bgp_cli.c src/bgp/bgp_af_cli.c
