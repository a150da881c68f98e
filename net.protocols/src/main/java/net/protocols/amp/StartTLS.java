package net.protocols.amp;

/**
 * Twisted's {@code amp.StartTLS}: the command that switches an AMP connection to TLS in place.
 * On the wire it is an ordinary command named {@code StartTLS} with no arguments and an empty
 * answer; Twisted's {@code tls_localCertificate} and {@code tls_verifyAuthorities} never travel,
 * each side gives its own {@link net.protocols.tls.TLSOptions} instead.
 *
 * {@snippet :
 * // the side that answers: its certificate, as a TLS server
 * Responders responders = new Responders()
 *         .respondStartTLS(StartTLS.COMMAND, args -> TLSServerOptions.of(key));
 *
 * // the side that calls: boxes sent after this line are encrypted
 * amp.startTLS(TLSClientOptions.trusting(Trust.certificates(certificate)).withServerName("amp.test"))
 *         .addCallback(ignored -> amp.callRemote(secret, arguments));
 * }
 *
 * <p><b>Order on the wire.</b> The responding side writes its answer in clear text, then starts
 * TLS: everything it writes afterwards is encrypted. The calling side holds back every box it
 * sends after the call (calls and answers alike) until the answer arrives; then it starts TLS
 * before the call's Deferred fires, and the held boxes, and all later ones, go out encrypted.
 * Bytes that arrive after the answer box go to the TLS layer, not the box parser.
 *
 * <p><b>Roles.</b> Which side is the TLS client is set by the options' type
 * ({@link net.protocols.tls.TLSClientOptions} or {@link net.protocols.tls.TLSServerOptions}), not
 * by who calls. Twisted follows the TCP roles (the side that connected is the TLS client), so
 * against Twisted give client options on the connecting side and server options on the
 * listening side.
 *
 * <p><b>Failures.</b> A second StartTLS on a connection that has TLS (or is starting it) fails
 * with {@link StartTLSException} without sending anything, and is answered with
 * {@value #TLS_ERROR} if the peer asks. A refused StartTLS (an error answer) leaves the
 * connection in clear text, but if boxes were held for the encrypted connection, the connection
 * is closed with the error rather than send them in clear text (Twisted holds them forever). A
 * TLS handshake that fails ends the connection with a {@link net.protocols.tls.TLSException},
 * which every outstanding call gets.
 *
 * <p>Unlike Twisted's AMP, Spindle's answers no StartTLS unless a responder is registered (a
 * Twisted AMP answers with a throwaway self-signed certificate); it answers {@code UNHANDLED}.
 *
 * <p>Any command may start TLS: declare it (with arguments if you like, but no response values
 * and not {@code noAnswer}), register it with {@link Responders#respondStartTLS} and call it with
 * {@link AMP#callRemoteStartTLS}.
 *
 * <p>Its constants are immutable; use them from any thread (a call is made on the reactor thread).
 */
public final class StartTLS {
    /** The error code of a StartTLS that could not start TLS. */
    public static final String TLS_ERROR = "TLS_ERROR";

    /** Twisted's {@code StartTLS} command: no arguments, an empty answer. */
    public static final Command COMMAND = Command.named("StartTLS")
            .error(TLS_ERROR, StartTLSException.class, StartTLSException::new)
            .build();

    private StartTLS() {}
}
