package dev.ringnet.uring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ringnet.linux.Fd;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Closing rings, including with requests in flight, must give back every file descriptor. */
class RingCloseTest {

    static long openFds() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    @Test
    void closeWithReadsInFlightLeaksNoFd() throws Exception {
        long before = openFds();
        // The buffers outlive every ring: the kernel may still touch them while it tears a ring down.
        try (Arena buffers = Arena.ofShared()) {
            for (int round = 0; round < 200; round++) {
                int efd = Fd.eventfd(0, Fd.EFD_CLOEXEC);
                Ring ring = Ring.open(RingOptions.of(8));
                for (int i = 0; i < 4; i++) {
                    MemorySegment buf = buffers.allocate(8);
                    long sqe = ring.sq().getSqe();
                    ring.sq().prepRead(sqe, efd, buf.address(), 8, 0);
                    ring.sq().setUserData(sqe, i);
                }
                assertEquals(4, ring.submit());
                ring.close();
                Fd.close(efd);
            }
            assertEquals(before, openFds(), "fds open after 200 rings closed with reads pending");
        }
    }
}
