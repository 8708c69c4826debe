/*
 * The kernel backend on a real kernel (run by tests/kernel/backend.sh inside
 * the QEMU rig, in a network namespace per side). Each side of a two-router
 * network gets, through the backend only:
 *   VRFs fy-v-cust1 (table 10) and fy-v-cust2 (table 20), each with a dummy
 *   loopback: side a 203.0.113.1 in both (overlapping), side b .2 in cust1
 *   and .3 in cust2; eth0 192.0.2.N/24 (a device the backend did not
 *   create); GRE fy-tu0 between the eth0 addresses, 198.51.100.N/30, MPLS
 *   input on; label 100 pops into cust1, 200 into cust2; each VRF reaches
 *   the far side with its label pushed over fy-tu0 (side a: 203.0.113.0/24,
 *   side b: 203.0.113.1/32, so that what b cannot deliver is not sent back
 *   to loop); ESP SAs and policies protect GRE between the eth0 addresses.
 * The SA keys are static and public: TEST-ONLY keying, until IKEv2 keys SAs.
 *
 *   dp_scenario probe                               is the kernel usable? (prints what it lacks)
 *   dp_scenario side-a|side-b [transport|tunnel [ALG]]  install; exit leaving it (as a crash would);
 *                                                   ALG: the SAs' algorithm as show prints it (aes-gcm-128
 *                                                   if not given, aes-gcm-192/256, aes-cbc-BITS/shaN)
 *   dp_scenario closes side-a|side-b [MODE]         install, then close the backend (SIGTERM path)
 *   dp_scenario cleanup                             open (removes leftovers) and close
 *   dp_scenario refused                             a batch whose middle route the kernel refuses
 *   dp_scenario del-label LABEL                     delete one label route
 *   dp_scenario ike up|down SIDE [MODE]             add or delete only the side's SAs and policies (an
 *                                                   IKE SA coming up, or deleted while fy-tu0 stays)
 *   dp_scenario check link|mpls|sa|label KEY        print the backend's counters
 *   dp_scenario block SIDE shared|mgre              more protected tunnels' BLOCK policies (block_users)
 *   dp_scenario serve BACKEND SIDE [MODE] [udp]     install with CE LANs ce1 (cust1) and ce2 (cust2),
 *                                                   10.N.0.1/24 in both, through BACKEND (userspace:
 *                                                   tests/integration/userspace_fwd.sh), ESP in UDP 4500
 *                                                   with udp; runs until SIGTERM (SIGUSR1: counters)
 *   dp_scenario serve BACKEND SIDE MODE ENCAP punt  ...printing each NHRP packet punted as "punt LINK NBMA
 *                                                   0xPROTO HEX", sending each stdin line "inject LINK NBMA
 *                                                   HEX" as NHRP, answered "inject RC" (0 or -errno)
 * Opening the backend removes what an earlier run left (that is what it is for): the last two
 * verbs use the backend's parts without opening it, as a running ferryd would.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dataplane/dataplane.h"
#include "dataplane/dp_punt.h"
#include "dataplane/dp_sa_alg.h"
#include "dataplane/kernel/kn_dp.h"
#include "netlink/nl_monitor.h"

#define MAX_OPS 32

struct side {
	int sd_n, sd_peer; /* 1 or 2: the last byte of its addresses */
	enum dp_sa_mode sd_mode;
	enum dp_sa_alg sd_alg;
	bool sd_udp; /* ESP in UDP 4500 (RFC 3948) rather than protocol 50 */
};

struct plan {
	struct dp_op pl_ops[MAX_OPS];
	size_t pl_count;
};

static struct dp_op *next_op(struct plan *p, enum dp_op_type type)
{
	struct dp_op *op = &p->pl_ops[p->pl_count++];

	memset(op, 0, sizeof(*op));
	op->op_type = type;
	return op;
}

static struct in_addr addr(const char *prefix, int last)
{
	char text[32];
	struct in_addr a = {0};

	snprintf(text, sizeof(text), "%s.%d", prefix, last);
	inet_pton(AF_INET, text, &a);
	return a;
}

static void add_addr(struct plan *p, const char *dev, struct in_addr a, int plen)
{
	struct dp_op *op = next_op(p, DP_ADDR_ADD);

	snprintf(op->op_addr.da_dev, sizeof(op->op_addr.da_dev), "%s", dev);
	op->op_addr.da_addr = a;
	op->op_addr.da_plen = (uint8_t)plen;
}

