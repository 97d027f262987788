package dev.ringnet.bench.soak;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The soak's mixed traffic against one server, each kind checked byte for byte: HTTP keep-alive ({@code /hello} on
 * kept connections), HTTP churn (one request per connection), a file downloaded and hashed, echo and proxy
 * round trips of random sizes (the proxy relaying to {@link EchoUpstream}). Each client runs on its own virtual
 * thread until {@link #stop}; every failure is counted by kind with its first messages kept. Thread-safe.
 */
final class SoakTraffic {
    /** What {@code /hello} answers. */
    static final String HELLO = "Hello, World!\n";
    private static final int ECHO_ROUNDS_PER_CONNECTION = 50;
    private static final int KEPT_MESSAGES = 5;

    private final InetSocketAddress http;
    private final InetSocketAddress echo;
    private final InetSocketAddress proxy;
    private final String filePath;
    private final byte[] fileSha256;
    private final Map<String, AtomicLong> done = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> failed = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> messages = new ConcurrentLinkedQueue<>();
    private final ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Socket> open = new ArrayList<>();
    private volatile boolean running = true;

    SoakTraffic(InetSocketAddress http, InetSocketAddress echo, InetSocketAddress proxy, String filePath,
                byte[] fileSha256) {
        this.http = http;
        this.echo = echo;
        this.proxy = proxy;
        this.filePath = filePath;
        this.fileSha256 = fileSha256.clone();
    }

    /** The kinds of traffic, in report order. */
    static final List<String> KINDS = List.of("http-keepalive", "http-churn", "file", "echo", "proxy");

    /** Starts the clients: 4 keep-alive, 2 churn, 1 file, 2 echo, 2 proxy. */
    void start(long seed) {
        SplittableRandom seeds = new SplittableRandom(seed);
        for (int i = 0; i < 4; i++) {
            loop("http-keepalive", this::keepAlive, seeds.split());
        }
        for (int i = 0; i < 2; i++) {
            loop("http-churn", this::churn, seeds.split());
        }
        loop("file", this::file, seeds.split());
        for (int i = 0; i < 2; i++) {
            loop("echo", random -> roundTrips(echo, random), seeds.split());
            loop("proxy", random -> roundTrips(proxy, random), seeds.split());
        }
    }

    /** Stops every client, closing its connection, and waits for them to end. */
    void stop() throws InterruptedException {
        running = false;
        clients.shutdown();
        if (!clients.awaitTermination(30, TimeUnit.SECONDS)) {
            synchronized (open) {
                open.forEach(SoakTraffic::closeQuietly); // unblocks a client stuck in a read
            }
            clients.shutdownNow();
            if (!clients.awaitTermination(10, TimeUnit.SECONDS)) {
                record("stop", "clients still running 40 s after the stop");
            }
        }
    }

    /** Operations that completed and checked out, by kind. */
    long done(String kind) {
        return done.computeIfAbsent(kind, k -> new AtomicLong()).get();
    }

    /** Failed operations, by kind. */
    long failed(String kind) {
        return failed.computeIfAbsent(kind, k -> new AtomicLong()).get();
    }

    /** All failures, whatever their kind. */
    long failures() {
        return failed.values().stream().mapToLong(AtomicLong::get).sum();
    }

    /** The first failure messages (a few per kind). */
    List<String> messages() {
        return List.copyOf(messages);
    }

    private interface Client {
        /** Works on one connection until it ends or the soak stops; returns normally or throws on a failure. */
        void run(SplittableRandom random) throws IOException;
    }

    private void loop(String kind, Client client, SplittableRandom random) {
        clients.submit(() -> {
            while (running) {
                try {
                    client.run(random);
                } catch (IOException | RuntimeException e) {
                    if (running) {
                        record(kind, e.toString());
                    }
                }
            }
        });
    }

    private void record(String kind, String message) {
        long n = failed.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
        if (n <= KEPT_MESSAGES) {
            messages.add(kind + ": " + message);
        }
    }

    private void count(String kind) {
        done.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
    }

    private Socket connect(InetSocketAddress address) throws IOException {
        Socket socket = new Socket();
        socket.connect(address, 5000);
        socket.setSoTimeout(30_000); // a server that stops answering fails the client instead of hanging it
        synchronized (open) {
            open.add(socket);
        }
        return socket;
    }

    private void release(Socket socket) {
        synchronized (open) {
            open.remove(socket);
        }
        closeQuietly(socket);
    }

    private void keepAlive(SplittableRandom random) throws IOException {
        Socket socket = connect(http);
        try {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            for (int i = 0; i < 1000 && running; i++) {
                out.write(("GET /hello HTTP/1.1\r\nHost: soak\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                expectHello(in);
                count("http-keepalive");
            }
        } finally {
            release(socket);
        }
    }

    private void churn(SplittableRandom random) throws IOException {
        Socket socket = connect(http);
        try {
            socket.getOutputStream().write(("GET /hello HTTP/1.1\r\nHost: soak\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = new BufferedInputStream(socket.getInputStream());
            expectHello(in);
            if (in.read() != -1) {
                throw new IOException("bytes after the response on a Connection: close request");
            }
            count("http-churn");
        } finally {
            release(socket);
        }
    }

    private void file(SplittableRandom random) throws IOException {
        Socket socket = connect(http);
        try {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            for (int i = 0; i < 20 && running; i++) {
                out.write(("GET " + filePath + " HTTP/1.1\r\nHost: soak\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                long length = expectStatus(in, 200);
                MessageDigest sha = sha256();
                byte[] buffer = new byte[64 * 1024];
                long left = length;
                while (left > 0) {
                    int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                    if (n < 0) {
                        throw new EOFException(filePath + ": connection closed with " + left + " bytes missing");
                    }
                    sha.update(buffer, 0, n);
                    left -= n;
                }
                byte[] got = sha.digest();
                if (!Arrays.equals(got, fileSha256)) {
                    throw new IOException(filePath + ": SHA-256 " + HexFormat.of().formatHex(got)
                            + " is not the file's");
                }
                count("file");
            }
        } finally {
            release(socket);
        }
    }

    private void roundTrips(InetSocketAddress address, SplittableRandom random) throws IOException {
        String kind = address == echo ? "echo" : "proxy";
        Socket socket = connect(address);
        try {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            for (int i = 0; i < ECHO_ROUNDS_PER_CONNECTION && running; i++) {
                byte[] sent = new byte[1 + random.nextInt(64 * 1024)];
                random.nextBytes(sent);
                out.write(sent);
                byte[] back = in.readNBytes(sent.length);
                if (!Arrays.equals(sent, back)) {
                    throw new IOException(kind + ": " + sent.length + " bytes sent, " + back.length
                            + " came back" + (back.length == sent.length ? " different" : ""));
                }
                count(kind);
            }
        } finally {
            release(socket);
        }
    }

    private static void expectHello(InputStream in) throws IOException {
        long length = expectStatus(in, 200);
        byte[] body = in.readNBytes((int) length);
        String text = new String(body, StandardCharsets.US_ASCII);
        if (!text.equals(HELLO)) {
            throw new IOException("/hello answered '" + text + "'");
        }
    }

    /** Reads a response head, checks its status and returns its Content-Length. */
    private static long expectStatus(InputStream in, int status) throws IOException {
        StringBuilder head = new StringBuilder();
        while (head.length() < 8192 && (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n"))) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed in a response head: '" + head + "'");
            }
            head.append((char) b);
        }
        String[] lines = head.toString().split("\r\n");
        if (!lines[0].startsWith("HTTP/1.1 " + status + " ")) {
            throw new IOException("expected " + status + ", got '" + lines[0] + "'");
        }
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).equalsIgnoreCase("content-length")) {
                return Long.parseLong(line.substring(colon + 1).trim());
            }
        }
        throw new IOException("no Content-Length in '" + lines[0] + "...'");
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing a socket we are done with: nothing to do about a failure
        }
    }
}
