bin_PROGRAMS += ferry
ferry_SOURCES = cli/ctl_proto.c cli/ctl_proto.h cli/ferry.c
ferry_LDADD = $(READLINE_LIBS)
