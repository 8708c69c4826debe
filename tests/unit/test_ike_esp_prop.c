/*
 * CHILD_SA (ESP) proposals: transform sets to suites (what Ferry runs and
 * what it does not), an IPsec profile's offer in its order, the default
 * offer, the choice from a peer's offer, and the keys and dataplane SAs of
 * the new suites (KEYMAT lengths of RFC 7296 2.17 with RFC 4868 and RFC
 * 4106 key sizes).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "config/text.h"
#include "ike/ikev2_child.h"
#include "ike/ikev2_rekey.h"
#include "ipsec/ipsec.h"
#include "subsys.h"

static const char conf[] = "crypto ipsec transform-set GCM256 esp-gcm 256\n"
			   "crypto ipsec transform-set GCM esp-gcm\n"
			   "crypto ipsec transform-set CBC256-512 esp-aes 256 esp-sha512-hmac\n"
			   "crypto ipsec transform-set CBC-384 esp-aes esp-sha384-hmac\n"
			   "crypto ipsec transform-set OLD256 esp-256-aes esp-sha256-hmac\n"
			   "crypto ipsec transform-set CBC192-256 esp-aes 192 esp-sha256-hmac\n"
			   "crypto ipsec transform-set SHA1 esp-aes esp-sha-hmac\n"
			   "crypto ipsec transform-set TDES esp-3des esp-sha256-hmac\n"
			   "crypto ipsec transform-set NOAUTH esp-aes 256\n"
			   "crypto ipsec transform-set AH ah-sha256-hmac esp-gcm 256\n"
			   "crypto ipsec profile SETS\n"
			   " set transform-set SHA1 GCM256 CBC256-512 TDES CBC-384\n"
			   "crypto ipsec profile NONE\n"
			   "crypto ipsec profile UNRUNNABLE\n"
			   " set transform-set SHA1 TDES\n";

static struct cli_tree *grammar;
static struct config *cfg;

static void diag(void *arg, const char *file, unsigned line, const char *msg)
{
	print_error("%s:%u: %s\n", file, line, msg);
}

static int setup(void **state)
{
	FILE *in = fmemopen((void *)conf, strlen(conf), "r");

	grammar = subsys_grammar(); /* first: it registers the configuration modules cfg_new makes */
	cfg = cfg_new();
	if (!in || !cfg || cfg_load_stream(grammar, NULL, cfg, in, "conf", diag, NULL) != 0)
		return -1;
	fclose(in);
	return 0;
}

static int teardown(void **state)
{
	cfg_free(cfg);
	cli_tree_free(grammar);
	return 0;
}

static const struct ikev2_esp_suite *tset(const char *name)
{
	const struct ipsec_transform_set *ts = ipsec_transform_set_lookup(cfg, name);

	assert_non_null(ts);
	return ikev2_esp_tset_suite(ts);
}

static void assert_suite(const struct ikev2_esp_suite *es, uint16_t encr, uint16_t bits, uint16_t integ,
			 enum dp_sa_alg alg)
{
	assert_non_null(es);
	assert_int_equal(es->es_encr, encr);
	assert_int_equal(es->es_bits, bits);
	assert_int_equal(es->es_integ, integ);
	assert_int_equal(es->es_dp_alg, alg);
}

static void test_tset_suites(void **state)
{
	assert_suite(tset("GCM256"), IKEV2_ENCR_AES_GCM_16, 256, IKEV2_INTEG_NONE, DP_SA_AES_GCM_256);
	assert_suite(tset("GCM"), IKEV2_ENCR_AES_GCM_16, 128, IKEV2_INTEG_NONE, DP_SA_AES_GCM_128);
	assert_suite(tset("CBC256-512"), IKEV2_ENCR_AES_CBC, 256, IKEV2_INTEG_HMAC_SHA2_512_256,
		     DP_SA_AES_CBC_256_SHA512);
	assert_suite(tset("CBC-384"), IKEV2_ENCR_AES_CBC, 128, IKEV2_INTEG_HMAC_SHA2_384_192, DP_SA_AES_CBC_128_SHA384);
	assert_suite(tset("OLD256"), IKEV2_ENCR_AES_CBC, 256, IKEV2_INTEG_HMAC_SHA2_256_128, DP_SA_AES_CBC_256_SHA256);
	assert_suite(tset("CBC192-256"), IKEV2_ENCR_AES_CBC, 192, IKEV2_INTEG_HMAC_SHA2_256_128,
		     DP_SA_AES_CBC_192_SHA256);
	assert_null(tset("SHA1"));
	assert_null(tset("TDES"));
	assert_null(tset("NOAUTH"));
	assert_null(tset("AH"));
}

