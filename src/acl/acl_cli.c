/* access-list and ip access-list standard: the commands and their running-config lines. */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "acl/acl.h"
#include "config/modes.h"
#include "config/order.h"

#define ACL_NUMS     "(<1-99>$num|<1300-1999>$num)"
#define ACL_SEQ	     "<1-2147483647>"
#define ACL_SEQ_STEP 10 /* IOS numbers entries without a sequence 10, 20, ... */
#define ACL_SEQ_MAX  2147483647
#define ACL_SPEC     "(permit|deny) (A.B.C.D$addr [A.B.C.D$wild]|host A.B.C.D$hostaddr|any)"
#define ACL_SPEC_HELP                                                                                                  \
	"Specify packets to forward\nSpecify packets to reject\nAddress to match\nWildcard bits\nA single host "       \
	"address\nHost address\nAny source host"

static uint32_t addr_arg(const struct cli_args *a, const char *name)
{
	struct in_addr in = {0};

	inet_pton(AF_INET, cli_arg(a, name), &in); /* the grammar took A.B.C.D only */
	return ntohl(in.s_addr);
}

/* The entry the arguments describe; the address is masked as IOS does ("10.1.2.3 0.0.255.255" is 10.1.0.0). */
static struct acl_entry acl_entry_of(const struct cli_args *a)
{
	struct acl_entry ae = {.ae_node = {.sn_permit = cli_has(a, "permit")}};

	if (cli_has(a, "any"))
		ae.ae_wild = UINT32_MAX;
	else if (cli_has(a, "host"))
		ae.ae_addr = addr_arg(a, "hostaddr");
	else {
		ae.ae_wild = cli_has(a, "wild") ? addr_arg(a, "wild") : 0;
		ae.ae_addr = addr_arg(a, "addr") & ~ae.ae_wild;
	}
	return ae;
}

static struct acl_entry *acl_entry_same(const struct seq_list *sl, const struct acl_entry *want)
{
	for (struct seq_node *sn = sl->sl_head; sn; sn = sn->sn_next) {
		struct acl_entry *ae = (struct acl_entry *)sn;
		if (sn->sn_permit == want->ae_node.sn_permit && ae->ae_addr == want->ae_addr &&
		    ae->ae_wild == want->ae_wild)
			return ae;
	}
	return NULL;
}

/* Adds the entry at seq (0: after the last); the same entry again changes nothing, as on IOS. */
static int acl_add(struct cli_ctx *c, struct seq_list *sl, const struct cli_args *a, uint32_t seq)
{
	struct acl_entry want = acl_entry_of(a), *ae;

	if (acl_entry_same(sl, &want))
		return 0;
	if (seq && seq_node_find(sl, seq))
		return cli_fail(c, "Duplicate sequence number");
	if (!seq && !(seq = seq_next(sl, ACL_SEQ_STEP, ACL_SEQ_MAX)))
		return cli_fail(c, "No sequence number left after the last entry: give one");
	if (!(ae = malloc(sizeof(*ae))))
		return cli_fail(c, "Out of memory");
	*ae = want;
	ae->ae_node.sn_seq = seq;
	seq_node_insert(sl, &ae->ae_node);
	return 0;
}

/* "no access-list N ..." removes the whole list, whatever follows the number: IOS's behaviour. */
/* The list named name: deleted for a "no" form (NULL, *rc 0), else found or made (NULL: *rc the refusal). */
static struct seq_list *acl_list(struct cli_ctx *c, const struct cli_args *a, const char *name, int *rc)
{
	struct seq_list *sl = seq_list_find(cfg_of(c), &acl_module, name);

	*rc = 0;
	if (a->a_negate) {
		if (sl)
			seq_list_delete(cfg_of(c), &acl_module, sl);
		return NULL;
	}
	if (!sl && !(sl = seq_list_get(cfg_of(c), &acl_module, name)))
		*rc = cli_fail(c, "Out of memory");
	return sl;
}

static int run_access_list(struct cli_ctx *c, const struct cli_args *a)
{
	int rc;
	struct seq_list *sl = acl_list(c, a, cli_arg(a, "num"), &rc);

	return sl ? acl_add(c, sl, a, 0) : rc;
}

static int run_ip_access_list(struct cli_ctx *c, const struct cli_args *a)
{
	int rc;
	struct seq_list *sl = acl_list(c, a, cli_arg(a, "WORD"), &rc);

	if (sl)
		cli_enter(c, MODE_ACL_STD, sl);
	return rc;
}

