package dev.ringnet.server;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the Prometheus text format, failing on any line that is not a comment or a sample. */
public final class MetricsText {
    private static final Pattern SAMPLE = Pattern.compile(
            "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})? (-?[0-9.]+(?:[eE][-+]?[0-9]+)?|NaN|\\+Inf|-Inf)");

    private MetricsText() {
    }

    /** Every sample, keyed by name and labels as written ({@code name{a="b"}}). */
    public static Map<String, Double> parse(String text) {
        Map<String, Double> samples = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            if (!m.matches()) {
                throw new AssertionError("not a Prometheus sample line: " + line);
            }
            samples.put(m.group(1) + (m.group(2) == null ? "" : m.group(2)), Double.parseDouble(m.group(3)));
        }
        return samples;
    }

    /** One sample of {@code server}'s metrics now, or 0 if it is absent. */
    public static double value(RingnetServer server, String key) {
        return parse(server.context().metrics().scrape()).getOrDefault(key, 0.0);
    }
}
