package net.protocols.internal.tls;

import java.security.Provider;
import java.security.SecureRandom;
import java.util.logging.Level;
import java.util.logging.Logger;
import net.protocols.tls.TLSCrypto;
import org.bouncycastle.jcajce.util.JcaJceHelper;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.jsse.provider.BouncyCastleJsseProvider;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCryptoProvider;

/**
 * BouncyCastle's providers, set up so that bulk cryptography stays on the JDK's providers (BC's
 * own AES-GCM is many times slower) while BC fills the JDK's gaps, and without touching the global
 * {@link java.security.Security} list: BC's JSSE provider finds its algorithms through a helper
 * that asks the JDK's providers first and BC's provider (held here, never registered) only for
 * what the JDK lacks. Nothing in the user's JVM changes by loading TLS.
 *
 * <p>Each provider is created once, on first use, and is safe to share between threads.
 */
public final class Providers {
    private Providers() {}

    /** Keeps BC's JSSE logger (and so its level) alive: JUL holds loggers weakly. */
    private static final Logger BC_JSSE_LOGGER = Logger.getLogger("org.bouncycastle.jsse");

    static {
        // BC logs two INFO lines per connection and a few warnings per JVM about
        // jdk.tls.disabledAlgorithms entries it does not understand. Unless the user configured
        // the logger, show only real problems.
        if (BC_JSSE_LOGGER.getLevel() == null) {
            BC_JSSE_LOGGER.setLevel(Level.SEVERE);
        }
    }

    private static final class BouncyCastleHolder {
        static final Provider PROVIDER = new BouncyCastleProvider();
    }

    private static final class JdkCryptoHolder {
        static final Provider JSSE = new BouncyCastleJsseProvider(false, new JcaTlsCryptoProvider() {
            private final JcaJceHelper helper = new FallbackJcaJceHelper(bouncyCastle());

            @Override
            public JcaJceHelper getHelper() {
                return helper;
            }
        });
    }

    private static final class BouncyCastleCryptoHolder {
        static final Provider JSSE =
                new BouncyCastleJsseProvider(false, new JcaTlsCryptoProvider().setProvider(bouncyCastle()));
    }

    private static final class RandomHolder {
        // SSLContext.init needs an explicit SecureRandom with BC's JSSE provider on a plain JDK.
        static final SecureRandom RANDOM = new SecureRandom();
    }

    /**
     * BouncyCastle's JCA provider, unregistered.
     *
     * @return the provider
     */
    public static Provider bouncyCastle() {
        return BouncyCastleHolder.PROVIDER;
    }

    /**
     * BouncyCastle's JSSE provider running on the chosen cryptography.
     *
     * @param crypto the JDK's providers (with BC filling gaps) or BC's own
     * @return the JSSE provider
     */
    public static Provider jsse(TLSCrypto crypto) {
        return switch (crypto) {
            case JDK -> JdkCryptoHolder.JSSE;
            case BOUNCY_CASTLE -> BouncyCastleCryptoHolder.JSSE;
        };
    }

    /**
     * The random source given to every SSLContext.
     *
     * @return a shared, thread-safe SecureRandom
     */
    public static SecureRandom secureRandom() {
        return RandomHolder.RANDOM;
    }
}
