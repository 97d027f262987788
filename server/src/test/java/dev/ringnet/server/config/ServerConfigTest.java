package dev.ringnet.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringnet.server.caption.CaptionConfig;
import dev.ringnet.server.net.AllocatorKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Options from the command line, RINGNET_* variables and the config file: defaults, precedence, errors. */
class ServerConfigTest {
    @TempDir
    Path dir;

    private static ServerConfig config(List<String> args, Map<String, String> env) throws ConfigException {
        return ServerConfig.from(Settings.resolve(CommandLine.parse(args), env));
    }

    private static String error(List<String> args, Map<String, String> env) {
        return assertThrows(ConfigException.class, () -> config(args, env)).getMessage();
    }

    @Test
    void defaults() throws Exception {
        ServerConfig c = config(List.of(), Map.of());
        assertEquals("127.0.0.1", c.bind().getHostAddress());
        assertEquals(8080, c.httpPort());
        assertEquals(-1, c.echoPort());
        assertEquals(-1, c.proxyPort());
        assertNull(c.root());
        assertEquals("auto", c.transport());
        assertEquals(Runtime.getRuntime().availableProcessors(), c.ioThreads());
        assertNull(c.sqPollIdle(), "no SQPOLL unless asked");
        assertEquals(AllocatorKind.POOLED, c.allocator());
        assertEquals(10_000, c.maxConnections());
        assertEquals(Duration.ofSeconds(60), c.idleTimeout());
        assertEquals(Duration.ofSeconds(10), c.headerTimeout());
        assertEquals(Duration.ofSeconds(30), c.writeTimeout());
        assertEquals(Duration.ofSeconds(10), c.shutdownTimeout());
        assertEquals(8192, c.maxHeaderSize());
        assertEquals(4096, c.maxUriLength());
        assertEquals(1 << 20, c.maxBodySize());
        assertEquals(false, c.tls());
        assertEquals("info", c.logLevel());
        assertEquals(CaptionConfig.defaults(), c.caption());
        assertEquals(true, c.zeroCopy());
        assertEquals(true, c.fileRegions());
    }

    @Test
    void zeroCopySwitch() throws Exception {
        assertEquals(false, config(List.of("--zero-copy", "off"), Map.of()).fileRegions());
        assertEquals(true, config(List.of(), Map.of("RINGNET_ZERO_COPY", "ON")).zeroCopy());
        assertEquals("--zero-copy: 'maybe' is neither on nor off", error(List.of("--zero-copy", "maybe"), Map.of()));
    }

    @Test
    void captionKnobs() throws Exception {
        ServerConfig c = config(List.of("--worker-threads", "3", "--worker-queue", "7", "--caption-timeout", "750ms",
                "--caption-template-cache", "2"), Map.of("RINGNET_CAPTION_FONT_CACHE", "5"));
        assertEquals(new CaptionConfig(3, 7, 2, 5, Duration.ofMillis(750)), c.caption());
        assertEquals("--caption-timeout: '0' must be more than zero",
                error(List.of("--caption-timeout", "0"), Map.of()));
        assertEquals("--worker-queue: '0' is out of range (1-1000000)",
                error(List.of("--worker-queue", "0"), Map.of()));
    }

    @Test
    void commandLineBeatsEnvironmentBeatsFileBeatsDefault() throws Exception {
        Path file = Files.writeString(dir.resolve("ringnet.conf"), """
                # comments and blank lines are fine

                http-port = 7001
                echo-port=7002
                idle-timeout=5m
                max-body-size=2m
                """);
        Map<String, String> env = Map.of("RINGNET_CONFIG", file.toString(), "RINGNET_ECHO_PORT", "7003",
                "RINGNET_MAX_BODY_SIZE", "3m", "PATH", "/bin");
        ServerConfig c = config(List.of("--max-body-size=4k"), env);
        assertEquals(7001, c.httpPort(), "from the file");
        assertEquals(7003, c.echoPort(), "the environment wins over the file");
        assertEquals(4096, c.maxBodySize(), "the command line wins over both");
        assertEquals(Duration.ofMinutes(5), c.idleTimeout());
        assertEquals(8192, c.maxHeaderSize(), "the default stands");
    }

    @Test
    void valuesInTheirForms() throws Exception {
        ServerConfig c = config(List.of("--bind", "::1", "--http-port", "0", "--proxy-port", "0", "--upstream",
                "[::1]:9000", "--header-timeout", "250ms", "--shutdown-timeout", "0", "--max-uri-length", "1k",
                "--allocator", "adaptive", "--root", dir.toString(), "--transport", "nio"), Map.of());
        assertEquals("0:0:0:0:0:0:0:1", c.bind().getHostAddress());
        assertEquals(9000, c.upstream().getPort());
        assertEquals(Duration.ofMillis(250), c.headerTimeout());
        assertEquals(Duration.ZERO, c.shutdownTimeout());
        assertEquals(1024, c.maxUriLength());
        assertEquals(AllocatorKind.ADAPTIVE, c.allocator());
        assertEquals(dir.toAbsolutePath().normalize(), c.root());
    }

