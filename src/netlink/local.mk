libferryd_a_SOURCES += src/netlink/nl_link.c src/netlink/nl_link.h src/netlink/nl_monitor.c src/netlink/nl_monitor.h \
	src/netlink/nl_react.c src/netlink/nl_ethtool.c src/netlink/nl_ethtool.h src/netlink/nl_ethtool_msg.c
libferryd_a_SOURCES += src/netlink/nl_burst.c src/netlink/nl_burst.h src/netlink/nl_hook.c src/netlink/nl_hook.h \
	src/netlink/nl_local.c src/netlink/nl_local.h src/netlink/nl_read.c src/netlink/nl_read.h \
	src/netlink/nl_recheck.c
