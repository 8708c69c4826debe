libferryd_a_SOURCES += src/pool/pool.h src/pool/pool_int.h src/pool/pool.c src/pool/pool_cli.c src/pool/pool_alloc.h \
	src/pool/pool_alloc.c
