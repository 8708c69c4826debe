/* Multi-queue TUN devices for the VRFs and global tunnels of the userspace dataplane. */
#include "dataplane/userspace/us_tun.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "dataplane/dp_names.h"

#define US_TUN_PATH "/dev/net/tun"

static int us_tun_queue(const char *name)
{
	struct ifreq ifr = {.ifr_flags = IFF_TUN | IFF_NO_PI | IFF_MULTI_QUEUE | IFF_VNET_HDR};
	int fd = open(US_TUN_PATH, O_RDWR | O_CLOEXEC | O_NONBLOCK), err;

	if (fd < 0)
		return -errno;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	/* TSO super-packets and partial checksums come through whole (us_gso.h). */
	if (ioctl(fd, TUNSETIFF, &ifr) == 0 && ioctl(fd, TUNSETOFFLOAD, TUN_F_CSUM | TUN_F_TSO4) == 0)
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
