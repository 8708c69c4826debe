/* The l3mdev rule of VRF lookups: noted and added on open, removed on close (see kn_rule.h). */
#include <errno.h>
#include <linux/fib_rules.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <string.h>

#include "core/log.h"
#include "dataplane/kernel/kn_attr.h"
#include "dataplane/kernel/kn_mark.h"
#include "dataplane/kernel/kn_rule.h"
#include "dataplane/kernel/kn_sysctl.h"

static const struct rule_family {
	uint8_t rf_family;
	const char *rf_needs; /* a /proc/sys path the kernel has when the family exists */
} families[KN_RULE_FAMILIES] = {{AF_INET, NULL}, {AF_INET6, "net/ipv6"}};

int kn_parse_l3mdev_rule(const struct nlmsghdr *nlh, struct kn_rule_seen *out)
{
	const struct nlattr *tb[FRA_MAX + 1];
	const struct fib_rule_hdr *frh = mnl_nlmsg_get_payload(nlh);
	uint8_t l3mdev = 0;

	if (nlh->nlmsg_type != RTM_NEWRULE)
		return 0;
	if (kn_attr_table(nlh, sizeof(*frh), tb, FRA_MAX) < 0)
		return -1;
	if (!tb[FRA_L3MDEV])
		return 0;
	if (!kn_attr_u8(tb[FRA_L3MDEV], &l3mdev))
		return -1;
	memset(out, 0, sizeof(*out));
	if (tb[FRA_PRIORITY] && !kn_attr_u32(tb[FRA_PRIORITY], &out->rs_pref))
		return -1;
	if (tb[FRA_PROTOCOL] && !kn_attr_u8(tb[FRA_PROTOCOL], &out->rs_proto))
		return -1;
	out->rs_family = frh->family;
	return l3mdev != 0;
}

size_t kn_l3mdev_rule_msg(void *buf, uint16_t type, const struct kn_rule_seen *r)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct fib_rule_hdr *frh;

	nlh->nlmsg_type = type;
	/* the flags are the sender's (kn_sock_ask) */
	frh = mnl_nlmsg_put_extra_header(nlh, sizeof(*frh));
	frh->family = r->rs_family;
	frh->action = FR_ACT_TO_TBL;
	mnl_attr_put_u8(nlh, FRA_L3MDEV, 1);
	mnl_attr_put_u32(nlh, FRA_PRIORITY, r->rs_pref);
	mnl_attr_put_u8(nlh, FRA_PROTOCOL, r->rs_proto);
	return nlh->nlmsg_len;
}

/* What one family's rule dump found. */
struct rule_scan {
	uint8_t sc_family;
	struct kn_rule_seen sc_kernel, sc_ours; /* valid when found */
	bool sc_has_kernel, sc_has_ours;
	unsigned sc_malformed;
};

static int scan_rule(const struct nlmsghdr *nlh, void *arg)
{
	struct rule_scan *sc = arg;
	struct kn_rule_seen r;
	int rc = kn_parse_l3mdev_rule(nlh, &r);

	if (rc < 0)
		sc->sc_malformed++;
	if (rc <= 0 || r.rs_family != sc->sc_family)
		return MNL_CB_OK;
	if (r.rs_proto == RTPROT_FERRY) {
		sc->sc_ours = r;
		sc->sc_has_ours = true;
	} else if (r.rs_proto == RTPROT_KERNEL && r.rs_pref == KN_L3MDEV_PREF) {
		sc->sc_kernel = r;
		sc->sc_has_kernel = true;
	}
	return MNL_CB_OK;
}

/* Sends one request (a dump with cb, or a change acknowledged); 0 or -errno. */
static int ask(struct dp *dp, uint16_t type, uint8_t family, uint16_t how, mnl_cb_t cb, void *arg)
{
	_Alignas(struct nlmsghdr) char req[KN_RULE_MSG] = {0};
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(req);
	unsigned char *hdr;

	nlh->nlmsg_type = type;
	hdr = mnl_nlmsg_put_extra_header(nlh,
					 type == RTM_GETLINK ? sizeof(struct ifinfomsg) : sizeof(struct fib_rule_hdr));
	hdr[0] = family;
	return kn_sock_ask(&dp->kd_sock[KN_BUS_ROUTE], nlh, how, cb, arg);
}

