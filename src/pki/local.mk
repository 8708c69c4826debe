libferryd_a_SOURCES += src/pki/pki.h src/pki/pki_int.h src/pki/pki.c src/pki/pki_cli.c src/pki/pki_cert_cli.c \
	src/pki/crypto_obj.h src/pki/crypto_obj.c
