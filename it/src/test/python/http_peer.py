"""Real Python peers for Spindle's HTTP client and XML-RPC Proxy (it/ tests).

    http_peer.py http DIR                 http.server serving DIR, plus /chunked, /close, /slow
    http_peer.py https DIR CERT KEY       the same under Python's ssl (OpenSSL), ALPN http/1.1
    http_peer.py xmlrpc                   xmlrpc.server.SimpleXMLRPCServer: add, echo, fault

Each binds 127.0.0.1 on a free port, prints "PORT <n>" and serves until killed. Each
connection line ("CONN <port>") is printed too, so a test can count connections.
"""
import functools
import http.server
import ssl
import sys
import xmlrpc.client
import xmlrpc.server


class Handler(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, so the client's pool is exercised

    def setup(self):
        super().setup()
        print("CONN %d" % self.client_address[1], flush=True)
        if isinstance(self.request, ssl.SSLSocket):
            print("ALPN %s" % self.request.selected_alpn_protocol(), flush=True)

    def log_message(self, format, *args):
        pass

    def do_GET(self):
        if self.path == "/chunked":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for piece in (b"alpha,", b"beta,", b"gamma"):
                self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
            self.wfile.write(b"0\r\n\r\n")
        elif self.path == "/close":
            # HTTP/1.0 style: no length, the body ends with the connection
            self.close_connection = True
            self.wfile.write(b"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nread until close")
        else:
            super().do_GET()

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def serve_http(directory, cert=None, key=None):
    handler = functools.partial(Handler, directory=directory)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    if cert:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        context.set_alpn_protocols(["http/1.1"])
        server.socket = context.wrap_socket(server.socket, server_side=True)
    print("PORT %d" % server.server_address[1], flush=True)
    server.serve_forever()


def serve_xmlrpc():
    server = xmlrpc.server.SimpleXMLRPCServer(("127.0.0.1", 0), logRequests=False, allow_none=True,
                                              use_builtin_types=True)

    def fault(code, message):
        raise xmlrpc.client.Fault(code, message)

    server.register_function(lambda a, b: a + b, "add")
    server.register_function(lambda v: v, "echo")
    server.register_function(lambda v: type(v).__name__, "typeof")
    server.register_function(fault, "fault")
    print("PORT %d" % server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "http":
        serve_http(sys.argv[2])
    elif mode == "https":
        serve_http(sys.argv[2], sys.argv[3], sys.argv[4])
    elif mode == "xmlrpc":
        serve_xmlrpc()
    else:
        sys.exit("unknown mode " + mode)
