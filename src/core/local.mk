libferryd_a_SOURCES += \
	src/core/ctl.c src/core/ctl.h src/core/daemon.h src/core/hmap.c src/core/hmap.h \
	src/core/bytebuf.c src/core/bytebuf.h src/core/clock.c src/core/clock.h src/core/log.c src/core/log.h src/core/loop.c src/core/loop.h src/core/loop_timer.c src/core/omap.c src/core/omap.h \
	src/core/session.c src/core/session.h src/core/sync.c src/core/sync.h src/core/workq.c src/core/workq.h
