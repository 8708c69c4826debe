/*
 * show ip bgp vpnv4 all [A.B.C.D | labels], show ip bgp vpnv4 vrf NAME,
 * show ip bgp vpnv4 all neighbors A.B.C.D routes|received-routes|advertised-routes:
 * bgp_show_vpn.c builds the VPNv4 table as JSON (route distinguishers,
 * their routes, each route's paths), bgp_show_vpn_text.c draws IOS's three
 * layouts from it (the table, the labels, the detailed entries).
 */
#ifndef FERRY_BGP_BGP_SHOW_VPN_H
#define FERRY_BGP_BGP_SHOW_VPN_H

#include <json-c/json.h>

#include "parser/cli.h"

void bgp_show_vpn_table_text(struct cli_ctx *c, struct json_object *doc);
void bgp_show_vpn_labels_text(struct cli_ctx *c, struct json_object *doc);
void bgp_show_vpn_detail_text(struct cli_ctx *c, struct json_object *doc);

void bgp_show_vpn_init(struct cli_tree *t);

#endif
