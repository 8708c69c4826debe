/* Renders structured show output as IOS text, XML (libxml2) or JSON (json-c). */
#include <libxml/tree.h>
#include <libxml/xmlsave.h>
#include <stdio.h>
#include <string.h>

#include "core/session.h"
#include "show/render.h"

static void xml_add(xmlNodePtr parent, const char *name, struct json_object *v);

static void xml_fill(xmlNodePtr node, struct json_object *v)
{
	switch (json_object_get_type(v)) {
	case json_type_object: {
		json_object_object_foreach(v, key, val) xml_add(node, key, val);
		break;
	}
	case json_type_array:
		for (size_t i = 0; i < json_object_array_length(v); i++)
			xml_add(node, "entry", json_object_array_get_idx(v, i));
		break;
	case json_type_null:
		break;
	default:
		xmlNodeAddContent(node, BAD_CAST json_object_get_string(v));
	}
}

static void xml_add(xmlNodePtr parent, const char *name, struct json_object *v)
{
	xmlNodePtr node = xmlNewChild(parent, NULL, BAD_CAST name, NULL);
	if (node)
		xml_fill(node, v);
}

static void render_xml(struct cli_ctx *c, const char *root, struct json_object *doc)
{
	xmlDocPtr xd = xmlNewDoc(BAD_CAST "1.0");
	xmlNodePtr top = xmlNewNode(NULL, BAD_CAST root);
	xmlChar *mem = NULL;
	int len = 0;

	if (!xd || !top) {
		xmlFreeDoc(xd);
		cli_fail(c, "Out of memory rendering XML");
		return;
	}
	xmlDocSetRootElement(xd, top);
	xml_fill(top, doc);
	xmlDocDumpFormatMemoryEnc(xd, &mem, &len, "UTF-8", 1);
	if (mem)
		cli_write(c, (const char *)mem, (size_t)len);
	xmlFree(mem);
	xmlFreeDoc(xd);
}

void show_render(struct cli_ctx *c, const char *root, struct json_object *doc, show_text_fn *text)
{
	switch (session_of(c)->s_format) {
	case PIPE_FMT_JSON: {
		const char *s = json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
									JSON_C_TO_STRING_NOSLASHESCAPE);
		cli_write(c, s, strlen(s));
		cli_write(c, "\n", 1);
		break;
	}
	case PIPE_FMT_XML:
		render_xml(c, root, doc);
		break;
	case PIPE_FMT_TEXT:
		text(c, doc);
		break;
	}
	json_object_put(doc);
}

const char *show_str(struct json_object *o, const char *key)
{
	struct json_object *v;
	return json_object_object_get_ex(o, key, &v) && v ? json_object_get_string(v) : "";
}

long long show_int(struct json_object *o, const char *key)
{
	struct json_object *v;
	return json_object_object_get_ex(o, key, &v) ? json_object_get_int64(v) : 0;
}

struct json_object *show_arr(struct json_object *o, const char *key)
{
	struct json_object *v;
	return json_object_object_get_ex(o, key, &v) && json_object_is_type(v, json_type_array) ? v : NULL;
}

void show_age(long long s, char *buf, size_t len)
{
	if (s < 86400)
		snprintf(buf, len, "%02lld:%02lld:%02lld", s / 3600, s / 60 % 60, s % 60);
	else if (s < 7 * 86400)
		snprintf(buf, len, "%lldd%02lldh", s / 86400, s / 3600 % 24);
	else
		snprintf(buf, len, "%lldw%lldd", s / (7 * 86400), s / 86400 % 7);
}
