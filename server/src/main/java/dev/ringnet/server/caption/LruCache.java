package dev.ringnet.server.caption;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * A map of at most {@code maxEntries} values, loaded on demand and evicted least recently used first; it counts
 * its loads so a test (or a metric) can see that it caches. Thread-safe: any thread may call any method.
 *
 * <p>A miss loads outside the lock, so one slow load (decoding an image) does not stall hits on other keys. The
 * price: two threads missing the same key at once may both load it; both loads are counted and the first value
 * stored wins, so every caller sees one value per key while it stays cached.
 *
 * @param <K> key
 * @param <V> value, never null
 */
final class LruCache<K, V> {

    private final int maxEntries;
    private final Function<? super K, ? extends V> loader;
    /** In access order (eldest first); guarded by {@code this}. */
    private final LinkedHashMap<K, V> entries;
    /** Calls to the loader so far; guarded by {@code this}. */
    private long loads;

    /**
     * @param maxEntries most values kept, at least 1
     * @param loader     makes the value of a key; must not return null; may throw, and then nothing is cached
     */
    LruCache(int maxEntries, Function<? super K, ? extends V> loader) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("cache size must be at least 1, got " + maxEntries);
        }
        this.maxEntries = maxEntries;
        this.loader = Objects.requireNonNull(loader, "loader");
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > LruCache.this.maxEntries;
            }
        };
    }

    /** The value of {@code key}, loaded now if it is not cached; exceptions from the loader pass through. */
    V get(K key) {
        synchronized (this) {
            V cached = entries.get(key);
            if (cached != null) {
                return cached;
            }
        }
        V loaded = Objects.requireNonNull(loader.apply(key), "loader returned null");
        synchronized (this) {
            loads++;
            V raced = entries.putIfAbsent(key, loaded);
            return raced != null ? raced : loaded;
        }
    }

    /** Loader calls so far. */
    synchronized long loads() {
        return loads;
    }

    /** Values cached now, at most {@link #maxEntries()}. */
    synchronized int size() {
        return entries.size();
    }

    int maxEntries() {
        return maxEntries;
    }
}
