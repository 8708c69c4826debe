libferryd_a_SOURCES += src/ike/ike.h src/ike/ike_int.h src/ike/ike.c src/ike/ike_cli.c src/ike/ike_authz_cli.c \
	src/ike/ike_profile_cli.c
