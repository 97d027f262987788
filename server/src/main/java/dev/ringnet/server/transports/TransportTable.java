package dev.ringnet.server.transports;

import java.util.List;

/** The table {@code ringnet transports} prints: every transport, whether it runs here, and why not. Stateless. */
public final class TransportTable {
    private TransportTable() {
    }

    /** The table as text, one row per transport in selection order, then the one {@code auto} picks. */
    public static String render() {
        int featuresWidth = "IO_URING FEATURES IN USE".length();
        for (TransportKind kind : TransportKind.values()) {
            if (kind.isAvailable()) {
                featuresWidth = Math.max(featuresWidth, String.join(",", kind.featuresInUse()).length());
            }
        }
        String format = "%-14s %-10s %-" + featuresWidth + "s  %s%n";
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(format, "TRANSPORT", "AVAILABLE", "IO_URING FEATURES IN USE", "CAUSE"));
        TransportKind picked = null;
        for (TransportKind kind : TransportKind.values()) {
            boolean available = kind.isAvailable();
            if (available && picked == null) {
                picked = kind;
            }
            List<String> features = available ? kind.featuresInUse() : List.of();
            sb.append(String.format(format, kind.displayName(), available ? "yes" : "no",
                    features.isEmpty() ? "-" : String.join(",", features),
                    available ? "-" : Causes.oneLine(kind.unavailabilityCause())));
        }
        sb.append("auto picks: ").append(picked == null ? "none" : picked.displayName()).append('\n');
        return sb.toString();
    }
}
