package net.protocols.tls;

import org.jspecify.annotations.Nullable;

/**
 * The TLS alert descriptions of RFC 8446 §6 and RFC 5246 §7.2 that a TLS 1.2 or 1.3 peer may send
 * or receive. A {@link TLSException} names the alert that ended a connection, when there was one.
 */
public enum TLSAlert {
    /** close_notify(0): the sender will send no more data. */
    CLOSE_NOTIFY(0, "close_notify"),
    /** unexpected_message(10): an inappropriate message was received. */
    UNEXPECTED_MESSAGE(10, "unexpected_message"),
    /** bad_record_mac(20): a record could not be authenticated (tampering or corruption). */
    BAD_RECORD_MAC(20, "bad_record_mac"),
    /** record_overflow(22): a record was longer than allowed. */
    RECORD_OVERFLOW(22, "record_overflow"),
    /** handshake_failure(40): no acceptable set of security parameters. */
    HANDSHAKE_FAILURE(40, "handshake_failure"),
    /** bad_certificate(42): a certificate was corrupt or its signature did not verify. */
    BAD_CERTIFICATE(42, "bad_certificate"),
    /** unsupported_certificate(43): a certificate of an unsupported type. */
    UNSUPPORTED_CERTIFICATE(43, "unsupported_certificate"),
    /** certificate_revoked(44): a certificate was revoked by its signer. */
    CERTIFICATE_REVOKED(44, "certificate_revoked"),
    /** certificate_expired(45): a certificate has expired or is not yet valid. */
    CERTIFICATE_EXPIRED(45, "certificate_expired"),
    /** certificate_unknown(46): a certificate was rejected for another reason (untrusted, wrong host). */
    CERTIFICATE_UNKNOWN(46, "certificate_unknown"),
    /** illegal_parameter(47): a field of the handshake was out of range or inconsistent. */
    ILLEGAL_PARAMETER(47, "illegal_parameter"),
    /** unknown_ca(48): the certificate chain did not lead to a trusted authority. */
    UNKNOWN_CA(48, "unknown_ca"),
    /** access_denied(49): a valid certificate, but access was refused. */
    ACCESS_DENIED(49, "access_denied"),
    /** decode_error(50): a message could not be decoded. */
    DECODE_ERROR(50, "decode_error"),
    /** decrypt_error(51): a handshake cryptographic operation failed. */
    DECRYPT_ERROR(51, "decrypt_error"),
    /** protocol_version(70): no protocol version both sides support. */
    PROTOCOL_VERSION(70, "protocol_version"),
    /** insufficient_security(71): the peer requires stronger parameters. */
    INSUFFICIENT_SECURITY(71, "insufficient_security"),
    /** internal_error(80): the sender failed for a reason unrelated to the peer. */
    INTERNAL_ERROR(80, "internal_error"),
    /** inappropriate_fallback(86): a downgrade was detected. */
    INAPPROPRIATE_FALLBACK(86, "inappropriate_fallback"),
    /** user_canceled(90): the handshake was cancelled by the sender. */
    USER_CANCELED(90, "user_canceled"),
    /** no_renegotiation(100): a renegotiation request was refused. */
    NO_RENEGOTIATION(100, "no_renegotiation"),
    /** missing_extension(109): a mandatory extension was missing. */
    MISSING_EXTENSION(109, "missing_extension"),
    /** unsupported_extension(110): an extension that was not offered appeared. */
    UNSUPPORTED_EXTENSION(110, "unsupported_extension"),
    /** unrecognized_name(112): no server is known by the requested SNI name. */
    UNRECOGNIZED_NAME(112, "unrecognized_name"),
    /** bad_certificate_status_response(113): an invalid OCSP response. */
    BAD_CERTIFICATE_STATUS_RESPONSE(113, "bad_certificate_status_response"),
    /** unknown_psk_identity(115): no acceptable pre-shared key identity. */
    UNKNOWN_PSK_IDENTITY(115, "unknown_psk_identity"),
    /** certificate_required(116): the server requires a client certificate and got none. */
    CERTIFICATE_REQUIRED(116, "certificate_required"),
    /** no_application_protocol(120): no ALPN protocol both sides support. */
    NO_APPLICATION_PROTOCOL(120, "no_application_protocol");

    private final int code;
    private final String rfcName;

    TLSAlert(int code, String rfcName) {
        this.code = code;
        this.rfcName = rfcName;
    }

    /**
     * The alert's number on the wire.
     *
     * @return the AlertDescription code, for example 46
     */
    public int code() {
        return code;
    }

    /**
     * The alert's name as the RFCs spell it.
     *
     * @return for example {@code "certificate_unknown"}
     */
    public String rfcName() {
        return rfcName;
    }

    /**
     * Finds an alert by its wire number.
     *
     * @param code the AlertDescription code
     * @return the alert, or null for a code this enum does not list
     */
    public static @Nullable TLSAlert fromCode(int code) {
        for (TLSAlert alert : values()) {
            if (alert.code == code) {
                return alert;
            }
        }
        return null;
    }

    /** Returns the RFC name and code, for example {@code certificate_unknown(46)}. */
    @Override
    public String toString() {
        return rfcName + "(" + code + ")";
    }
}
