/* The sysctls the kernel backend needs, through their /proc/sys files. */
#ifndef FERRY_DATAPLANE_KERNEL_KN_SYSCTL_H
#define FERRY_DATAPLANE_KERNEL_KN_SYSCTL_H

#include <stdbool.h>

/* PATH is under /proc/sys with '/' separators (a device name may hold a dot): net/mpls/platform_labels. */
int kn_sysctl_get(const char *path, unsigned *value); /* 0 or -errno */
int kn_sysctl_set(const char *path, unsigned value);  /* 0 or -errno */
bool kn_sysctl_exists(const char *path);

#endif
