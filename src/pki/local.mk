libferryd_a_SOURCES += src/pki/pki.h src/pki/pki_cli.c
