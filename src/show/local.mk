libferryd_a_SOURCES += src/show/render.c src/show/render.h
