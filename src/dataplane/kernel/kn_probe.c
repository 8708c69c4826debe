/*
 * Does this kernel have what the backend needs? Asked without leaving
 * anything behind: a device kind is known when a create of it fails on
 * purpose-made bad attributes (an unknown kind fails earlier, with "not
 * supported"); so is MPLS encapsulation for routes; mpls_router shows
 * /proc/sys/net/mpls; xfrm_user lets a NETLINK_XFRM socket open; esp4 and
 * its AES-GCM take a throwaway SA, deleted at once (its reqid is ferryd's,
 * so a sweep removes it if the probe is interrupted). The kernel may load
 * a module it is asked for, as it would for the real operation.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_link.h>
#include <linux/if_tunnel.h>
#include <linux/lwtunnel.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <string.h>

#include "core/log.h"
#include "dataplane/dp_names.h"
#include "dataplane/kernel/kn_dp.h"
#include "dataplane/kernel/kn_mark.h"
#include "dataplane/kernel/kn_sysctl.h"

#define PROBE_SPI 0xfe7700e5u	/* any SPI: the SA lives for one round trip, on 127.0.0.1 */
#define PROBE_DST "192.0.2.255" /* TEST-NET-1 (RFC 5737): never a real route */

enum verdict { PRESENT, MISSING, DENIED };

struct probe_env {
	struct kn_sock pe_route, pe_xfrm;
	int pe_xfrm_err; /* why NETLINK_XFRM did not open */
	struct kn_batch pe_batch;
};

/* One operation's messages sent alone; the kernel's answer in res. */
static void ask(struct probe_env *e, struct kn_sock *s, const struct kn_msgs *m, struct kn_result *res)
{
	memset(res, 0, sizeof(*res));
	kn_batch_add(&e->pe_batch, m, 0);
	kn_sock_commit(s, &e->pe_batch, res);
}

static uint32_t no_devices(void *ctx, const char *name)
{
	return 0;
}

/* The probe's create, meant to fail; or (create false) the delete that undoes it. The first
 * message of a kn_msgs always has room. */
typedef struct nlmsghdr *(*probe_msg_fn)(struct kn_msgs *m, bool create, const char *arg);

/* Present unless the kernel does not know the thing at all; a create that works is undone at once. */
static enum verdict try_create(struct probe_env *e, probe_msg_fn make, const char *arg, char *detail, size_t len)
{
	struct kn_msgs m, undo;
	struct kn_result res, gone;

	kn_msgs_init(&m, no_devices, NULL);
	make(&m, true, arg);
	kn_msgs_close(&m);
	ask(e, &e->pe_route, &m, &res);
	snprintf(detail, len, "%s", res.kr_failed ? res.kr_msg : "created (removed again)");
	if (!res.kr_failed) {
		kn_msgs_init(&undo, no_devices, NULL);
		make(&undo, false, arg);
		kn_msgs_close(&undo);
		ask(e, &e->pe_route, &undo, &gone);
	}
	if (res.kr_failed && res.kr_errno == EPERM)
		return DENIED;
	return res.kr_failed && res.kr_errno == EOPNOTSUPP ? MISSING : PRESENT;
}

/* A device of this kind named fy-probe: a vrf without its table, a gre with a GRE version it
 * refuses; both are rejected before a device exists. */
static struct nlmsghdr *kind_msg(struct kn_msgs *m, bool create, const char *kind)
{
	struct nlmsghdr *nlh =
	    kn_msg_new(m, create ? RTM_NEWLINK : RTM_DELLINK, create ? NLM_F_CREATE | NLM_F_EXCL : 0, KN_STRICT);
	struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	struct nlattr *info, *data;

	ifi->ifi_family = AF_UNSPEC;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, DP_NAME_PROBE);
	if (!create)
		return nlh;
	info = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, kind);
	if (strcmp(kind, "gre") == 0) {
		data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
		mnl_attr_put_u16(nlh, IFLA_GRE_IFLAGS, GRE_VERSION);
		mnl_attr_nest_end(nlh, data);
	}
	mnl_attr_nest_end(nlh, info);
	return nlh;
}

/* A route with MPLS encapsulation and no label stack: refused while it is built, before it is added. */
static struct nlmsghdr *encap_msg(struct kn_msgs *m, bool create, const char *unused)
{
	struct nlmsghdr *nlh =
	    kn_msg_new(m, create ? RTM_NEWROUTE : RTM_DELROUTE, create ? NLM_F_CREATE | NLM_F_EXCL : 0, KN_STRICT);
	struct rtmsg *rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	struct in_addr dst;

	inet_pton(AF_INET, PROBE_DST, &dst);
	rtm->rtm_family = AF_INET;
	rtm->rtm_dst_len = 32;
	rtm->rtm_table = RT_TABLE_MAIN;
	rtm->rtm_protocol = RTPROT_FERRY;
	rtm->rtm_type = RTN_UNICAST;
	kn_put_in4(nlh, RTA_DST, dst);
	if (create) {
		mnl_attr_put_u16(nlh, RTA_ENCAP_TYPE, LWTUNNEL_ENCAP_MPLS);
		mnl_attr_nest_end(nlh, mnl_attr_nest_start(nlh, RTA_ENCAP));
	}
	return nlh;
}

