/* The label manager: allocation order, sharing between owners, reference counts, the range. */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "mpls/mfi.h"

static struct in_addr ip(const char *s)
{
	struct in_addr a;
	assert_int_equal(inet_pton(AF_INET, s, &a), 1);
	return a;
}

static int setup(void **state)
{
	*state = mfi_new();
	return *state ? 0 : -1;
}

static int teardown(void **state)
{
	mfi_free(*state);
	return 0;
}

static void test_constants(void **state)
{
	assert_int_equal(MFI_LABEL_EXPLICIT_NULL, 0);
	assert_int_equal(MFI_LABEL_IMPLICIT_NULL, 3);
	assert_int_equal(MFI_LABEL_DYNAMIC_MIN, 16);
	assert_int_equal(MFI_LABEL_MAX, 1048575);
}

/* The seed's step 10: NHRP asks for the label BGP already has for the VRF and gets it. */
static void test_vrf_label_shared_by_bgp_and_nhrp(void **state)
{
	struct mfi *m = *state;
	uint32_t bgp = mfi_vrf_label(m, "cust1", MFI_OWNER_BGP);
	uint32_t nhrp = mfi_vrf_label(m, "cust1", MFI_OWNER_NHRP);
	const struct mfi_label *l = mfi_find(m, bgp);

	assert_int_equal(bgp, 16);
	assert_int_equal(nhrp, bgp);
	assert_non_null(l);
	assert_int_equal(l->ml_kind, MFI_PER_VRF);
	assert_string_equal(l->ml_vrf, "cust1");
	assert_int_equal(l->ml_refs[MFI_OWNER_BGP], 1);
	assert_int_equal(l->ml_refs[MFI_OWNER_NHRP], 1);
	assert_ptr_equal(mfi_vrf_binding(m, "cust1"), l);

	/* BGP lets go: NHRP still uses the label */
	assert_int_equal(mfi_release(m, bgp, MFI_OWNER_BGP), 0);
	assert_ptr_equal(mfi_find(m, bgp), l);
	assert_int_equal(l->ml_refs[MFI_OWNER_BGP], 0);
	assert_int_equal(mfi_vrf_label(m, "cust1", MFI_OWNER_IKEV2), bgp);
	assert_int_equal(mfi_release(m, bgp, MFI_OWNER_IKEV2), 0);
	/* the last owner lets go: the label returns to the pool */
	assert_int_equal(mfi_release(m, bgp, MFI_OWNER_NHRP), 0);
	assert_null(mfi_find(m, bgp));
	assert_null(mfi_vrf_binding(m, "cust1"));
	assert_int_equal(mfi_release(m, bgp, MFI_OWNER_NHRP), -1);
}

/* An owner counts each of its own references; releasing what it does not hold changes nothing. */
static void test_per_owner_counts(void **state)
{
	struct mfi *m = *state;
	uint32_t label = mfi_vrf_label(m, "cust2", MFI_OWNER_NHRP);

	assert_int_equal(mfi_vrf_label(m, "cust2", MFI_OWNER_NHRP), label);
	assert_int_equal(mfi_vrf_label(m, "cust2", MFI_OWNER_NHRP), label);
	assert_int_equal(mfi_find(m, label)->ml_refs[MFI_OWNER_NHRP], 3);
	assert_int_equal(mfi_release(m, label, MFI_OWNER_BGP), -1); /* BGP never took it */
	assert_int_equal(mfi_release(m, label, MFI_OWNER_STATIC), -1);
	assert_int_equal(mfi_release(m, label, MFI_OWNER_COUNT), -1);
	assert_int_equal(mfi_release(m, label, MFI_OWNER_NHRP), 0);
	assert_int_equal(mfi_release(m, label, MFI_OWNER_NHRP), 0);
	assert_non_null(mfi_find(m, label));
	assert_int_equal(mfi_release(m, label, MFI_OWNER_NHRP), 0);
	assert_null(mfi_find(m, label));
	assert_int_equal(mfi_release(m, 999, MFI_OWNER_NHRP), -1); /* never bound */
	assert_int_equal(mfi_vrf_label(m, "cust2", MFI_OWNER_COUNT), MFI_LABEL_NONE);
}

