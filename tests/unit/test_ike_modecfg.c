/*
 * IKEv2 mode config (RFC 7296 §3.15): the CFG_REQUEST and CFG_REPLY bytes
 * checked by hand, the reply read back, the responder's assignment hook,
 * and malformed attributes.
 */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "ike/ikev2_modecfg.h"

static void check_bytes(const struct ikev2_pl *list, const uint8_t *want, size_t len)
{
	struct ikev2_blob out;
	struct ikev2_err err;
	uint8_t first;

	assert_int_equal(ikev2_chain_encode(list, &out, &first, &err), 0);
	assert_int_equal(first, IKEV2_PL_CP);
	assert_int_equal(out.bl_len, len);
	assert_memory_equal(out.bl_data, want, len);
	ikev2_blob_free(&out);
}

static void test_request(void **state)
{
	static const uint8_t want[] = {
	    0x00, 0x00, 0x00, 0x1c,			    /* generic header: last payload, 28 octets */
	    0x01, 0x00, 0x00, 0x00,			    /* CFG_REQUEST */
	    0x00, 0x01, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, /* INTERNAL_IP4_ADDRESS, _NETMASK, empty */
	    0x00, 0x03, 0x00, 0x00,			    /* INTERNAL_IP4_DNS */
	    0x00, 0x19, 0x00, 0x00, 0x00, 0x0d, 0x00, 0x00, /* INTERNAL_DNS_DOMAIN, INTERNAL_IP4_SUBNET */
	};
	struct ikev2_modecfg mc = {.mc_request = true};
	struct ikev2_pl *list = NULL;
	struct ikev2_err err;

	assert_int_equal(ikev2_modecfg_add_request(&mc, &list, &err), 0);
	check_bytes(list, want, sizeof(want));
	ikev2_pl_list_free(list);
	list = NULL;
	mc.mc_request = false;
	assert_int_equal(ikev2_modecfg_add_request(&mc, &list, &err), 0);
	assert_null(list);
}

static const uint8_t reply_bytes[] = {
    0x00, 0x00, 0x00, 0x3e, 0x02, 0x00, 0x00, 0x00,				 /* header, CFG_REPLY */
    0x00, 0x01, 0x00, 0x04, 0x0a, 0x01, 0x01, 0x03,				 /* address 10.1.1.3 */
    0x00, 0x02, 0x00, 0x04, 0xff, 0xff, 0xff, 0x00,				 /* netmask /24 */
    0x00, 0x19, 0x00, 0x09, 'c',  'i',	's',  'c',  'o',  '.',	'c',  'o',  'm', /* domain cisco.com */
    0x70, 0x00, 0x00, 0x09, ' ',  'W',	'e',  'l',  'c',  'o',	'm',  'e',  ' ', /* Cisco banner 28672 */
    0x00, 0x0d, 0x00, 0x08, 0x0a, 0x00, 0x00, 0x01, 0xff, 0xff, 0xff, 0xff,	 /* subnet 10.0.0.1/32 */
};

static void fill_reply(struct ikev2_modecfg *mc)
{
	*mc = (struct ikev2_modecfg){.mc_requested = true, .mc_has_addr = true, .mc_nroutes = 1};
	inet_pton(AF_INET, "10.1.1.3", &mc->mc_addr);
	inet_pton(AF_INET, "255.255.255.0", &mc->mc_netmask);
	assert_int_equal(ikev2_modecfg_set_text(&mc->mc_domain, "cisco.com", 9), 0);
	assert_int_equal(ikev2_modecfg_set_text(&mc->mc_banner, " Welcome ", 20), 0); /* cut at its NUL */
	inet_pton(AF_INET, "10.0.0.1", &mc->mc_routes[0].r4_addr);
	mc->mc_routes[0].r4_mask.s_addr = 0xffffffffu;
}