/* A VRF, its dummy loopback with one address, its label and its route to the far side. */
static void add_vrf(struct plan *p, const struct side *s, int vrf, uint32_t label, int lo_last)
{
	struct dp_op *op = next_op(p, DP_VRF_ADD);
	struct dp_nexthop *nh;

	snprintf(op->op_vrf.dv_name, sizeof(op->op_vrf.dv_name), "fy-v-cust%d", vrf);
	snprintf(op->op_vrf.dv_descr, sizeof(op->op_vrf.dv_descr), "cust%d", vrf);
	op->op_vrf.dv_table = 10u * (unsigned)vrf;
	op = next_op(p, DP_LINK_ADD);
	snprintf(op->op_link.dl_name, sizeof(op->op_link.dl_name), "fy-lo%d", vrf);
	snprintf(op->op_link.dl_descr, sizeof(op->op_link.dl_descr), "Loopback%d", vrf);
	op->op_link.dl_kind = DP_LINK_LOOPBACK;
	snprintf(op->op_link.dl_vrf, sizeof(op->op_link.dl_vrf), "fy-v-cust%d", vrf);
	op->op_link.dl_up = true;
	add_addr(p, op->op_link.dl_name, addr("203.0.113", lo_last), 32);
	op = next_op(p, DP_LABEL_ADD);
	op->op_label.dlb_in = label;
	snprintf(op->op_label.dlb_vrf, sizeof(op->op_label.dlb_vrf), "fy-v-cust%d", vrf);
	op = next_op(p, DP_ROUTE_ADD);
	op->op_route.dr_table = 10u * (unsigned)vrf;
	op->op_route.dr_dst = addr("203.0.113", s->sd_n == 1 ? 0 : 1);
	op->op_route.dr_plen = s->sd_n == 1 ? 24 : 32;
	op->op_route.dr_nnh = 1;
	nh = &op->op_route.dr_nh[0];
	nh->dn_gw = addr("198.51.100", s->sd_peer);
	snprintf(nh->dn_dev, sizeof(nh->dn_dev), "fy-tu0");
	nh->dn_labels[0] = label; /* the far side pops the same label into the same VRF */
	nh->dn_nlabels = 1;
}

static void add_underlay(struct plan *p, const struct side *s)
{
	struct dp_op *op = next_op(p, DP_LINK_ADD);

	snprintf(op->op_link.dl_name, sizeof(op->op_link.dl_name), "eth0");
	op->op_link.dl_kind = DP_LINK_EXISTING;
	op->op_link.dl_up = true;
	add_addr(p, "eth0", addr("192.0.2", s->sd_n), 24);
	op = next_op(p, DP_LINK_ADD);
	snprintf(op->op_link.dl_name, sizeof(op->op_link.dl_name), "fy-tu0");
	snprintf(op->op_link.dl_descr, sizeof(op->op_link.dl_descr), "Tunnel0");
	op->op_link.dl_kind = DP_LINK_GRE;
	op->op_link.dl_local = addr("192.0.2", s->sd_n);
	op->op_link.dl_remote = addr("192.0.2", s->sd_peer);
	op->op_link.dl_key = 42;
	op->op_link.dl_has_key = true;
	op->op_link.dl_ttl = 64;
	op->op_link.dl_mpls = true;
	op->op_link.dl_up = true;
	op->op_link.dl_protected = true; /* tunnel protection: never GRE in clear (kn_xfrm_block.h) */
	add_addr(p, "fy-tu0", addr("198.51.100", s->sd_n), 30);
}

