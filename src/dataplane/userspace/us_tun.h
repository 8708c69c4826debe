/*
 * The TUN device of a VRF or of a global tunnel (us_dp.h): multi-queue (IFF_MULTI_QUEUE), one queue per
 * packet worker, carrying IPv4 packets behind a virtio-net header
 * (IFF_VNET_HDR, IFF_NO_PI) with TSO, checksum and (where the kernel has
 * it) UDP segmentation offloads (us_gso.h). The
 * device lives as long as one of its queues is open: closing them removes it.
 */
#ifndef FERRY_DATAPLANE_USERSPACE_US_TUN_H
#define FERRY_DATAPLANE_USERSPACE_US_TUN_H

#include <stdbool.h>
#include <stddef.h>

/* 0 when this host can create TUN devices; -1 with what is missing in why. */
int us_tun_probe(char *why, size_t whylen);
/* Opens queue fds[0..n) of TUN device name (created by the first), non-blocking; 0 or -errno. */
int us_tun_open(const char *name, int *fds, size_t n);
/* Closes the queues that us_tun_open opened (fd -1: skipped). */
void us_tun_close(int *fds, size_t n);
/* True once a TUN took UDP GSO (TUN_F_USO4): what is written to a TUN may then be a UDP GSO packet. */
bool us_tun_uso(void);

#endif
