libferryd_a_SOURCES += \
	src/config/config.c src/config/config.h src/config/modes.c src/config/modes.h src/config/order.h \
	src/config/reload.c src/config/reload.h src/config/text.c src/config/text.h \
	src/config/write.c src/config/write.h
