package dev.ringnet.server.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parsers for option values. Each takes the {@link Setting} so that its error names the option and where it was
 * given: {@code --http-port: 'x' is not a port (0-65535)}. Stateless.
 */
final class Values {
    private static final Pattern NUMBER_WITH_UNIT = Pattern.compile("(\\d{1,12})([a-z]*)");

    private Values() {
    }

    static int port(Setting s) throws ConfigException {
        return checkedPort(s, s.value());
    }

    /** A port, or -1 for {@code off}. */
    static int portOrOff(Setting s) throws ConfigException {
        return s.value().equalsIgnoreCase("off") ? -1 : port(s);
    }

    static int integer(Setting s, int min, int max) throws ConfigException {
        long value;
        try {
            value = Long.parseLong(s.value());
        } catch (NumberFormatException e) {
            throw error(s, "is not a whole number");
        }
        if (value < min || value > max) {
            throw error(s, "is out of range (" + min + "-" + max + ")");
        }
        return (int) value;
    }

    /** {@code 250ms}, {@code 10s}, {@code 5m}, {@code 1h}; a bare number is seconds. */
    static Duration duration(Setting s) throws ConfigException {
        Matcher m = NUMBER_WITH_UNIT.matcher(s.value().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw error(s, "is not a duration (like 500ms, 10s, 5m, 1h; a bare number is seconds)");
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "", "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> throw error(s, "has an unknown unit '" + m.group(2) + "' (use ms, s, m or h)");
        };
    }

    /** {@code 512}, {@code 8k}, {@code 1m}, {@code 1g} (powers of 1024), between {@code min} and {@code max}. */
    static int size(Setting s, int min, int max) throws ConfigException {
        Matcher m = NUMBER_WITH_UNIT.matcher(s.value().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw error(s, "is not a size (like 512, 8k, 1m; k, m and g are powers of 1024)");
        }
        long bytes = Long.parseLong(m.group(1)) * switch (m.group(2)) {
            case "", "b" -> 1L;
            case "k", "kb", "kib" -> 1L << 10;
            case "m", "mb", "mib" -> 1L << 20;
            case "g", "gb", "gib" -> 1L << 30;
            default -> throw error(s, "has an unknown unit '" + m.group(2) + "' (use k, m or g)");
        };
        if (bytes < min || bytes > max) {
            throw error(s, "is out of range (" + min + " to " + max + " bytes)");
        }
        return (int) bytes;
    }

    /** An IP address or a host name, resolved now. */
    static InetAddress address(Setting s) throws ConfigException {
        if (s.value().isEmpty()) {
            throw error(s, "is empty: give an address such as 127.0.0.1, 0.0.0.0 or ::");
        }
        try {
            return InetAddress.getByName(s.value());
        } catch (UnknownHostException e) {
            throw error(s, "is not an address this host can resolve");
        }
    }

    /** {@code HOST:PORT} or {@code [IPV6]:PORT}, resolved now; port 0 is refused (something to connect to). */
    static InetSocketAddress hostAndPort(Setting s) throws ConfigException {
        InetSocketAddress address = hostAndAnyPort(s);
        if (address.getPort() == 0) {
            throw error(s, "has port 0: the upstream needs a real port");
        }
        return address;
    }

    /** {@code HOST:PORT} or {@code [IPV6]:PORT} to listen on, resolved now; port 0 takes any free port. */
    static InetSocketAddress listenAddress(Setting s) throws ConfigException {
        return hostAndAnyPort(s);
    }

    private static InetSocketAddress hostAndAnyPort(Setting s) throws ConfigException {
        String v = s.value();
        String host;
        String port;
        if (v.startsWith("[")) {
            int close = v.indexOf(']');
            if (close < 0 || close + 1 >= v.length() || v.charAt(close + 1) != ':') {
                throw error(s, "is not HOST:PORT");
            }
            host = v.substring(1, close);
            port = v.substring(close + 2);
        } else {
            int colon = v.lastIndexOf(':');
            if (colon <= 0) {
                throw error(s, "is not HOST:PORT");
            }
            if (v.indexOf(':') != colon) {
                throw error(s, "has an IPv6 address without brackets: write [ADDRESS]:PORT");
            }
            host = v.substring(0, colon);
            port = v.substring(colon + 1);
        }
        InetSocketAddress address = new InetSocketAddress(host, checkedPort(s, port));
        if (address.isUnresolved()) {
            throw error(s, "names a host this host cannot resolve: " + host);
        }
        return address;
    }

    private static int checkedPort(Setting s, String text) throws ConfigException {
        int port;
        try {
            port = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw error(s, "is not a port (0-65535)");
        }
        if (port < 0 || port > 65535) {
            throw error(s, "is not a port (0-65535)");
        }
        return port;
    }

    /** A file system path; one the OS cannot name (a NUL in it) is a config error, not an InvalidPathException. */
    static Path path(Setting s) throws ConfigException {
        try {
            return Path.of(s.value());
        } catch (InvalidPathException e) {
            throw error(s, "is not a path: " + e.getReason());
        }
    }

    /** {@code on} or {@code off}. */
    static boolean onOff(Setting s) throws ConfigException {
        return switch (s.value().toLowerCase(Locale.ROOT)) {
            case "on" -> true;
            case "off" -> false;
            default -> throw error(s, "is neither on nor off");
        };
    }

    static ConfigException error(Setting s, String problem) {
        return new ConfigException(s.origin() + ": '" + s.value() + "' " + problem);
    }
}
