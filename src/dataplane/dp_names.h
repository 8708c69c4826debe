/*
 * The Linux names of the devices ferryd creates: one scheme, always within
 * the kernel's 15 characters (IFNAMSIZ - 1), shared by the configuration
 * sync (which names the devices in its operations) and the kernel backend.
 *
 *   fy-<type><unit>   IOS interfaces: the type's short form, the unit with
 *                     '/' turned into '-' (Linux refuses '/'), lower case:
 *                       Tunnel0 -> fy-tu0          Loopback100 -> fy-lo100
 *                       Virtual-Access3 -> fy-va3  Virtual-Template1 -> fy-vt1
 *                       Ethernet0/1.10 -> fy-et0-1.10
 *   fy-v-<name>       VRFs, name kept as written: cust1 -> fy-v-cust1
 *   fy-probe          the kernel backend's probe (never left behind)
 *
 * A name that would be longer than 15 characters, has characters Linux or
 * the scheme does not take (anything but letters, digits, '.', '-', '_'), or
 * is of an interface type the table does not know keeps its first characters
 * and ends with '_' and four hex digits of a hash of the whole name:
 *   VRF customer-north-east -> fy-v-custo_1a2b  (the digits depend on the name)
 * The fy- prefix is ferryd's: devices named so are treated as its own.
 */
#ifndef FERRY_DATAPLANE_DP_NAMES_H
#define FERRY_DATAPLANE_DP_NAMES_H

#include <stddef.h>

#define DP_NAME_PREFIX "fy-"
#define DP_NAME_PROBE  "fy-probe"

/* The device for IOS interface IOS into out (at least DP_DEVLEN bytes); -1 if IOS is empty or out too small. */
int dp_name_interface(const char *ios, char *out, size_t len);
/* The Linux device of IOS interface IOS: the one mapped with ferryd -m, else the created device's name. */
int dp_name_device(const char *ios, char *out, size_t len);
/* The VRF device for VRF NAME into out (at least DP_DEVLEN bytes); -1 if NAME is empty or out too small. */
int dp_name_vrf(const char *name, char *out, size_t len);

#endif
