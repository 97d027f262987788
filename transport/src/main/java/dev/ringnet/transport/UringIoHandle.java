package dev.ringnet.transport;

import io.netty.channel.IoHandle;

/**
 * An {@link IoHandle} that a {@link UringIoHandler} can serve: its {@code handle(registration, event)} receives
 * {@link UringIoEvent}s for the requests submitted through its {@link UringIoRegistration}, on the event loop
 * thread, including completions that arrive after the registration was cancelled (so their buffers can be freed).
 */
public interface UringIoHandle extends IoHandle {
}
