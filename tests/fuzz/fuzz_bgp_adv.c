/*
 * libFuzzer harness: the input is one BGP message. An UPDATE that decodes
 * short of treat-as-withdraw becomes a peer's paths in a BGP table, as
 * ferryd takes received routes; what ferryd would then advertise of them
 * (to an eBGP peer: AS prepended, next hop rewritten; to an iBGP peer with
 * next-hop-self; both with every community), together with the withdrawal
 * of every route, must encode and decode again with no error at all: what
 * ferryd sends is never what it would itself refuse. A crash, a leak, a
 * sanitizer report or an abort() here is a bug.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bgp/bgp_adv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int peer; /* the source of the paths */

static const struct bgp_codec from_ebgp = {.bc_as4 = true, .bc_ebgp = true};
static const struct bgp_codec to_ibgp = {.bc_as4 = true};
static const struct bgp_adv_policy ebgp = {.ap_local_as = 65001,
					   .ap_ebgp = true,
					   .ap_local_addr = 0x0a000001,
					   .ap_family = {true, true},
					   .ap_send_community = {3, 3}};
static const struct bgp_adv_policy ibgp = {.ap_local_as = 65001,
					   .ap_local_addr = 0x0a000001,
					   .ap_family = {true, true},
					   .ap_send_community = {3, 3},
					   .ap_next_hop_self = {true, true}};

/* The send callback: every message ferryd would send decodes cleanly (arg: the receiver's codec). */
static int decode_sent(void *arg, const uint8_t *buf, size_t len)
{
	struct bgp_errors errs;
	struct bgp_msg m;

	if (bgp_msg_decode(buf, len, arg, &m, &errs) != BGP_ACT_NONE) {
		fprintf(stderr, "an advertised UPDATE does not decode cleanly:\n");
		bgp_error_print(stderr, &errs.bes_worst);
		bgp_msg_print(stderr, &m);
		abort();
	}
	bgp_msg_free(&m);
	return 0;
}

static void take(struct bgp_table *t, enum bgp_family f, const struct bgp_nlri_list *l, struct bgp_pattr *pa,
		 uint32_t next_hop)
{
	for (size_t i = 0; i < l->bnl_n; i++) {
		struct bgp_dest *d = bgp_table_get(t, f, &l->bnl_v[i]);
		struct bgp_path *p = d ? bgp_path_new(pa) : NULL;
		if (!p)
			abort();
		p->pa_src = &peer;
		p->pa_ebgp = true;
		p->pa_next_hop = next_hop;
		p->pa_nlabels = l->bnl_v[i].bn_nlabels;
		memcpy(p->pa_labels, l->bnl_v[i].bn_labels, sizeof(p->pa_labels));
		bgp_dest_set_path(t, d, p);
		d->de_best = bgp_best_select(d);
	}
}

static void advertise(const struct bgp_table *t, const struct bgp_adv_policy *ap, const struct bgp_codec *c)
{
	struct bgp_adv_batch b = {0};
	struct bgp_dest *d;

	for (struct bgp_table_iter it = {0}; (d = bgp_table_next(t, &it));) {
		uint32_t label = d->de_best->pa_nlabels ? d->de_best->pa_labels[0] : 16;
		if (bgp_adv_batch_add(&b, ap, d, d->de_best, label, NULL) < 0 || bgp_adv_batch_withdraw(&b, d) < 0)
			abort();
	}
	if (bgp_adv_batch_send(&b, ap, c, decode_sent, (void *)c) < 0)
		abort();
	bgp_adv_batch_free(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bgp_table t = {0};
	struct bgp_errors errs;
	struct bgp_msg m;
	enum bgp_action a = bgp_msg_decode(data, size, &from_ebgp, &m, &errs);

	if (a < BGP_ACT_TREAT_AS_WITHDRAW && m.bm_type == BGP_MSG_UPDATE) {
		const struct bgp_update *u = &m.bm_update;
		struct bgp_pattr *pa = bgp_pattr_new(&u->bu_attrs);
		if (!pa)
			abort();
		if (u->bu_mp_reach.bmp_present)
			take(&t, u->bu_mp_reach.bmp_family, &u->bu_mp_reach.bmp_nlri, pa, u->bu_mp_reach.bmp_next_hop);
		take(&t, BGP_FAMILY_IPV4_UNICAST, &u->bu_nlri, pa, u->bu_attrs.ba_next_hop);
		bgp_pattr_unref(pa);
		advertise(&t, &ebgp, &from_ebgp);
		advertise(&t, &ibgp, &to_ibgp);
	}
	bgp_table_clear(&t);
	bgp_msg_free(&m);
	return 0;
}
