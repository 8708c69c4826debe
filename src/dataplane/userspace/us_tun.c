/* Multi-queue TUN devices for the VRFs and global tunnels of the userspace dataplane. */
#include "dataplane/userspace/us_tun.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <net/if.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "dataplane/dp_names.h"

#define US_TUN_PATH "/dev/net/tun"
#ifndef TUN_F_USO4
#define TUN_F_USO4 0x20 /* Linux 6.2's UAPI values, for older headers */
#define TUN_F_USO6 0x40
#endif
#define US_TUN_OFFLOADS (TUN_F_CSUM | TUN_F_TSO4)
#define US_TUN_USO	(TUN_F_USO4 | TUN_F_USO6) /* the kernel takes both or neither */

/* Whether this kernel's TUNs take UDP GSO: unknown until a TUN is made, then the same for every TUN. */
enum us_tun_uso { US_USO_UNKNOWN, US_USO_ON, US_USO_OFF };
static _Atomic enum us_tun_uso us_tun_uso_state = US_USO_UNKNOWN;

/*
 * TSO super-packets and partial checksums come through whole (us_gso.h),
 * and UDP GSO too where the kernel has it (Linux 6.2: older ones refuse
 * the flags with EINVAL, remembered, and the TUN goes without).
 */
static int us_tun_offload(int fd)
{
	if (atomic_load(&us_tun_uso_state) != US_USO_OFF) {
		if (ioctl(fd, TUNSETOFFLOAD, US_TUN_OFFLOADS | US_TUN_USO) == 0) {
			atomic_store(&us_tun_uso_state, US_USO_ON);
			return 0;
		}
		if (errno != EINVAL)
			return -1;
		atomic_store(&us_tun_uso_state, US_USO_OFF);
	}
	return ioctl(fd, TUNSETOFFLOAD, US_TUN_OFFLOADS);
}

bool us_tun_uso(void)
{
	return atomic_load_explicit(&us_tun_uso_state, memory_order_relaxed) == US_USO_ON;
}

static int us_tun_queue(const char *name)
{
	struct ifreq ifr = {.ifr_flags = IFF_TUN | IFF_NO_PI | IFF_MULTI_QUEUE | IFF_VNET_HDR};
	int fd = open(US_TUN_PATH, O_RDWR | O_CLOEXEC | O_NONBLOCK), err;

	if (fd < 0)
		return -errno;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	if (ioctl(fd, TUNSETIFF, &ifr) == 0 && us_tun_offload(fd) == 0)
		return fd;
	err = errno;
	close(fd);
	return -err;
}

int us_tun_open(const char *name, int *fds, size_t n)
{
	for (size_t i = 0; i < n; i++)
		fds[i] = -1;
	for (size_t i = 0; i < n; i++) {
		fds[i] = us_tun_queue(name);
		if (fds[i] < 0) {
			int err = fds[i];

			us_tun_close(fds, i);
			fds[i] = -1;
			return err;
		}
	}
	return 0;
}

void us_tun_close(int *fds, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (fds[i] >= 0)
			close(fds[i]);
		fds[i] = -1;
	}
}

/* Makes a TUN device and lets it go at once: opening the file is not enough (TUNSETIFF needs CAP_NET_ADMIN). */
int us_tun_probe(char *why, size_t whylen)
{
	int fd = us_tun_queue(DP_NAME_PROBE);

	if (fd < 0) {
		snprintf(why, whylen, "cannot make a TUN device (%s): %s", US_TUN_PATH, strerror(-fd));
		return -1;
	}
	close(fd);
	return 0;
}
