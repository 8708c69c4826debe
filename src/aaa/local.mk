libferryd_a_SOURCES += src/aaa/aaa.h src/aaa/aaa_cli.c
