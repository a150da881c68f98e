"""Twisted's AMP server for bench's ampsum workload: the same `sum` command as bench.amp.SpindleAmpServer.

    python3 twisted_amp_server.py [PORT]    listen on 127.0.0.1, print "LISTENING <port>", answer until killed

Debian's python3-twisted, its default reactor (epoll), no tuning: Twisted as its users run it.
"""
import sys

from twisted.internet import protocol, reactor
from twisted.protocols import amp


class Sum(amp.Command):
    commandName = b"sum"
    arguments = [(b"a", amp.Integer()), (b"b", amp.Integer())]
    response = [(b"result", amp.Integer())]


class SumServer(amp.AMP):
    @Sum.responder
    def sum(self, a, b):
        return {"result": a + b}


def main():
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    listening = reactor.listenTCP(port, protocol.Factory.forProtocol(SumServer), backlog=1024, interface="127.0.0.1")
    print("LISTENING %d" % listening.getHost().port, flush=True)
    reactor.run()


if __name__ == "__main__":
    main()
