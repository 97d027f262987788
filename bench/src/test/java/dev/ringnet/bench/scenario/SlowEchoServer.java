package dev.ringnet.bench.scenario;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A TCP echo server that sleeps {@code args[0]} milliseconds before answering each message of {@code args[1]}
 * bytes, one thread per connection; prints a startup line in the real server's format so the bench drives it
 * like the real one.
 */
public final class SlowEchoServer {
    private SlowEchoServer() {
    }

    /** Serves until killed. */
    public static void main(String[] args) throws IOException {
        long sleepMillis = Long.parseLong(args[0]);
        int size = Integer.parseInt(args[1]);
        ServerSocket server = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
        System.out.println("ringnet started transport=slow http=off echo=127.0.0.1:" + server.getLocalPort()
                + " proxy=off tls=off pid=" + ProcessHandle.current().pid());
        System.out.flush();
        while (true) {
            Socket socket = server.accept();
            Thread.ofPlatform().daemon().start(() -> serve(socket, sleepMillis, size));
        }
    }

    private static void serve(Socket socket, long sleepMillis, int size) {
        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            byte[] message = new byte[size];
            while (in.readNBytes(message, 0, size) == size) {
                Thread.sleep(sleepMillis);
                out.write(message);
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // the bench closed the connection at the end of its run: nothing to answer any more
        }
    }
}