/* TEST-ONLY keying: fixed keys (and HMAC keys), one per direction. */
static void add_sa(struct plan *p, const struct side *s, int from, int to)
{
	struct dp_op *op = next_op(p, DP_SA_ADD);
	struct dp_sa *sa = &op->op_sa;

	sa->dsa_spi = 0x1000u + 0x100u * (unsigned)from + (unsigned)to;
	sa->dsa_src = addr("192.0.2", from);
	sa->dsa_dst = addr("192.0.2", to);
	sa->dsa_mode = s->sd_mode;
	sa->dsa_alg = s->sd_alg;
	sa->dsa_keylen = dp_sa_alg_info(s->sd_alg)->sai_enc_keylen;
	sa->dsa_auth_keylen = dp_sa_alg_info(s->sd_alg)->sai_auth_keylen;
	for (int i = 0; i < DP_KEY_MAX; i++)
		sa->dsa_key[i] = (uint8_t)(0x10 * from + i);
	for (int i = 0; i < DP_AUTH_KEY_MAX; i++)
		sa->dsa_auth_key[i] = (uint8_t)(0x80 + 0x10 * from + i);
	sa->dsa_reqid = 1;
	sa->dsa_replay_window = 64;
	if (s->sd_udp)
		sa->dsa_encap_sport = sa->dsa_encap_dport = 4500;
}

static void add_policy(struct plan *p, const struct side *s, int from, int to, enum dp_policy_dir dir)
{
	struct dp_op *op = next_op(p, DP_POLICY_ADD);
	struct dp_policy *po = &op->op_policy;

	po->dpo_src = po->dpo_tun_src = addr("192.0.2", from);
	po->dpo_dst = po->dpo_tun_dst = addr("192.0.2", to);
	po->dpo_proto = IPPROTO_GRE;
	po->dpo_dir = dir;
	po->dpo_mode = s->sd_mode;
	po->dpo_reqid = 1;
}

/* What IKE installs for the tunnel: an SA and a policy each way. */
static void plan_ike(struct plan *p, const struct side *s)
{
	add_sa(p, s, s->sd_n, s->sd_peer);
	add_sa(p, s, s->sd_peer, s->sd_n);
	add_policy(p, s, s->sd_n, s->sd_peer, DP_POLICY_OUT);
	add_policy(p, s, s->sd_peer, s->sd_n, DP_POLICY_IN);
}

static void plan_side(struct plan *p, const struct side *s)
{
	add_underlay(p, s);
	add_vrf(p, s, 1, 100, s->sd_n == 1 ? 1 : 2);
	add_vrf(p, s, 2, 200, s->sd_n == 1 ? 1 : 3);
	plan_ike(p, s);
}

/* A CE's LAN (serve only): device ceVRF in the VRF, 10.N.0.1/24 in both VRFs (overlapping), the far side's
 * 10.PEER.0.0/24 through the VRF's label. */
static void add_lan(struct plan *p, const struct side *s, int vrf, uint32_t label)
{
	struct dp_op *op = next_op(p, DP_LINK_ADD);
	struct dp_nexthop *nh;
	char net[16];

	snprintf(op->op_link.dl_name, sizeof(op->op_link.dl_name), "ce%d", vrf);
	op->op_link.dl_kind = DP_LINK_EXISTING;
	snprintf(op->op_link.dl_vrf, sizeof(op->op_link.dl_vrf), "fy-v-cust%d", vrf);
	op->op_link.dl_up = true;
	snprintf(net, sizeof(net), "10.%d.0", s->sd_n);
	add_addr(p, op->op_link.dl_name, addr(net, 1), 24);
	op = next_op(p, DP_ROUTE_ADD);
	op->op_route.dr_table = 10u * (unsigned)vrf;
	snprintf(net, sizeof(net), "10.%d.0", s->sd_peer);
	op->op_route.dr_dst = addr(net, 0);
	op->op_route.dr_plen = 24;
	op->op_route.dr_nnh = 1;
	nh = &op->op_route.dr_nh[0];
	nh->dn_gw = addr("198.51.100", s->sd_peer);
	snprintf(nh->dn_dev, sizeof(nh->dn_dev), "fy-tu0");
	nh->dn_labels[0] = label;
	nh->dn_nlabels = 1;
}

static int open_kernel(struct dataplane *dpl)
{
	if (dataplane_open(dpl, "kernel") == 0)
		return 0;
	fprintf(stderr, "dp_scenario: %s\n", dpl->dpl_reason);
	return -1;
}

static int apply(struct dataplane *dpl, const struct dp_op *ops, size_t n)
{
	char err[768];

	if (dataplane_apply(dpl, ops, n, err, sizeof(err)) == 0)
		return 0;
	fprintf(stderr, "dp_scenario: %s\n", err);
	return -1;
}

