libferryd_a_SOURCES += src/rib/rib.h src/rib/rib_int.h src/rib/rib.c src/rib/rib_cli.c \
	src/rib/keymap.h src/rib/keymap.c src/rib/lpm.h src/rib/lpm.c \
	src/rib/rib_table.h src/rib/rib_table.c src/rib/rib_path.c src/rib/rib_source.c src/rib/rib_derive.c \
	src/rib/rib_track.h src/rib/rib_track.c \
	src/rib/rib_resolve.h src/rib/rib_resolve.c src/rib/lfib.h src/rib/lfib.c \
	src/rib/fib.h src/rib/fib_int.h src/rib/fib.c src/rib/fib_state.c src/rib/fib_routes.c src/rib/fib_labels.c \
	src/rib/fib_apply.c \
	src/rib/rib_show.h src/rib/rib_show_util.c src/rib/rib_show.c src/rib/rib_show_text.h src/rib/rib_show_text.c \
	src/rib/cef_show.c src/rib/cef_show_text.h src/rib/cef_show_text.c
