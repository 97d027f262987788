package dev.ringnet.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The gathering writer's iovec array: sized to the sends a connection makes, not to IOV_MAX. */
class SocketWriterIovecsTest {
    @Test
    void arrayGrowsWithTheSendAndKeepsEveryEntry() {
        SocketWriter writer = new SocketWriter(null); // the iovec list needs no channel
        List<ByteBuf> bufs = new ArrayList<>();
        try {
            assertEquals(0, writer.iovCapacity(), "nothing allocated before a gathering write");
            int capacityAtTwo = 0;
            for (int i = 0; i < SocketWriter.IOV_MAX; i++) {
                ByteBuf buf = Unpooled.directBuffer(8).writeLong(i);
                bufs.add(buf);
                assertEquals(i + 1 < SocketWriter.IOV_MAX, writer.processMessage(buf), "room after buffer " + i);
                if (i == 1) {
                    capacityAtTwo = writer.iovCapacity();
                }
            }
            assertEquals(SocketWriter.FIRST_IOV_CAPACITY, capacityAtTwo, "two buffers take the smallest array");
            assertEquals(SocketWriter.IOV_MAX, writer.iovCapacity());
            for (int i = 0; i < bufs.size(); i++) {
                assertArrayEquals(new long[] {bufs.get(i).memoryAddress(), 8}, writer.iov(i), "iovec " + i);
            }
        } finally {
            bufs.forEach(buf -> buf.release(buf.refCnt()));
        }
    }

    @Test
    void oneBufferNeedsNoArray() {
        SocketWriter writer = new SocketWriter(null);
        ByteBuf buf = Unpooled.directBuffer(8).writeLong(1);
        try {
            assertTrue(writer.processMessage(buf));
            assertEquals(0, writer.iovCapacity(), "a single buffer goes out with SEND, no iovec");
            assertFalse(writer.processMessage("not a buffer"), "the list stops at a message that is not a buffer");
        } finally {
            buf.release(buf.refCnt());
        }
    }
}
