libferryd_a_SOURCES += src/routemap/routemap.h src/routemap/routemap_cli.c
