/* AAA: aaa new-model and the authentication and authorization method lists. */
#ifndef FERRY_AAA_AAA_H
#define FERRY_AAA_AAA_H

#include <stdbool.h>

#include "config/config.h"
#include "parser/cli.h"

/* What a method list is for, in the order IOS prints them. */
enum aaa_list_kind { AAA_AUTHEN_LOGIN, AAA_AUTHOR_NETWORK, AAA_AUTHOR_EXEC, AAA_AUTHOR_CONFIGURATION, AAA_KIND_COUNT };

enum aaa_method_kind { AAA_METHOD_LOCAL, AAA_METHOD_NONE, AAA_METHOD_ENABLE, AAA_METHOD_GROUP };

#define AAA_MAX_METHODS 2

struct aaa_method {
	enum aaa_method_kind am_kind;
	char *am_group; /* server group of AAA_METHOD_GROUP */
};

struct aaa_list {
	enum aaa_list_kind al_kind;
	char *al_name; /* "default" or the list's name */
	unsigned al_nmethods;
	struct aaa_method al_methods[AAA_MAX_METHODS]; /* tried in order */
	struct aaa_list *al_next;		       /* creation order */
};

bool aaa_new_model(const struct config *cfg);
/* The method list of that kind and name, or NULL. */
const struct aaa_list *aaa_list_find(const struct config *cfg, enum aaa_list_kind kind, const char *name);

void aaa_cli_init(struct cli_tree *t);

#endif
