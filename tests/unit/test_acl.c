/*
 * Access lists and prefix lists: the commands as IOS takes them, the
 * running-config that reads back to the same lists, the evaluation on
 * routes (wildcards, host, any, ge/le, implicit deny, lists that do not
 * exist), the per-entry counters and show ip access-lists / prefix-list.
 */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <json-c/json.h>

#include "acl/acl.h"
#include "rib_fixture.h"
#include "routemap/routemap.h"

static const char acl_config[] = "access-list 10 permit 10.1.2.3 0.0.255.255\n"
				 "access-list 10 deny host 10.2.2.2\n"
				 "access-list 10 permit 10.2.0.0 0.0.255.255\n"
				 "access-list 1300 permit any\n"
				 "ip access-list standard EDGE\n"
				 " permit 172.16.0.0 0.15.255.255\n"
				 " 5 deny 172.16.9.0 0.0.0.255\n"
				 " deny any\n"
				 "ip prefix-list PL description customer routes\n"
				 "ip prefix-list PL permit 10.0.0.0/8 le 24\n"
				 "ip prefix-list PL seq 12 deny 10.5.0.0/16 ge 20 le 22\n"
				 "ip prefix-list PL permit 192.168.0.0/16 ge 24\n"
				 "ip prefix-list EMPTY description nothing yet\n"
				 "ip access-list standard 11\n"
				 "route-map RM permit 10\n"
				 " match ip address 10 EDGE\n"
				 " match ip address prefix-list PL\n"
				 "route-map MANY permit 10\n"
				 " match ip address prefix-list P1 P2 P3 P4\n"
				 " match ip address prefix-list P5\n";

static int setup(void **state)
{
	struct rfx *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	rfx_init(f);
	rfx_config(f, acl_config);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	rfx_fini(*state);
	free(*state);
	return 0;
}

static uint32_t ip(const char *dotted)
{
	return ntohl(rfx_ip(dotted).s_addr);
}

static const struct config *running(struct rfx *f)
{
	return f->rf_d.fd_running;
}

/* The lines of the lists in a running-config, from the first "ip access-list" to the route-map. */
static char *lists_part(const char *run)
{
	const char *from = strstr(run, "ip access-list"), *to = strstr(run, "route-map");

	assert_non_null(from);
	assert_non_null(to);
	return strndup(from, (size_t)(to - from));
}

static void test_print_reparse(void **state)
{
	struct rfx *f = *state, again;
	char *first = strdup(rfx_exec(f, "show running-config")), *second;
	char *part = lists_part(first);

	assert_string_equal(part, "ip access-list standard EDGE\n"
				  " 5 deny 172.16.9.0 0.0.0.255\n"
				  " 10 permit 172.16.0.0 0.15.255.255\n"
				  " 20 deny any\n"
				  "!\n"
				  "ip prefix-list PL description customer routes\n"
				  "ip prefix-list PL seq 5 permit 10.0.0.0/8 le 24\n"
				  "ip prefix-list PL seq 12 deny 10.5.0.0/16 ge 20 le 22\n"
				  "ip prefix-list PL seq 17 permit 192.168.0.0/16 ge 24\n"
				  "ip prefix-list EMPTY description nothing yet\n"
				  "!\n"
				  "access-list 10 permit 10.1.0.0 0.0.255.255\n"
				  "access-list 10 deny 10.2.2.2\n"
				  "access-list 10 permit 10.2.0.0 0.0.255.255\n"
				  "access-list 1300 permit any\n"
				  "ip access-list standard 11\n" /* empty: it denies all, so it must read back */
				  "!\n");
	assert_non_null(strstr(first, " match ip address 10 EDGE\n match ip address prefix-list PL\n"));
	rfx_init(&again);
	rfx_config(&again, strstr(first, "ip access-list")); /* from the lists on: what they need */
	second = strdup(rfx_exec(&again, "show running-config"));
	assert_non_null(strstr(second, part));
	assert_non_null(strstr(second, " match ip address 10 EDGE\n match ip address prefix-list PL\n"));
	/* five names: two lines, as the grammar takes at most four a line */
	assert_non_null(
	    strstr(second, " match ip address prefix-list P1 P2 P3 P4\n match ip address prefix-list P5\n"));
	rfx_fini(&again);
	free(part);
	free(first);
	free(second);
}

