libferryd_a_SOURCES += \
	src/interface/iface.c src/interface/iface.h src/interface/iface_cli.c src/interface/iface_show.c \
	src/interface/ifmap.c src/interface/vaccess.h src/interface/vaccess.c
