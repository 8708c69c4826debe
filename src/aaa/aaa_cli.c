/* AAA: aaa new-model and the method lists of aaa authentication / aaa authorization. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aaa/aaa.h"
#include "config/modes.h"
#include "config/order.h"

struct aaa_cfg {
	bool ac_new_model;
	struct aaa_list *ac_lists; /* creation order */
};

/* The words after "aaa" that name a list kind, by enum aaa_list_kind. */
static const char *const kind_words[AAA_KIND_COUNT] = {
    [AAA_AUTHEN_LOGIN] = "authentication login",
    [AAA_AUTHOR_NETWORK] = "authorization network",
    [AAA_AUTHOR_EXEC] = "authorization exec",
    [AAA_AUTHOR_CONFIGURATION] = "authorization configuration",
};

static const char *const method_words[] = {
    [AAA_METHOD_LOCAL] = "local",
    [AAA_METHOD_NONE] = "none",
    [AAA_METHOD_ENABLE] = "enable",
    [AAA_METHOD_GROUP] = "group",
};

static void list_free(struct aaa_list *l)
{
	for (unsigned i = 0; i < l->al_nmethods; i++)
		free(l->al_methods[i].am_group);
	free(l->al_name);
	free(l);
}

static void lists_clear(struct aaa_cfg *ac)
{
	for (struct aaa_list *l = ac->ac_lists, *n; l; l = n) {
		n = l->al_next;
		list_free(l);
	}
	ac->ac_lists = NULL;
}

static void *aaa_new(struct config *cfg)
{
	return calloc(1, sizeof(struct aaa_cfg));
}

static void aaa_free(void *data)
{
	lists_clear(data);
	free(data);
}

static struct cfg_module aaa_module = {.cm_name = "aaa", .cm_new = aaa_new, .cm_free = aaa_free};

static struct aaa_cfg *aaa_of(const struct config *cfg)
{
	return cfg_mod(cfg, &aaa_module);
}

bool aaa_new_model(const struct config *cfg)
{
	return aaa_of(cfg)->ac_new_model;
}

/* The link that points at the list, so that it can be replaced or unlinked. */
static struct aaa_list **list_link(struct aaa_cfg *ac, enum aaa_list_kind kind, const char *name)
{
	struct aaa_list **pp = &ac->ac_lists;

	while (*pp && ((*pp)->al_kind != kind || strcmp((*pp)->al_name, name) != 0))
		pp = &(*pp)->al_next;
	return pp;
}

const struct aaa_list *aaa_list_find(const struct config *cfg, enum aaa_list_kind kind, const char *name)
{
	return *list_link(aaa_of(cfg), kind, name);
}

static int method_kind(const char *word)
{
	for (size_t i = 0; i < sizeof(method_words) / sizeof(method_words[0]); i++)
		if (strcmp(method_words[i], word) == 0)
			return (int)i;
	return -1;
}

/* Builds the list from the arguments: each "method" word, with the "group" name after a group method. */
static struct aaa_list *list_from_args(enum aaa_list_kind kind, const struct cli_args *a)
{
	struct aaa_list *l = calloc(1, sizeof(*l));

	if (!l || !(l->al_name = strdup(cli_arg(a, "list"))))
		goto fail;
	l->al_kind = kind;
	for (unsigned i = 0; i < a->a_n; i++) {
		const struct cli_arg *arg = &a->a_v[i];
		if (strcmp(arg->ca_name, "method") == 0 && l->al_nmethods < AAA_MAX_METHODS)
			l->al_methods[l->al_nmethods++].am_kind = (enum aaa_method_kind)method_kind(arg->ca_value);
		else if (strcmp(arg->ca_name, "group") == 0 && l->al_nmethods &&
			 !(l->al_methods[l->al_nmethods - 1].am_group = strdup(arg->ca_value)))
			goto fail;
	}
	return l;
fail:
	if (l)
		list_free(l);
	return NULL;
}

static int run_new_model(struct cli_ctx *c, const struct cli_args *a)
{
	struct aaa_cfg *ac = aaa_of(cfg_of(c));

	ac->ac_new_model = !a->a_negate;
	/* without AAA the method lists cannot exist: IOS drops them */
	if (a->a_negate)
		lists_clear(ac);
	return 0;
}

/* Adds, replaces or (for "no") removes one method list. */
static int list_set(struct cli_ctx *c, const struct cli_args *a, enum aaa_list_kind kind)
{
	struct aaa_cfg *ac = aaa_of(cfg_of(c));
	struct aaa_list **pp = list_link(ac, kind, cli_arg(a, "list")), *l = NULL;

	if (!ac->ac_new_model)
		return cli_fail(c, "AAA is not enabled: configure \"aaa new-model\" first");
	if (!a->a_negate && !(l = list_from_args(kind, a)))
		return cli_fail(c, "Out of memory");
	if (*pp) {
		struct aaa_list *old = *pp;
		if (l)
			l->al_next = old->al_next;
		*pp = l ? l : old->al_next;
		list_free(old);
	} else if (l) {
		*pp = l;
	}
	return 0;
}

