package dev.ringnet.server.config;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The text of every option after merging its three sources: the command line over {@code RINGNET_*} environment
 * variables over the {@code --config} file. Options given nowhere are absent (their defaults apply later, in
 * {@link ServerConfig}). Immutable.
 */
public final class Settings {
    private static final String ENV_PREFIX = "RINGNET_";

    private final Map<ServerOption, Setting> values;
    private final List<String> warnings;

    private Settings(Map<ServerOption, Setting> values, List<String> warnings) {
        this.values = values;
        this.warnings = List.copyOf(warnings);
    }

    /**
     * Merges {@code cli} with {@code environment} and the config file either of them names.
     *
     * @throws ConfigException if the config file cannot be read or has a line that is not a known {@code KEY=VALUE}
     */
    public static Settings resolve(CommandLine cli, Map<String, String> environment) throws ConfigException {
        Map<ServerOption, Setting> merged = new EnumMap<>(ServerOption.class);
        List<String> warnings = new ArrayList<>();
        Map<ServerOption, Setting> fromEnvironment = fromEnvironment(environment, warnings);
        Setting configFile = cli.options().getOrDefault(ServerOption.CONFIG, fromEnvironment.get(ServerOption.CONFIG));
        if (configFile != null) {
            merged.putAll(fromFile(configFile));
        }
        merged.putAll(fromEnvironment);
        merged.putAll(cli.options());
        return new Settings(merged, warnings);
    }

    /** The setting for {@code option}, or null if it was given nowhere. */
    public Setting get(ServerOption option) {
        return values.get(option);
    }

    /** Things worth a log line that do not stop the start, such as an unknown {@code RINGNET_*} variable. */
    public List<String> warnings() {
        return warnings;
    }

    private static Map<ServerOption, Setting> fromEnvironment(Map<String, String> environment, List<String> warnings) {
        Map<ServerOption, Setting> settings = new EnumMap<>(ServerOption.class);
        // Sorted so that warnings come out in the same order on every run.
        for (Map.Entry<String, String> e : new TreeMap<>(environment).entrySet()) {
            String name = e.getKey();
            if (!name.startsWith(ENV_PREFIX)) {
                continue;
            }
            ServerOption option = ServerOption.forEnvironmentVariable(name);
            if (option == null) {
                // Not an error: other tools may use the prefix; but a typo should not pass unseen.
                warnings.add("ignoring environment variable " + name + ": no such option");
                continue;
            }
            settings.put(option, new Setting(e.getValue().trim(), name));
        }
        return settings;
    }

    private static Map<ServerOption, Setting> fromFile(Setting configFile) throws ConfigException {
        Path path = Values.path(configFile);
        List<String> lines;
        try {
            lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(configFile.origin() + ": no such file: " + path);
        } catch (MalformedInputException e) {
            throw new ConfigException(configFile.origin() + ": " + path + " is not UTF-8 text");
        } catch (IOException e) {
            throw new ConfigException(configFile.origin() + ": cannot read " + path + ": " + e.getMessage(), e);
        }
        Map<ServerOption, Setting> settings = new EnumMap<>(ServerOption.class);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = path + ":" + (i + 1);
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException(where + ": expected KEY=VALUE, got '" + line + "'");
            }
            String key = line.substring(0, eq).strip();
            ServerOption option = ServerOption.forKey(key);
            if (option == null || option == ServerOption.CONFIG) {
                throw new ConfigException(
                        where + ": unknown key '" + key + "' (keys are the --help options without --)");
            }
            settings.put(option, new Setting(line.substring(eq + 1).strip(), where));
        }
        return settings;
    }
}
