package dev.ringnet.server.faults;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;

/** A blocking connection to an echo listener that sends one byte at a time and waits for it back. */
final class EchoClient implements AutoCloseable {
    private final Socket socket;
    private int sent;

    /** Connects; the kernel completes this from the listen backlog even while the server accepts nothing. */
    EchoClient(InetSocketAddress address) throws IOException {
        socket = new Socket();
        socket.connect(address, 5000);
    }

    /** Sends one byte and returns whether it came back within {@code timeoutMillis}. */
    boolean echoes(int timeoutMillis) throws IOException {
        send();
        return receives(lastSent(), timeoutMillis);
    }

    /** Sends one byte without waiting for it to come back. */
    void send() throws IOException {
        socket.getOutputStream().write(sent++ & 0x7f);
    }

    /** Waits up to {@code timeoutMillis} for the byte the last {@link #echoes} sent. */
    boolean receives(int b, int timeoutMillis) throws IOException {
        socket.setSoTimeout(timeoutMillis);
        try {
            int got = socket.getInputStream().read();
            if (got != b) {
                throw new IOException("echo sent " + b + ", got back " + got);
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    /** The byte the last {@link #echoes} sent. */
    int lastSent() {
        return (sent - 1) & 0x7f;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