static void test_reply_round_trip(void **state)
{
	struct ikev2_modecfg mc, back = {.mc_request = true};
	struct ikev2_pl *list = NULL, *dec;
	struct ikev2_err err;

	fill_reply(&mc);
	assert_int_equal(ikev2_modecfg_add_reply(&mc, &list, &err), 0);
	check_bytes(list, reply_bytes, sizeof(reply_bytes));
	ikev2_pl_list_free(list);
	assert_int_equal(ikev2_chain_decode(IKEV2_PL_CP, reply_bytes, sizeof(reply_bytes), &dec, &err), 0);
	assert_int_equal(ikev2_modecfg_take_reply(&back, dec, &err), 0);
	ikev2_pl_list_free(dec);
	assert_true(back.mc_requested && back.mc_has_addr);
	assert_int_equal(back.mc_addr.s_addr, mc.mc_addr.s_addr);
	assert_int_equal(back.mc_netmask.s_addr, mc.mc_netmask.s_addr);
	assert_string_equal(back.mc_domain, "cisco.com");
	assert_string_equal(back.mc_banner, " Welcome ");
	assert_int_equal(back.mc_nroutes, 1);
	assert_memory_equal(&back.mc_routes[0], &mc.mc_routes[0], sizeof(mc.mc_routes[0]));
	ikev2_modecfg_fini(&mc);
	ikev2_modecfg_fini(&back);
}

static void test_no_reply_when_not_asked(void **state)
{
	struct ikev2_modecfg mc;
	struct ikev2_pl *list = NULL, *dec;
	struct ikev2_err err;

	fill_reply(&mc);
	mc.mc_requested = false;
	assert_int_equal(ikev2_modecfg_add_reply(&mc, &list, &err), 0);
	assert_null(list);
	/* an initiator that did not ask ignores a reply */
	assert_int_equal(ikev2_chain_decode(IKEV2_PL_CP, reply_bytes, sizeof(reply_bytes), &dec, &err), 0);
	ikev2_modecfg_fini(&mc);
	assert_int_equal(ikev2_modecfg_take_reply(&mc, dec, &err), 0);
	assert_false(mc.mc_requested);
	assert_false(mc.mc_has_addr);
	ikev2_pl_list_free(dec);
}

struct assign_log {
	unsigned al_calls;
	int al_rc;
	uint8_t al_id_type;
};

static int assign(void *arg, const struct ikev2_id *peer, struct ikev2_modecfg *mc, const char **why)
{
	struct assign_log *l = arg;

	l->al_calls++;
	l->al_id_type = peer->id_type;
	mc->mc_has_addr = true;
	mc->mc_addr.s_addr = htonl(0x0a010103);
	*why = "denied by the test";
	return l->al_rc;
}

/* IDi and the initiator's CFG_REQUEST, as a responder finds them. */
static struct ikev2_pl *request_chain(bool with_cp)
{
	struct ikev2_modecfg mc = {.mc_request = with_cp};
	struct ikev2_pl *list = NULL, *id = ikev2_pl_add(&list, IKEV2_PL_IDI);
	struct ikev2_err err;

	assert_non_null(id);
	id->pl_id.id_type = IKEV2_ID_FQDN;
	assert_int_equal(ikev2_modecfg_add_request(&mc, &list, &err), 0);
	return list;
}

static void test_accept(void **state)
{
	struct assign_log l = {0};
	struct ikev2_modecfg mc = {0};
	struct ikev2_pl *req = request_chain(true), *plain = request_chain(false);
	struct ikev2_err err = {0};

	assert_int_equal(ikev2_modecfg_accept(&mc, assign, &l, plain, &err), 0);
	assert_int_equal(l.al_calls, 0);
	assert_false(mc.mc_requested);
	assert_int_equal(ikev2_modecfg_accept(&mc, NULL, &l, req, &err), 0);
	assert_false(mc.mc_requested);
	assert_int_equal(ikev2_modecfg_accept(&mc, assign, &l, req, &err), 0);
	assert_int_equal(l.al_calls, 1);
	assert_int_equal(l.al_id_type, IKEV2_ID_FQDN);
	assert_true(mc.mc_requested && mc.mc_has_addr);
	l.al_rc = -1;
	assert_int_equal(ikev2_modecfg_accept(&mc, assign, &l, req, &err), -1);
	assert_int_equal(err.e_notify, IKEV2_N_AUTHENTICATION_FAILED);
	assert_string_equal(err.e_what, "denied by the test");
	ikev2_pl_list_free(req);
	ikev2_pl_list_free(plain);
}

