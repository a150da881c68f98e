#!/usr/bin/env python3
"""A real Twisted peer for Spindle's interoperability tests.

It speaks one of Twisted's framings (LineReceiver, Int32StringReceiver or
NetstringReceiver) on 127.0.0.1, as a server (one connection, then it exits) or
as a client, and reports on stdout, one line per event, flushed at once:

    PORT <n>               server: listening on port n
    FRAME <hex>            a line or string was received (payload in hex)
    EXCEEDED <n>           lineLengthExceeded / lengthLimitExceeded was called
    BROKEN                 a netstring parse error made Twisted drop the peer
    LOST <ExceptionName>   connectionLost, with the reason's type

A server echoes every frame back, prefixed with b"echo:", and closes the
connection when it receives b"quit". A client sends the frames given with
--send (hex, comma-separated, - for an empty one), optionally one byte at a time, then the raw
bytes given with --raw, and closes once it has received --expect frames.

Only Twisted 22.4 APIs are used (Debian's python3-twisted).
"""
import argparse
import sys

from twisted.internet import reactor
from twisted.internet.protocol import ClientFactory, Factory
from twisted.protocols import basic


def emit(*parts):
    print(*parts, flush=True)


class Reporting:
    """Shared behaviour of the three framings; mixed into each receiver."""

    options = None
    received = 0

    def connectionMade(self):
        if self.options.role == "client":
            self.sendScript()

    def frameReceived(self, payload):
        emit("FRAME", payload.hex())
        self.received += 1
        if self.options.role == "server":
            if payload == b"quit":
                self.transport.loseConnection()
            else:
                self.sendFrame(b"echo:" + payload)
        elif self.received >= self.options.expect:
            self.transport.loseConnection()

    def sendScript(self):
        wire = b"".join(self.encode(bytes.fromhex(f)) for f in self.options.frames)
        wire += bytes.fromhex(self.options.raw)
        if self.options.bytewise:
            # One write per byte, each in its own reactor turn a millisecond apart.
            for i in range(len(wire)):
                reactor.callLater(0.001 * i, self.transport.write, wire[i:i + 1])
        else:
            self.transport.write(wire)
        if self.options.expect == 0:
            reactor.callLater(0.001 * len(wire) + 0.05, self.transport.loseConnection)

    def connectionLost(self, reason):
        if getattr(self, "brokenPeer", 0):
            emit("BROKEN")
        emit("LOST", reason.type.__name__)
        reactor.callLater(0, reactor.stop)


class Lines(Reporting, basic.LineReceiver):
    def lineReceived(self, line):
        self.frameReceived(line)

    def lineLengthExceeded(self, line):
        emit("EXCEEDED", len(line))
        return basic.LineReceiver.lineLengthExceeded(self, line)

    def sendFrame(self, payload):
        self.sendLine(payload)

    def encode(self, payload):
        return payload + self.delimiter


class Int32(Reporting, basic.Int32StringReceiver):
    def stringReceived(self, string):
        self.frameReceived(string)

    def lengthLimitExceeded(self, length):
        emit("EXCEEDED", length)
        return basic.Int32StringReceiver.lengthLimitExceeded(self, length)

    def sendFrame(self, payload):
        self.sendString(payload)

    def encode(self, payload):
        return len(payload).to_bytes(4, "big") + payload


class Netstrings(Reporting, basic.NetstringReceiver):
    def stringReceived(self, string):
        self.frameReceived(string)

    def sendFrame(self, payload):
        self.sendString(payload)

    def encode(self, payload):
        return str(len(payload)).encode("ascii") + b":" + payload + b","


PROTOCOLS = {"line": Lines, "int32": Int32, "netstring": Netstrings}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("role", choices=["server", "client"])
    parser.add_argument("framing", choices=sorted(PROTOCOLS))
    parser.add_argument("--port", type=int, default=0, help="client: the port to connect to")
    parser.add_argument("--max-length", type=int, default=None, help="the receiver's MAX_LENGTH")
    parser.add_argument("--send", default="", help="client: frames to send, hex, comma-separated; - is empty")
    parser.add_argument("--raw", default="", help="client: raw bytes (hex) to send after the frames")
    parser.add_argument("--bytewise", action="store_true", help="client: write one byte at a time")
    parser.add_argument("--expect", type=int, default=0, help="client: frames to receive before closing")
    options = parser.parse_args()
    options.frames = ["" if f == "-" else f for f in options.send.split(",")] if options.send else []

    base = PROTOCOLS[options.framing]
    attributes = {"options": options}
    if options.max_length is not None:
        attributes["MAX_LENGTH"] = options.max_length
    protocol = type("Peer", (base,), attributes)

    if options.role == "server":
        port = reactor.listenTCP(0, Factory.forProtocol(protocol), interface="127.0.0.1")
        emit("PORT", port.getHost().port)
    else:
        factory = ClientFactory.forProtocol(protocol)
        factory.clientConnectionFailed = lambda connector, reason: (emit("FAILED", reason.type.__name__), reactor.stop())
        reactor.connectTCP("127.0.0.1", options.port, factory)
    # A bound on the whole run, so a confused test can never leave this process behind.
    reactor.callLater(60, reactor.stop)
    reactor.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
