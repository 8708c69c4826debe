/* A VRF LAN's IPv4 dropped after its packet rings took it, or redirected to its VRF's TUN: tc filters, through
 * rtnetlink. */
#include "dataplane/userspace/us_redirect.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/pkt_cls.h>
#include <linux/pkt_sched.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dataplane/userspace/us_bpf.h"

#define US_REDIRECT_INGRESS TC_H_MAKE(TC_H_CLSACT, TC_H_MIN_INGRESS)
#define US_REDIRECT_HANDLE  1 /* ferryd's one filter at its priority */

/* A tc message on ifindex: the qdisc clsact, or ferryd's filter under its ingress. */
static struct nlmsghdr *us_redirect_msg(char *buf, uint16_t type, uint32_t ifindex, bool qdisc)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct tcmsg *tcm = mnl_nlmsg_put_extra_header(nlh, sizeof(*tcm));

	nlh->nlmsg_type = type;
	tcm->tcm_family = AF_UNSPEC;
	tcm->tcm_ifindex = (int)ifindex;
	if (qdisc) {
		tcm->tcm_handle = TC_H_MAKE(TC_H_CLSACT, 0);
		tcm->tcm_parent = TC_H_CLSACT;
		mnl_attr_put_strz(nlh, TCA_KIND, "clsact");
	} else {
		/*
		 * Every protocol: a filter of protocol IPv4 never sees a tagged packet
		 * (tc matches the tag's protocol), not even a priority tag's. A delete
		 * names none, so that it finds an older filter of protocol IPv4 too.
		 */
		tcm->tcm_parent = US_REDIRECT_INGRESS;
		tcm->tcm_info =
		    TC_H_MAKE((uint32_t)US_REDIRECT_PREF << 16, type == RTM_DELTFILTER ? 0 : htons(ETH_P_ALL));
	}
	return nlh;
}

/* Deletes ferryd's filter on ifindex; none there (ENOENT, EINVAL: no clsact qdisc, ENODEV: no link) is no error. */
static int us_redirect_del_index(struct kn_sock *s, uint32_t ifindex)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	int rc = kn_sock_ask(s, us_redirect_msg(buf, RTM_DELTFILTER, ifindex, false), NLM_F_ACK, NULL, NULL);

	return rc == -ENOENT || rc == -EINVAL || rc == -ENODEV ? 0 : rc;
}

/* The clsact qdisc on ifindex (an existing one kept), without ferryd's filter: ready for a new one. */
static int us_redirect_prepare(struct kn_sock *s, uint32_t ifindex)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	int rc = kn_sock_ask(s, us_redirect_msg(buf, RTM_NEWQDISC, ifindex, true),
			     NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, NULL, NULL);

	return rc < 0 && rc != -EEXIST ? rc : us_redirect_del_index(s, ifindex);
}

/*
 * Puts ferryd's filter on ifindex: replacing the one there in place (a
 * re-apply leaves no moment without it, when the kernel's stack would
 * route the LAN's packets), else after deleting whatever ferryd had there
 * (another kind, a crash's) on a clsact qdisc made if missing.
 */
static int us_redirect_install(struct kn_sock *s, uint32_t ifindex, struct nlmsghdr *nlh)
{
	int rc = kn_sock_ask(s, nlh, NLM_F_ACK | NLM_F_CREATE | NLM_F_REPLACE, NULL, NULL);

	/* EINVAL: no clsact qdisc yet, or another kind or protocol there; any other error leaves the filter be */
	if (rc != -EINVAL && rc != -ENOENT)
		return rc;
	rc = us_redirect_prepare(s, ifindex);
	return rc < 0 ? rc : kn_sock_ask(s, nlh, NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, NULL, NULL);
}

/* Starts ferryd's filter of kind on ifindex in buf; returns its options nest, for the caller to fill and end. */
static struct nlattr *us_redirect_filter(char *buf, uint32_t ifindex, const char *kind)
{
	struct nlmsghdr *nlh = us_redirect_msg(buf, RTM_NEWTFILTER, ifindex, false);

	((struct tcmsg *)mnl_nlmsg_get_payload(nlh))->tcm_handle = US_REDIRECT_HANDLE; /* what a replace finds */
	mnl_attr_put_strz(nlh, TCA_KIND, kind);
	return mnl_attr_nest_start(nlh, TCA_OPTIONS);
}

