"""A Twisted AMP peer for Spindle's interop tests (it/src/test/java/spindle/it/protocols/AmpTwistedInteropTest.java).

    amp_peer.py server              listen on 127.0.0.1, print "PORT n", answer the commands below
    amp_peer.py client --port P     call a Spindle AMP server with the same commands, one result line each, then "DONE"
    amp_peer.py server --cert C --key K      as server, and answer StartTLS with that certificate (PEM files)
    amp_peer.py tls-client --port P --ca C   StartTLS (verifying against C), a secured call, a refused
                                             and an accepted protocol switch, one line each, then "DONE"

The commands mirror the Java declarations in the test; keep the two in step.
"""
import sys
from decimal import Decimal

from twisted.internet import defer, protocol, reactor
from twisted.protocols import amp


class Sum(amp.Command):
    arguments = [(b"a", amp.Integer()), (b"b", amp.Integer())]
    response = [(b"total", amp.Integer())]


ELEMENT = [(b"x", amp.Integer()), (b"y", amp.Unicode(optional=True))]
TYPES = [
    (b"i", amp.Integer()),
    (b"s", amp.String()),
    (b"u", amp.Unicode()),
    (b"b", amp.Boolean()),
    (b"flt", amp.Float()),  # not "f": Twisted passes arguments to maybeDeferred(f, **kw)
    (b"d", amp.Decimal()),
    (b"t", amp.DateTime()),
    (b"l", amp.ListOf(amp.Integer())),
    (b"fl", amp.ListOf(amp.Float())),
    (b"al", amp.AmpList(ELEMENT)),
]


class Types(amp.Command):
    arguments = TYPES
    response = TYPES + [(b"seen", amp.Unicode())]


class Divide(amp.Command):
    arguments = [(b"numerator", amp.Integer()), (b"denominator", amp.Integer())]
    response = [(b"result", amp.Float())]
    errors = {ZeroDivisionError: b"ZERO_DIVISION"}


class Fail(amp.Command):
    pass


class Missing(amp.Command):
    pass


class Note(amp.Command):
    arguments = [(b"data", amp.String())]
    requiresAnswer = False


class Notes(amp.Command):
    response = [(b"count", amp.Integer())]


class Echo(amp.Command):
    arguments = [(b"data", amp.String())]
    response = [(b"data", amp.String())]


class Slow(amp.Command):
    response = [(b"total", amp.Integer())]


class Drop(amp.Command):
    requiresAnswer = False


class Secret(amp.Command):
    """Answers whether the connection is encrypted, as Twisted's test SecuredPing checks."""
    response = [(b"secure", amp.Boolean())]


class UnknownProtocol(Exception):
    pass


class Switch(amp.ProtocolSwitchCommand):
    arguments = [(b"name", amp.Unicode())]
    errors = {UnknownProtocol: b"UNKNOWN_PROTOCOL"}


class Shout(protocol.Protocol):
    """What the connection switches to: greets, then answers each chunk upper-cased."""

    def __init__(self, greeting, on_data=None):
        self.greeting = greeting
        self.on_data = on_data

    def connectionMade(self):
        self.transport.write(self.greeting)

    def dataReceived(self, data):
        if self.on_data is not None:
            self.on_data(data)
        else:
            self.transport.write(data.upper())


def is_secure(transport):
    from twisted.internet.interfaces import ISSLTransport
    return ISSLTransport.providedBy(transport)


def seen(**kw):
    """How Python understood a Types call: one field per argument, '|'-joined."""
    return "|".join([
        repr(kw["i"]), repr(kw["s"]), repr(kw["u"]), repr(kw["b"]), repr(kw["flt"]), str(kw["d"]),
        kw["t"].isoformat(), repr(kw["l"]), repr(kw["fl"]),
        repr([(e["x"], e.get("y")) for e in kw["al"]]),
    ])


