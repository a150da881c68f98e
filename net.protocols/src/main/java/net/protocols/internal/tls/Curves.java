package net.protocols.internal.tls;

import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.interfaces.ECKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Names the curve of an EC key, as TLS 1.3 signature schemes need it ("secp256r1"): the JDK's
 * key objects carry the curve's parameters but no portable name, so they are compared with the
 * parameters of the curves TLS uses.
 */
final class Curves {
    private Curves() {}

    private static final Map<String, ECParameterSpec> KNOWN = new LinkedHashMap<>();

    static {
        for (String name : new String[] {"secp256r1", "secp384r1", "secp521r1"}) {
            try {
                AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
                parameters.init(new ECGenParameterSpec(name));
                KNOWN.put(name, parameters.getParameterSpec(ECParameterSpec.class));
            } catch (GeneralSecurityException e) {
                // A JDK without this curve cannot have made a key on it either.
            }
        }
    }

    static @Nullable String nameOf(PrivateKey key) {
        if (!(key instanceof ECKey ec)) {
            return null;
        }
        ECParameterSpec spec = ec.getParams();
        for (Map.Entry<String, ECParameterSpec> known : KNOWN.entrySet()) {
            ECParameterSpec k = known.getValue();
            if (k.getOrder().equals(spec.getOrder()) && k.getCurve().equals(spec.getCurve())
                    && k.getGenerator().equals(spec.getGenerator())) {
                return known.getKey();
            }
        }
        return null;
    }
}