/* Runs the eBPF program prog (direct action) on dev's incoming IPv4, replacing ferryd's filter there. */
static int us_redirect_bpf(struct kn_sock *s, const char *dev, int prog)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	uint32_t index = if_nametoindex(dev);
	struct nlattr *opts;

	if (!index)
		return -ENODEV;
	opts = us_redirect_filter(buf, index, "bpf");
	mnl_attr_put_u32(nlh, TCA_BPF_FD, (uint32_t)prog);
	mnl_attr_put_strz(nlh, TCA_BPF_NAME, "ferry");
	mnl_attr_put_u32(nlh, TCA_BPF_FLAGS, TCA_BPF_FLAG_ACT_DIRECT);
	mnl_attr_nest_end(nlh, opts);
	return us_redirect_install(s, index, nlh);
}

int us_redirect_prog(struct kn_sock *s, const char *dev, const struct bpf_insn *insns, size_t n)
{
	int prog = us_bpf_load(BPF_PROG_TYPE_SCHED_CLS, insns, n), rc;

	if (prog < 0)
		return prog;
	rc = us_redirect_bpf(s, dev, prog);
	close(prog); /* the filter holds the program */
	return rc;
}

/*
 * The LAN filter: what is not IPv4 goes on, TC_ACT_OK (ARP); so does a
 * VLAN's packet (a tag with a VLAN id), on to its VLAN's link; with rings,
 * a packet that is no GSO packet was taken by them and is dropped,
 * TC_ACT_SHOT; the rest goes to the TUN's egress, bpf_redirect(tun, 0),
 * without its priority tag if it had one (the TUN would write it into the
 * IPv4 packet).
 */
int us_redirect_set(struct kn_sock *s, const char *lan, const char *tun, bool rings)
{
	const struct bpf_insn prog[] = {
	    US_BPF_CTX_TO_R6,
	    US_BPF_LOAD(protocol),
	    US_BPF_JUMP(BPF_JNE, (int32_t)htons(ETH_P_IP), 19), /* to 22 */
	    US_BPF_JUMP_IF_VLAN(14),				/* 3 to 7; a VLAN's: to 22 */
	    {.code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = rings},
	    US_BPF_JUMP(BPF_JEQ, 0, 2), /* no rings: to 12 */
	    US_BPF_LOAD(gso_size),
	    US_BPF_JUMP(BPF_JEQ, 0, 8), /* the rings': to 20 */
	    US_BPF_LOAD(vlan_present),
	    US_BPF_JUMP(BPF_JEQ, 0, 2), /* untagged: to 16 */
	    {.code = BPF_ALU64 | BPF_MOV | BPF_X, .dst_reg = BPF_REG_1, .src_reg = BPF_REG_6},
	    {.code = BPF_JMP | BPF_CALL, .imm = BPF_FUNC_skb_vlan_pop},
	    {.code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_1, .imm = (int32_t)if_nametoindex(tun)}, /* 16 */
	    {.code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_2, .imm = 0},
	    {.code = BPF_JMP | BPF_CALL, .imm = BPF_FUNC_redirect},
	    {.code = BPF_JMP | BPF_EXIT},
	    US_BPF_RETURN(TC_ACT_SHOT), /* 20 */
	    US_BPF_RETURN(TC_ACT_OK),	/* 22 */
	};

	if (!prog[16].imm)
		return -ENODEV;
	return us_redirect_prog(s, lan, prog, sizeof(prog) / sizeof(prog[0]));
}

int us_redirect_del(struct kn_sock *s, const char *lan)
{
	uint32_t index = if_nametoindex(lan);

	return index ? us_redirect_del_index(s, index) : 0;
}

struct us_redirect_links {
	uint32_t *rl_index;
	size_t rl_n, rl_cap;
};

static int us_redirect_link_found(const struct nlmsghdr *nlh, void *data)
{
	struct us_redirect_links *l = data;
	const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);
	uint32_t *grown;

	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*ifi)))
		return MNL_CB_OK;
	if (l->rl_n == l->rl_cap) {
		l->rl_cap = l->rl_cap ? 2 * l->rl_cap : 16;
		if (!(grown = realloc(l->rl_index, l->rl_cap * sizeof(*grown))))
			return MNL_CB_ERROR;
		l->rl_index = grown;
	}
	l->rl_index[l->rl_n++] = (uint32_t)ifi->ifi_index;
	return MNL_CB_OK;
}

int us_redirect_sweep(struct kn_sock *s)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct us_redirect_links links = {.rl_index = NULL};
	int rc;

	nlh->nlmsg_type = RTM_GETLINK;
	((struct ifinfomsg *)mnl_nlmsg_put_extra_header(nlh, sizeof(struct ifinfomsg)))->ifi_family = AF_UNSPEC;
	rc = kn_sock_ask(s, nlh, NLM_F_DUMP, us_redirect_link_found, &links);
	for (size_t i = 0; rc >= 0 && i < links.rl_n; i++)
		rc = us_redirect_del_index(s, links.rl_index[i]);
	free(links.rl_index);
	return rc < 0 ? rc : 0;
}
