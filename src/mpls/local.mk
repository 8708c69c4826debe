libferryd_a_SOURCES += src/mpls/mpls.h src/mpls/mpls_cli.c src/mpls/mfi.h src/mpls/mfi.c src/mpls/mfi_show.c \
	src/mpls/label_mode.h src/mpls/mpls_label_mode.c src/mpls/mpls_local_label.c
