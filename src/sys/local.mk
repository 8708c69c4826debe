libferryd_a_SOURCES += src/sys/sys.c src/sys/sys.h src/sys/sys_cli.c src/sys/sys_misc.c src/sys/sys_show.c
