libferryd_a_SOURCES += src/netlink/nl_link.c src/netlink/nl_link.h src/netlink/nl_monitor.c src/netlink/nl_monitor.h \
	src/netlink/nl_react.c