static void test_acl_eval(void **state)
{
	const struct config *cfg = running(*state);

	assert_true(acl_permits_route(cfg, "10", ip("10.1.99.0"), 24)); /* masked entry: 10.1.0.0/0.0.255.255 */
	assert_false(acl_permits_route(cfg, "10", ip("10.2.2.2"), 32)); /* host deny before the wider permit */
	assert_true(acl_permits_route(cfg, "10", ip("10.2.2.0"), 24));
	assert_false(acl_permits_route(cfg, "10", ip("10.3.0.0"), 16)); /* implicit deny */
	assert_true(acl_permits_route(cfg, "1300", ip("203.0.113.0"), 24));
	assert_false(acl_permits_route(cfg, "EDGE", ip("172.16.9.0"), 24)); /* seq 5 first */
	assert_true(acl_permits_route(cfg, "EDGE", ip("172.31.0.0"), 16));
	assert_false(acl_permits_route(cfg, "EDGE", ip("172.32.0.0"), 16)); /* outside 0.15.255.255 */
	assert_true(acl_permits_route(cfg, "NOSUCH", ip("1.2.3.0"), 24));   /* undefined: matches all */
}

static void test_prefix_list_eval(void **state)
{
	const struct config *cfg = running(*state);

	assert_true(prefix_list_permits(cfg, "PL", ip("10.0.0.0"), 8));	     /* le 24 includes /8 itself */
	assert_true(prefix_list_permits(cfg, "PL", ip("10.5.0.0"), 24));     /* seq 5 decides before seq 12 */
	assert_false(prefix_list_permits(cfg, "PL", ip("10.1.0.0"), 25));    /* longer than le */
	assert_false(prefix_list_permits(cfg, "PL", ip("11.0.0.0"), 8));     /* implicit deny */
	assert_false(prefix_list_permits(cfg, "PL", ip("192.168.0.0"), 16)); /* shorter than ge */
	assert_true(prefix_list_permits(cfg, "PL", ip("192.168.7.0"), 24));
	assert_true(prefix_list_permits(cfg, "PL", ip("192.168.7.128"), 32)); /* ge alone reaches /32 */
	assert_false(prefix_list_permits(cfg, "PL", ip("192.169.0.0"), 24));
	assert_true(prefix_list_permits(cfg, "EMPTY", ip("1.0.0.0"), 8)); /* empty: permits all */
	assert_true(prefix_list_permits(cfg, "NOSUCH", ip("1.0.0.0"), 8));
}

/* ge/le edges one entry at a time: exact length without them, [ge, 32] with ge, [len, le] with le. */
static void test_entry_ranges(void **state)
{
	struct pfx_entry exact = {.pe_prefix = ip("10.0.0.0"), .pe_plen = 8};
	struct pfx_entry ge = {.pe_prefix = ip("10.0.0.0"), .pe_plen = 8, .pe_ge = 16};
	struct pfx_entry le = {.pe_prefix = ip("10.0.0.0"), .pe_plen = 8, .pe_le = 9};
	struct pfx_entry all = {.pe_prefix = 0, .pe_plen = 0, .pe_le = 32};

	(void)state;
	assert_true(pfx_entry_matches(&exact.pe_node, ip("10.0.0.0"), 8));
	assert_false(pfx_entry_matches(&exact.pe_node, ip("10.0.0.0"), 9));
	assert_false(pfx_entry_matches(&ge.pe_node, ip("10.1.0.0"), 15));
	assert_true(pfx_entry_matches(&ge.pe_node, ip("10.1.0.0"), 16));
	assert_true(pfx_entry_matches(&ge.pe_node, ip("10.1.0.1"), 32));
	assert_true(pfx_entry_matches(&le.pe_node, ip("10.128.0.0"), 9));
	assert_false(pfx_entry_matches(&le.pe_node, ip("10.128.0.0"), 10));
	assert_false(pfx_entry_matches(&le.pe_node, ip("11.0.0.0"), 8));
	assert_true(pfx_entry_matches(&all.pe_node, ip("0.0.0.0"), 0));
	assert_true(pfx_entry_matches(&all.pe_node, ip("255.255.255.255"), 32));
}

