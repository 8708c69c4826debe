libferryd_a_SOURCES += src/vrf/vrf.h src/vrf/vrf_cli.c
