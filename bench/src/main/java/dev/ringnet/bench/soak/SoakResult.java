package dev.ringnet.bench.soak;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One transport's soak: what the traffic did and the verdict's evidence. Immutable.
 *
 * @param transport    the server's transport
 * @param ran          how long the measured traffic ran
 * @param done         completed operations per {@link SoakTraffic#KINDS kind}, in that order
 * @param failed       failed operations per kind
 * @param messages     the first failure messages
 * @param warmFailures failed operations during the warm-up
 * @param fdsBefore    the server's open files by kind after the warm-up, traffic stopped
 * @param fdsAfter     the same after the run
 * @param rssBefore    its resident memory after the warm-up
 * @param rssAfter     the same after the run
 * @param leaks        Netty leak-detector lines in its log
 * @param exitStatus   its exit status after SIGTERM
 */
record SoakResult(String transport, Duration ran, List<Long> done, List<Long> failed, List<String> messages,
                  long warmFailures, Map<String, Long> fdsBefore, Map<String, Long> fdsAfter, long rssBefore,
                  long rssAfter, List<String> leaks, int exitStatus) {

    SoakResult(String transport, Duration ran, SoakTraffic traffic, long warmFailures, Map<String, Long> fdsBefore,
               Map<String, Long> fdsAfter, long rssBefore, long rssAfter, List<String> leaks, int exitStatus) {
        this(transport, ran, SoakTraffic.KINDS.stream().map(traffic::done).toList(),
                SoakTraffic.KINDS.stream().map(traffic::failed).toList(), traffic.messages(), warmFailures,
                Map.copyOf(fdsBefore), Map.copyOf(fdsAfter), rssBefore, rssAfter, List.copyOf(leaks), exitStatus);
    }

    private static long total(Map<String, Long> fds) {
        return fds.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The kinds of open files whose count grew, with the growth: {@code socket +3}. */
    private String fdGrowth() {
        List<String> grew = new ArrayList<>();
        new TreeMap<>(fdsAfter).forEach((kind, n) -> {
            long before = fdsBefore.getOrDefault(kind, 0L);
            if (n > before) {
                grew.add(kind + " +" + (n - before));
            }
        });
        return String.join(", ", grew);
    }

    long failures() {
        return failed.stream().mapToLong(Long::longValue).sum() + warmFailures;
    }

    double rssGrowthPercent() {
        return 100.0 * (rssAfter - rssBefore) / rssBefore;
    }

    /** What failed, one reason per problem; empty when the transport passed. */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (failures() > 0) {
            problems.add(failures() + " failed operations: " + String.join("; ", messages));
        }
        for (int i = 0; i < done.size(); i++) {
            if (done.get(i) == 0) {
                problems.add("no " + SoakTraffic.KINDS.get(i) + " operation completed");
            }
        }
        if (!leaks.isEmpty()) {
            problems.add(leaks.size() + " leak reports, first: " + leaks.getFirst());
        }
        // Idle splice pipes are pooled up to a bound, and a peak of concurrent splices may fill the pools after the
        // warm-up: pipes are held to that bound, every other kind to its post-warm-up count.
        long pipes = fdsAfter.getOrDefault("pipe", 0L);
        if (pipes > Math.max(fdsBefore.getOrDefault("pipe", 0L), SoakMain.IDLE_PIPE_FDS)) {
            problems.add(pipes + " pipe fds open with no traffic, more than the pools hold (" + SoakMain.IDLE_PIPE_FDS
                    + ")");
        }
        if (total(fdsAfter) - pipes > total(fdsBefore) - fdsBefore.getOrDefault("pipe", 0L) + SoakMain.FD_SLACK) {
            problems.add("open files grew from " + total(fdsBefore) + " to " + total(fdsAfter) + " (" + fdGrowth()
                    + ")");
        }
        if (rssGrowthPercent() >= SoakMain.MAX_RSS_GROWTH_PERCENT) {
            problems.add(String.format(Locale.ROOT, "RSS grew %.1f%%", rssGrowthPercent()));
        }
        if (exitStatus != 0) {
            problems.add("exit status " + exitStatus + " after SIGTERM");
        }
        return problems;
    }

    boolean passed() {
        return problems().isEmpty();
    }

    /** One line for the console. */
    String line() {
        return String.format(Locale.ROOT, "soak: %s %s: %d operations in %d s, %d failed, fds %d -> %d, RSS %d -> %d "
                        + "MiB (%+.1f%%), %d leak reports, exit %d%s", transport, passed() ? "passed" : "FAILED",
                done.stream().mapToLong(Long::longValue).sum(), ran.toSeconds(), failures(), total(fdsBefore),
                total(fdsAfter),
                rssBefore >> 20, rssAfter >> 20, rssGrowthPercent(), leaks.size(), exitStatus,
                passed() ? "" : ": " + String.join("; ", problems()));
    }

    /** The markdown report of a soak over several transports. */
    static String report(List<SoakResult> results, Duration duration) {
        StringBuilder md = new StringBuilder("# Soak\n\n`bin/ringnet soak --duration ").append(duration.toSeconds())
                .append("s`: per transport, a warm-up of a fifth of the duration (at least 5 s), then the measured ")
                .append("run; 11 clients (4 HTTP keep-alive, 2 HTTP churn, 1 file of 4 MiB hashed, 2 echo, 2 proxy ")
                .append("through an upstream echo), every operation checked byte for byte. The server runs with a ")
                .append("fixed, pre-touched 256 MiB heap and Netty's leak detector at paranoid level.\n\n")
                .append("| transport | result | ");
        SoakTraffic.KINDS.forEach(k -> md.append(k).append(" | "));
        md.append("failed | open files | RSS (MiB) | leak reports | exit |\n|---|---|");
        SoakTraffic.KINDS.forEach(k -> md.append("---:|"));
        md.append("---:|---|---|---:|---:|\n");
        for (SoakResult r : results) {
            md.append("| ").append(r.transport).append(" | ").append(r.passed() ? "passed" : "FAILED").append(" | ");
            r.done.forEach(n -> md.append(n).append(" | "));
            md.append(r.failures()).append(" | ").append(total(r.fdsBefore)).append(" → ").append(total(r.fdsAfter))
                    .append(" | ")
                    .append(r.rssBefore >> 20).append(" → ").append(r.rssAfter >> 20)
                    .append(String.format(Locale.ROOT, " (%+.1f%%)", r.rssGrowthPercent())).append(" | ")
                    .append(r.leaks.size()).append(" | ").append(r.exitStatus).append(" |\n");
        }
        for (SoakResult r : results) {
            if (!r.passed()) {
                md.append("\n").append(r.transport).append(": ").append(String.join("; ", r.problems())).append("\n");
            }
        }
        return md.toString();
    }
}
