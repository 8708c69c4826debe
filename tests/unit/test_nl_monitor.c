/*
 * The rtnetlink monitor's decisions, on synthetic notifications: what ferryd
 * applied and the kernel lost is put back (and only that), changes that
 * agree with the configuration are left alone, malformed messages are
 * refused. The link notifications of one read, coalesced per link and
 * judged by the link's current state (nl_burst.c): another agent's quick
 * `down; up` in one read, or its down read alone while the link is up
 * again, is reacted to once as a flap (the routes the down took put back,
 * the link reported down then up); an up alone is left alone.
 * Ethernet0/0 maps to lo, which this host has and keeps up; the devices
 * ferryd would create (fy-*) are not on this host.
 */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cmocka.h>

#include <libmnl/libmnl.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <net/if.h>

#include "dataplane/dp_config.h"
#include "interface/iface.h"
#include "mpls/mfi.h"
#include "netlink/nl_burst.h"
#include "netlink/nl_monitor.h"
#include "rib/fib.h"
#include "rib_fixture.h"

static const char config[] = "vrf definition cust1\n"
			     " rd 1:1\n"
			     "interface Loopback1\n"
			     " vrf forwarding cust1\n"
			     " ip address 10.9.9.1 255.255.255.255\n"
			     "interface Loopback2\n"
			     " shutdown\n"
			     "interface Ethernet0/0\n"
			     " ip address 192.0.2.1 255.255.255.0\n"
			     "ip route vrf cust1 10.50.0.0 255.255.0.0 Loopback1\n"
			     "ip route 10.60.0.0 255.255.0.0 192.0.2.2\n";

#define LO_ROUTE "route-add table 0 10.60.0.0/16 metric 0 via 192.0.2.2 dev lo"

static _Alignas(struct nlmsghdr) char buf[512];

/* What one read of the socket holds: notifications one after another. */
struct rd {
	_Alignas(struct nlmsghdr) char rd_buf[64 * 64];
	size_t rd_len;
};

/* Appends an RTM_NEWLINK or RTM_DELLINK for DEV (ifindex INDEX, no name if NULL) with interface flags FLAGS,
 * telling of the changed flags CHANGE (ifi_change). */
static struct nlmsghdr *read_link_change(struct rd *r, uint16_t type, const char *dev, int index, unsigned flags,
					 unsigned change)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(r->rd_buf + r->rd_len);
	struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));

	nlh->nlmsg_type = type;
	ifi->ifi_index = index;
	ifi->ifi_flags = flags;
	ifi->ifi_change = change;
	if (dev)
		mnl_attr_put_strz(nlh, IFLA_IFNAME, dev);
	r->rd_len += MNL_ALIGN(nlh->nlmsg_len);
	return nlh;
}

/* As `ip link set DEV up|down` has the kernel announce it: IFF_UP changed. */
static struct nlmsghdr *read_link(struct rd *r, uint16_t type, const char *dev, int index, unsigned flags)
{
	return read_link_change(r, type, dev, index, flags, IFF_UP);
}

/* One RTM_NEWLINK or RTM_DELLINK for DEV with interface flags FLAGS. */
static struct nlmsghdr *link_msg(uint16_t type, const char *dev, unsigned flags)
{
	static struct rd one;

	one.rd_len = 0;
	return read_link(&one, type, dev, 99, flags);
}

/* An RTM_DELADDR of ADDR/PLEN labelled DEV, as kernels before 6.3 send it (no IFA_PROTO). */
static struct nlmsghdr *addr_gone(const char *dev, const char *addr, uint8_t plen)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(memset(buf, 0, sizeof(buf)));
	struct ifaddrmsg *ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	struct in_addr a = rfx_ip(addr);

	nlh->nlmsg_type = RTM_DELADDR;
	ifa->ifa_family = AF_INET;
	ifa->ifa_prefixlen = plen;
	mnl_attr_put(nlh, IFA_LOCAL, sizeof(a), &a);
	mnl_attr_put(nlh, IFA_ADDRESS, sizeof(a), &a);
	mnl_attr_put_strz(nlh, IFA_LABEL, dev);
	return nlh;
}

/* Hands the notification to the monitor; its result and, in *applied, what it re-applied. */
static int handle(struct rfx *f, const struct nlmsghdr *nlh, const char **applied)
{
	int rc;

	dp_record_clear(f->rf_d.fd_dp.dpl_state);
	rc = nl_monitor_handle(&f->rf_d, nlh);
	*applied = dp_record_text(f->rf_d.fd_dp.dpl_state);
	return rc;
}

