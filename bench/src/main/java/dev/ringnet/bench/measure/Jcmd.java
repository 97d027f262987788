package dev.ringnet.bench.measure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Diagnostic commands sent to another JVM with {@code jcmd} (of the JDK running this code, which must match the
 * target's major version). Attaching costs the target a thread and some work: only for measurements that settle
 * the JVM on purpose (memory per idle connection), never inside a throughput window.
 */
public final class Jcmd {
    private static final Pattern TOTAL = Pattern.compile("Total: reserved=(\\d+)KB, committed=(\\d+)KB");
    private static final Pattern HEAP = Pattern.compile("Java Heap \\(reserved=(\\d+)KB, committed=(\\d+)KB\\)");

    private Jcmd() {
    }

    /**
     * Runs a full GC in JVM {@code pid}, then returns its native memory in use as Native Memory Tracking counts it
     * (committed, the Java heap left out). The target must run with {@code -XX:NativeMemoryTracking=summary}.
     */
    public static long gcThenNativeBytes(long pid) throws IOException {
        Path commands = Files.createTempFile("ringnet-jcmd", ".txt");
        try {
            Files.writeString(commands, "GC.run\nVM.native_memory summary\n");
            String out = run(List.of(jcmdBinary(), Long.toString(pid), "-f", commands.toString()));
            Matcher total = TOTAL.matcher(out);
            Matcher heap = HEAP.matcher(out);
            if (!total.find() || !heap.find()) {
                throw new IOException("jcmd " + pid + " printed no NMT summary (is -XX:NativeMemoryTracking=summary"
                        + " on?): " + out.strip());
            }
            return (Long.parseLong(total.group(2)) - Long.parseLong(heap.group(2))) * 1024;
        } finally {
            Files.deleteIfExists(commands);
        }
    }

    private static String jcmdBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    }

    private static String run(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " failed: "
                        + new String(out, StandardCharsets.UTF_8).strip());
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted while running jcmd", e);
        }
    }
}