/* The transforms of proposal i: ENCR with its key length, INTEG unless integ is NONE, ESN none; SPI spi. */
static void assert_proposal(const struct ikev2_sa *sa, size_t i, uint16_t encr, uint16_t bits, uint16_t integ)
{
	const struct ikev2_proposal *p = &sa->sa_prop[i];
	size_t t = 0;

	assert_int_equal(p->pr_num, i + 1);
	assert_int_equal(p->pr_protocol, IKEV2_PROTO_ESP);
	assert_int_equal(p->pr_spi.bl_len, 4);
	assert_memory_equal(p->pr_spi.bl_data, "\x12\x34\x56\x78", 4);
	assert_int_equal(p->pr_ntr, integ == IKEV2_INTEG_NONE ? 2 : 3);
	assert_int_equal(p->pr_tr[t].tr_type, IKEV2_TRANS_ENCR);
	assert_int_equal(p->pr_tr[t].tr_id, encr);
	assert_int_equal(p->pr_tr[t++].tr_keylen, bits);
	if (integ != IKEV2_INTEG_NONE) {
		assert_int_equal(p->pr_tr[t].tr_type, IKEV2_TRANS_INTEG);
		assert_int_equal(p->pr_tr[t++].tr_id, integ);
	}
	assert_int_equal(p->pr_tr[t].tr_type, IKEV2_TRANS_ESN);
	assert_int_equal(p->pr_tr[t].tr_id, IKEV2_ESN_NO);
}

/* The offer of that profile (NULL: none); -1 when its sets hold nothing Ferry runs. */
static int offer_of(const char *profile, struct ikev2_esp_offer *o)
{
	const struct ipsec_profile *ipp = profile ? ipsec_profile_lookup(cfg, profile) : NULL;

	assert_true(!profile || ipp);
	return ikev2_esp_offer_conf(cfg, ipp, o);
}

/* The profile's sets in its order, those Ferry does not run left out. */
static void test_profile_offer(void **state)
{
	struct ikev2_esp_offer o;
	struct ikev2_sa sa;

	assert_int_equal(offer_of("SETS", &o), 0);
	assert_int_equal(ikev2_esp_offer_build(&o, 0x12345678, &sa), 0);
	assert_int_equal(sa.sa_nprop, 3);
	assert_proposal(&sa, 0, IKEV2_ENCR_AES_GCM_16, 256, IKEV2_INTEG_NONE);
	assert_proposal(&sa, 1, IKEV2_ENCR_AES_CBC, 256, IKEV2_INTEG_HMAC_SHA2_512_256);
	assert_proposal(&sa, 2, IKEV2_ENCR_AES_CBC, 128, IKEV2_INTEG_HMAC_SHA2_384_192);
	ikev2_offer_free(&sa);
	assert_int_equal(offer_of("UNRUNNABLE", &o), -1);
	assert_true(o.eo_configured);
	assert_int_equal(ikev2_esp_offer_build(&o, 0x12345678, &sa), -1);
}