static int parse_side(const char *which, const char *mode, const char *alg, struct side *s)
{
	if (strcmp(which, "side-a") && strcmp(which, "side-b"))
		return -1;
	*s = (struct side){.sd_n = strcmp(which, "side-b") == 0 ? 2 : 1};
	if (!dp_sa_alg_by_name(alg ? alg : "aes-gcm-128", &s->sd_alg))
		return -1;
	s->sd_peer = 3 - s->sd_n;
	s->sd_mode = mode && strcmp(mode, "tunnel") == 0 ? DP_SA_TUNNEL : DP_SA_TRANSPORT;
	return 0;
}

static int install(const char *which, const char *mode, const char *alg, bool close)
{
	struct side s;
	struct dataplane dpl;
	struct plan p = {.pl_count = 0};
	int rc;

	if (parse_side(which, mode, alg, &s) < 0)
		return 2;
	plan_side(&p, &s);
	if (open_kernel(&dpl) < 0)
		return 1;
	rc = apply(&dpl, p.pl_ops, p.pl_count);
	if (close)
		dataplane_close(&dpl);
	return rc < 0 ? 1 : 0;
}

/* Applies the plan through the backend's parts, telling which operation the kernel refused
 * (into *op, and on stderr with the reason): 0, or -1 (also when the backend does not open). */
static int apply_telling(const struct plan *p, size_t *op)
{
	struct kn_result res = {0};
	struct dp dp;
	int rc;

	if (kn_dp_init(&dp) < 0)
		return -1;
	*op = p->pl_count; /* none */
	if ((rc = kn_apply(&dp, p->pl_ops, p->pl_count, &res)) < 0) {
		fprintf(stderr, "dp_scenario: operation %zu refused: %s\n", res.kr_op, res.kr_msg);
		*op = res.kr_op;
	}
	kn_dp_fini(&dp);
	return rc;
}

/* Three routes in cust1's table, the second through a gateway fy-tu0 cannot reach: the apply
 * fails on that one, with the kernel's reason (exit 1; the error on stderr). */
static int refused(void)
{
	struct plan p = {.pl_count = 0};
	size_t refused_op;

	for (int i = 0; i < 3; i++) {
		struct dp_op *op = next_op(&p, DP_ROUTE_ADD);
		char net[16];
		snprintf(net, sizeof(net), "198.18.%d", i);
		op->op_route.dr_table = 10;
		op->op_route.dr_dst = addr(net, 0);
		op->op_route.dr_plen = 24;
		op->op_route.dr_nnh = 1;
		op->op_route.dr_nh[0].dn_gw = addr("198.51.100", 1);
		if (i == 1)
			op->op_route.dr_nh[0].dn_gw = addr("198.18.9", 9);
		snprintf(op->op_route.dr_nh[0].dn_dev, DP_DEVLEN, "fy-tu0");
	}
	return apply_telling(&p, &refused_op) < 0 ? 1 : 0;
}

/* Operations through the backend's parts without opening it (opening would sweep the rest). */
static int apply_parts(const struct dp_op *ops, size_t n)
{
	struct kn_result res = {0};
	struct dp dp;
	int rc;

	if (kn_dp_init(&dp) < 0)
		return 1;
	if ((rc = kn_apply(&dp, ops, n, &res)) < 0)
		fprintf(stderr, "dp_scenario: %s\n", res.kr_msg);
	kn_dp_fini(&dp);
	return rc < 0 ? 1 : 0;
}

/* A protected tunnel from the side's eth0 address with key KEY: GRE to 192.0.2.REMOTE, or mGRE. */
static void add_protected(struct plan *p, const struct side *s, const char *name, uint32_t key, int remote)
{
	struct dp_link *l = &next_op(p, DP_LINK_ADD)->op_link;

	snprintf(l->dl_name, sizeof(l->dl_name), "%s", name);
	l->dl_kind = remote ? DP_LINK_GRE : DP_LINK_MGRE;
	l->dl_local = addr("192.0.2", s->sd_n);
	l->dl_remote = remote ? addr("192.0.2", remote) : (struct in_addr){0};
	l->dl_key = key;
	l->dl_has_key = true;
	l->dl_protected = true;
	l->dl_up = true;
}