/* Per-VRF and per-prefix bindings are apart; a prefix is a prefix whatever its host bits. */
static void test_bindings_are_distinct(void **state)
{
	struct mfi *m = *state;
	uint32_t vrf = mfi_vrf_label(m, "cust1", MFI_OWNER_BGP);
	uint32_t p24 = mfi_prefix_label(m, "cust1", ip("192.168.113.0"), 24, MFI_OWNER_BGP);
	uint32_t p24b = mfi_prefix_label(m, "cust1", ip("192.168.113.77"), 24, MFI_OWNER_NHRP);
	uint32_t p25 = mfi_prefix_label(m, "cust1", ip("192.168.113.0"), 25, MFI_OWNER_BGP);
	uint32_t other = mfi_prefix_label(m, "cust2", ip("192.168.113.0"), 24, MFI_OWNER_BGP);
	uint32_t global = mfi_prefix_label(m, NULL, ip("192.168.113.0"), 24, MFI_OWNER_BGP);
	uint32_t gvrf = mfi_vrf_label(m, NULL, MFI_OWNER_BGP);

	assert_int_equal(p24, p24b);
	assert_true(vrf != p24 && p24 != p25 && p24 != other && other != global && global != gvrf && gvrf != vrf);
	assert_int_equal(mfi_prefix_binding(m, "cust1", ip("192.168.113.1"), 24)->ml_label, p24);
	assert_null(mfi_prefix_binding(m, "cust3", ip("192.168.113.0"), 24));
	assert_null(mfi_prefix_binding(m, "cust1", ip("192.168.113.0"), 33));
	assert_int_equal(mfi_prefix_label(m, "cust1", ip("192.168.113.0"), 33, MFI_OWNER_BGP), MFI_LABEL_NONE);
	assert_int_equal(mfi_find(m, p24)->ml_prefix.s_addr, ip("192.168.113.0").s_addr);
	assert_null(mfi_find(m, global)->ml_vrf);
}

/* Released labels are not reused before the cursor comes round the range again. */
static void test_no_reuse_before_wrap(void **state)
{
	struct mfi *m = *state;
	uint32_t a, b, c, d;

	assert_int_equal(mfi_set_range(m, 100, 103), 0);
	a = mfi_vrf_label(m, "a", MFI_OWNER_BGP);
	b = mfi_vrf_label(m, "b", MFI_OWNER_BGP);
	assert_int_equal(a, 100);
	assert_int_equal(b, 101);
	assert_int_equal(mfi_release(m, a, MFI_OWNER_BGP), 0);
	c = mfi_vrf_label(m, "c", MFI_OWNER_BGP);
	assert_int_equal(c, 102); /* not 100, which was just released */
	d = mfi_vrf_label(m, "d", MFI_OWNER_BGP);
	assert_int_equal(d, 103);
	/* the cursor wraps: 100 is free again, 101 is not */
	assert_int_equal(mfi_vrf_label(m, "e", MFI_OWNER_BGP), 100);
	/* the range is full */
	assert_int_equal(mfi_vrf_label(m, "f", MFI_OWNER_BGP), MFI_LABEL_NONE);
	assert_null(mfi_vrf_binding(m, "f"));
	assert_int_equal(mfi_release(m, c, MFI_OWNER_BGP), 0);
	assert_int_equal(mfi_vrf_label(m, "f", MFI_OWNER_BGP), 102);
}