static void read_one(uint16_t type, const void *val, size_t len, int want_rc, struct ikev2_modecfg *mc)
{
	struct ikev2_cfg_attr ca = {.ca_type = type};
	struct ikev2_cp cp = {.cp_type = IKEV2_CFG_REPLY, .cp_attr = &ca, .cp_nattr = 1};
	struct ikev2_err err = {0};

	assert_int_equal(ikev2_blob_set(&ca.ca_value, val, len), 0);
	assert_int_equal(ikev2_modecfg_read(&cp, mc, &err), want_rc);
	if (want_rc < 0)
		assert_int_equal(err.e_notify, IKEV2_N_INVALID_SYNTAX);
	ikev2_blob_free(&ca.ca_value);
}

static void test_dns(void **state)
{
	static const uint8_t want[] = {
	    0x00, 0x00, 0x00, 0x18, 0x02, 0x00, 0x00, 0x00, /* header, CFG_REPLY */
	    0x00, 0x03, 0x00, 0x04, 0xc0, 0x00, 0x02, 0x35, /* INTERNAL_IP4_DNS 192.0.2.53 */
	    0x00, 0x03, 0x00, 0x04, 0xc0, 0x00, 0x02, 0x36, /* INTERNAL_IP4_DNS 192.0.2.54 */
	};
	struct ikev2_modecfg mc = {.mc_requested = true, .mc_ndns = 2}, back = {0};
	struct ikev2_pl *list = NULL;
	struct ikev2_err err;

	inet_pton(AF_INET, "192.0.2.53", &mc.mc_dns[0]);
	inet_pton(AF_INET, "192.0.2.54", &mc.mc_dns[1]);
	assert_int_equal(ikev2_modecfg_add_reply(&mc, &list, &err), 0);
	check_bytes(list, want, sizeof(want));
	ikev2_pl_list_free(list);
	/* a third server is more than we keep */
	read_one(IKEV2_CFG_INTERNAL_IP4_DNS, want + 12, 4, 0, &back);
	read_one(IKEV2_CFG_INTERNAL_IP4_DNS, want + 20, 4, 0, &back);
	read_one(IKEV2_CFG_INTERNAL_IP4_DNS, want + 12, 4, 0, &back);
	assert_int_equal(back.mc_ndns, 2);
	assert_memory_equal(back.mc_dns, mc.mc_dns, sizeof(mc.mc_dns));
}

static void test_malformed(void **state)
{
	static const uint8_t bytes[8] = {10, 1, 1, 3, 255, 255, 255, 255};
	char banner[IKEV2_MODECFG_TEXT + 40];
	struct ikev2_modecfg mc = {0};

	read_one(IKEV2_CFG_INTERNAL_IP4_ADDRESS, bytes, 3, -1, &mc);
	read_one(IKEV2_CFG_INTERNAL_IP4_NETMASK, bytes, 5, -1, &mc);
	read_one(IKEV2_CFG_INTERNAL_IP4_SUBNET, bytes, 7, -1, &mc);
	read_one(IKEV2_CFG_INTERNAL_IP4_DNS, bytes, 8, -1, &mc);
	assert_int_equal(mc.mc_nroutes, 0);
	read_one(IKEV2_CFG_APPLICATION_VERSION, bytes, 7, 0, &mc); /* not used: ignored */
	for (unsigned i = 0; i < IKEV2_MODECFG_ROUTES + 3; i++)
		read_one(IKEV2_CFG_INTERNAL_IP4_SUBNET, bytes, 8, 0, &mc);
	assert_int_equal(mc.mc_nroutes, IKEV2_MODECFG_ROUTES);
	memset(banner, 'x', sizeof(banner));
	read_one(IKEV2_CFG_CISCO_BANNER, banner, sizeof(banner), 0, &mc);
	assert_int_equal(strlen(mc.mc_banner), IKEV2_MODECFG_TEXT - 1);
	read_one(IKEV2_CFG_INTERNAL_DNS_DOMAIN, "a\0b", 3, 0, &mc);
	assert_string_equal(mc.mc_domain, "a");
	ikev2_modecfg_fini(&mc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_request),
	    cmocka_unit_test(test_reply_round_trip),
	    cmocka_unit_test(test_no_reply_when_not_asked),
	    cmocka_unit_test(test_accept),
	    cmocka_unit_test(test_dns),
	    cmocka_unit_test(test_malformed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