    @Test
    void everyMistakeIsOneLineNamingTheOptionAndItsSource() throws Exception {
        assertEquals("unknown option --htp-port (see --help)", error(List.of("--htp-port", "1"), Map.of()));
        assertEquals("--http-port: 'abc' is not a port (0-65535)", error(List.of("--http-port", "abc"), Map.of()));
        assertEquals("--http-port: '70000' is not a port (0-65535)",
                error(List.of("--http-port=70000"), Map.of()));
        assertEquals("RINGNET_IO_THREADS: 'many' is not a whole number",
                error(List.of(), Map.of("RINGNET_IO_THREADS", "many")));
        assertEquals("--io-threads: '0' is out of range (1-1024)", error(List.of("--io-threads", "0"), Map.of()));
        assertTrue(error(List.of("--idle-timeout", "soon"), Map.of()).startsWith("--idle-timeout: 'soon' is not a"));
        assertTrue(error(List.of("--max-body-size", "3x"), Map.of()).startsWith("--max-body-size: '3x' has an"));
        assertEquals("--root: '" + dir.resolve("missing") + "' does not exist",
                error(List.of("--root", dir.resolve("missing").toString()), Map.of()));
        assertEquals("--proxy-port needs --upstream HOST:PORT", error(List.of("--proxy-port", "0"), Map.of()));
        assertEquals("--upstream: '[::1]' is not HOST:PORT",
                error(List.of("--proxy-port", "0", "--upstream", "[::1]"), Map.of()));
        assertTrue(error(List.of("--transport", "dpdk"), Map.of())
                .startsWith("--transport: 'dpdk' is not a transport"));
        assertEquals(java.time.Duration.ofMillis(250),
                config(List.of("--sqpoll", "250ms", "--transport", "ffm-io_uring"), Map.of()).sqPollIdle());
        assertEquals("--sqpoll needs --transport ffm-io_uring (got epoll)",
                error(List.of("--sqpoll", "10ms", "--transport", "epoll"), Map.of()));
        assertEquals("--sqpoll: '0' must be from 1ms to 1m, or off",
                error(List.of("--sqpoll", "0", "--transport", "ffm-io_uring"), Map.of()));
        assertEquals("--tls-cert and --tls-key go together: give both or neither",
                error(List.of("--tls-cert", Files.writeString(dir.resolve("c.pem"), "x").toString()), Map.of()));
        assertEquals("--http-port needs a value: PORT", error(List.of("--http-port"), Map.of()));
        assertEquals("unexpected argument 'extra' (options start with --; see --help)",
                error(List.of("extra"), Map.of()));
        assertTrue(error(List.of("--http-port", "9000", "--echo-port", "9000"), Map.of()).contains("must differ"));
    }

    @Test
    void configFileMistakesNameTheLine() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.conf"), "http-port=1\nport=2\n");
        assertEquals(file + ":2: unknown key 'port' (keys are the --help options without --)",
                error(List.of("--config", file.toString()), Map.of()));
        Path noEquals = Files.writeString(dir.resolve("worse.conf"), "http-port 1\n");
        assertEquals(noEquals + ":1: expected KEY=VALUE, got 'http-port 1'",
                error(List.of("--config", noEquals.toString()), Map.of()));
        Path badValue = Files.writeString(dir.resolve("value.conf"), "\n\nhttp-port=x\n");
        assertEquals(badValue + ":3: 'x' is not a port (0-65535)",
                error(List.of("--config", badValue.toString()), Map.of()));
        assertEquals("--config: no such file: " + dir.resolve("none"),
                error(List.of("--config", dir.resolve("none").toString()), Map.of()));
    }

    @Test
    void unknownRingnetVariablesAreWarnedAboutNotFatal() throws Exception {
        Settings settings = Settings.resolve(CommandLine.parse(List.of()), Map.of("RINGNET_HTTP_PROT", "1"));
        assertEquals(List.of("ignoring environment variable RINGNET_HTTP_PROT: no such option"),
                settings.warnings());
    }

    @Test
    void everyOptionHasAnEnvironmentVariableAndHelp() {
        for (ServerOption option : ServerOption.values()) {
            assertEquals(option, ServerOption.forEnvironmentVariable(option.environmentVariable()));
            assertTrue(!option.help().isEmpty() && !option.defaultText().isEmpty(), option.key());
        }
        assertEquals("RINGNET_MAX_BODY_SIZE", ServerOption.MAX_BODY_SIZE.environmentVariable());
    }
}