class Server(amp.AMP):
    notes = 0

    @Sum.responder
    def sum(self, a, b):
        return {"total": a + b}

    @Types.responder
    def types(self, **kw):
        out = dict(kw)
        out["seen"] = seen(**kw)
        return out

    @Divide.responder
    def divide(self, numerator, denominator):
        return {"result": numerator / denominator}

    @Fail.responder
    def fail(self):
        raise ValueError("not declared")

    @Note.responder
    def note(self, data):
        self.notes += 1
        return {}

    @Notes.responder
    def count(self):
        return {"count": self.notes}

    @Echo.responder
    def echo(self, data):
        return {"data": data}

    @Slow.responder
    def slow(self):
        return defer.Deferred()  # never answers

    @Drop.responder
    def drop(self):
        reactor.callLater(0, self.transport.loseConnection)
        return {}

    @Secret.responder
    def secret(self):
        return {"secure": is_secure(self.transport)}

    @Switch.responder
    def switch(self, name):
        if name != "shout":
            raise UnknownProtocol(name)
        return Shout(b"twisted switched\n")

    def tls_vars(self):
        if CERTIFICATE is None:
            return {}  # Twisted's default: a throwaway self-signed certificate
        return {"tls_localCertificate": CERTIFICATE}

    amp.StartTLS.responder(tls_vars)


CERTIFICATE = None


def load_certificate(cert, key):
    from twisted.internet import ssl
    with open(key) as k, open(cert) as c:
        return ssl.PrivateCertificate.loadPEM(k.read() + c.read())


def serve():
    factory = protocol.Factory.forProtocol(Server)
    port = reactor.listenTCP(0, factory, interface="127.0.0.1")
    print("PORT %d" % port.getHost().port, flush=True)
    reactor.run()


def say(*words):
    print(" ".join(str(w) for w in words), flush=True)


TYPE_VALUES = dict(
    i=-123456789012345678, s=b"\x00\xffbytes", u="h\u00e9llo \u2603", b=True, flt=1e100,
    d=Decimal("1.50"), t=None, l=[1, 22, -3], fl=[float("inf"), float("-inf"), 0.1, 1.5],
    al=[{"x": 1, "y": "one"}, {"x": 2}],
)


def same(a, b):
    if isinstance(a, list) and a and isinstance(a[0], dict):
        # Twisted decodes a missing optional value as None.
        return [dict(y=None, **e) if "y" not in e else e for e in a] == b
    if isinstance(a, float) and a != a:
        return b != b
    return a == b


@defer.inlineCallbacks
def client(port):
    import datetime
    TYPE_VALUES["t"] = datetime.datetime(2012, 1, 23, 12, 34, 56, 54321,
                                         tzinfo=datetime.timezone(datetime.timedelta(hours=-7)))
    creator = protocol.ClientCreator(reactor, amp.AMP)
    p = yield creator.connectTCP("127.0.0.1", port)
    r = yield p.callRemote(Sum, a=13, b=81)
    say("SUM", r["total"])

    r = yield p.callRemote(Types, **TYPE_VALUES)
    bad = [k for k in TYPE_VALUES if not same(TYPE_VALUES[k], r[k])]
    say("TYPES", "ok" if not bad else "mismatch %r" % ([(k, TYPE_VALUES[k], r[k]) for k in bad],))
    say("SEEN", r["seen"])

    nan = yield p.callRemote(Divide, numerator=1, denominator=4)
    say("DIVIDE", nan["result"])
    try:
        yield p.callRemote(Divide, numerator=1, denominator=0)
        say("DIVIDE-ZERO no error")
    except ZeroDivisionError as e:
        say("DIVIDE-ZERO", type(e).__name__, e)

    try:
        yield p.callRemote(Missing)
        say("MISSING no error")
    except Exception as e:
        say("MISSING", type(e).__name__, e)
    r = yield p.callRemote(Sum, a=1, b=1)
    say("AFTER-MISSING", r["total"])

    for _ in range(3):
        p.callRemote(Note, data=b"x")
    r = yield p.callRemote(Notes)
    say("NOTES", r["count"])

    results = yield defer.gatherResults([p.callRemote(Sum, a=i, b=1000) for i in range(1000)])
    say("MANY", "ok" if [r["total"] for r in results] == [i + 1000 for i in range(1000)] else "wrong")

    big = (bytes(range(256)) * 256)[:65535]
    r = yield p.callRemote(Echo, data=big)
    say("BIG", len(r["data"]), r["data"] == big)
    try:
        yield p.callRemote(Echo, data=b"x" * 65536)
        say("OVER no error")
    except amp.TooLong as e:
        say("OVER TooLong")
    r = yield p.callRemote(Sum, a=2, b=2)
    say("AFTER-OVER", r["total"])

    try:
        yield p.callRemote(Fail)
        say("FAIL no error")
    except Exception as e:
        say("FAIL", type(e).__name__)
    try:
        yield p.callRemote(Sum, a=1, b=1)
        say("AFTER-FAIL answered")
    except Exception as e:
        say("AFTER-FAIL", type(e).__name__)

    # Connection loss with calls outstanding: the Spindle server never answers Slow and closes on Drop.
    p = yield creator.connectTCP("127.0.0.1", port)
    slow = [p.callRemote(Slow) for _ in range(3)]
    p.callRemote(Drop)
    outcomes = []
    for d in slow:
        try:
            yield d
            outcomes.append("answered")
        except Exception as e:
            outcomes.append(type(e).__name__)
    say("LOST", *outcomes)
    say("DONE")


