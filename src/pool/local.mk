libferryd_a_SOURCES += src/pool/pool.h src/pool/pool_cli.c
