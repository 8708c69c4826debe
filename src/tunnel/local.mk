libferryd_a_SOURCES += src/tunnel/tunnel.h src/tunnel/tunnel_cli.c