static void assert_has(const char *text, const char *line)
{
	if (!strstr(text, line))
		fail_msg("missing \"%s\" in:\n%s", line, text);
}

/* Reads r as the monitor does and reacts at its end: the links re-applied, and in *applied what. */
static size_t read_react(struct rfx *f, const struct rd *r, const char **applied)
{
	struct nl_burst burst = {.nb_n = 0};
	size_t n;

	dp_record_clear(f->rf_d.fd_dp.dpl_state);
	assert_int_equal(nl_burst_read(&f->rf_d, &burst, r->rd_buf, r->rd_len), 0);
	n = nl_burst_react(&f->rf_d, &burst);
	assert_int_equal(burst.nb_n, 0);
	*applied = dp_record_text(f->rf_d.fd_dp.dpl_state);
	return n;
}

/* Reads r: nothing re-applied. */
static void assert_ignored(struct rfx *f, const struct rd *r)
{
	const char *ops;

	assert_int_equal(read_react(f, r, &ops), 0);
	assert_string_equal(ops, "");
}

static size_t count(const char *text, const char *line)
{
	size_t n = 0;

	for (const char *at = text; (at = strstr(at, line)); at += strlen(line))
		n++;
	return n;
}

static int setup(void **state)
{
	static struct rfx f;

	assert_int_equal(if_map_add("Ethernet0/0=lo"), 0);
	rfx_init(&f);
	rfx_config(&f, config);
	dp_config_sync(&f.rf_d);
	assert_non_null(strstr(rfx_sync(&f), "10.50.0.0/16")); /* the routes are installed */
	*state = &f;
	return 0;
}

static int teardown(void **state)
{
	struct rfx *f = *state;

	dp_config_forget(&f->rf_d);
	rfx_fini(f);
	if_map_clear();
	return 0;
}

static void test_deleted_link_comes_back(void **state)
{
	const char *ops;

	assert_int_equal(handle(*state, link_msg(RTM_DELLINK, "fy-lo1", 0), &ops), 1);
	assert_has(ops, "link-add fy-lo1 kind loopback");
	assert_has(ops, "vrf fy-v-cust1");
	assert_has(ops, "addr-add fy-lo1 10.9.9.1/32");
	assert_null(strstr(ops, "fy-lo2"));
	/* the kernel dropped the route through fy-lo1 with it, not the one through lo */
	assert_has(ops, "10.50.0.0/16 metric 0 via 0.0.0.0 dev fy-lo1");
	assert_null(strstr(ops, "10.60.0.0"));
}

static void test_deleted_vrf_takes_its_links_again(void **state)
{
	const char *ops;

	assert_int_equal(handle(*state, link_msg(RTM_DELLINK, "fy-v-cust1", 0), &ops), 1);
	assert_has(ops, "vrf-add fy-v-cust1");
	assert_has(ops, "link-add fy-lo1 ");
}

/* The VRF's table went with its device, and the label popping into it: installed again. */
static void test_deleted_vrf_takes_its_routes_again(void **state)
{
	struct rfx *f = *state;
	uint32_t label = mfi_vrf_label(mfi_of(&f->rf_d), "cust1", MFI_OWNER_BGP);
	char popped[64];
	const char *ops;

	snprintf(popped, sizeof(popped), "label-add %u pop-lookup vrf fy-v-cust1", label);
	assert_has(rfx_sync(f), popped);
	assert_int_equal(handle(f, link_msg(RTM_DELLINK, "fy-v-cust1", 0), &ops), 1);
	assert_has(ops, "10.50.0.0/16 metric 0 via 0.0.0.0 dev fy-lo1");
	assert_has(ops, popped);
	assert_null(strstr(ops, "10.60.0.0"));
}

/* A -m device deleted (the sync forgot it, failing to configure it) and back: taken again, with its routes. */
static void test_mapped_device_returns(void **state)
{
	struct rfx *f = *state;
	const char *ops;

	dp_config_invalidate(&f->rf_d, "lo");
	fib_forget_device(&f->rf_d, "lo");
	assert_int_equal(handle(f, link_msg(RTM_NEWLINK, "lo", IFF_UP), &ops), 1);
	assert_has(ops, "link-add lo ");
	assert_has(ops, "addr-add lo 192.0.2.1/24");
	assert_has(ops, "route-add table 0 10.60.0.0/16 metric 0 via 192.0.2.2 dev lo");
	/* taken: the next notification finds it as wanted */
	assert_int_equal(handle(f, link_msg(RTM_NEWLINK, "lo", IFF_UP), &ops), 0);
	assert_string_equal(ops, "");
}

