libferryd_a_SOURCES += src/vrf/vrf.h src/vrf/vrf_int.h src/vrf/vrf.c src/vrf/vrf_cli.c src/vrf/vrf_if.c \
	src/vrf/vrf_show.c src/vrf/vrf_table.h src/vrf/vrf_table.c
