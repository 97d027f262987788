package dev.ringnet.server.config;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The arguments of {@code ringnet serve}: {@code --KEY VALUE} or {@code --KEY=VALUE} for each {@link ServerOption},
 * plus {@code --help} and {@code --version}. Anything else is an error. Immutable.
 *
 * @param help    {@code -h} or {@code --help} was given
 * @param version {@code --version} was given
 * @param options the options given, each with its value
 */
public record CommandLine(boolean help, boolean version, Map<ServerOption, Setting> options) {
    /** Copies {@code options}: the record is immutable. */
    public CommandLine {
        options = Map.copyOf(options);
    }

    /**
     * Parses {@code args}.
     *
     * @throws ConfigException for an unknown option, a missing value, or an argument that is not an option
     */
    public static CommandLine parse(List<String> args) throws ConfigException {
        Map<ServerOption, Setting> options = new EnumMap<>(ServerOption.class);
        boolean help = false;
        boolean version = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("-h") || arg.equals("--help")) {
                help = true;
                continue;
            }
            if (arg.equals("--version")) {
                version = true;
                continue;
            }
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new ConfigException("unexpected argument '" + arg + "' (options start with --; see --help)");
            }
            int eq = arg.indexOf('=');
            String key = eq < 0 ? arg.substring(2) : arg.substring(2, eq);
            ServerOption option = ServerOption.forKey(key);
            if (option == null) {
                throw new ConfigException("unknown option --" + key + " (see --help)");
            }
            String value;
            if (eq >= 0) {
                value = arg.substring(eq + 1);
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw new ConfigException("--" + key + " needs a value: " + option.valueName());
            }
            options.put(option, new Setting(value.trim(), "--" + key));
        }
        return new CommandLine(help, version, options);
    }
}