@defer.inlineCallbacks
def tls_client(port, ca):
    from twisted.internet import ssl
    with open(ca) as f:
        authority = ssl.Certificate.loadPEM(f.read())
    creator = protocol.ClientCreator(reactor, amp.AMP)
    p = yield creator.connectTCP("127.0.0.1", port)
    r = yield p.callRemote(Sum, a=1, b=2)
    say("CLEAR", r["total"], is_secure(p.transport))
    started = p.callRemote(amp.StartTLS, tls_verifyAuthorities=[authority])
    held = p.callRemote(Secret)  # sent before the answer: held back, then encrypted
    yield started
    r = yield held
    say("SECURE", r["secure"], is_secure(p.transport))
    say("PEER", p.peerCertificate.getSubject().commonName.decode())
    r = yield p.callRemote(Sum, a=20, b=22)
    say("AFTER-TLS", r["total"])
    try:
        yield p.callRemote(Switch, protocol.ClientFactory.forProtocol(lambda: None), name="nope")
        say("REFUSED no error")
    except UnknownProtocol as e:
        say("REFUSED", type(e).__name__, e)
    r = yield p.callRemote(Sum, a=2, b=3)
    say("AFTER-REFUSED", r["total"])
    got = defer.Deferred()
    received = []

    def on_data(data):
        received.append(data)
        if b"".join(received).count(b"\n") >= 2 and not got.called:
            got.callback(b"".join(received))

    shout = Shout(b"hello from twisted\n", on_data)
    factory = protocol.ClientFactory()
    factory.buildProtocol = lambda addr: shout
    yield p.callRemote(Switch, factory, name="shout")
    data = yield got
    say("SWITCHED", repr(data))
    p.transport.loseConnection()
    say("DONE")


def main():
    global CERTIFICATE
    if "--cert" in sys.argv:
        CERTIFICATE = load_certificate(sys.argv[sys.argv.index("--cert") + 1], sys.argv[sys.argv.index("--key") + 1])
    if sys.argv[1] == "server":
        serve()
    else:
        port = int(sys.argv[sys.argv.index("--port") + 1])
        if sys.argv[1] == "tls-client":
            d = tls_client(port, sys.argv[sys.argv.index("--ca") + 1])
        else:
            d = client(port)
        d.addErrback(lambda f: say("ERROR", f.getTraceback().replace("\n", " | ")))
        d.addBoth(lambda _: reactor.stop())
        reactor.run()


if __name__ == "__main__":
    main()