/* BLOCK policies of more protected tunnels (kn_xfrm_block.h), in one run of the backend's parts.
 * shared: fy-tu8 (198.51.100.9/30) and fy-tu9 to .77 share ends (other keys), fy-tu9 goes again;
 * then a GRE add (to .78) the kernel refuses (exit 0 when only that one failed). mgre: fy-tu7,
 * multipoint. */
static int block_users(const char *which, const char *what)
{
	struct plan p = {.pl_count = 0};
	struct dp_link tu9;
	size_t refused_op;
	struct side s;
	int rc;

	if (parse_side(which, NULL, NULL, &s) < 0 || (strcmp(what, "shared") && strcmp(what, "mgre")))
		return 2;
	if (strcmp(what, "mgre") == 0)
		add_protected(&p, &s, "fy-tu7", 7, 0);
	else {
		add_protected(&p, &s, "fy-tu8", 8, 77);
		add_addr(&p, "fy-tu8", addr("198.51.100", 9), 30);
		add_protected(&p, &s, "fy-tu9", 9, 77);
		tu9 = p.pl_ops[p.pl_count - 1].op_link;
		next_op(&p, DP_LINK_DEL)->op_link = tu9;
		add_protected(&p, &s, "fy-bad/8", 10, 78); /* no device name may hold a slash */
	}
	rc = apply_telling(&p, &refused_op);
	if (strcmp(what, "mgre") == 0)
		return rc < 0 ? 1 : 0;
	return rc < 0 && refused_op == p.pl_count - 1 ? 0 : 1;
}

static int del_label(const char *label)
{
	struct dp_op op = {.op_type = DP_LABEL_DEL};

	op.op_label.dlb_in = (uint32_t)strtoul(label, NULL, 10);
	return apply_parts(&op, 1);
}

/* A side's IKE state alone, up (added) or down (deleted, as when its IKE SA goes): fy-tu0 and
 * the routes into it stay. */
static int ike(const char *updown, const char *which, const char *mode)
{
	bool up = strcmp(updown, "up") == 0;
	struct plan p = {.pl_count = 0};
	struct side s;

	if ((!up && strcmp(updown, "down")) || parse_side(which, mode, NULL, &s) < 0)
		return 2;
	plan_ike(&p, &s);
	for (size_t i = 0; i < p.pl_count && !up; i++)
		p.pl_ops[i].op_type = p.pl_ops[i].op_type == DP_SA_ADD ? DP_SA_DEL : DP_POLICY_DEL;
	return apply_parts(p.pl_ops, p.pl_count);
}

/* The counter kind named link, label, sa or mpls; -1 for another name. */
static int kind_of(const char *name)
{
	static const char *const kinds[] = {
	    [DP_CNT_LINK] = "link", [DP_CNT_LABEL] = "label", [DP_CNT_SA] = "sa", [DP_CNT_MPLS_LINK] = "mpls"};

	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++)
		if (strcmp(kinds[k], name) == 0)
			return (int)k;
	return -1;
}

static int check(const char *kind, const char *key)
{
	struct dp_counters c;
	struct dp dp;
	int k = kind_of(kind), rc;

	if (k < 0)
		return 2;
	if (kn_dp_init(&dp) < 0)
		return 1;
	if ((rc = kn_counters(&dp, (enum dp_counter_kind)k, key, &c)) == 0)
		printf("packets_in %llu bytes_in %llu packets_out %llu bytes_out %llu drops %llu\n",
		       (unsigned long long)c.dc_packets_in, (unsigned long long)c.dc_bytes_in,
		       (unsigned long long)c.dc_packets_out, (unsigned long long)c.dc_bytes_out,
		       (unsigned long long)c.dc_drops);
	else
		fprintf(stderr, "dp_scenario: no %s counters for %s\n", kind, key);
	kn_dp_fini(&dp);
	return rc < 0 ? 1 : 0;
}

/* Opening removes what earlier runs left; closing removes what this one installed (none). */
static int cleanup(void)
{
	struct dataplane dpl;

	if (open_kernel(&dpl) < 0)
		return 1;
	dataplane_close(&dpl);
	return 0;
}

/* serve: SIGTERM or SIGINT end it, SIGUSR1 asks for its counters. */
static volatile sig_atomic_t got_signal;

static void on_signal(int sig)
{
	got_signal = sig;
}

static void print_drop(void *arg, const char *reason, uint64_t count)
{
	(void)arg;
	if (count)
		printf("drop %s %llu\n", reason, (unsigned long long)count);
}