/* In the named mode: [SEQ] permit|deny ..., no SEQ, no permit|deny ... */
static int run_acl_entry(struct cli_ctx *c, const struct cli_args *a)
{
	struct seq_list *sl = cli_obj(c);
	uint32_t seq = (uint32_t)cli_arg_num(a, ACL_SEQ, 0);
	struct seq_node *sn;

	if (!a->a_negate)
		return acl_add(c, sl, a, seq);
	if (seq && !cli_has(a, "permit") && !cli_has(a, "deny"))
		sn = seq_node_find(sl, seq);
	else {
		struct acl_entry want = acl_entry_of(a);
		sn = (struct seq_node *)acl_entry_same(sl, &want);
	}
	if (sn)
		seq_node_delete(sl, sn);
	return 0;
}

static void print_acl_entries(struct cli_writer *w, const void *obj)
{
	const struct seq_list *sl = obj;
	char spec[64];

	for (const struct seq_node *sn = sl->sl_head; sn; sn = sn->sn_next) {
		acl_entry_spec((const struct acl_entry *)sn, false, spec, sizeof(spec));
		cli_line(w, "%u %s %s", sn->sn_seq, sn->sn_permit ? "permit" : "deny", spec);
	}
}

static void print_named_acls(struct cli_writer *w, const void *obj)
{
	for (struct omap_iter it = omap_begin(acl_all(obj)); omap_next(&it);) {
		const struct seq_list *sl = it.oi_val;
		if (acl_name_is_numbered(sl->sl_name))
			continue;
		cli_line(w, "ip access-list standard %s", sl->sl_name);
		cli_block(w, MODE_ACL_STD, sl);
		cli_sep(w);
	}
}

/* Numbered lists print in IOS's one-line form, without sequence numbers: re-read, they number in order again. */
static void print_numbered_acls(struct cli_writer *w, const void *obj)
{
	bool printed = false;
	char spec[64];

	for (struct omap_iter it = omap_begin(acl_all(obj)); omap_next(&it);) {
		const struct seq_list *sl = it.oi_val;
		if (!acl_name_is_numbered(sl->sl_name))
			continue;
		printed = true;
		if (!sl->sl_head) /* the one-line form cannot say it exists: empty, it denies every route */
			cli_line(w, "ip access-list standard %s", sl->sl_name);
		for (const struct seq_node *sn = sl->sl_head; sn; sn = sn->sn_next) {
			acl_entry_spec((const struct acl_entry *)sn, false, spec, sizeof(spec));
			cli_line(w, "access-list %s %s %s", sl->sl_name, sn->sn_permit ? "permit" : "deny", spec);
		}
	}
	if (printed)
		cli_sep(w);
}

static struct cli_cmd acl_cmds[] = {
    {.cc_syntax = "access-list " ACL_NUMS " " ACL_SPEC,
     .cc_help =
	 "Add an access list entry\nIP standard access list\nIP standard access list (expanded range)\n" ACL_SPEC_HELP,
     .cc_no_syntax = "access-list " ACL_NUMS,
     .cc_modes = CLI_MODE(MODE_CONFIG),
     .cc_flags = CLI_NEGATE,
     .cc_run = run_access_list,
     .cc_print = print_numbered_acls,
     .cc_order = ORD_ACCESS_LIST},
    {.cc_syntax = "ip access-list standard WORD",
     .cc_help = "Global IP configuration subcommands\nNamed access-list\nStandard Access List\nAccess-list name",
     .cc_modes = CLI_MODE(MODE_CONFIG),
     .cc_flags = CLI_NEGATE,
     .cc_run = run_ip_access_list,
     .cc_print = print_named_acls,
     .cc_order = ORD_IP_ACCESS_LIST},
    {.cc_syntax = ACL_SPEC,
     .cc_help = ACL_SPEC_HELP,
     .cc_modes = CLI_MODE(MODE_ACL_STD),
     .cc_flags = CLI_NEGATE,
     .cc_run = run_acl_entry,
     .cc_print = print_acl_entries,
     .cc_order = 1},
    {.cc_syntax = ACL_SEQ " " ACL_SPEC,
     .cc_help = "Sequence Number\n" ACL_SPEC_HELP,
     .cc_no_syntax = ACL_SEQ,
     .cc_modes = CLI_MODE(MODE_ACL_STD),
     .cc_flags = CLI_NEGATE,
     .cc_run = run_acl_entry},
};

void acl_cli_init(struct cli_tree *t)
{
	cfg_module_register(&acl_module);
	cli_cmds_add(t, acl_cmds, sizeof(acl_cmds) / sizeof(acl_cmds[0]));
}
