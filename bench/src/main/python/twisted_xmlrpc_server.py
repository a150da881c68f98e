"""Twisted's XML-RPC adder for bench/run --http: the same add(a, b) as bench.http.SpindleHttpServer's /RPC2.

    python3 twisted_xmlrpc_server.py [PORT]    listen on 127.0.0.1, print "LISTENING <port>", answer until killed

Debian's python3-twisted, its default reactor (epoll), twisted.web.xmlrpc as its documentation shows it.
"""
import sys

from twisted.internet import reactor
from twisted.web import resource, server, xmlrpc


class Adder(xmlrpc.XMLRPC):
    def xmlrpc_add(self, a, b):
        return a + b


def main():
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    root = resource.Resource()
    root.putChild(b"RPC2", Adder())
    site = server.Site(root)
    site.log = lambda request: None  # no access log, as the Java servers log nothing per request
    listening = reactor.listenTCP(port, site, backlog=1024, interface="127.0.0.1")
    print("LISTENING %d" % listening.getHost().port, flush=True)
    reactor.run()


if __name__ == "__main__":
    main()
