/* ip prefix-list: the commands and their running-config lines. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acl/acl.h"
#include "config/modes.h"
#include "config/order.h"

#define PFX_SEQ	     "<1-4294967294>"
#define PFX_SEQ_STEP 5 /* IOS numbers entries without a sequence 5, 10, 15, ... */
#define PFX_SEQ_MAX  4294967294u

/* The entry the arguments describe, its prefix masked to its length; 0, or cli_fail's status for a range IOS
 * refuses. */
static int pfx_entry_of(struct cli_ctx *c, const struct cli_args *a, struct pfx_entry *pe)
{
	const char *spec = cli_arg(a, "A.B.C.D/M");
	char addr[INET_ADDRSTRLEN];
	struct in_addr in = {0};
	unsigned long plen;
	const char *slash = strchr(spec, '/');

	snprintf(addr, sizeof(addr), "%.*s", (int)(slash - spec), spec); /* the grammar took A.B.C.D/M only */
	inet_pton(AF_INET, addr, &in);
	plen = strtoul(slash + 1, NULL, 10);
	*pe = (struct pfx_entry){.pe_node = {.sn_permit = cli_has(a, "permit")},
				 .pe_plen = (uint8_t)plen,
				 .pe_ge = (uint8_t)cli_arg_num(a, "ge-value", 0),
				 .pe_le = (uint8_t)cli_arg_num(a, "le-value", 0)};
	pe->pe_prefix = plen ? ntohl(in.s_addr) & (~UINT32_C(0) << (32 - plen)) : 0;
	if ((pe->pe_ge && pe->pe_ge <= pe->pe_plen) ||
	    (pe->pe_le && pe->pe_le < (pe->pe_ge ? pe->pe_ge : pe->pe_plen + 1)))
		return cli_fail(c, "Invalid prefix range for %s, make sure: len < ge-value <= le-value", spec);
	return 0;
}

static bool pfx_entry_same(const struct pfx_entry *x, const struct pfx_entry *y)
{
	return x->pe_node.sn_permit == y->pe_node.sn_permit && x->pe_prefix == y->pe_prefix &&
	       x->pe_plen == y->pe_plen && x->pe_ge == y->pe_ge && x->pe_le == y->pe_le;
}

static bool pfx_list_has(const struct seq_list *sl, const struct pfx_entry *want)
{
	for (const struct seq_node *sn = sl->sl_head; sn; sn = sn->sn_next)
		if (pfx_entry_same((const struct pfx_entry *)sn, want))
			return true;
	return false;
}

/* An entry at its sequence (replacing one there), or after the last; the same entry again changes nothing. */
static int pfx_add(struct cli_ctx *c, const struct cli_args *a)
{
	struct pfx_entry want, *pe;
	struct seq_list *sl;
	uint32_t seq;
	int rc = pfx_entry_of(c, a, &want);

	if (rc)
		return rc;
	if (!(sl = seq_list_get(cfg_of(c), &prefix_list_module, cli_arg(a, "WORD"))))
		return cli_fail(c, "Out of memory");
	if (pfx_list_has(sl, &want))
		return 0;
	if (!(seq = (uint32_t)cli_arg_num(a, PFX_SEQ, seq_next(sl, PFX_SEQ_STEP, PFX_SEQ_MAX))))
		return cli_fail(c, "No sequence number left after the last entry: give one");
	if (!(pe = malloc(sizeof(*pe))))
		return cli_fail(c, "Out of memory");
	*pe = want;
	pe->pe_node.sn_seq = seq;
	seq_node_insert(sl, &pe->pe_node);
	return 0;
}

