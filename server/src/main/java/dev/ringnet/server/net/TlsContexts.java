package dev.ringnet.server.net;

import dev.ringnet.server.config.ConfigException;
import dev.ringnet.server.config.ServerConfig;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import javax.net.ssl.SSLException;

/** Builds the HTTPS context from {@code --tls-cert} and {@code --tls-key}. Stateless. */
public final class TlsContexts {
    private TlsContexts() {
    }

    /**
     * The server context for {@code config}, or null when TLS is off. The JDK's provider: no native library to
     * ship, and the transports' zero-copy file path is off under TLS anyway.
     *
     * @throws ConfigException if the certificate or key cannot be read or do not go together
     */
    public static SslContext serverContext(ServerConfig config) throws ConfigException {
        if (!config.tls()) {
            return null;
        }
        try {
            return SslContextBuilder.forServer(config.tlsCert().toFile(), config.tlsKey().toFile())
                    .sslProvider(SslProvider.JDK)
                    .applicationProtocolConfig(ApplicationProtocolConfig.DISABLED)
                    .build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new ConfigException("--tls-cert " + config.tlsCert() + " / --tls-key " + config.tlsKey()
                    + ": cannot make a TLS context (PEM certificate chain and unencrypted PKCS#8 key expected): "
                    + rootMessage(e), e);
        }
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == t ? String.valueOf(t.getMessage()) : t.getMessage() + ": " + root.getMessage();
    }
}
