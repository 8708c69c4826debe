/* RTM_GETLINK for one device, and a bounds-checked RTM_NEWLINK decoder. */
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <string.h>
#include <time.h>

#include "netlink/nl_link.h"

/* RFC 2863 operational states as linux/if.h numbers them (that header clashes with net/if.h). */
enum { OPER_UNKNOWN = 0, OPER_UP = 6 };

static void take_stats(const struct nlattr *a, struct nl_link *out)
{
	struct rtnl_link_stats64 s;

	if (mnl_attr_get_payload_len(a) < sizeof(s))
		return;
	/* netlink attributes are only 4-byte aligned: copy before reading 64-bit fields */
	memcpy(&s, mnl_attr_get_payload(a), sizeof(s));
	out->nl_rx_packets = s.rx_packets;
	out->nl_tx_packets = s.tx_packets;
	out->nl_rx_bytes = s.rx_bytes;
	out->nl_tx_bytes = s.tx_bytes;
	out->nl_rx_errors = s.rx_errors;
	out->nl_tx_errors = s.tx_errors;
	out->nl_rx_dropped = s.rx_dropped;
	out->nl_tx_dropped = s.tx_dropped;
}

static int take_attr(const struct nlattr *a, void *data)
{
	struct nl_link *out = data;

	switch (mnl_attr_get_type(a)) {
	case IFLA_IFNAME:
		if (mnl_attr_validate(a, MNL_TYPE_NUL_STRING) == 0)
			snprintf(out->nl_name, sizeof(out->nl_name), "%s", mnl_attr_get_str(a));
		break;
	case IFLA_MTU:
		if (mnl_attr_validate(a, MNL_TYPE_U32) == 0)
			out->nl_mtu = mnl_attr_get_u32(a);
		break;
	case IFLA_OPERSTATE:
		if (mnl_attr_validate(a, MNL_TYPE_U8) == 0)
			out->nl_operstate = mnl_attr_get_u8(a);
		break;
	case IFLA_ADDRESS:
		if (mnl_attr_get_payload_len(a) == 6) {
			memcpy(out->nl_mac, mnl_attr_get_payload(a), 6);
			out->nl_has_mac = true;
		}
		break;
	case IFLA_STATS64:
		take_stats(a, out);
		break;
	}
	return MNL_CB_OK;
}

int nl_link_parse(const struct nlmsghdr *nlh, size_t len, struct nl_link *out)
{
	const struct ifinfomsg *ifi;

	memset(out, 0, sizeof(*out));
	if (len < sizeof(*nlh) || nlh->nlmsg_len > len || !mnl_nlmsg_ok(nlh, (int)len) ||
	    (nlh->nlmsg_type != RTM_NEWLINK && nlh->nlmsg_type != RTM_DELLINK) ||
	    mnl_nlmsg_get_payload_len(nlh) < sizeof(*ifi))
		return -1;
	ifi = mnl_nlmsg_get_payload(nlh);
	out->nl_index = ifi->ifi_index;
	out->nl_flags = ifi->ifi_flags;
	if (mnl_attr_parse(nlh, sizeof(*ifi), take_attr, out) < 0)
		return -1;
	return out->nl_name[0] ? 0 : -1;
}

static int reply_cb(const struct nlmsghdr *nlh, void *data)
{
	return nl_link_parse(nlh, nlh->nlmsg_len, data) == 0 ? MNL_CB_OK : MNL_CB_ERROR;
}

int nl_link_get(const char *name, struct nl_link *out)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct mnl_socket *nl = mnl_socket_open(NETLINK_ROUTE);
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ifinfomsg *ifi;
	unsigned seq = (unsigned)time(NULL);
	int rc = -1;

	if (!nl)
		return -1;
	nlh->nlmsg_type = RTM_GETLINK;
	nlh->nlmsg_flags = NLM_F_REQUEST;
	nlh->nlmsg_seq = seq;
	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) == 0 && mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) >= 0) {
		ssize_t n = mnl_socket_recvfrom(nl, buf, sizeof(buf));
		if (n > 0)
			rc = mnl_cb_run(buf, (size_t)n, seq, mnl_socket_get_portid(nl), reply_cb, out) >= 0 ? 0 : -1;
	}
	mnl_socket_close(nl);
	return rc;
}

bool nl_link_up(const struct nl_link *l)
{
	return l->nl_flags & IFF_UP;
}

bool nl_link_running(const struct nl_link *l)
{
	return (l->nl_flags & IFF_UP) && (l->nl_operstate == OPER_UP || l->nl_operstate == OPER_UNKNOWN) &&
	       (l->nl_flags & IFF_RUNNING);
}
