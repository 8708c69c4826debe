sbin_PROGRAMS += ferryd
ferryd_SOURCES = src/main.c
ferryd_CFLAGS = $(AM_CFLAGS) $(FERRYD_CFLAGS)
ferryd_LDADD = $(FERRYD_LIBS)

libferryd_a_SOURCES += src/subsys.c src/subsys.h cli/ctl_proto.c cli/ctl_proto.h

include $(srcdir)/src/core/local.mk
include $(srcdir)/src/config/local.mk
include $(srcdir)/src/show/local.mk
include $(srcdir)/src/sys/local.mk
include $(srcdir)/src/interface/local.mk
include $(srcdir)/src/netlink/local.mk
