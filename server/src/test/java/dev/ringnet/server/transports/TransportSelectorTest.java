package dev.ringnet.server.transports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringnet.server.config.ConfigException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** auto's order and its skip lines, and the one-line refusal of a transport this host cannot run. */
class TransportSelectorTest {
    @Test
    void autoTakesTheFirstAvailableAndReportsEveryBetterOneSkipped() throws Exception {
        TransportSelector.Selection selection = TransportSelector.select("auto");
        List<TransportKind> order = Arrays.asList(TransportKind.values());
        TransportKind first = order.stream().filter(TransportKind::isAvailable).findFirst().orElseThrow();
        assertEquals(first, selection.transport());
        assertEquals(order.indexOf(first), selection.skipped().size());
        for (int i = 0; i < selection.skipped().size(); i++) {
            String line = selection.skipped().get(i);
            assertTrue(line.startsWith(order.get(i).displayName() + " unavailable: "), line);
            assertFalse(line.contains("\n"), line);
        }
    }

    @Test
    void kqueueOnLinuxIsRefusedWithItsCauseAndTheFix() {
        if (!System.getProperty("os.name").equals("Linux")) {
            return;
        }
        String message = assertThrows(ConfigException.class, () -> TransportSelector.select("kqueue")).getMessage();
        assertTrue(message.startsWith("transport kqueue is unavailable here: "), message);
        assertTrue(message.contains("only on macOS and BSD"), message);
        assertTrue(message.contains("fix: use --transport auto"), message);
        assertFalse(message.contains("\n"), message);
    }

    @Test
    void aTransportWhoseEventLoopsFailFallsBackToTheNextAvailableWithOneLine() {
        // ffm-io_uring's rings over RLIMIT_MEMLOCK: the next available one, and the reason on the skip line.
        TransportSelector.Selection next = TransportSelector.fallBackFrom(TransportKind.FFM_IO_URING, "ENOMEM");
        List<TransportKind> order = Arrays.asList(TransportKind.values());
        TransportKind expected = order.subList(1, order.size()).stream().filter(TransportKind::isAvailable)
                .findFirst().orElseThrow();
        assertEquals(expected, next.transport());
        assertEquals(List.of("ffm-io_uring unavailable: ENOMEM"), next.skipped());
        assertEquals(null, TransportSelector.fallBackFrom(TransportKind.NIO, "anything"));
    }

    @Test
    void nioIsAlwaysThereAndUnknownNamesAreRefused() throws Exception {
        assertEquals(TransportKind.NIO, TransportSelector.select("nio").transport());
        assertTrue(assertThrows(ConfigException.class, () -> TransportSelector.select("dpdk")).getMessage()
                .contains("auto, ffm-io_uring, jni-io_uring, epoll, kqueue, nio"));
    }

    @Test
    void theTableHasARowPerTransport() {
        String table = TransportTable.render();
        for (TransportKind kind : TransportKind.values()) {
            assertTrue(table.lines().anyMatch(l -> l.startsWith(kind.displayName() + " ")), kind.displayName());
        }
        assertTrue(table.contains("auto picks: "));
    }

    @Test
    void causesAreOneLineWithoutEmptyWrappers() {
        Throwable cause = new ExceptionInInitializerError(new IllegalStateException("Only supported on OSX/BSD"));
        assertEquals("Only supported on OSX/BSD", Causes.oneLine(new UnsatisfiedLinkError("could not load")
                .initCause(cause)).replace("could not load: ", ""));
        assertEquals("a: b c", Causes.oneLine(new RuntimeException("a", new RuntimeException("b\n  c"))));
        assertEquals("unknown cause", Causes.oneLine(null));
    }
}