static void print_nhrp(void *arg, const char *name, uint64_t count)
{
	(void)arg;
	printf("nhrp %s %llu\n", name, (unsigned long long)count);
}

/* What serve prints on SIGUSR1: drops by reason, NHRP's counters, those of each VRF, link, label and SA, "end". */
static void report(struct dataplane *dpl)
{
	static const char *const keys[][2] = {{"link", "fy-v-cust1"}, {"link", "fy-v-cust2"}, {"link", "fy-tu0"},
					      {"mpls", "fy-tu0"},     {"link", "eth0"},	      {"label", "100"},
					      {"label", "200"},	      {"sa", "1102"},	      {"sa", "1201"}};
	struct dp_counters c;

	if (dpl->dpl_backend->db_drops)
		dpl->dpl_backend->db_drops(dpl->dpl_state, print_drop, NULL);
	if (dpl->dpl_backend->db_punt_counters)
		dpl->dpl_backend->db_punt_counters(dpl->dpl_state, print_nhrp, NULL);
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (dpl->dpl_backend->db_counters(dpl->dpl_state, (enum dp_counter_kind)kind_of(keys[i][0]), keys[i][1],
						  &c) == 0)
			printf("%s %s in %llu out %llu\n", keys[i][0], keys[i][1], (unsigned long long)c.dc_packets_in,
			       (unsigned long long)c.dc_packets_out);
	printf("end\n");
	fflush(stdout);
}

static void catch_signals(sigset_t *old)
{
	struct sigaction sa = {.sa_handler = on_signal};
	sigset_t block;

	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGUSR1);
	sigprocmask(SIG_BLOCK, &block, old);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGUSR1, &sa, NULL);
}

static void print_punt(void *arg, const struct dp_punt *pkt)
{
	char line[64 + 2 * DP_PUNT_MAX];

	(void)arg;
	dp_punt_format("punt", pkt, line, sizeof(line));
	printf("%s\n", line);
}

/* The bytes of an even-length hex string; SIZE_MAX when it is not one or exceeds max. */
static size_t unhex(const char *hex, uint8_t *out, size_t max)
{
	size_t n = strlen(hex) / 2;

	if (strlen(hex) % 2 || n > max)
		return SIZE_MAX;
	for (size_t i = 0; i < n; i++) {
		unsigned byte;

		if (sscanf(hex + 2 * i, "%2x", &byte) != 1)
			return SIZE_MAX;
		out[i] = (uint8_t)byte;
	}
	return n;
}

/* "inject LINK NBMA HEX": sent as NHRP; answered "inject RC". */
static void inject_line(struct dataplane *dpl, const char *line)
{
	char link[DP_DEVLEN], nbma[INET_ADDRSTRLEN], hex[2 * DP_PUNT_MAX + 1];
	uint8_t data[DP_PUNT_MAX];
	struct in_addr dst;
	size_t len;
	int rc = -EINVAL;

	if (sscanf(line, "inject %15s %15s %4096s", link, nbma, hex) == 3 && inet_pton(AF_INET, nbma, &dst) == 1 &&
	    (len = unhex(hex, data, sizeof(data))) != SIZE_MAX)
		rc = dataplane_inject(dpl, link, dst, 0x2001, data, len);
	printf("inject %d\n", rc);
}

/* serve ... punt: waits (with mask, as ppoll) for punted packets, a line on stdin (unbuffered), the
 * monitor's notifications (mon, if any: the backend's hooks run only when it is read) or a signal. */
static void punt_wait(struct dataplane *dpl, struct nl_monitor *mon, const sigset_t *mask, bool *stdin_open)
{
	struct pollfd pfd[2 + NL_MONITOR_FDS] = {{.fd = dataplane_punt_fd(dpl), .events = POLLIN},
						 {.fd = *stdin_open ? 0 : -1, .events = POLLIN}};
	size_t watched = mon ? nl_monitor_pollfds(mon, pfd + 2) : 0;
	char line[2 * DP_PUNT_MAX + 64];

	if (ppoll(pfd, 2 + watched, NULL, mask) <= 0)
		return;
	if (watched)
		nl_monitor_polled(mon, pfd + 2);
	if (pfd[0].revents & POLLIN)
		dataplane_punt_drain(dpl, print_punt, NULL);
	if (pfd[1].revents & (POLLIN | POLLHUP)) {
		if (fgets(line, sizeof(line), stdin))
			inject_line(dpl, line);
		else
			*stdin_open = false;
	}
	fflush(stdout);
}

