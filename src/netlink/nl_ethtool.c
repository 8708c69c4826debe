/* Device features through the ethtool generic netlink family: the socket and the requests. */
#include "netlink/nl_ethtool.h"

#include <errno.h>
#include <linux/genetlink.h>

/* What a reply callback fills: the family id, or the active features among names. */
struct nl_ethtool_answer {
	const struct nl_ethtool *an_et;
	const char *const *an_names;
	size_t an_n;
	uint32_t an_active;
	uint16_t an_family;
	int an_rc; /* -EPROTO until a reply parsed */
};

static int nl_ethtool_family_cb(const struct nlmsghdr *nlh, void *data)
{
	struct nl_ethtool_answer *an = data;

	an->an_rc = nl_ethtool_family_parse(nlh, &an->an_family);
	return MNL_CB_OK;
}

static int nl_ethtool_features_cb(const struct nlmsghdr *nlh, void *data)
{
	struct nl_ethtool_answer *an = data;

	an->an_rc = nl_ethtool_features_parse(nlh, an->an_et->et_family, an->an_names, an->an_n, &an->an_active);
	return MNL_CB_OK;
}

int nl_ethtool_open(struct nl_ethtool *e)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nl_ethtool_answer an = {.an_rc = -EPROTO};
	int rc = kn_sock_open(&e->et_sock, NETLINK_GENERIC);

	if (rc == 0 &&
	    (rc = kn_sock_ask(&e->et_sock, nl_ethtool_family_msg(buf), NLM_F_ACK, nl_ethtool_family_cb, &an)) == 0)
		rc = an.an_rc;
	if (rc < 0) {
		nl_ethtool_close(e);
		return rc;
	}
	e->et_family = an.an_family;
	return 0;
}

void nl_ethtool_close(struct nl_ethtool *e)
{
	kn_sock_close(&e->et_sock);
}

int nl_ethtool_features_get(struct nl_ethtool *e, const char *dev, const char *const names[], size_t n,
			    uint32_t *active)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nl_ethtool_answer an = {.an_et = e, .an_names = names, .an_n = n, .an_rc = -EPROTO};
	int rc = kn_sock_ask(&e->et_sock, nl_ethtool_features_get_msg(buf, e->et_family, dev), NLM_F_ACK,
			     nl_ethtool_features_cb, &an);

	if (rc == 0 && (rc = an.an_rc) == 0)
		*active = an.an_active;
	return rc;
}

int nl_ethtool_features_set(struct nl_ethtool *e, const char *dev, const char *const names[], size_t n, uint32_t mask,
			    bool on)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];

	return kn_sock_ask(&e->et_sock, nl_ethtool_features_set_msg(buf, e->et_family, dev, names, n, mask, on),
			   NLM_F_ACK, NULL, NULL);
}
