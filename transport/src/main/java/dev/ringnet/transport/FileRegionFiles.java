package dev.ringnet.transport;

import io.netty.channel.DefaultFileRegion;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import java.io.File;
import java.io.FileDescriptor;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Field;
import java.nio.channels.FileChannel;

/**
 * Reaches the file behind a {@link DefaultFileRegion}, which keeps it in private fields: the {@link File} it was made
 * from ({@code f}), the {@link FileChannel} it was made from or opened lazily ({@code file}), and its
 * {@code transferred} count. Netty sits in the unnamed module with us, so a private lookup reaches those fields.
 *
 * <p>A channel's file descriptor sits deeper, in {@code sun.nio.ch.FileChannelImpl.fd} and
 * {@code java.io.FileDescriptor.fd}: reading them needs {@code --add-opens java.base/sun.nio.ch=ALL-UNNAMED
 * --add-opens java.base/java.io=ALL-UNNAMED}. Without those flags a region made from a {@link File} is still spliced
 * (the transport opens the path itself, as Netty's own lazy {@code open()} would), and one made from a
 * {@link FileChannel} is copied. Thread-safe.
 */
final class FileRegionFiles {
    private static final InternalLogger logger = InternalLoggerFactory.getInstance(FileRegionFiles.class);
    private static final VarHandle PATH;
    private static final VarHandle CHANNEL;
    private static final VarHandle TRANSFERRED;
    /** {@code sun.nio.ch.FileChannelImpl.fd}, or null when java.base does not open it to us. */
    private static final Field CHANNEL_FD;
    /** {@code java.io.FileDescriptor.fd}, or null likewise. */
    private static final Field DESCRIPTOR_FD;

    static {
        VarHandle path = null;
        VarHandle channel = null;
        VarHandle transferred = null;
        try {
            MethodHandles.Lookup lookup =
                    MethodHandles.privateLookupIn(DefaultFileRegion.class, MethodHandles.lookup());
            path = lookup.findVarHandle(DefaultFileRegion.class, "f", File.class);
            channel = lookup.findVarHandle(DefaultFileRegion.class, "file", FileChannel.class);
            transferred = lookup.findVarHandle(DefaultFileRegion.class, "transferred", long.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            logger.debug("DefaultFileRegion's fields are out of reach ({}): FileRegions will be copied", e.toString());
            path = null;
            channel = null;
            transferred = null;
        }
        PATH = path;
        CHANNEL = channel;
        TRANSFERRED = transferred;
        Field channelFd = null;
        Field descriptorFd = null;
        try {
            channelFd = Class.forName("sun.nio.ch.FileChannelImpl").getDeclaredField("fd");
            channelFd.setAccessible(true);
            descriptorFd = FileDescriptor.class.getDeclaredField("fd");
            descriptorFd.setAccessible(true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            logger.debug("a FileChannel's fd is out of reach ({}); regions made from a FileChannel will be copied: "
                    + "run with --add-opens java.base/sun.nio.ch=ALL-UNNAMED --add-opens java.base/java.io=ALL-UNNAMED "
                    + "to splice them", e.toString());
            channelFd = null;
            descriptorFd = null;
        }
        CHANNEL_FD = channelFd;
        DESCRIPTOR_FD = descriptorFd;
    }

    private FileRegionFiles() {
    }

    /** Whether regions can be spliced at all (their fields are reachable). */
    static boolean reachable() {
        return TRANSFERRED != null;
    }

    /** Whether a region made from a {@link FileChannel} can be spliced (the JVM opens java.base's fields to us). */
    static boolean channelFdReachable() {
        return DESCRIPTOR_FD != null;
    }

    /** The fd of the region's open {@link FileChannel}, owned by the region; or -1 if it has none or it is hidden. */
    static int channelFd(DefaultFileRegion region) {
        if (DESCRIPTOR_FD == null) {
            return -1;
        }
        FileChannel channel = (FileChannel) CHANNEL.get(region);
        if (channel == null || !channel.isOpen() || !CHANNEL_FD.getDeclaringClass().isInstance(channel)) {
            return -1;
        }
        try {
            return DESCRIPTOR_FD.getInt(CHANNEL_FD.get(channel));
        } catch (IllegalAccessException e) {
            return -1;
        }
    }

    /** The file the region was made from, or null if it was made from a channel. */
    static File path(DefaultFileRegion region) {
        return (File) PATH.get(region);
    }

    /** Adds {@code bytes} to the region's {@code transferred()}, as its own {@code transferTo} would. */
    static void addTransferred(DefaultFileRegion region, long bytes) {
        TRANSFERRED.set(region, (long) TRANSFERRED.get(region) + bytes);
    }
}
