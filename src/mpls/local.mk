libferryd_a_SOURCES += src/mpls/mpls.h src/mpls/mpls_cli.c
