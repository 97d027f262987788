package dev.ringnet.server.security;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.ringnet.server.config.CommandLine;
import dev.ringnet.server.config.ConfigException;
import dev.ringnet.server.config.ServerConfig;
import dev.ringnet.server.config.ServerOption;
import dev.ringnet.server.config.Setting;
import dev.ringnet.server.config.Settings;
import io.netty.util.NetUtil;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The configuration: fuzzed command-line words and a fuzzed {@code --config} file through {@link CommandLine},
 * {@link Settings} and {@link ServerConfig}, as {@code ringnet serve} reads them: a config or a
 * {@link ConfigException} (one line to the user, exit status 2); any other exception fails.
 *
 * <p>Inputs that name a host by anything but an IP literal or {@code localhost} are skipped: resolving them would
 * ask DNS, and tests talk to loopback only. Replays {@code ConfigFuzzTestInputs/} in a normal build;
 * {@code JAZZER_FUZZ=1} fuzzes (docs/fuzzing.md).
 */
class ConfigFuzzTest {
    private static final Path FILE = configFile();

    @FuzzTest(maxDuration = "10s")
    void optionsParseOrSayWhatIsWrong(FuzzedDataProvider data) throws IOException {
        List<String> args = new ArrayList<>();
        int words = data.consumeInt(0, 12);
        for (int i = 0; i < words; i++) {
            String word = data.consumeString(40);
            if (data.consumeBoolean()) {
                // Mostly real option names, so the values behind them get exercised.
                ServerOption option = data.pickValue(ServerOption.values());
                word = "--" + option.key() + (data.consumeBoolean() ? "=" + word : "");
            }
            args.add(word);
        }
        boolean withFile = data.consumeBoolean();
        String fileText = data.consumeRemainingAsString();
        Settings settings;
        try {
            if (CommandLine.parse(args).options().containsKey(ServerOption.CONFIG)) {
                return; // a file the fuzzer names could be /dev/zero: reading it is the user's own choice
            }
            if (withFile) {
                Files.writeString(FILE, fileText);
                args.add("--config");
                args.add(FILE.toString());
            }
            settings = Settings.resolve(CommandLine.parse(args), Map.of());
        } catch (ConfigException e) {
            oneLine(e);
            return;
        }
        if (!resolvesWithoutDns(settings)) {
            return;
        }
        try {
            ServerConfig.from(settings);
        } catch (ConfigException e) {
            oneLine(e);
        }
    }

    private static void oneLine(ConfigException e) {
        if (e.getMessage() == null || e.getMessage().isBlank()
                || e.getMessage().chars().anyMatch(Character::isISOControl)) {
            throw new AssertionError("a config error must be one line saying what is wrong", e);
        }
    }

    /** Whether every host the settings name is an IP literal or {@code localhost} (or is refused before lookup). */
    private static boolean resolvesWithoutDns(Settings settings) {
        Setting bind = settings.get(ServerOption.BIND);
        if (bind != null && !literal(bind.value())) {
            return false;
        }
        for (ServerOption option : new ServerOption[] {ServerOption.UPSTREAM, ServerOption.METRICS_ADDRESS}) {
            Setting s = settings.get(option);
            if (s == null) {
                continue;
            }
            String v = s.value();
            int colon = v.lastIndexOf(':');
            String host = v.startsWith("[") && v.indexOf(']') > 0 ? v.substring(1, v.indexOf(']'))
                    : colon > 0 ? v.substring(0, colon) : "";
            if (!host.isEmpty() && !literal(host)) {
                return false;
            }
        }
        return true;
    }

    private static boolean literal(String host) {
        return host.isEmpty() || host.equals("localhost")
                || NetUtil.isValidIpV4Address(host) || NetUtil.isValidIpV6Address(host);
    }

    private static Path configFile() {
        try {
            Path file = Files.createTempFile("ringnet-fuzz-", ".conf");
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