static enum verdict probe_vrf(struct probe_env *e, char *detail, size_t len)
{
	return try_create(e, kind_msg, "vrf", detail, len);
}

static enum verdict probe_gre(struct probe_env *e, char *detail, size_t len)
{
	return try_create(e, kind_msg, "gre", detail, len);
}

static enum verdict probe_encap(struct probe_env *e, char *detail, size_t len)
{
	return try_create(e, encap_msg, NULL, detail, len);
}

static enum verdict probe_mpls(struct probe_env *e, char *detail, size_t len)
{
	snprintf(detail, len, "no /proc/sys/net/mpls");
	return kn_sysctl_exists("net/mpls/platform_labels") ? PRESENT : MISSING;
}

static enum verdict probe_xfrm(struct probe_env *e, char *detail, size_t len)
{
	snprintf(detail, len, "NETLINK_XFRM: %s", strerror(e->pe_xfrm_err));
	return e->pe_xfrm_err ? MISSING : PRESENT;
}

/* An AES-GCM transport SA on the loopback address, deleted at once. */
static enum verdict probe_esp(struct probe_env *e, char *detail, size_t len)
{
	struct dp_sa sa = {
	    .dsa_spi = PROBE_SPI, .dsa_alg = DP_SA_AES_GCM_128, .dsa_keylen = 20, .dsa_reqid = KN_REQID_PROBE};
	struct kn_msgs add, del;
	struct kn_result res, gone;

	if (e->pe_xfrm_err) {
		snprintf(detail, len, "needs xfrm_user");
		return MISSING;
	}
	sa.dsa_src.s_addr = sa.dsa_dst.s_addr = htonl(INADDR_LOOPBACK);
	kn_msgs_init(&add, no_devices, NULL);
	kn_msgs_init(&del, no_devices, NULL);
	if (kn_build(&add, &(struct dp_op){.op_type = DP_SA_ADD, .op_sa = sa}) < 0 ||
	    kn_build(&del, &(struct dp_op){.op_type = DP_SA_DEL, .op_sa = sa}) < 0) {
		snprintf(detail, len, "%s", add.km_err[0] ? add.km_err : del.km_err);
		return MISSING;
	}
	ask(e, &e->pe_xfrm, &add, &res);
	if (!res.kr_failed)
		ask(e, &e->pe_xfrm, &del, &gone);
	snprintf(detail, len, "%s", res.kr_msg);
	return !res.kr_failed ? PRESENT : res.kr_errno == EPERM ? DENIED : MISSING;
}

static const struct probe {
	const char *pr_what; /* as the why text names it */
	enum verdict (*pr_run)(struct probe_env *e, char *detail, size_t len);
} probes[] = {
    {"vrf", probe_vrf},		 {"ip_gre", probe_gre},
    {"mpls_router", probe_mpls}, {"mpls_iptunnel", probe_encap},
    {"xfrm_user", probe_xfrm},	 {"esp4 with rfc4106(gcm(aes))", probe_esp},
};

static int env_open(struct probe_env *e)
{
	int rc;

	memset(e, 0, sizeof(*e));
	if ((rc = kn_sock_open(&e->pe_route, NETLINK_ROUTE)) < 0)
		return rc;
	if ((rc = kn_batch_init(&e->pe_batch)) < 0) {
		kn_sock_close(&e->pe_route);
		return rc;
	}
	e->pe_xfrm_err = -kn_sock_open(&e->pe_xfrm, NETLINK_XFRM);
	return 0;
}

static void env_close(struct probe_env *e)
{
	kn_sock_close(&e->pe_route);
	kn_sock_close(&e->pe_xfrm);
	kn_batch_free(&e->pe_batch);
}

int kn_probe(char *why, size_t whylen)
{
	struct probe_env e;
	char detail[256], missing[160] = "";
	size_t off = 0;
	bool denied = false;
	int rc = env_open(&e);

	if (rc < 0) {
		snprintf(why, whylen, "no rtnetlink socket: %s", strerror(-rc));
		return -1;
	}
	for (size_t i = 0; i < sizeof(probes) / sizeof(probes[0]); i++) {
		enum verdict v = probes[i].pr_run(&e, detail, sizeof(detail));
		if (v == PRESENT)
			continue;
		denied |= v == DENIED;
		log_msg(SEV_INFO, "DATAPLANE", "PROBE", "kernel %s: %s", probes[i].pr_what, detail);
		off += (size_t)snprintf(missing + off, off < sizeof(missing) ? sizeof(missing) - off : 0, "%s%s",
					off ? ", " : "", probes[i].pr_what);
	}
	env_close(&e);
	if (denied)
		snprintf(why, whylen, "not permitted to program the kernel (needs CAP_NET_ADMIN)");
	else if (off)
		snprintf(why, whylen, "kernel lacks %s", missing);
	return denied || off ? -1 : 0;
}
