libferryd_a_SOURCES += \
	src/dataplane/dataplane.c src/dataplane/dataplane.h src/dataplane/dp_cli.c src/dataplane/dp_cli.h src/dataplane/dp_config.c src/dataplane/dp_config.h \
	src/dataplane/dp_format.c src/dataplane/dp_names.c src/dataplane/dp_sa_alg.c src/dataplane/dp_sa_alg.h src/dataplane/dp_names.h \
	src/dataplane/dp_none.c src/dataplane/dp_record.c src/dataplane/dp_punt.c src/dataplane/dp_punt.h
