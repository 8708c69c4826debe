/*
 * Which IPsec profile a responder takes its transform sets from
 * (ikev2_esp_resp_profile): a Virtual-Template hub's template protection;
 * the static tunnel towards the peer; else the first IPsec profile naming
 * the IKEv2 profile. And the offer of sets Ferry cannot run: configured
 * and empty, so nothing is accepted (the responder answers NO_PROPOSAL_CHOSEN).
 */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "config/text.h"
#include "core/daemon.h"
#include "ike/ikev2_esp_prop.h"
#include "subsys.h"

static const char conf[] = "crypto ipsec transform-set GCM256 esp-gcm 256\n"
			   "crypto ipsec transform-set CBC esp-aes 256 esp-sha512-hmac\n"
			   "crypto ipsec transform-set TDES esp-3des esp-sha-hmac\n"
			   "crypto ikev2 profile HUB\n"
			   " virtual-template 1\n"
			   "crypto ikev2 profile STATIC\n"
			   "crypto ikev2 profile OLD\n"
			   "crypto ipsec profile FIRST\n"
			   " set ikev2-profile HUB\n"
			   "crypto ipsec profile VT\n"
			   " set transform-set GCM256\n"
			   " set ikev2-profile HUB\n"
			   "crypto ipsec profile S-OTHER\n"
			   " set ikev2-profile STATIC\n"
			   "crypto ipsec profile S5\n"
			   " set transform-set CBC\n"
			   " set ikev2-profile STATIC\n"
			   "crypto ipsec profile LEGACY\n"
			   " set transform-set TDES\n"
			   " set ikev2-profile OLD\n"
			   "interface Virtual-Template1 type tunnel\n"
			   " tunnel protection ipsec profile VT\n"
			   "interface Tunnel5\n"
			   " tunnel destination 192.0.2.5\n"
			   " tunnel protection ipsec profile S5\n";

static struct cli_tree *grammar;
static struct config *cfg;

static void diag(void *arg, const char *file, unsigned line, const char *msg)
{
	(void)arg;
	print_error("%s:%u: %s\n", file, line, msg);
}

static int setup(void **state)
{
	FILE *in = fmemopen((void *)conf, strlen(conf), "r");
	struct ferryd d = {0};

	(void)state;
	grammar = subsys_grammar();
	d.fd_tree = grammar;
	cfg = cfg_new();
	assert_int_equal(cfg_load_stream(grammar, &d, cfg, in, "conf", diag, NULL), 0);
	fclose(in);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	cfg_free(cfg);
	cli_tree_free(grammar);
	return 0;
}

static const char *chosen(const char *ike, const char *remote)
{
	struct in_addr a;
	const struct ipsec_profile *ipp;

	inet_pton(AF_INET, remote, &a);
	ipp = ikev2_esp_resp_profile(cfg, ike, a);
	return ipp ? ipp->ipp_name : "(none)";
}

static void test_which_profile(void **state)
{
	(void)state;
	assert_string_equal(chosen("HUB", "198.51.100.1"), "VT"); /* the template's, not the first naming HUB */
	assert_string_equal(chosen("STATIC", "192.0.2.5"), "S5"); /* Tunnel5's, towards that peer */
	assert_string_equal(chosen("STATIC", "192.0.2.6"), "S-OTHER");
	assert_string_equal(chosen("NONE", "192.0.2.5"), "(none)");
}

static void test_offer(void **state)
{
	struct ikev2_esp_offer o;
	struct in_addr hub_peer = {htonl(0xc6336401)};

	(void)state;
	ikev2_esp_offer_resp(cfg, "HUB", hub_peer, &o);
	assert_true(o.eo_configured);
	assert_int_equal(o.eo_n, 1);
	assert_int_equal(o.eo_suite[0]->es_encr, IKEV2_ENCR_AES_GCM_16);
	assert_int_equal(o.eo_suite[0]->es_bits, 256);
	assert_false(ikev2_esp_offer_empty(&o));
	ikev2_esp_offer_resp(cfg, "OLD", hub_peer, &o); /* 3DES/SHA-1 only: nothing Ferry runs */
	assert_true(ikev2_esp_offer_empty(&o));
	ikev2_esp_offer_resp(cfg, "NONE", hub_peer, &o); /* no IPsec profile: Ferry's default offer */
	assert_false(o.eo_configured);
	assert_false(ikev2_esp_offer_empty(&o));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_which_profile),
	    cmocka_unit_test(test_offer),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