static void config_mode(struct rfx *f)
{
	rfx_exec(f, "configure terminal");
}

/* IOS refuses ge <= len and le < ge with its message, and numbered lists outside 1-99 and 1300-1999. */
static void test_refusals(void **state)
{
	struct rfx *f = *state;
	const char *bad = "% Invalid prefix range for 10.0.0.0/8, make sure: len < ge-value <= le-value";

	config_mode(f);
	assert_non_null(strstr(rfx_exec_rc(f, "ip prefix-list X permit 10.0.0.0/8 ge 8", CLI_ERR_FAILED), bad));
	assert_non_null(strstr(rfx_exec_rc(f, "ip prefix-list X permit 10.0.0.0/8 ge 20 le 19", CLI_ERR_FAILED), bad));
	assert_non_null(strstr(rfx_exec_rc(f, "ip prefix-list X permit 10.0.0.0/8 le 8", CLI_ERR_FAILED), bad));
	assert_null(prefix_list_lookup(running(f), "X"));
	rfx_exec_rc(f, "access-list 100 permit any", CLI_ERR_INVALID);
	rfx_exec_rc(f, "access-list 2000 permit any", CLI_ERR_INVALID);
	rfx_exec(f, "ip prefix-list X permit 10.0.0.0/8 ge 9 le 9");
	assert_non_null(prefix_list_lookup(running(f), "X"));
	/* no sequence number past the grammar's last: refused, not wrapped or unreadable */
	const char *full = "% No sequence number left after the last entry: give one";
	rfx_exec(f, "ip prefix-list X seq 4294967294 permit 11.0.0.0/8");
	assert_non_null(strstr(rfx_exec_rc(f, "ip prefix-list X permit 12.0.0.0/8", CLI_ERR_FAILED), full));
	rfx_exec(f, "ip access-list standard BIG");
	rfx_exec(f, "2147483647 permit any");
	assert_non_null(strstr(rfx_exec_rc(f, "deny host 10.1.1.1", CLI_ERR_FAILED), full));
}

/* no forms: a numbered list goes whole, a named entry by sequence or by its words, a prefix list by seq. */
static void test_removals(void **state)
{
	struct rfx *f = *state;
	const struct seq_list *edge;

	config_mode(f);
	rfx_exec(f, "no access-list 10 permit 10.1.0.0 0.0.255.255");
	assert_null(acl_lookup(running(f), "10"));
	rfx_exec(f, "ip access-list standard EDGE");
	rfx_exec(f, "no 5");
	rfx_exec(f, "no deny any");
	rfx_exec(f, "permit 172.16.0.0 0.15.255.255"); /* present already: nothing new */
	edge = acl_lookup(running(f), "EDGE");
	assert_non_null(edge->sl_head);
	assert_int_equal(edge->sl_head->sn_seq, 10);
	assert_null(edge->sl_head->sn_next);
	rfx_exec(f, "exit");
	rfx_exec(f, "no ip prefix-list PL seq 12");
	assert_null(seq_node_find(prefix_list_lookup(running(f), "PL"), 12));
	rfx_exec(f, "no ip prefix-list PL");
	assert_null(prefix_list_lookup(running(f), "PL"));
	rfx_exec(f, "no ip access-list standard EDGE");
	assert_null(acl_lookup(running(f), "EDGE"));
}

/* A route-map entry matches when one of its access lists and one of its prefix lists permit the route. */
static void test_routemap_match(void **state)
{
	const struct config *cfg = running(*state);
	struct rmap_route in = {.rr_prefix = ip("10.1.5.0"), .rr_plen = 24};
	struct rmap_route acl_only = {.rr_prefix = ip("10.1.5.0"), .rr_plen = 28};
	struct rmap_route neither = {.rr_prefix = ip("10.3.0.0"), .rr_plen = 16};

	assert_true(routemap_permits(cfg, "RM", &in));
	assert_false(routemap_permits(cfg, "RM", &acl_only)); /* the prefix list's le 24 fails */
	assert_false(routemap_permits(cfg, "RM", &neither));
}

