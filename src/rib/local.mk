libferryd_a_SOURCES += src/rib/rib.h src/rib/rib_int.h src/rib/rib.c src/rib/rib_cli.c
