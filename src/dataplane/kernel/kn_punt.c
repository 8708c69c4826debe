/* NHRP through ip_gre's packet socket hooks (kn_punt.h). */
#include "dataplane/kernel/kn_punt.h"

#include <errno.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <netpacket/packet.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/log.h"
#include "dataplane/kernel/kn_dp.h"

#define KN_PUNT_PROTO 0x2001 /* ETH_P_NHRP: what ip_gre sets as the protocol of GRE protocol 0x2001 */
#define KN_PUNT_BURST 64     /* read per drain: the rest stays readable for the next turn of the loop */

void kn_punt_init(struct kn_punt *kp)
{
	*kp = (struct kn_punt){.kp_fd = -1};
}

void kn_punt_close(struct kn_punt *kp)
{
	if (kp->kp_fd >= 0)
		close(kp->kp_fd);
	kp->kp_fd = -1;
}

int kn_punt_fd(struct dp *dp)
{
	struct kn_punt *kp = &dp->kd_punt;

	if (kp->kp_fd >= 0)
		return kp->kp_fd;
	kp->kp_fd = socket(AF_PACKET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, htons(KN_PUNT_PROTO));
	if (kp->kp_fd < 0) {
		log_msg(SEV_ERR, "DATAPLANE", "NHRP", "no packet socket for NHRP: %s", strerror(errno));
		return -1;
	}
	/* Our own injects are not read back (Linux 4.20; older ones: kn_punt_accept skips them). */
	(void)setsockopt(kp->kp_fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, &(int){1}, sizeof(int));
	return kp->kp_fd;
}

/* One datagram read into buf as a punted packet; false when it is not one (counted). */
static bool kn_punt_accept(struct kn_punt *kp, const struct sockaddr_ll *from, ssize_t n, struct dp_punt *pkt)
{
	if (from->sll_hatype != ARPHRD_IPGRE || from->sll_pkttype == PACKET_OUTGOING) {
		kp->kp_not_gre++;
		return false;
	}
	if ((size_t)n > DP_PUNT_MAX) {
		kp->kp_truncated++;
		return false;
	}
	if (!if_indextoname((unsigned)from->sll_ifindex, pkt->dpu_link))
		return false; /* the device went away meanwhile */
	pkt->dpu_nbma.s_addr = INADDR_ANY;
	if (from->sll_halen == sizeof(pkt->dpu_nbma))
		memcpy(&pkt->dpu_nbma, from->sll_addr, sizeof(pkt->dpu_nbma));
	pkt->dpu_proto = ntohs(from->sll_protocol);
	pkt->dpu_len = (size_t)n;
	return true;
}

int kn_punt_drain(struct dp *dp, dp_punt_fn *fn, void *arg)
{
	struct kn_punt *kp = &dp->kd_punt;
	uint8_t buf[DP_PUNT_MAX];
	int count = 0;

	if (kp->kp_fd < 0)
		return -EOPNOTSUPP;
	for (int i = 0; i < KN_PUNT_BURST; i++) {
		struct sockaddr_ll from;
		socklen_t fromlen = sizeof(from);
		struct dp_punt pkt = {.dpu_data = buf};
		/* MSG_TRUNC: the datagram's real length, so that a cut one is seen and dropped. */
		ssize_t n = recvfrom(kp->kp_fd, buf, sizeof(buf), MSG_TRUNC, (struct sockaddr *)&from, &fromlen);

		if (n < 0)
			return errno == EAGAIN || errno == EWOULDBLOCK ? count : -errno;
		if (fromlen < sizeof(from) - sizeof(from.sll_addr) || !kn_punt_accept(kp, &from, n, &pkt))
			continue;
		fn(arg, &pkt);
		kp->kp_punted++;
		count++;
	}
	return count;
}

int kn_punt_inject(struct dp *dp, const struct dp_punt *pkt)
{
	struct sockaddr_ll to = {.sll_family = AF_PACKET, .sll_protocol = htons(pkt->dpu_proto), .sll_halen = 4};
	int fd = kn_punt_fd(dp);

	if (fd < 0)
		return -EOPNOTSUPP;
	if (!(to.sll_ifindex = (int)if_nametoindex(pkt->dpu_link)))
		return -ENODEV;
	memcpy(to.sll_addr, &pkt->dpu_nbma, sizeof(pkt->dpu_nbma));
	if (sendto(fd, pkt->dpu_data, pkt->dpu_len, 0, (struct sockaddr *)&to, sizeof(to)) < 0) {
		dp->kd_punt.kp_inject_failed++;
		return -errno;
	}
	dp->kd_punt.kp_injected++;
	return 0;
}

void kn_punt_counters(struct dp *dp, dp_drop_fn *visit, void *arg)
{
	visit(arg, "punted", dp->kd_punt.kp_punted);
	visit(arg, "injected", dp->kd_punt.kp_injected);
}

void kn_punt_drops(struct dp *dp, dp_drop_fn *visit, void *arg)
{
	visit(arg, "punt-truncated", dp->kd_punt.kp_truncated);
	visit(arg, "punt-not-gre", dp->kd_punt.kp_not_gre);
	visit(arg, "inject-failed", dp->kd_punt.kp_inject_failed);
}
