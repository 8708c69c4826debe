libferryd_a_SOURCES += src/ike/ike.h src/ike/ike_cli.c
