examplesdir = $(docdir)/examples
dist_examples_DATA = etc/R1-HUB.cfg etc/R3-Spoke1.cfg etc/R4-Spoke.cfg etc/ferry.conf.example etc/ferryd.service
