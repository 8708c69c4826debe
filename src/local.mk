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
include $(srcdir)/src/acl/local.mk
include $(srcdir)/src/aaa/local.mk
include $(srcdir)/src/bgp/local.mk
include $(srcdir)/src/dataplane/local.mk
include $(srcdir)/src/dataplane/kernel/local.mk
include $(srcdir)/src/ike/local.mk
include $(srcdir)/src/ipsec/local.mk
include $(srcdir)/src/mpls/local.mk
include $(srcdir)/src/nhrp/local.mk
include $(srcdir)/src/pki/local.mk
include $(srcdir)/src/pool/local.mk
include $(srcdir)/src/rib/local.mk
include $(srcdir)/src/routemap/local.mk
include $(srcdir)/src/tunnel/local.mk
include $(srcdir)/src/vrf/local.mk
include $(srcdir)/src/dataplane/userspace/local.mk
