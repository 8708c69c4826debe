# Unit tests and fuzz harnesses of the rib area (see tests/local.mk).
RIB_FIXTURE = tests/unit/rib_fixture.c tests/unit/rib_fixture.h
BGP_EXPORT_FIXTURE = tests/unit/bgp_export_fixture.c tests/unit/bgp_export_fixture.h $(RIB_FIXTURE)

if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_lpm tests/unit/test_mfi tests/unit/test_rib tests/unit/test_fib \
	tests/unit/test_rib_show
TESTS += tests/unit/test_lpm tests/unit/test_mfi tests/unit/test_rib tests/unit/test_fib tests/unit/test_rib_show
endif
tests_unit_test_lpm_SOURCES = tests/unit/test_lpm.c
tests_unit_test_lpm_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_lpm_LDADD = $(UNIT_LDADD)
tests_unit_test_mfi_SOURCES = tests/unit/test_mfi.c
tests_unit_test_mfi_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_mfi_LDADD = $(UNIT_LDADD)
tests_unit_test_rib_SOURCES = tests/unit/test_rib.c $(RIB_FIXTURE)
tests_unit_test_rib_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_rib_LDADD = $(UNIT_LDADD)
tests_unit_test_fib_SOURCES = tests/unit/test_fib.c $(RIB_FIXTURE)
tests_unit_test_fib_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_fib_LDADD = $(UNIT_LDADD)
tests_unit_test_rib_show_SOURCES = tests/unit/test_rib_show.c $(RIB_FIXTURE)
tests_unit_test_rib_show_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_rib_show_LDADD = $(UNIT_LDADD)

# The scale check, which prints and asserts nothing: tests/unit/scale_rib [ROUTES]
noinst_PROGRAMS += tests/unit/scale_rib
tests_unit_scale_rib_SOURCES = tests/unit/scale_rib.c
tests_unit_scale_rib_CFLAGS = $(TEST_CFLAGS) -O2
tests_unit_scale_rib_LDADD = $(FERRYD_LIBS)

# mpls label mode (src/mpls/mpls_label_mode.c, mpls_local_label.c)
if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_mpls_label_mode
TESTS += tests/unit/test_mpls_label_mode
endif
tests_unit_test_mpls_label_mode_SOURCES = tests/unit/test_mpls_label_mode.c $(BGP_EXPORT_FIXTURE)
tests_unit_test_mpls_label_mode_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_mpls_label_mode_LDADD = $(UNIT_LDADD)

# The labels a FIB sync looks at per change (a feed must not re-plan every swap label).
if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_fib_labels
TESTS += tests/unit/test_fib_labels
endif
tests_unit_test_fib_labels_SOURCES = tests/unit/test_fib_labels.c $(RIB_FIXTURE)
tests_unit_test_fib_labels_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_fib_labels_LDADD = $(UNIT_LDADD)
