/* Internals of the attachment (us_attach*.c): the kernel operations an apply collects, the VRFs' TUNs. */
#ifndef FERRY_DATAPLANE_USERSPACE_US_ATTACH_INT_H
#define FERRY_DATAPLANE_USERSPACE_US_ATTACH_INT_H

#include "dataplane/userspace/us_dp.h"

#define US_KOPS_PER_OP 2 /* the most kernel operations one operation becomes */

/* What the kernel backend is given for a batch, each with the index of the operation it came from. */
struct us_kops {
	struct dp_op *ko_ops;
	size_t *ko_from;
	size_t ko_n;
};

/* The next kernel operation, a copy of op's type, for operation i. */
struct dp_op *us_kops_add(struct us_kops *k, enum dp_op_type type, size_t i);

/* The builder's VRF or link by device name; NULL when none. */
const struct dp_vrf *us_attach_vrf(struct dp *dp, const char *name);
const struct dp_link *us_attach_link(struct dp *dp, const char *name);

/* True for a link only userspace has (a tunnel, a loopback in a VRF). */
bool us_attach_in_userspace(struct dp *dp, const char *name);
/* A VRF: its TUN (opened or kept), the rule from the TUN, and for the kernel its default route into it. */
int us_attach_vrf_add(struct dp *dp, const struct dp_vrf *v, struct us_kops *k, size_t i, char *err, size_t errlen);
/* Removes a VRF's rule and closes its TUN. */
int us_attach_vrf_del(struct dp *dp, const struct dp_vrf *v, char *err, size_t errlen);

#endif
