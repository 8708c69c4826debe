/* Any dataplane operation to its builder, and the netlink family it goes to. */
#include <errno.h>

#include "dataplane/kernel/kn_msg.h"

enum kn_bus kn_op_bus(enum dp_op_type type)
{
	switch (type) {
	case DP_SA_ADD:
	case DP_SA_DEL:
	case DP_POLICY_ADD:
	case DP_POLICY_DEL:
		return KN_BUS_XFRM;
	default:
		return KN_BUS_ROUTE;
	}
}

static int build_one(struct kn_msgs *m, const struct dp_op *op)
{
	switch (op->op_type) {
	case DP_VRF_ADD:
	case DP_VRF_DEL:
		return kn_build_vrf(m, &op->op_vrf, op->op_type == DP_VRF_ADD);
	case DP_LINK_ADD:
	case DP_LINK_DEL:
		return kn_build_link(m, &op->op_link, op->op_type == DP_LINK_ADD);
	case DP_ADDR_ADD:
	case DP_ADDR_DEL:
		return kn_build_addr(m, &op->op_addr, op->op_type == DP_ADDR_ADD);
	case DP_ROUTE_ADD:
	case DP_ROUTE_DEL:
		return kn_build_route(m, &op->op_route, op->op_type == DP_ROUTE_ADD);
	case DP_LABEL_ADD:
	case DP_LABEL_DEL:
		return kn_build_label(m, &op->op_label, op->op_type == DP_LABEL_ADD);
	case DP_NEIGH_ADD:
	case DP_NEIGH_DEL:
		return kn_build_neigh(m, &op->op_neigh, op->op_type == DP_NEIGH_ADD);
	case DP_SA_ADD:
	case DP_SA_DEL:
		return kn_build_sa(m, &op->op_sa, op->op_type == DP_SA_ADD);
	case DP_POLICY_ADD:
	case DP_POLICY_DEL:
		return kn_build_policy(m, &op->op_policy, op->op_type == DP_POLICY_ADD);
	case DP_OP_COUNT:
		break;
	}
	return kn_fail(m, EINVAL, "unknown operation %d", (int)op->op_type);
}

int kn_build(struct kn_msgs *m, const struct dp_op *op)
{
	int rc = build_one(m, op);

	kn_msgs_close(m);
	return rc;
}
