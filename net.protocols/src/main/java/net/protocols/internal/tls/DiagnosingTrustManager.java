package net.protocols.internal.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.Date;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Delegates verification to a PKIX trust manager and, when it rejects a chain, says why in
 * terms a user can act on. The JDK's path builder reports an expired or not-yet-valid
 * certificate only as "unable to find valid certification path to requested target"; this
 * names the certificate and its dates instead (the original exception is kept as suppressed).
 */
final class DiagnosingTrustManager extends X509ExtendedTrustManager {
    private final X509ExtendedTrustManager delegate;

    DiagnosingTrustManager(X509ExtendedTrustManager delegate) {
        this.delegate = delegate;
    }

    static CertificateException explain(X509Certificate[] chain, CertificateException original) {
        Date now = new Date();
        for (X509Certificate certificate : chain) {
            String subject = certificate.getSubjectX500Principal().getName();
            try {
                certificate.checkValidity(now);
            } catch (CertificateExpiredException e) {
                CertificateExpiredException explained = new CertificateExpiredException(
                        "certificate expired on " + certificate.getNotAfter().toInstant() + ": " + subject);
                explained.addSuppressed(original);
                return explained;
            } catch (CertificateNotYetValidException e) {
                CertificateNotYetValidException explained = new CertificateNotYetValidException(
                        "certificate not valid before " + certificate.getNotBefore().toInstant() + ": " + subject);
                explained.addSuppressed(original);
                return explained;
            }
        }
        return original;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        try {
            delegate.checkClientTrusted(chain, authType, socket);
        } catch (CertificateException e) {
            throw explain(chain, e);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        try {
            delegate.checkServerTrusted(chain, authType, socket);
        } catch (CertificateException e) {
            throw explain(chain, e);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        try {
            delegate.checkClientTrusted(chain, authType, engine);
        } catch (CertificateException e) {
            throw explain(chain, e);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        try {
            delegate.checkServerTrusted(chain, authType, engine);
        } catch (CertificateException e) {
            throw explain(chain, e);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        try {
            delegate.checkClientTrusted(chain, authType);
        } catch (CertificateException e) {
            throw explain(chain, e);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        try {
            delegate.checkServerTrusted(chain, authType);
        } catch (CertificateException e) {
            throw explain(chain, e);
        }
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return delegate.getAcceptedIssuers();
    }
}