/* "no match ip address prefix-list" drops the prefix lists only; "no match ip address 10" one access list. */
static void test_routemap_no_match(void **state)
{
	struct rfx *f = *state;
	const struct rmap_entry *re = routemap_lookup(running(f), "RM")->rm_entries;

	config_mode(f);
	rfx_exec(f, "route-map RM permit 10");
	rfx_exec(f, "no match ip address prefix-list");
	assert_int_equal(re->re_plists.rn_n, 0);
	assert_int_equal(re->re_acls.rn_n, 2);
	rfx_exec(f, "no match ip address 10");
	assert_int_equal(re->re_acls.rn_n, 1);
	assert_string_equal(re->re_acls.rn_v[0], "EDGE");
}

/* The counters in IOS's layouts, and the same facts in JSON. */
static void test_show(void **state)
{
	struct rfx *f = *state;
	const struct config *cfg = running(f);

	for (int i = 0; i < 3; i++)
		acl_permits_route(cfg, "10", ip("10.1.0.0"), 16);
	acl_permits_route(cfg, "10", ip("10.2.2.2"), 32);
	prefix_list_permits(cfg, "PL", ip("10.0.0.0"), 8);
	assert_string_equal(rfx_exec(f, "show ip access-lists 10"),
			    "Standard IP access list 10\n"
			    "    10 permit 10.1.0.0, wildcard bits 0.0.255.255 (3 matches)\n"
			    "    20 deny   10.2.2.2 (1 match)\n"
			    "    30 permit 10.2.0.0, wildcard bits 0.0.255.255\n");
	assert_string_equal(rfx_exec(f, "show ip prefix-list PL"), "ip prefix-list PL: 3 entries\n"
								   "   Description: customer routes\n"
								   "   seq 5 permit 10.0.0.0/8 le 24\n"
								   "   seq 12 deny 10.5.0.0/16 ge 20 le 22\n"
								   "   seq 17 permit 192.168.0.0/16 ge 24\n");
	assert_non_null(
	    strstr(rfx_exec(f, "show ip prefix-list detail PL"), "seq 5 permit 10.0.0.0/8 le 24 (hit count: 1)"));
	assert_non_null(strstr(rfx_exec(f, "show ip access-lists"), "Standard IP access list EDGE\n    5 deny   "));
	rfx_exec(f, "clear ip access-list counters 10");
	assert_null(strstr(rfx_exec(f, "show ip access-lists 10"), "match"));
	rfx_exec(f, "clear ip prefix-list");
	assert_non_null(strstr(rfx_exec(f, "show ip prefix-list detail PL"), "le 24 (hit count: 0)"));
}

static struct json_object *field(struct json_object *o, const char *key)
{
	struct json_object *v = NULL;

	assert_true(json_object_object_get_ex(o, key, &v));
	return v;
}

static void test_show_json(void **state)
{
	struct rfx *f = *state;
	struct json_object *doc, *e;

	acl_permits_route(running(f), "10", ip("10.2.2.2"), 32);
	f->rf_s.s_format = PIPE_FMT_JSON;
	doc = json_tokener_parse(rfx_exec(f, "show ip access-lists 10"));
	assert_non_null(doc);
	assert_int_equal(json_object_array_length(field(doc, "access_lists")), 1);
	e = json_object_array_get_idx(field(json_object_array_get_idx(field(doc, "access_lists"), 0), "entries"), 1);
	assert_int_equal(json_object_get_int(field(e, "seq")), 20);
	assert_string_equal(json_object_get_string(field(e, "action")), "deny");
	assert_string_equal(json_object_get_string(field(e, "match")), "10.2.2.2");
	assert_int_equal(json_object_get_int(field(e, "hits")), 1);
	json_object_put(doc);
	doc = json_tokener_parse(rfx_exec(f, "show ip prefix-list"));
	assert_non_null(doc);
	e = json_object_array_get_idx(field(doc, "prefix_lists"), 0);
	assert_string_equal(json_object_get_string(field(e, "description")), "customer routes");
	assert_int_equal(json_object_array_length(field(e, "entries")), 3);
	json_object_put(doc);
	f->rf_s.s_format = PIPE_FMT_TEXT;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_print_reparse, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_acl_eval, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_prefix_list_eval, setup, teardown),
	    cmocka_unit_test(test_entry_ranges),
	    cmocka_unit_test_setup_teardown(test_refusals, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_removals, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_routemap_match, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_routemap_no_match, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_show, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_show_json, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