/* A mapped device whose interface is not configured is left alone. */
static void test_mapped_device_unconfigured(void **state)
{
	const char *ops;

	assert_int_equal(if_map_add("Ethernet0/1=eth9"), 0);
	assert_int_equal(handle(*state, link_msg(RTM_NEWLINK, "eth9", IFF_UP), &ops), 0);
	assert_string_equal(ops, "");
}

static void test_link_down_wanted_up(void **state)
{
	const char *ops;

	assert_int_equal(handle(*state, link_msg(RTM_NEWLINK, "fy-lo1", 0), &ops), 1);
	assert_has(ops, "link-add fy-lo1 ");
}

static void test_changes_that_agree_are_ignored(void **state)
{
	const char *ops;

	/* up, as wanted */
	assert_int_equal(handle(*state, link_msg(RTM_NEWLINK, "fy-lo1", IFF_UP), &ops), 0);
	/* down, and configured shutdown */
	assert_int_equal(handle(*state, link_msg(RTM_NEWLINK, "fy-lo2", 0), &ops), 0);
	/* not ferryd's */
	assert_int_equal(handle(*state, link_msg(RTM_DELLINK, "eth7", 0), &ops), 0);
	assert_int_equal(handle(*state, addr_gone("fy-lo1", "10.9.9.2", 32), &ops), 0);
	assert_int_equal(handle(*state, addr_gone("fy-lo1", "10.9.9.1", 24), &ops), 0);
	assert_string_equal(ops, "");
}

static void test_removed_address_comes_back(void **state)
{
	const char *ops;

	assert_int_equal(handle(*state, addr_gone("lo", "192.0.2.1", 24), &ops), 1);
	assert_has(ops, "addr-add lo 192.0.2.1/24");
}

/* fy-lo1 is not on this host: as after its deletion, its device's notification puts both back. */
static void test_address_of_a_gone_device_waits_for_the_device(void **state)
{
	const char *ops;

	assert_int_equal(handle(*state, addr_gone("fy-lo1", "10.9.9.1", 32), &ops), 0);
	assert_string_equal(ops, "");
}

static void test_removed_by_ferryd_is_ignored(void **state)
{
	struct rfx *f = *state;
	const char *ops;

	rfx_config(f, "no interface Loopback1\n");
	dp_config_sync(&f->rf_d);
	assert_int_equal(handle(f, link_msg(RTM_DELLINK, "fy-lo1", 0), &ops), 0);
	assert_int_equal(handle(f, addr_gone("fy-lo1", "10.9.9.1", 32), &ops), 0);
	assert_string_equal(ops, "");
}

static void test_malformed_is_refused(void **state)
{
	struct nlmsghdr *nlh;
	const char *ops;

	assert_int_equal(handle(*state, link_msg(RTM_DELLINK, NULL, 0), &ops), -1);
	nlh = addr_gone("fy-lo1", "10.9.9.1", 32);
	((struct ifaddrmsg *)mnl_nlmsg_get_payload(nlh))->ifa_prefixlen = 33;
	assert_int_equal(handle(*state, nlh, &ops), -1);
	nlh = addr_gone("fy-lo1", "10.9.9.1", 32);
	nlh->nlmsg_len = MNL_NLMSG_HDRLEN + sizeof(struct ifaddrmsg) + 3; /* an attribute cut short */
	assert_int_equal(handle(*state, nlh, &ops), -1);
	assert_string_equal(ops, "");
}

/* down then up in one read: one reaction, the route through lo put back. */
static void test_down_up_in_one_read(void **state)
{
	struct rd r = {.rd_len = 0};
	const char *ops;

	read_link(&r, RTM_NEWLINK, "lo", 1, 0);
	read_link(&r, RTM_NEWLINK, "lo", 1, IFF_UP);
	assert_int_equal(read_react(*state, &r, &ops), 1);
	assert_int_equal(count(ops, LO_ROUTE), 1);
	assert_int_equal(count(ops, "addr-add lo 192.0.2.1/24"), 1);
}

/* The down read alone, lo up again by then: the down took its routes all the same; the up that follows
 * finds it as wanted. */
static void test_stale_down_then_up(void **state)
{
	struct rd down = {.rd_len = 0}, up = {.rd_len = 0};
	const char *ops;

	read_link(&down, RTM_NEWLINK, "lo", 1, 0);
	assert_int_equal(read_react(*state, &down, &ops), 1);
	assert_int_equal(count(ops, LO_ROUTE), 1);
	read_link(&up, RTM_NEWLINK, "lo", 1, IFF_UP);
	assert_ignored(*state, &up);
}