/* The kind whose last word was typed: "login", "network", "exec" or "configuration". */
static enum aaa_list_kind kind_of(const char *word)
{
	int kind = 0;

	while (kind < AAA_KIND_COUNT - 1 && strcmp(strchr(kind_words[kind], ' ') + 1, word) != 0)
		kind++;
	return (enum aaa_list_kind)kind;
}

static int run_list(struct cli_ctx *c, const struct cli_args *a)
{
	return list_set(c, a, kind_of(cli_arg(a, "kind")));
}

static void print_list(struct cli_writer *w, const struct aaa_list *l)
{
	char buf[CLI_MAX_LINE] = "";
	size_t n = 0;

	for (unsigned i = 0; i < l->al_nmethods && n < sizeof(buf); i++) {
		const struct aaa_method *m = &l->al_methods[i];
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, " %s%s%s", method_words[m->am_kind],
				      m->am_group ? " " : "", m->am_group ? m->am_group : "");
	}
	cli_line(w, "aaa %s %s%s", kind_words[l->al_kind], l->al_name, buf);
}

static void print_aaa(struct cli_writer *w, const void *obj)
{
	const struct aaa_cfg *ac = aaa_of(obj);

	if (!ac->ac_new_model)
		return;
	cli_line(w, "aaa new-model");
	for (int kind = 0; kind < AAA_KIND_COUNT; kind++)
		for (const struct aaa_list *l = ac->ac_lists; l; l = l->al_next)
			if (l->al_kind == (enum aaa_list_kind)kind)
				print_list(w, l);
}

#define LIST_NAME     "(default$list|WORD$list)"
#define AUTHEN_METHOD "(local$method|none$method|enable$method|group$method WORD$group)"
#define AUTHEN_METHOD_HELP                                                                                             \
	"Use local username authentication.\nNO authentication.\nUse enable password for authentication.\nUse "        \
	"Server-group\nServer-group name\n"
#define AUTHOR_METHOD "(local$method|none$method|group$method WORD$group)"
#define AUTHOR_METHOD_HELP                                                                                             \
	"Use local database.\nNo authorization (always succeeds).\nUse server-group.\nServer-group name\n"

static struct cli_cmd aaa_cmds[] = {
    {.cc_syntax = "aaa new-model",
     .cc_help = "Authentication, Authorization and Accounting.\nEnable NEW access control commands and functions."
		"(Disables OLD commands.)",
     .cc_modes = CLI_MODE(MODE_CONFIG),
     .cc_flags = CLI_NEGATE,
     .cc_run = run_new_model,
     .cc_print = print_aaa,
     .cc_order = ORD_AAA},
    {.cc_syntax = "aaa authentication login$kind " LIST_NAME " " AUTHEN_METHOD " [" AUTHEN_METHOD "]",
     .cc_help = "Authentication, Authorization and Accounting.\nAuthentication configurations parameters.\nSet "
		"authentication lists for logins.\nThe default authentication list.\nNamed authentication "
		"list.\n" AUTHEN_METHOD_HELP AUTHEN_METHOD_HELP,
     .cc_no_syntax = "aaa authentication login$kind " LIST_NAME " [" AUTHEN_METHOD " [" AUTHEN_METHOD "]]",
     .cc_modes = CLI_MODE(MODE_CONFIG),
     .cc_flags = CLI_NEGATE,
     .cc_run = run_list},
    {.cc_syntax = "aaa authorization (network$kind|exec$kind|configuration$kind) " LIST_NAME " " AUTHOR_METHOD
		  " [" AUTHOR_METHOD "]",
     .cc_help = "Authentication, Authorization and Accounting.\nAuthorization configurations parameters.\nFor "
		"network services. (PPP, SLIP, ARAP)\nFor starting an exec (shell).\nFor downloading "
		"configurations from AAA server\nThe default authorization list.\nNamed authorization "
		"list.\n" AUTHOR_METHOD_HELP AUTHOR_METHOD_HELP,
     .cc_no_syntax = "aaa authorization (network$kind|exec$kind|configuration$kind) " LIST_NAME " [" AUTHOR_METHOD
		     " [" AUTHOR_METHOD "]]",
     .cc_modes = CLI_MODE(MODE_CONFIG),
     .cc_flags = CLI_NEGATE,
     .cc_run = run_list},
};

void aaa_cli_init(struct cli_tree *t)
{
	cfg_module_register(&aaa_module);
	cli_cmds_add(t, aaa_cmds, sizeof(aaa_cmds) / sizeof(aaa_cmds[0]));
}
