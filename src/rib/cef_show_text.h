/* The IOS text layouts of show ip cef. */
#ifndef FERRY_RIB_CEF_SHOW_TEXT_H
#define FERRY_RIB_CEF_SHOW_TEXT_H

#include <json-c/json.h>

#include "parser/cli.h"

void cef_text(struct cli_ctx *c, struct json_object *doc);
void cef_detail_text(struct cli_ctx *c, struct json_object *doc);

#endif
