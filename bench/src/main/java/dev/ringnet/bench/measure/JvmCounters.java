package dev.ringnet.bench.measure;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The HotSpot performance counters of another JVM, read from its {@code hsperfdata} file without attaching to it
 * (attaching, as {@code jcmd} and {@code jstat} do, costs the target a thread and some CPU in the middle of a
 * measurement).
 *
 * <p>The file is the JVM's {@code PerfMemory} region (HotSpot {@code perfMemory.hpp}): a prologue
 * <pre>
 *   u4 magic (0xcafec0c0, big-endian) | u1 byte_order | u1 major | u1 minor | u1 accessible
 *   u4 used | u4 overflow | u8 mod_time_stamp | u4 entry_offset | u4 num_entries
 * </pre>
 * then {@code num_entries} entries, each
 * <pre>
 *   u4 entry_length | u4 name_offset | u4 vector_length | u1 data_type | u1 flags | u1 data_units
 *   u1 data_variability | u4 data_offset | name (NUL-terminated) ... data
 * </pre>
 * in the byte order the prologue names. Only scalar longs ({@code data_type 'J'}, {@code vector_length 0}) are
 * read here.
 *
 * @param values every scalar long counter by name
 */
public record JvmCounters(Map<String, Long> values) {
    private static final int MAGIC = 0xcafec0c0;

    /**
     * Reads the counters of JVM {@code pid} run by the current user.
     *
     * @throws IOException when the file is missing (the JVM runs with {@code -XX:-UsePerfData}) or malformed
     */
    public static JvmCounters of(long pid) throws IOException {
        Path file = Path.of(System.getProperty("java.io.tmpdir"), "hsperfdata_" + System.getProperty("user.name"),
                Long.toString(pid));
        return parse(ByteBuffer.wrap(Files.readAllBytes(file)));
    }

    static JvmCounters parse(ByteBuffer buf) throws IOException {
        if (buf.order(ByteOrder.BIG_ENDIAN).getInt(0) != MAGIC) {
            throw new IOException("not an hsperfdata file (bad magic)");
        }
        buf.order(buf.get(4) == 0 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        int entryOffset = buf.getInt(24);
        int entries = buf.getInt(28);
        Map<String, Long> values = new HashMap<>();
        int at = entryOffset;
        for (int i = 0; i < entries && at + 20 <= buf.limit(); i++) {
            int length = buf.getInt(at);
            if (length <= 0) {
                break;
            }
            int nameOffset = buf.getInt(at + 4);
            int vectorLength = buf.getInt(at + 8);
            byte type = buf.get(at + 12);
            int dataOffset = buf.getInt(at + 16);
            if (type == 'J' && vectorLength == 0) {
                values.put(cString(buf, at + nameOffset), buf.getLong(at + dataOffset));
            }
            at += length;
        }
        return new JvmCounters(values);
    }

    private static String cString(ByteBuffer buf, int from) {
        int end = from;
        while (buf.get(end) != 0) {
            end++;
        }
        byte[] bytes = new byte[end - from];
        buf.get(from, bytes);
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    /** Time spent in garbage collection pauses so far, over every collector, in nanoseconds. */
    public long gcNanos() {
        long frequency = values.getOrDefault("sun.os.hrt.frequency", 1_000_000_000L);
        long ticks = 0;
        for (int i = 0; i < 4; i++) {
            ticks += values.getOrDefault("sun.gc.collector." + i + ".time", 0L);
        }
        return (long) (ticks * (1e9 / frequency));
    }

    /** Garbage collections so far, over every collector. */
    public long gcCount() {
        long count = 0;
        for (int i = 0; i < 4; i++) {
            count += values.getOrDefault("sun.gc.collector." + i + ".invocations", 0L);
        }
        return count;
    }

    /** Java heap in use now: the used bytes of every space of every generation. */
    public long heapUsedBytes() {
        long used = 0;
        for (Map.Entry<String, Long> e : values.entrySet()) {
            String name = e.getKey();
            if (name.startsWith("sun.gc.generation.") && name.endsWith(".used") && name.contains(".space.")) {
                used += e.getValue();
            }
        }
        return used;
    }
}
