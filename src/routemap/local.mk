libferryd_a_SOURCES += src/routemap/routemap.h src/routemap/routemap_int.h src/routemap/routemap.c \
	src/routemap/routemap_cli.c src/routemap/routemap_eval.c
