package net.protocols.tls;

/**
 * Which cryptographic implementations run under BouncyCastle's TLS engine.
 */
public enum TLSCrypto {
    /**
     * The JDK's JCA providers (SunJCE's AES-GCM uses the CPU's AES instructions), with
     * BouncyCastle's provider filling only the gaps the JDK leaves (ChaCha20-Poly1305, the
     * RSA-PSS signature names TLS 1.3 asks for). The default and by far the fastest.
     */
    JDK,
    /**
     * BouncyCastle's own provider for every algorithm. Pure Java and independent of the JDK's
     * providers, but its AES-GCM runs at a small fraction of the JDK's speed.
     */
    BOUNCY_CASTLE
}
