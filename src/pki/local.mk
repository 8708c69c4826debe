libferryd_a_SOURCES += src/pki/pki.h src/pki/pki_int.h src/pki/pki.c src/pki/pki_cli.c src/pki/pki_cert_cli.c \
	src/pki/crypto_obj.h src/pki/crypto_obj.c
# PKI material (ferryd -P DIR) and peer certificates
libferryd_a_SOURCES += src/pki/pki_store.h src/pki/pki_store.c src/pki/pki_material.c src/pki/pki_x509.h \
	src/pki/pki_x509.c src/pki/pki_certmap_dup.c
