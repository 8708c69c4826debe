/*
 * Show commands build structured data (json-c objects); one renderer per
 * format prints it: the command's own IOS text layout, XML or JSON.
 */
#ifndef FERRY_SHOW_RENDER_H
#define FERRY_SHOW_RENDER_H

#include <json-c/json.h>

#include "parser/cli.h"

typedef void show_text_fn(struct cli_ctx *c, struct json_object *doc);

/* Prints doc in the session's format and releases it; root names the XML element. */
void show_render(struct cli_ctx *c, const char *root, struct json_object *doc, show_text_fn *text);

/* Short accessors for text renderers; missing fields read as "" or 0. */
const char *show_str(struct json_object *o, const char *key);
long long show_int(struct json_object *o, const char *key);
struct json_object *show_arr(struct json_object *o, const char *key);

/* An age as IOS tables print it: hh:mm:ss under a day, 1d02h under a week, then 2w3d. */
void show_age(long long secs, char *buf, size_t len);

#endif