/* Flapping on and on in one read: still one reaction; other links of the read each judged on their own. */
static void test_burst_coalesced_per_link(void **state)
{
	struct rd r = {.rd_len = 0};
	const char *ops;

	for (int i = 0; i < 4; i++)
		read_link(&r, RTM_NEWLINK, "lo", 1, i % 2 ? IFF_UP : 0);
	read_link(&r, RTM_NEWLINK, "fy-lo2", 8, 0); /* shutdown: down as wanted */
	read_link(&r, RTM_DELLINK, "fy-lo1", 7, 0); /* not on this host: created again */
	assert_int_equal(read_react(*state, &r, &ops), 2);
	assert_int_equal(count(ops, LO_ROUTE), 1);
	assert_int_equal(count(ops, "link-add fy-lo1 "), 1);
	assert_null(strstr(ops, "fy-lo2"));
}

static void test_up_alone_is_ignored(void **state)
{
	struct rd r = {.rd_len = 0};

	read_link(&r, RTM_NEWLINK, "lo", 1, IFF_UP);
	assert_ignored(*state, &r);
}

/* Tunnel6 created by ferryd (here fy-lo1, as the sync re-creates it): the kernel announces the new device
 * down as it registers (ifi_change ~0u), then up, and the carrier (no flag changed): no flap, nothing
 * re-applied, nothing logged as down. */
static void test_created_by_ferryd_down_then_up_ignored(void **state)
{
	struct rd r = {.rd_len = 0};

	read_link_change(&r, RTM_NEWLINK, "fy-lo1", 7, 0, ~0u);
	read_link_change(&r, RTM_NEWLINK, "fy-lo1", 7, IFF_UP, IFF_UP);
	read_link_change(&r, RTM_NEWLINK, "fy-lo1", 7, IFF_UP | IFF_RUNNING, 0);
	assert_ignored(*state, &r);
}

/* The registration read alone, before the up: no down either. */
static void test_registration_alone_is_no_down(void **state)
{
	struct rd r = {.rd_len = 0};
	const char *ops;

	read_link_change(&r, RTM_NEWLINK, "lo", 1, 0, ~0u);
	assert_ignored(*state, &r);
	/* a carrier change of a link down (ifi_change 0) is none either */
	assert_int_equal(handle(*state, read_link_change(&r, RTM_NEWLINK, "lo", 1, 0, 0), &ops), 0);
	assert_string_equal(ops, "");
}

/* Created (registration, then up), then another agent's down;up in a later read: a flap, re-applied once. */
static void test_created_then_real_down_up_is_a_flap(void **state)
{
	struct rd created = {.rd_len = 0}, flap = {.rd_len = 0};
	const char *ops;

	read_link_change(&created, RTM_NEWLINK, "lo", 1, 0, ~0u);
	read_link(&created, RTM_NEWLINK, "lo", 1, IFF_UP);
	assert_ignored(*state, &created);
	read_link(&flap, RTM_NEWLINK, "lo", 1, 0);
	read_link(&flap, RTM_NEWLINK, "lo", 1, IFF_UP);
	assert_int_equal(read_react(*state, &flap, &ops), 1);
	assert_int_equal(count(ops, LO_ROUTE), 1);
}

/* The socket overran: every configured device and address judged by the kernel's state now. Here fy-lo1
 * and fy-v-cust1 are not on this host (as if deleted) and lo lacks 192.0.2.1/24; lo itself is up. */
static void test_recheck_after_overrun(void **state)
{
	struct rfx *f = *state;
	const char *ops;

	dp_record_clear(f->rf_d.fd_dp.dpl_state);
	assert_true(nl_monitor_recheck(&f->rf_d) >= 2);
	ops = dp_record_text(f->rf_d.fd_dp.dpl_state);
	assert_has(ops, "vrf-add fy-v-cust1");
	assert_has(ops, "link-add fy-lo1 ");
	assert_has(ops, "addr-add lo 192.0.2.1/24");
	assert_has(ops, LO_ROUTE); /* the address's re-apply puts back the route through lo */
}

static int hook_take(void *arg, const struct nlmsghdr *nlh)
{
	(void)arg;
	(void)nlh;
	return 0;
}

static void hook_lost(void *arg)
{
	(void)arg;
}

