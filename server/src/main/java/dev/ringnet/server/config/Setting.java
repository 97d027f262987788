package dev.ringnet.server.config;

/**
 * The text given for one option and where it was given, so that an error can point at it.
 *
 * @param value  the text as given, trimmed
 * @param origin where: {@code --http-port}, {@code RINGNET_HTTP_PORT} or {@code FILE:LINE}
 */
public record Setting(String value, String origin) {
}
