package dev.ringnet.bench.scenario;

import dev.ringnet.bench.BenchOptions;
import dev.ringnet.bench.load.ClientGroup;
import java.nio.file.Path;

/**
 * What scenarios share during one bench run: the options, the client, a scratch directory (generated files) and
 * the upstream sink of the proxy scenario.
 *
 * @param options  the bench's options
 * @param clients  the bench's Netty client
 * @param scratch  a directory for generated files, deleted at the end
 * @param java     the JDK 25 java binary (for helper processes)
 */
public record RunContext(BenchOptions options, ClientGroup clients, Path scratch, String java) {
}
