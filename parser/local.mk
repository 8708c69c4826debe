noinst_LIBRARIES += libparser.a
libparser_a_SOURCES = \
	parser/cli.h parser/cli_int.h parser/match.h parser/pipe.h \
	parser/doc.c parser/exec.c parser/graph.c parser/help.c parser/match.c parser/pipe.c \
	parser/print.c parser/session.c parser/token.c parser/tree.c
