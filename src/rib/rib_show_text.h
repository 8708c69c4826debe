/* The IOS text layouts of show ip route. */
#ifndef FERRY_RIB_RIB_SHOW_TEXT_H
#define FERRY_RIB_RIB_SHOW_TEXT_H

#include <json-c/json.h>

#include "parser/cli.h"

/* The whole table: codes legend, gateway of last resort, routes grouped by classful network. */
void rib_route_table_text(struct cli_ctx *c, struct json_object *doc);
/* One route: "Routing entry for ...". */
void rib_route_entry_text(struct cli_ctx *c, struct json_object *doc);

#endif