static void test_range(void **state)
{
	struct mfi *m = *state;
	uint32_t old = mfi_vrf_label(m, "a", MFI_OWNER_BGP);

	assert_int_equal(m->mf_min, 16);
	assert_int_equal(m->mf_max, MFI_LABEL_MAX);
	assert_int_equal(mfi_set_range(m, 15, 100), -1);
	assert_int_equal(mfi_set_range(m, 200, MFI_LABEL_MAX + 1), -1);
	assert_int_equal(mfi_set_range(m, 300, 200), -1);
	assert_int_equal(mfi_set_range(m, 200, 300), 0);
	/* a label bound before stays until released; new ones come from the new range */
	assert_int_equal(mfi_vrf_label(m, "a", MFI_OWNER_NHRP), old);
	assert_int_equal(mfi_vrf_label(m, "b", MFI_OWNER_BGP), 200);
	assert_int_equal(mfi_set_range(m, MFI_LABEL_MAX, MFI_LABEL_MAX), 0);
	assert_int_equal(mfi_vrf_label(m, "c", MFI_OWNER_BGP), MFI_LABEL_MAX);
}

static void test_outgoing_side(void **state)
{
	struct mfi *m = *state;
	uint32_t label = mfi_prefix_label(m, "cust1", ip("192.168.113.0"), 24, MFI_OWNER_BGP);
	struct mfi_out out = {.mo_label = 16, .mo_gw = ip("10.1.1.3"), .mo_global = true};
	char ifname[] = "Virtual-Access1";
	uint64_t v = m->mf_version;

	assert_int_equal(mfi_set_out(m, 12345, &out), -1);
	out.mo_ifname = ifname;
	assert_int_equal(mfi_set_out(m, label, &out), 0);
	ifname[0] = 'X'; /* the MFI keeps its own copy */
	assert_string_equal(mfi_find(m, label)->ml_out->mo_ifname, "Virtual-Access1");
	assert_int_equal(mfi_find(m, label)->ml_out->mo_label, 16);
	assert_true(m->mf_version != v);
	assert_int_equal(mfi_set_out(m, label, NULL), 0);
	assert_null(mfi_find(m, label)->ml_out);
	assert_int_equal(mfi_set_out(m, label, &out), 0);
	assert_int_equal(mfi_release(m, label, MFI_OWNER_BGP), 0); /* frees the outgoing side too (ASan) */
}

/* Random takes and releases by four owners over a few bindings, against a model of the counts. */
static void test_random_against_model(void **state)
{
	enum { BINDINGS = 12, ROUNDS = 20000 };
	static const char *const vrfs[] = {"v0", "v1", "v2"};
	struct mfi *m = *state;
	unsigned refs[BINDINGS][MFI_OWNER_COUNT] = {{0}};
	uint32_t label[BINDINGS] = {0};
	uint64_t rng = 42;

	for (int r = 0; r < ROUNDS; r++) {
		rng = rng * 6364136223846793005u + 1442695040888963407u;
		unsigned b = (unsigned)(rng >> 33) % BINDINGS, o = (unsigned)(rng >> 45) % MFI_OWNER_COUNT;
		struct in_addr p = {.s_addr = htonl(0x0a000000u | b << 8)};
		if ((rng >> 60) % 2) {
			uint32_t l = b < 3 ? mfi_vrf_label(m, vrfs[b], o) : mfi_prefix_label(m, vrfs[b % 3], p, 24, o);
			if (label[b])
				assert_int_equal(l, label[b]); /* a bound binding keeps its label */
			label[b] = l;
			refs[b][o]++;
		} else {
			assert_int_equal(mfi_release(m, label[b], o), refs[b][o] ? 0 : -1);
			if (refs[b][o])
				refs[b][o]--;
		}
		bool bound = false;
		for (unsigned x = 0; x < MFI_OWNER_COUNT; x++)
			bound |= refs[b][x] > 0;
		const struct mfi_label *l = label[b] ? mfi_find(m, label[b]) : NULL;
		assert_true(bound ? l != NULL && memcmp(l->ml_refs, refs[b], sizeof(refs[b])) == 0 : l == NULL);
		if (!bound)
			label[b] = 0; /* back in the pool */
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_constants),
	    cmocka_unit_test_setup_teardown(test_vrf_label_shared_by_bgp_and_nhrp, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_per_owner_counts, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_bindings_are_distinct, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_no_reuse_before_wrap, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_range, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_outgoing_side, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_random_against_model, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