/* No set (or no profile): AES-GCM-128 first, as before, then every suite Ferry runs, each once. */
static void test_default_offer(void **state)
{
	const char *profiles[] = {"NONE", NULL};

	for (size_t k = 0; k < 2; k++) {
		struct ikev2_esp_offer o;
		struct ikev2_sa sa;

		assert_int_equal(offer_of(profiles[k], &o), 0);
		assert_false(o.eo_configured);
		assert_int_equal(ikev2_esp_offer_build(&o, 0x12345678, &sa), 0);
		assert_int_equal(sa.sa_nprop, 12);
		assert_proposal(&sa, 0, IKEV2_ENCR_AES_GCM_16, 128, IKEV2_INTEG_NONE);
		assert_proposal(&sa, 1, IKEV2_ENCR_AES_CBC, 256, IKEV2_INTEG_HMAC_SHA2_256_128);
		assert_proposal(&sa, 2, IKEV2_ENCR_AES_CBC, 128, IKEV2_INTEG_HMAC_SHA2_256_128);
		assert_proposal(&sa, 3, IKEV2_ENCR_AES_GCM_16, 256, IKEV2_INTEG_NONE);
		for (size_t i = 0; i < sa.sa_nprop; i++)
			for (size_t j = 0; j < i; j++)
				assert_false(sa.sa_prop[i].pr_tr[0].tr_keylen == sa.sa_prop[j].pr_tr[0].tr_keylen &&
					     sa.sa_prop[i].pr_tr[0].tr_id == sa.sa_prop[j].pr_tr[0].tr_id &&
					     sa.sa_prop[i].pr_tr[1].tr_id == sa.sa_prop[j].pr_tr[1].tr_id);
		ikev2_offer_free(&sa);
	}
}

/* A peer's offer of one suite (SPI 0xabcd0001), as a transform set of theirs would make it. */
static void peer_offer(const struct ikev2_esp_suite *es, struct ikev2_sa *sa)
{
	struct ikev2_esp_offer one = {.eo_suite = {es}, .eo_n = 1, .eo_configured = true};

	assert_int_equal(ikev2_esp_offer_build(&one, 0xabcd0001, sa), 0);
}

/*
 * Ferry as responder with child c: the suite chosen from the peer's offer of
 * one suite, keys derived; the dataplane SA it installs. -1 when not chosen.
 */
static int respond(struct ikev2_child *c, const struct ikev2_esp_suite *theirs)
{
	struct ikev2_sa offer, ours;
	struct ikev2_err err;
	struct ikev2_secret sk_d;
	struct ikev2_blob ni = {0}, nr = {0};
	int rc;

	peer_offer(theirs, &offer);
	assert_int_equal(ikev2_child_offer(c, &ours), 0);
	rc = ikev2_offer_choose(&offer, &ours, &c->cs_choice, &err);
	ikev2_offer_free(&offer);
	ikev2_offer_free(&ours);
	if (rc < 0) {
		assert_int_equal(err.e_notify, IKEV2_N_NO_PROPOSAL_CHOSEN);
		return -1;
	}
	c->cs_spi_out = c->cs_choice.ch_spi;
	assert_int_equal(ikev2_secret_copy(&sk_d, (const uint8_t *)"0123456789abcdef0123456789abcdef", 32), 0);
	assert_int_equal(ikev2_blob_set(&ni, "nonce-initiator!", 16), 0);
	assert_int_equal(ikev2_blob_set(&nr, "nonce-responder!", 16), 0);
	rc = ikev2_child_derive(c, ikev2_prf_alg(IKEV2_PRF_HMAC_SHA2_256), &sk_d, &ni, &nr, false);
	ikev2_secret_free(&sk_d);
	ikev2_blob_free(&ni);
	ikev2_blob_free(&nr);
	return rc;
}

