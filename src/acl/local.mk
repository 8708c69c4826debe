libferryd_a_SOURCES += src/acl/acl.h src/acl/seqlist.h src/acl/seqlist.c src/acl/acl.c src/acl/prefix_list.c \
	src/acl/acl_cli.c src/acl/prefix_list_cli.c src/acl/acl_show.c