static int change(struct dp *dp, uint16_t type, uint16_t flags, const struct kn_rule_seen *r)
{
	_Alignas(struct nlmsghdr) char req[KN_RULE_MSG] = {0};

	kn_l3mdev_rule_msg(req, type, r);
	return kn_sock_ask(&dp->kd_sock[KN_BUS_ROUTE], (struct nlmsghdr *)req, NLM_F_ACK | flags, NULL, NULL);
}

static int count_vrf(const struct nlmsghdr *nlh, void *arg)
{
	const struct nlattr *tb[IFLA_MAX + 1], *info[IFLA_INFO_MAX + 1];
	char kind[16] = "";

	if (nlh->nlmsg_type != RTM_NEWLINK || kn_attr_table(nlh, sizeof(struct ifinfomsg), tb, IFLA_MAX) < 0 ||
	    !tb[IFLA_LINKINFO])
		return MNL_CB_OK;
	kn_attr_nested(tb[IFLA_LINKINFO], info, IFLA_INFO_MAX);
	if (kn_attr_str(info[IFLA_INFO_KIND], kind, sizeof(kind)) && strcmp(kind, "vrf") == 0)
		(*(unsigned *)arg)++;
	return MNL_CB_OK;
}

/* Open: what was there; no rule at all gets ferryd's. */
static int family_open(struct dp *dp, size_t fi, const struct rule_scan *sc)
{
	struct kn_rule_seen ours = {.rs_family = sc->sc_family, .rs_proto = RTPROT_FERRY, .rs_pref = KN_L3MDEV_PREF};
	int rc;

	dp->kd_l3mdev[fi] = sc->sc_has_kernel ? KN_L3MDEV_THEIRS : KN_L3MDEV_NONE;
	if (sc->sc_has_kernel || sc->sc_has_ours)
		return 0;
	rc = change(dp, RTM_NEWRULE, NLM_F_CREATE | NLM_F_EXCL, &ours);
	/* a kernel without l3mdev support refuses the rule: it has no VRFs either (the probe says so) */
	return rc == -EINVAL || rc == -EOPNOTSUPP || rc == -EAFNOSUPPORT ? 0 : rc;
}

static int remove_rule(struct dp *dp, const struct kn_rule_seen *r)
{
	int rc = change(dp, RTM_DELRULE, 0, r);

	return rc == -ENOENT ? 0 : rc; /* gone already */
}

/* Close, no VRF device left: ferryd's rule, and the kernel's if there was none on open. */
static int family_close(struct dp *dp, size_t fi, const struct rule_scan *sc)
{
	int rc = sc->sc_has_ours ? remove_rule(dp, &sc->sc_ours) : 0;

	if (rc == 0 && sc->sc_has_kernel && dp->kd_l3mdev[fi] == KN_L3MDEV_NONE)
		rc = remove_rule(dp, &sc->sc_kernel);
	return rc;
}

static int family_sweep(struct dp *dp, size_t fi, bool vrf_left)
{
	struct rule_scan sc = {.sc_family = families[fi].rf_family};
	int rc = ask(dp, RTM_GETRULE, sc.sc_family, NLM_F_DUMP, scan_rule, &sc);

	if (sc.sc_malformed)
		log_msg(SEV_WARN, "DATAPLANE", "SWEEP", "%u malformed kernel answers skipped while listing rules",
			sc.sc_malformed);
	if (rc < 0)
		return rc;
	if (dp->kd_l3mdev[fi] == KN_L3MDEV_UNSEEN)
		return family_open(dp, fi, &sc);
	return vrf_left ? 0 : family_close(dp, fi, &sc);
}

void kn_l3mdev_sweep(struct dp *dp, struct kn_result *res)
{
	unsigned vrfs = 0;
	int rc = ask(dp, RTM_GETLINK, AF_UNSPEC, NLM_F_DUMP, count_vrf, &vrfs);

	for (size_t fi = 0; rc == 0 && fi < KN_RULE_FAMILIES; fi++)
		if (!families[fi].rf_needs || kn_sysctl_exists(families[fi].rf_needs))
			rc = family_sweep(dp, fi, vrfs > 0);
	if (rc < 0)
		kn_result_fail(res, 0, -rc, "the l3mdev rule of VRF lookups: %s", strerror(-rc));
}
