package dev.ringnet.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.ResourceLeakDetector;
import java.nio.channels.Pipe;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The checks can fail: a leaked ByteBuf and fds held past a class are caught and named. */
class ResourceChecksExtensionTest {

    @Test
    void theBuildRunsTestsAtParanoidThroughTheRecordingDetector() {
        assertEquals(ResourceLeakDetector.Level.PARANOID, ResourceLeakDetector.getLevel(),
                "-Dio.netty.leakDetection.level=paranoid is missing from the test JVM's argLine");
        Unpooled.directBuffer(1).release(); // makes the ByteBuf detector if nothing has yet
        assertTrue(RecordingLeakDetector.instances() > 0,
                "-Dio.netty.customResourceLeakDetector does not name RecordingLeakDetector");
    }

    @Test
    void aByteBufDroppedUnreleasedFailsTheCheck() throws Exception {
        leakOneBuffer();
        List<String> reports = LeakReports.collect(); // claims the report, so the extension's own check passes
        AssertionError failure = assertThrows(AssertionError.class,
                () -> ResourceChecksExtension.failOnLeaks(reports, "in this test"));
        assertTrue(failure.getMessage().contains("LEAK: ByteBuf"), failure.getMessage());
        assertTrue(failure.getMessage().contains("leakOneBuffer"), "the access record names the allocation site: "
                + failure.getMessage());
    }

    private static void leakOneBuffer() {
        ByteBuf leaked = Unpooled.directBuffer(16);
        leaked.writeInt(42);
    }

    @Test
    void fdsHeldPastTheClassAreNamedWithTheirGrowth() throws Exception {
        ProcessResources base = ProcessResources.measure();
        List<Pipe> held = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                held.add(Pipe.open());
            }
            String growth = ResourceChecksExtension.awaitBaseline(base, 200);
            assertTrue(growth.startsWith("fds " + base.fds() + " -> "), growth);
            assertTrue(growth.contains("pipe:"), "names the kind of fd that grew: " + growth);
        } finally {
            for (Pipe pipe : held) {
                pipe.source().close();
                pipe.sink().close();
            }
        }
        assertEquals("", ResourceChecksExtension.awaitBaseline(base, 5000));
    }

    @Test
    void nativeMemoryTrackingIsOn() {
        assertTrue(ProcessResources.measure().otherKiB() >= 0,
                "-XX:NativeMemoryTracking=summary is missing: " + ProcessResources.nmtSummary().strip());
    }
}