/* Hooks only: one socket, for the hooks' groups, and none without a hook. */
static void test_hooks_only_polls_the_hooks_socket(void **state)
{
	struct nl_monitor_hook h = {.nh_group = RTNLGRP_IPV4_ROUTE, .nh_notified = hook_take, .nh_lost = hook_lost};
	struct pollfd pfd[NL_MONITOR_FDS];
	struct nl_monitor *m = nl_monitor_open();

	(void)state;
	assert_non_null(m);
	assert_int_equal(nl_monitor_pollfds(m, pfd), 0);
	nl_monitor_stop(m);
	nl_monitor_hook_add(&h);
	m = nl_monitor_open();
	nl_monitor_hook_del(&h);
	assert_non_null(m);
	assert_int_equal(nl_monitor_pollfds(m, pfd), 1);
	assert_true(pfd[0].fd >= 0);
	nl_monitor_stop(m);
}

/* With no descriptor left: no monitor, and one warning on stderr naming what goes unwatched. */
static void test_cannot_open_warns_once(void **state)
{
	struct nl_monitor_hook h = {.nh_group = RTNLGRP_IPV4_ROUTE, .nh_notified = hook_take, .nh_lost = hook_lost};
	FILE *captured = tmpfile();
	int saved = dup(2), next = open("/dev/null", O_RDONLY);
	struct rlimit was, none;
	char text[512] = "";

	(void)state;
	assert_non_null(captured);
	assert_true(saved >= 0 && next >= 0 && getrlimit(RLIMIT_NOFILE, &was) == 0);
	close(next); /* the lowest descriptor free: the limit, so that the next socket finds none */
	none = (struct rlimit){.rlim_cur = (rlim_t)next, .rlim_max = was.rlim_max};
	nl_monitor_hook_add(&h);
	dup2(fileno(captured), 2);
	assert_int_equal(setrlimit(RLIMIT_NOFILE, &none), 0);
	assert_null(nl_monitor_open());
	assert_int_equal(setrlimit(RLIMIT_NOFILE, &was), 0);
	dup2(saved, 2);
	close(saved);
	nl_monitor_hook_del(&h);
	rewind(captured);
	assert_true(fread(text, 1, sizeof(text) - 1, captured) > 0);
	fclose(captured);
	assert_int_equal(count(text, "rtnetlink monitor not running"), 1);
	assert_has(text, "hooks do not run");
}

/* More links than a burst holds: it reacts early and goes on; the last link waits for the end of the read. */
static void test_full_burst_reacts_early(void **state)
{
	struct rfx *f = *state;
	struct nl_burst burst = {.nb_n = 0};
	struct rd r = {.rd_len = 0};
	char name[IFNAMSIZ];

	for (int i = 0; i <= NL_BURST_LINKS; i++) {
		snprintf(name, sizeof(name), "ext%d", i);
		read_link(&r, RTM_NEWLINK, name, 100 + i, 0);
	}
	assert_int_equal(nl_burst_read(&f->rf_d, &burst, r.rd_buf, r.rd_len), 0);
	assert_int_equal(burst.nb_n, 1);
	assert_string_equal(burst.nb_links[0].bl_link.nl_name, name);
}

/* A link notification without a name is dropped and counted; the rest of the read goes on. */
static void test_malformed_link_counted(void **state)
{
	struct rfx *f = *state;
	struct nl_burst burst = {.nb_n = 0};
	struct rd r = {.rd_len = 0};

	read_link(&r, RTM_NEWLINK, NULL, 2, 0);
	read_link(&r, RTM_NEWLINK, "lo", 1, 0);
	assert_int_equal(nl_burst_read(&f->rf_d, &burst, r.rd_buf, r.rd_len), 1);
	assert_int_equal(burst.nb_n, 1);
	assert_true(burst.nb_links[0].bl_down);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_deleted_link_comes_back, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_deleted_vrf_takes_its_links_again, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_deleted_vrf_takes_its_routes_again, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_mapped_device_returns, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_mapped_device_unconfigured, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_link_down_wanted_up, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_changes_that_agree_are_ignored, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_removed_address_comes_back, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_address_of_a_gone_device_waits_for_the_device, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_removed_by_ferryd_is_ignored, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_malformed_is_refused, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_down_up_in_one_read, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_stale_down_then_up, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_burst_coalesced_per_link, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_up_alone_is_ignored, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_created_by_ferryd_down_then_up_ignored, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_registration_alone_is_no_down, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_created_then_real_down_up_is_a_flap, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_recheck_after_overrun, setup, teardown),
	    cmocka_unit_test(test_hooks_only_polls_the_hooks_socket),
	    cmocka_unit_test(test_cannot_open_warns_once),
	    cmocka_unit_test_setup_teardown(test_full_burst_reacts_early, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_malformed_link_counted, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
