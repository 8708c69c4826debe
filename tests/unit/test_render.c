/* show_render: one structured document printed as the command's text, as JSON and as XML. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <json-c/json.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "core/session.h"
#include "show/render.h"

struct fx {
	struct cli_tree *t;
	struct session s;
	char *out;
	size_t len;
};

static void out_append(void *arg, const char *buf, size_t len)
{
	struct fx *f = arg;

	f->out = realloc(f->out, f->len + len + 1);
	assert_non_null(f->out);
	memcpy(f->out + f->len, buf, len);
	f->len += len;
	f->out[f->len] = '\0';
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	if (!f)
		return -1;
	f->t = cli_tree_new();
	session_init(&f->s, f->t, NULL, NULL, 0);
	f->s.s_cli.c_out = out_append;
	f->s.s_cli.c_out_arg = f;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	session_fini(&f->s);
	cli_tree_free(f->t);
	free(f->out);
	free(f);
	return 0;
}

/* A "show ip interface brief"-like document; the strings test escaping in every format. */
static struct json_object *sample(void)
{
	struct json_object *doc = json_object_new_object(), *ifs = json_object_new_array();
	static const char *const names[] = {"Ethernet0/0", "Tunnel0"};

	for (int i = 0; i < 2; i++) {
		struct json_object *o = json_object_new_object();
		json_object_object_add(o, "interface", json_object_new_string(names[i]));
		json_object_object_add(o, "mtu", json_object_new_int(1500 - 100 * i));
		json_object_array_add(ifs, o);
	}
	json_object_object_add(doc, "hostname", json_object_new_string("R1"));
	json_object_object_add(doc, "note", json_object_new_string("a <b> & \"c\" http://x/y"));
	json_object_object_add(doc, "interfaces", ifs);
	json_object_object_add(doc, "nothing", NULL);
	return doc;
}

static void sample_text(struct cli_ctx *c, struct json_object *doc)
{
	struct json_object *ifs = show_arr(doc, "interfaces");

	cli_printf(c, "%s: %s\n", show_str(doc, "hostname"), show_str(doc, "note"));
	for (size_t i = 0; i < json_object_array_length(ifs); i++) {
		struct json_object *o = json_object_array_get_idx(ifs, i);
		cli_printf(c, "%-12s %lld\n", show_str(o, "interface"), show_int(o, "mtu"));
	}
}

static void render(struct fx *f, enum pipe_format fmt)
{
	f->s.s_format = fmt;
	show_render(&f->s.s_cli, "ip-interface-brief", sample(), sample_text);
	assert_non_null(f->out);
}

static void test_text(void **state)
{
	struct fx *f = *state;

	render(f, PIPE_FMT_TEXT);
	assert_string_equal(f->out, "R1: a <b> & \"c\" http://x/y\n"
				    "Ethernet0/0  1500\n"
				    "Tunnel0      1400\n");
}

static void test_json(void **state)
{
	struct fx *f = *state;
	struct json_object *back, *ifs, *v;

	render(f, PIPE_FMT_JSON);
	assert_int_equal(f->out[f->len - 1], '\n');
	assert_non_null(strstr(f->out, "http://x/y")); /* slashes are not escaped */
	back = json_tokener_parse(f->out);
	assert_non_null(back);
	assert_string_equal(show_str(back, "hostname"), "R1");
	assert_string_equal(show_str(back, "note"), "a <b> & \"c\" http://x/y");
	ifs = show_arr(back, "interfaces");
	assert_non_null(ifs);
	assert_int_equal(json_object_array_length(ifs), 2);
	assert_string_equal(show_str(json_object_array_get_idx(ifs, 1), "interface"), "Tunnel0");
	assert_int_equal(show_int(json_object_array_get_idx(ifs, 1), "mtu"), 1400);
	assert_true(json_object_object_get_ex(back, "nothing", &v));
	assert_null(v);
	json_object_put(back);
}

static void test_xml(void **state)
{
	struct fx *f = *state;
	xmlDocPtr doc;
	xmlNodePtr root, n;
	xmlChar *s;

	render(f, PIPE_FMT_XML);
	assert_int_equal(strncmp(f->out, "<?xml", 5), 0);
	doc = xmlReadMemory(f->out, (int)f->len, "show.xml", NULL, XML_PARSE_NONET);
	assert_non_null(doc);
	root = xmlDocGetRootElement(doc);
	assert_non_null(root);
	assert_string_equal((const char *)root->name, "ip-interface-brief");
	/* children in document order: hostname, note, interfaces, nothing */
	n = xmlFirstElementChild(root);
	assert_string_equal((const char *)n->name, "hostname");
	n = xmlNextElementSibling(n);
	s = xmlNodeGetContent(n);
	assert_string_equal((const char *)s, "a <b> & \"c\" http://x/y");
	xmlFree(s);
	n = xmlNextElementSibling(n);
	assert_string_equal((const char *)n->name, "interfaces");
	assert_int_equal(xmlChildElementCount(n), 2);
	assert_string_equal((const char *)xmlFirstElementChild(n)->name, "entry");
	s = xmlNodeGetContent(xmlFirstElementChild(xmlLastElementChild(n)));
	assert_string_equal((const char *)s, "Tunnel0");
	xmlFree(s);
	xmlFreeDoc(doc);
}

static void test_accessors(void **state)
{
	struct json_object *o = json_object_new_object();

	(void)state;
	json_object_object_add(o, "s", json_object_new_string("x"));
	json_object_object_add(o, "n", json_object_new_int64(1LL << 40));
	json_object_object_add(o, "null", NULL);
	assert_string_equal(show_str(o, "s"), "x");
	assert_string_equal(show_str(o, "missing"), "");
	assert_string_equal(show_str(o, "null"), "");
	assert_int_equal(show_int(o, "n"), 1LL << 40);
	assert_int_equal(show_int(o, "missing"), 0);
	assert_null(show_arr(o, "s"));
	assert_null(show_arr(o, "missing"));
	json_object_put(o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_text, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_json, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_xml, setup, teardown),
	    cmocka_unit_test(test_accessors),
	};
	return cmocka_run_group_tests_name("render", tests, NULL, NULL);
}
