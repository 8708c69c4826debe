# Unit tests of the dataplane interface (see tests/local.mk).
if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_dataplane
TESTS += tests/unit/test_dataplane
endif
tests_unit_test_dataplane_SOURCES = tests/unit/test_dataplane.c
tests_unit_test_dataplane_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_dataplane_LDADD = $(UNIT_LDADD)

if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_dp_config
TESTS += tests/unit/test_dp_config
endif
tests_unit_test_dp_config_SOURCES = tests/unit/test_dp_config.c tests/unit/rib_fixture.c tests/unit/rib_fixture.h
tests_unit_test_dp_config_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_dp_config_LDADD = $(UNIT_LDADD)
