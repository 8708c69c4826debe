dist_man_MANS += man/ferry.1 man/ferryd.8
man_MANS = man/ferry.conf.5
EXTRA_DIST += man/ferry.conf.5.in
CLEANFILES += man/ferry.conf.5

# ferry.conf(5) lists the commands from the grammar itself.
noinst_PROGRAMS = man/gen-conf-man
man_gen_conf_man_SOURCES = man/gen-conf-man.c
man_gen_conf_man_CFLAGS = $(AM_CFLAGS) $(FERRYD_CFLAGS)
man_gen_conf_man_LDADD = $(FERRYD_LIBS)

man/ferry.conf.5: $(srcdir)/man/ferry.conf.5.in man/gen-conf-man$(EXEEXT)
	$(AM_V_GEN)$(MKDIR_P) man && man/gen-conf-man$(EXEEXT) $(srcdir)/man/ferry.conf.5.in > $@.tmp && mv $@.tmp $@
