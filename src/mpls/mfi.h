/*
 * The MPLS Forwarding Infrastructure: the label manager that BGP, NHRP,
 * IKEv2 and static bindings share, and the local labels the LFIB is
 * built from.
 *
 * A label is bound either to a VRF (per-VRF, "aggregate": pop and look the
 * packet up in the VRF) or to a prefix of a VRF or of the global table
 * (per-prefix). Asking for the label of a binding that exists returns the
 * same label: BGP and NHRP share a VRF's label, as the seed's step 10
 * describes. Each owner holds its own reference count on a label; the label
 * returns to the pool only when no owner holds a reference.
 *
 * Reuse: labels are handed out in increasing order from a cursor that wraps
 * at the end of the range, so a released label is not given a new meaning
 * before every other free label of the range was used (a peer that still
 * holds the old binding then misroutes nothing new).
 */
#ifndef FERRY_MPLS_MFI_H
#define FERRY_MPLS_MFI_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/omap.h"
#include "rib/keymap.h"

#define MFI_LABEL_EXPLICIT_NULL 0
#define MFI_LABEL_IMPLICIT_NULL 3
#define MFI_LABEL_DYNAMIC_MIN	16
#define MFI_LABEL_MAX		1048575
#define MFI_LABEL_NONE		0xffffffffu /* no label ("nolabel", "No Label") */

enum mfi_owner { MFI_OWNER_BGP, MFI_OWNER_NHRP, MFI_OWNER_IKEV2, MFI_OWNER_STATIC, MFI_OWNER_COUNT };

enum mfi_kind { MFI_PER_VRF, MFI_PER_PREFIX };

/*
 * The outgoing side of a local label as its owner sets it. Without one, a
 * per-prefix label follows the best route to its prefix (swap to the
 * route's labels, or pop); a per-VRF label always pops and looks up.
 */
struct mfi_out {
	uint32_t mo_label;     /* swap to it; MFI_LABEL_IMPLICIT_NULL: pop; MFI_LABEL_NONE: pop, forward as IP */
	struct in_addr mo_gw;  /* the next hop */
	const char *mo_ifname; /* the outgoing interface (copied); NULL: mo_gw resolves through the RIB */
	bool mo_global;	       /* mo_gw resolves in the global table rather than the label's VRF */
};

struct mfi_label {
	uint32_t ml_label;
	enum mfi_kind ml_kind;
	const char *ml_vrf;	  /* NULL: the global table */
	struct in_addr ml_prefix; /* per-prefix */
	uint8_t ml_plen;
	uint32_t ml_refs[MFI_OWNER_COUNT];
	struct mfi_out *ml_out; /* NULL: derived (see struct mfi_out) */
	uint64_t ml_key;	/* its binding's key in mf_bindings */
};

struct mfi_vrf;

struct mfi {
	struct keymap mf_labels;   /* label -> struct mfi_label */
	struct keymap mf_bindings; /* binding key -> struct mfi_label */
	struct omap *mf_vrfs;	   /* VRF name -> struct mfi_vrf (its number in binding keys) */
	uint32_t mf_nvrfs;
	uint32_t mf_min, mf_max;   /* the dynamic range */
	uint32_t mf_next;	   /* where the next allocation starts looking */
	uint64_t mf_version;	   /* changes with every binding and outgoing side */
	struct keymap mf_dirty;	   /* labels bound, freed or given an outgoing side since the FIB looked */
	struct keymap mf_explicit; /* labels with an owner's outgoing side: label -> struct mfi_label */
	bool mf_overflow;	   /* a change could not be remembered: the FIB must look at every label */
	/* Where the outgoing sides resolve through the RIB (one with an interface does not), so that the
	 * FIB looks at them again only when a route there changes: */
	struct keymap mf_out_gws; /* next hops in the global table: address (host order) -> how many */
	size_t mf_out_vrf;	  /* how many resolve in their VRF's table */
	bool mf_out_lost;	  /* memory ran out counting: any route change may move any of them */
};

struct mfi *mfi_new(void);
void mfi_free(struct mfi *m);
/* The dynamic range (16..1048575 by default); labels outside a new range stay until released. -1 if invalid. */
int mfi_set_range(struct mfi *m, uint32_t min, uint32_t max);

/*
 * Takes one of owner's references on the label bound to the VRF (vrf NULL:
 * the global table) or to the prefix of the VRF, binding a free label
 * first if there is none. MFI_LABEL_NONE if the range is exhausted or
 * memory runs out.
 */
uint32_t mfi_vrf_label(struct mfi *m, const char *vrf, enum mfi_owner owner);
uint32_t mfi_prefix_label(struct mfi *m, const char *vrf, struct in_addr prefix, uint8_t plen, enum mfi_owner owner);
/* Drops one of owner's references; -1 if it holds none. The last reference frees the label. */
int mfi_release(struct mfi *m, uint32_t label, enum mfi_owner owner);

/* Lookups that take no reference; NULL if not bound. */
const struct mfi_label *mfi_find(const struct mfi *m, uint32_t label);
const struct mfi_label *mfi_vrf_binding(const struct mfi *m, const char *vrf);
const struct mfi_label *mfi_prefix_binding(const struct mfi *m, const char *vrf, struct in_addr prefix, uint8_t plen);

/* Sets (out) or clears (NULL) the outgoing side of a bound label; -1 if it is not bound or memory runs out. */
int mfi_set_out(struct mfi *m, uint32_t label, const struct mfi_out *out);

/* The FIB has looked at the changes. */
void mfi_dirty_clear(struct mfi *m);

/* Visits every bound label (hash order): for (size_t i = 0; (l = mfi_next(m, &i));). */
const struct mfi_label *mfi_next(const struct mfi *m, size_t *pos);

struct cli_tree;
/* show mpls forwarding-table, show mpls label range (mfi_show.c). */
void mfi_show_init(struct cli_tree *t);

#endif
