package dev.ringnet.server;

import dev.ringnet.server.config.ServerOption;

/** The {@code --help} texts. Stateless. */
final class Help {
    private Help() {
    }

    /** Usage of the program as a whole. */
    static String main() {
        return """
                Usage: ringnet COMMAND [OPTIONS]

                Commands:
                  serve        run the server (HTTP, and TCP echo and proxy when asked); see serve --help
                  transports   list the transports: available or not, why not, io_uring features in use
                  --help       this text
                  --version    the Ringnet version
                """;
    }

    /** Usage of {@code serve}, with every option and its default. */
    static String serve() {
        StringBuilder sb = new StringBuilder("""
                Usage: ringnet serve [--KEY VALUE | --KEY=VALUE]...

                Serves HTTP/1.1 (static files, /hello, POST /echo, /healthz, /metrics), and TCP echo and a TCP proxy
                when their ports are given. Prints one line to stdout once listening:
                  ringnet started transport=NAME http=HOST:PORT echo=HOST:PORT|off proxy=HOST:PORT|off
                                  metrics=HOST:PORT|off tls=on|off pid=N
                then logs to stderr. SIGTERM or SIGINT shuts down gracefully; a second one exits at once.

                Options (each also as KEY=VALUE in the --config file, and as the environment variable RINGNET_KEY
                with dashes as underscores, e.g. RINGNET_HTTP_PORT; command line > environment > file > default):
                """);
        for (ServerOption option : ServerOption.values()) {
            sb.append("  --").append(option.key()).append(' ').append(option.valueName())
                    .append("   (default: ").append(option.defaultText()).append(")\n")
                    .append("        ").append(option.help()).append('\n');
        }
        sb.append("""

                DURATION: 500ms, 10s, 5m, 1h (a bare number is seconds); 0 turns a timeout off.
                SIZE: 512, 8k, 1m, 1g (powers of 1024).
                Exit status: 0 after a clean shutdown, 2 for invalid options or an unavailable transport,
                1 when the server cannot start (a port in use, say).
                """);
        return sb.toString();
    }
}