/* A side with CE LANs through BACKEND (userspace: the backend forwards only while this runs), until SIGTERM. */
static int serve(const char *backend, const char *which, const char *mode, const char *encap, bool punt)
{
	struct side s;
	struct plan p = {.pl_count = 0};
	struct dataplane dpl;
	struct nl_monitor *mon;
	sigset_t old;
	int rc;
	bool stdin_open = punt;

	if (parse_side(which, mode, NULL, &s) < 0)
		return 2;
	/* a line at a time from the kernel, so that poll sees each line stdio has not read */
	setvbuf(stdin, NULL, _IONBF, 0);
	s.sd_udp = encap && strcmp(encap, "udp") == 0;
	plan_side(&p, &s);
	add_lan(&p, &s, 1, 100);
	add_lan(&p, &s, 2, 200);
	if (dataplane_open(&dpl, backend) < 0) {
		fprintf(stderr, "dp_scenario: %s\n", dpl.dpl_reason);
		return 1;
	}
	/* the backend's hooks (a VRF LAN flapped by another agent), as ferryd's monitor runs them */
	mon = nl_monitor_open();
	catch_signals(&old);
	if ((rc = apply(&dpl, p.pl_ops, p.pl_count)) == 0) {
		printf("ready\n");
		fflush(stdout);
	}
	while (rc == 0 && got_signal != SIGTERM && got_signal != SIGINT) {
		if (punt)
			punt_wait(&dpl, mon, &old, &stdin_open);
		else if (!mon || nl_monitor_wait(mon, &old) < 0)
			sigsuspend(&old); /* without a monitor, or its wait failing: signals only */
		if (got_signal == SIGUSR1) {
			report(&dpl);
			got_signal = 0;
		}
	}
	nl_monitor_stop(mon);
	dataplane_close(&dpl);
	return rc < 0 ? 1 : 0;
}

static int probe(void)
{
	char why[128];

	if (dp_backend_kernel.db_probe(why, sizeof(why)) == 0)
		return 0;
	fprintf(stderr, "dp_scenario: %s\n", why);
	return 1;
}

int main(int argc, char **argv)
{
	const char *verb = argc > 1 ? argv[1] : "";
	int rc = 2;

	if (strcmp(verb, "probe") == 0)
		rc = probe();
	else if (strncmp(verb, "side-", 5) == 0)
		rc = install(verb, argc > 2 ? argv[2] : NULL, argc > 3 ? argv[3] : NULL, false);
	else if (strcmp(verb, "closes") == 0 && argc > 2)
		rc = install(argv[2], argc > 3 ? argv[3] : NULL, NULL, true);
	else if (strcmp(verb, "serve") == 0 && argc > 3)
		rc = serve(argv[2], argv[3], argc > 4 ? argv[4] : NULL, argc > 5 ? argv[5] : NULL,
			   argc > 6 && strcmp(argv[6], "punt") == 0);
	else if (strcmp(verb, "cleanup") == 0)
		rc = cleanup();
	else if (strcmp(verb, "refused") == 0)
		rc = refused();
	else if (strcmp(verb, "del-label") == 0 && argc > 2)
		rc = del_label(argv[2]);
	else if (strcmp(verb, "ike") == 0 && argc > 3)
		rc = ike(argv[2], argv[3], argc > 4 ? argv[4] : NULL);
	else if (strcmp(verb, "check") == 0 && argc > 3)
		rc = check(argv[2], argv[3]);
	else if (strcmp(verb, "block") == 0 && argc > 3)
		rc = block_users(argv[2], argv[3]);
	if (rc == 2)
		fprintf(stderr, "usage: dp_scenario probe | side-a|side-b [transport|tunnel [ALG]] | closes SIDE "
				"[MODE] | cleanup | block SIDE shared|mgre |\n"
				"       refused | del-label LABEL | ike up|down SIDE [MODE] | check link|mpls|sa|label KEY |\n"
				"       serve BACKEND SIDE [MODE] [udp|esp [punt]]\n");
	return rc;
}
