libferryd_a_SOURCES += src/netlink/nl_link.c src/netlink/nl_link.h