/* no ip prefix-list NAME [seq N]: the list, or one entry of it (the list goes with its last entry). */
static int pfx_remove(struct cli_ctx *c, const struct cli_args *a)
{
	struct seq_list *sl = seq_list_find(cfg_of(c), &prefix_list_module, cli_arg(a, "WORD"));
	struct seq_node *sn;

	if (!sl)
		return 0;
	if (cli_has(a, PFX_SEQ) && (sn = seq_node_find(sl, (uint32_t)cli_arg_num(a, PFX_SEQ, 0))))
		seq_node_delete(sl, sn);
	if (!cli_has(a, PFX_SEQ) || (!sl->sl_head && !sl->sl_description))
		seq_list_delete(cfg_of(c), &prefix_list_module, sl);
	return 0;
}

static int run_prefix_list(struct cli_ctx *c, const struct cli_args *a)
{
	return a->a_negate ? pfx_remove(c, a) : pfx_add(c, a);
}

static int run_description(struct cli_ctx *c, const struct cli_args *a)
{
	struct seq_list *sl = a->a_negate ? seq_list_find(cfg_of(c), &prefix_list_module, cli_arg(a, "WORD"))
					  : seq_list_get(cfg_of(c), &prefix_list_module, cli_arg(a, "WORD"));
	char *d = a->a_negate ? NULL : strdup(cli_arg(a, "LINE"));

	if (!sl || (!a->a_negate && !d)) {
		free(d);
		return a->a_negate ? 0 : cli_fail(c, "Out of memory");
	}
	free(sl->sl_description);
	sl->sl_description = d;
	return 0;
}

static void print_prefix_lists(struct cli_writer *w, const void *obj)
{
	bool printed = false;
	char spec[64];

	for (struct omap_iter it = omap_begin(prefix_list_all(obj)); omap_next(&it);) {
		const struct seq_list *sl = it.oi_val;
		if (sl->sl_description)
			cli_line(w, "ip prefix-list %s description %s", sl->sl_name, sl->sl_description);
		for (const struct seq_node *sn = sl->sl_head; sn; sn = sn->sn_next) {
			pfx_entry_spec((const struct pfx_entry *)sn, spec, sizeof(spec));
			cli_line(w, "ip prefix-list %s seq %u %s %s", sl->sl_name, sn->sn_seq,
				 sn->sn_permit ? "permit" : "deny", spec);
		}
		printed = true;
	}
	if (printed)
		cli_sep(w);
}

static struct cli_cmd prefix_list_cmds[] = {
    {.cc_syntax = "ip prefix-list WORD [seq " PFX_SEQ "] (permit|deny) A.B.C.D/M [ge <1-32>$ge-value] [le "
		  "<1-32>$le-value]",
     .cc_help = "Global IP configuration subcommands\nBuild a prefix list\nName of a prefix list\nsequence number of "
		"an entry\nSequence number\nSpecify packets to forward\nSpecify packets to reject\nIP prefix "
		"<network>/<length>, e.g., 35.0.0.0/8\nMinimum prefix length to be matched\nMinimum prefix "
		"length\nMaximum prefix length to be matched\nMaximum prefix length",
     .cc_no_syntax = "ip prefix-list WORD [seq " PFX_SEQ "]",
     .cc_modes = CLI_MODE(MODE_CONFIG),
     .cc_flags = CLI_NEGATE,
     .cc_run = run_prefix_list,
     .cc_print = print_prefix_lists,
     .cc_order = ORD_IP_PREFIX_LIST},
    {.cc_syntax = "ip prefix-list WORD description LINE",
     .cc_help = "Global IP configuration subcommands\nBuild a prefix list\nName of a prefix list\nPrefix-list "
		"specific description\nUp to 80 characters describing this prefix-list",
     .cc_no_syntax = "ip prefix-list WORD description",
     .cc_modes = CLI_MODE(MODE_CONFIG),
     .cc_flags = CLI_NEGATE,
     .cc_run = run_description},
};

void prefix_list_cli_init(struct cli_tree *t)
{
	cfg_module_register(&prefix_list_module);
	cli_cmds_add(t, prefix_list_cmds, sizeof(prefix_list_cmds) / sizeof(prefix_list_cmds[0]));
}
