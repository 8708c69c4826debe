/*
 * The responder's choice of IKEv2 profile on a configuration loaded as
 * ferryd loads it: profiles matched by "match certificate" alone are tried
 * in configuration order until one's certificate map takes the peer's
 * certificate (not only the first), a "match identity remote" profile wins
 * over them, and a certificate no map takes gets no profile.
 */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "config/text.h"
#include "core/daemon.h"
#include "ike/ikev2_cert.h"
#include "ike/ikev2_peer.h"
#include "pki/pki_store.h"
#include "subsys.h"
#include "test_ike_cert_util.h"

/* Two profiles with one map each: sales first, flex second. */
static const char conf[] = "crypto pki trustpoint CA\n"
			   "crypto pki certificate map salesmap 10\n"
			   " subject-name co ou = sales\n"
			   "crypto pki certificate map flexmap 10\n"
			   " subject-name co ou = flex\n"
			   "crypto ikev2 profile a-sales\n"
			   " match certificate salesmap\n"
			   " authentication local rsa-sig\n"
			   " authentication remote rsa-sig\n"
			   " pki trustpoint CA\n"
			   "crypto ikev2 profile b-flex\n"
			   " match certificate flexmap\n"
			   " authentication local rsa-sig\n"
			   " authentication remote rsa-sig\n"
			   " pki trustpoint CA\n";

static void diag(void *arg, const char *file, unsigned line, const char *msg)
{
	(void)arg;
	print_error("%s:%u: %s\n", file, line, msg);
}

struct fx {
	struct cli_tree *f_tree;
	struct ferryd f_d;
	X509 *f_ca;
	char *f_dir;
};

static void load(struct fx *f, const char *extra)
{
	char *text = NULL;
	FILE *in;

	assert_true(asprintf(&text, "%s%s", conf, extra) > 0);
	assert_non_null(in = fmemopen(text, strlen(text), "r"));
	cfg_free(f->f_d.fd_running);
	f->f_d.fd_running = cfg_new();
	assert_int_equal(cfg_load_stream(f->f_tree, &f->f_d, f->f_d.fd_running, in, "hub", diag, NULL), 0);
	fclose(in);
	free(text);
}

static int setup(void **state)
{
	static struct fx f;
	X509 *ours;

	f = (struct fx){.f_tree = subsys_grammar(), .f_ca = tc_ca()};
	f.f_d.fd_tree = f.f_tree;
	ours = tc_leaf(f.f_ca, "CN=hub.lab,OU=FLEX,O=Lab", "DNS:hub.lab");
	f.f_dir = tc_pki_dir(f.f_ca, ours, tc_key(1));
	X509_free(ours);
	pki_store_set_dir(f.f_dir);
	*state = &f;
	return f.f_tree ? 0 : -1;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	pki_store_set_dir(NULL);
	cfg_free(f->f_d.fd_running);
	cli_tree_free(f->f_tree);
	tc_pki_dir_free(f->f_dir);
	X509_free(f->f_ca);
	return 0;
}

/* The profile chosen for a peer with a certificate of subject (claiming its FQDN fqdn), or "" for none. */
static const char *chosen(struct fx *f, const char *subject, const char *fqdn, char *buf, size_t size)
{
	char san[64];
	X509 *leaf;
	struct ikev2_cert_conf cc = {0};
	struct ikev2_pl *certs = NULL;
	struct ikev2_id id = {.id_type = IKEV2_ID_FQDN};
	struct ikev2_authx_conf out = {0};
	struct in_addr local = {htonl(0xc0000201)}, remote = {htonl(0xc0000202)};
	const char *why;

	snprintf(san, sizeof(san), "DNS:%s", fqdn);
	cc.cc_cert = leaf = tc_leaf(f->f_ca, subject, san);
	assert_int_equal(ikev2_cert_add(&cc, &certs), 0);
	assert_int_equal(ikev2_blob_set(&id.id_data, fqdn, strlen(fqdn)), 0);
	buf[0] = '\0';
	if (ikev2_peer_select(f->f_d.fd_running, local, remote, &id, certs, &out, &why) == 0)
		snprintf(buf, size, "%s", out.ac_profile);
	else
		assert_non_null(why);
	ikev2_authx_conf_fini(&out);
	ikev2_blob_free(&id.id_data);
	ikev2_pl_list_free(certs);
	X509_free(leaf);
	return buf;
}

static void test_second_map_matches(void **state)
{
	struct fx *f = *state;
	char buf[64];

	load(f, "");
	assert_string_equal(chosen(f, "CN=r3.lab,OU=FLEX,O=Lab", "r3.lab", buf, sizeof(buf)), "b-flex");
	assert_string_equal(chosen(f, "CN=r9.lab,OU=Sales,O=Lab", "r9.lab", buf, sizeof(buf)), "a-sales");
	assert_string_equal(chosen(f, "CN=r7.lab,OU=Eng,O=Lab", "r7.lab", buf, sizeof(buf)), "");
}

/* A profile whose match identity remote names the peer comes before every certificate-only one. */
static void test_identity_first(void **state)
{
	struct fx *f = *state;
	char buf[64];

	load(f, "crypto ikev2 profile c-id\n"
		" match identity remote fqdn domain r3.lab\n"
		" authentication local rsa-sig\n"
		" authentication remote rsa-sig\n"
		" pki trustpoint CA\n");
	assert_string_equal(chosen(f, "CN=r3.lab,OU=FLEX,O=Lab", "r3.lab", buf, sizeof(buf)), "c-id");
	assert_string_equal(chosen(f, "CN=r4.lab,OU=FLEX,O=Lab", "r4.lab", buf, sizeof(buf)), "b-flex");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_second_map_matches),
	    cmocka_unit_test(test_identity_first),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