/* The default accepts each new suite: KEYMAT cut to its key sizes, the dataplane SA of its algorithm. */
static void test_new_suites_keys(void **state)
{
	static const struct {
		uint16_t encr, bits, integ;
		size_t ekey, akey;
		enum dp_sa_alg alg;
	} v[] = {
	    {IKEV2_ENCR_AES_GCM_16, 256, IKEV2_INTEG_NONE, 36, 0, DP_SA_AES_GCM_256},
	    {IKEV2_ENCR_AES_GCM_16, 192, IKEV2_INTEG_NONE, 28, 0, DP_SA_AES_GCM_192},
	    {IKEV2_ENCR_AES_CBC, 256, IKEV2_INTEG_HMAC_SHA2_512_256, 32, 64, DP_SA_AES_CBC_256_SHA512},
	    {IKEV2_ENCR_AES_CBC, 192, IKEV2_INTEG_HMAC_SHA2_384_192, 24, 48, DP_SA_AES_CBC_192_SHA384},
	    {IKEV2_ENCR_AES_CBC, 128, IKEV2_INTEG_HMAC_SHA2_512_256, 16, 64, DP_SA_AES_CBC_128_SHA512},
	};

	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		struct ikev2_child c;
		struct dp_op ops[4];

		assert_int_equal(
		    ikev2_child_init(&c, (struct in_addr){htonl(0xc0000201)}, (struct in_addr){htonl(0xc0000202)}), 0);
		assert_int_equal(respond(&c, ikev2_esp_suite(v[i].encr, v[i].bits, v[i].integ)), 0);
		assert_int_equal(c.cs_keys.ck_ei.se_len, v[i].ekey);
		assert_int_equal(c.cs_keys.ck_ai.se_len, v[i].akey);
		assert_int_equal(c.cs_keys.ck_ar.se_len, v[i].akey);
		assert_int_equal(ikev2_child_ops(&c, 0, 0, ops), 4);
		for (int k = 0; k < 2; k++) {
			assert_int_equal(ops[k].op_sa.dsa_alg, v[i].alg);
			assert_int_equal(ops[k].op_sa.dsa_keylen, v[i].ekey);
			assert_int_equal(ops[k].op_sa.dsa_auth_keylen, v[i].akey);
		}
		assert_int_equal(ops[1].op_sa.dsa_spi, 0xabcd0001);
		ikev2_child_fini(&c);
	}
}

/* With transform sets the child accepts only those: a peer's AES-GCM-128 finds nothing in SETS. */
static void test_sets_limit_choice(void **state)
{
	struct ikev2_child c;

	assert_int_equal(ikev2_child_init(&c, (struct in_addr){htonl(0xc0000201)}, (struct in_addr){htonl(0xc0000202)}),
			 0);
	assert_int_equal(offer_of("SETS", &c.cs_offer), 0);
	assert_int_equal(respond(&c, ikev2_esp_suite(IKEV2_ENCR_AES_GCM_16, 128, IKEV2_INTEG_NONE)), -1);
	assert_int_equal(respond(&c, ikev2_esp_suite(IKEV2_ENCR_AES_CBC, 128, IKEV2_INTEG_HMAC_SHA2_384_192)), 0);
	assert_int_equal(c.cs_keys.ck_ai.se_len, 48);
	ikev2_child_fini(&c);
}

/* A CHILD_SA rekey offers what the SA was offered: the profile's three sets, not the default twelve. */
static void test_rekey_keeps_offer(void **state)
{
	struct ikev2_init in = {0};
	struct ikev2_child old;
	struct ikev2_rekey rk;
	struct ikev2_pl *inner = NULL;
	struct ikev2_err err;

	assert_int_equal(
	    ikev2_child_init(&old, (struct in_addr){htonl(0xc0000201)}, (struct in_addr){htonl(0xc0000202)}), 0);
	assert_int_equal(offer_of("SETS", &old.cs_offer), 0);
	assert_int_equal(ikev2_rekey_child_request(&rk, &in, &old, 0, &inner, &err), 0);
	assert_non_null(ikev2_pl_find(inner, IKEV2_PL_SA));
	assert_int_equal(ikev2_pl_find(inner, IKEV2_PL_SA)->pl_sa.sa_nprop, 3);
	assert_int_equal(ikev2_pl_find(inner, IKEV2_PL_SA)->pl_sa.sa_prop[1].pr_tr[1].tr_id,
			 IKEV2_INTEG_HMAC_SHA2_512_256);
	ikev2_pl_list_free(inner);
	ikev2_rekey_fini(&rk);
	ikev2_child_fini(&old);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_tset_suites),	      cmocka_unit_test(test_profile_offer),
	    cmocka_unit_test(test_default_offer),     cmocka_unit_test(test_new_suites_keys),
	    cmocka_unit_test(test_sets_limit_choice), cmocka_unit_test(test_rekey_keeps_offer),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
