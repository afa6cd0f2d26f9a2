package com.coursevideo.cache;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.coursevideo.access.ProductionChecks;
import com.coursevideo.redis.LuaScript;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Redis in front of PostgreSQL, never stale and never in the way.
 * <ul>
 * <li>A read is one {@code MGET} of an entry's generation and value; the value counts only when
 * its stamp names the current epoch, format and generation.</li>
 * <li>Each entry has a generation key beside it. A write replaces the generation (and drops the
 * value) before it answers; a reader that missed remembers the generation it saw before loading,
 * and its fill only lands if the generation is still that one. So a reader that loaded the old
 * row cannot put it back after the write's invalidation.</li>
 * <li>Misses of one entry at one generation share one load (single flight), per instance.</li>
 * <li>Every value is also stamped with the {@link CacheEpoch}, which moves on when an
 * invalidation was lost to a Redis failure.</li>
 * <li>Any Redis failure makes the read go to PostgreSQL; {@link CacheRedis} keeps it short.</li>
 * <li>Values are stored as the JSON clients receive, behind an HMAC ({@link EntrySigner}) under
 * {@code video.cache.signing-key}, so a hit can be answered with the stored text as it is
 * ({@link #getJson}) once the signature matches (a torn, altered or forged entry is a miss, without
 * parsing the JSON); the stamp carries the key's
 * {@link CacheKey#format()} and the {@link #LAYOUT}, so entries a release with another JSON shape
 * or layout wrote are misses.</li>
 * </ul>
 */
@ApplicationScoped
public class ReadThroughCache {

    private static final Logger LOG = Logger.getLogger(ReadThroughCache.class);

    /** How a value is laid out after its stamp: the entry's signature ({@link EntrySigner}), a newline, the JSON. */
    private static final String LAYOUT = "h";
    /** Signs entries when no key is set (dev and test; production warns): it checks integrity, not origin. */
    static final String UNKEYED = "course-video-service: no video.cache.signing-key set";

    /** KEYS: value, generation. ARGV: stamp (epoch/format/layout), generation seen before loading, signature and json, ttl ms. */
    private static final LuaScript FILL = LuaScript.of("fill", """
            local generation = redis.call('GET', KEYS[2]) or '-'
            if generation ~= ARGV[2] then
              return 0
            end
            redis.call('SET', KEYS[1], ARGV[1] .. '/' .. generation .. '\\n' .. ARGV[3], 'PX', ARGV[4])
            return 1
            """);

    /** KEYS: value, generation, value, generation, ... (one hash slot). ARGV: new generation, its ttl ms. */
    private static final LuaScript INVALIDATE = LuaScript.of("invalidate", """
            for i = 1, #KEYS, 2 do
              redis.call('SET', KEYS[i + 1], ARGV[1], 'PX', ARGV[2])
              redis.call('DEL', KEYS[i])
            end
            return #KEYS / 2
            """);

    /** Keys one invalidation script call takes on a single Redis server (a course of 10,000 videos: about 80 calls). */
    static final int KEYS_PER_CALL = 512;
    /** Invalidation calls in flight at once: a course's worth never crowds the client's waiting queue. */
    private static final int INVALIDATION_CONCURRENCY = 4;

    private final CacheRedis redis;
    private final boolean cluster;
    private final CacheEpoch epoch;
    private final CacheConfig config;
    private final CacheHooks hooks;
    private final ObjectMapper json;
    private final MeterRegistry metrics;
    private final EntrySigner signer;
    /** Hits decoded before, so that an entry is decoded once while it lasts. */
    private final DecodedEntries decoded;
    private final Map<String, Uni<?>> flights = new ConcurrentHashMap<>();
    /** Counters by metric and family, looked up once: a hit must not pay for a registry lookup. */
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    ReadThroughCache(CacheRedis redis, CacheEpoch epoch, CacheConfig config, CacheHooks hooks, ObjectMapper json,
            MeterRegistry metrics, @ConfigProperty(name = "quarkus.redis.client-type", defaultValue = "standalone") String clientType) {
        this.redis = redis;
        this.cluster = "cluster".equalsIgnoreCase(clientType);
        this.epoch = epoch;
        this.config = config;
        this.hooks = hooks;
        this.json = json;
        this.metrics = metrics;
        this.signer = new EntrySigner(config.signingKey().filter(key -> !key.isBlank()).orElse(UNKEYED));
        this.decoded = new DecodedEntries(config.decodedSize().asLongValue());
    }

    void warnWhenUnkeyed(@Observes StartupEvent start) {
        if (ProductionChecks.apply() && config.signingKey().filter(key -> !key.isBlank()).isEmpty()) {
            LOG.warn("VIDEO_CACHE_SIGNING_KEY is not set: whoever can write to Redis can change what learners are"
                    + " answered from the cache (docs/security.md)");
        }
    }

    /**
     * The entry's value from Redis, or else from {@code load} (then cached). A null from
     * {@code load} (nothing there) is passed on and not cached.
     */
    public <T> Uni<T> get(CacheKey key, JavaType type, Supplier<Uni<T>> load) {
        return read(key, load, (text, signature) -> decoded.get(key.name(), signature, text, json -> {
            count("video.cache.decodes", key);
            return decode(key, type, json);
        }), Loaded::value);
    }

    /**
     * Like {@link #get}, as JSON text: on a hit the stored text itself (its signature checked, not
     * decoded), on a miss the loaded value encoded once for both the answer and the fill.
     */
    public <T> Uni<String> getJson(CacheKey key, Supplier<Uni<T>> load) {
        return read(key, load, (text, signature) -> text, Loaded::json);
    }

    /**
     * @param fromCache what a hit's text (and its checked signature) becomes; null when it is not usable (then it is loaded)
     * @param fromLoad what a loaded value becomes
     */
    private <T, R> Uni<R> read(CacheKey key, Supplier<Uni<T>> load, BiFunction<String, String, R> fromCache,
            Function<Loaded<T>, R> fromLoad) {
        Supplier<Uni<R>> uncached = () -> load.get().map(value -> value == null ? null : fromLoad.apply(new Loaded<>(value)));
        String epochNow = config.enabled() ? epoch.current() : null;
        if (epochNow == null) {
            count("video.cache.bypasses", key);
            return uncached.get();
        }
        String stamp = epochNow + "/" + key.format() + "/" + LAYOUT;
        // a plain MGET, no script: the stamp is checked here, so Redis only hands over the bytes
        return redis.execute("read", "MGET", key.generation(), key.name())
                .onItemOrFailure().transformToUni((found, failure) -> {
                    if (failure != null) {
                        return uncached.get();
                    }
                    String generation = found.get(0) == null ? "-" : found.get(0).toString();
                    String value = found.get(1) == null ? null : found.get(1).toString();
                    String stamped = stamp + "/" + generation;
                    if (value != null && value.startsWith(stamped) && value.length() > stamped.length()
                            && value.charAt(stamped.length()) == '\n') {
                        String signature = signature(key, stamped, value);
                        R cached = signature == null ? null
                                : fromCache.apply(value.substring(stamped.length() + EntrySigner.LENGTH + 2), signature);
                        if (cached == null) {
                            metrics.counter("video.cache.errors", "operation", "decode", "reason", "garbage").increment();
                            return uncached.get();
                        }
                        count("video.cache.hits", key);
                        return Uni.createFrom().item(cached);
                    }
                    count("video.cache.misses", key);
                    return this.<T> loadOnce(key, stamp, generation, load)
                            .map(loaded -> loaded == null ? null : fromLoad.apply(loaded));
                });
    }

    /**
     * Drops the entries and replaces their generations, so that no fill from a load that began
     * before can land. Never fails: when Redis cannot be reached, the loss is recorded (before this
     * completes, so before the write answers) and the epoch moves on ({@link CacheEpoch}).
     */
    public Uni<Void> invalidate(Collection<CacheKey> keys) {
        if (!config.enabled() || keys.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String generation = UUID.randomUUID().toString();
        String generationTtl = Long.toString(Math.max(config.videoTtl().toMillis(), config.listTtl().toMillis()));
        keys.forEach(key -> count("video.cache.invalidations", key));
        return Multi.createFrom().iterable(groups(keys))
                .onItem().transformToUni(group -> {
                    List<String> names = new ArrayList<>(group.size() * 2);
                    for (CacheKey key : group) {
                        names.add(key.name());
                        names.add(key.generation());
                    }
                    return redis.eval(INVALIDATE, names, generation, generationTtl);
                })
                .merge(INVALIDATION_CONCURRENCY)
                .collect().last()
                .replaceWithVoid()
                // a group not invalidated: the epoch moves on instead, so no stale entry is ever served
                .onFailure().recoverWithUni(failure -> epoch.invalidationLost());
    }

    /**
     * The keys in as few script calls as Redis allows: up to {@link #KEYS_PER_CALL} per call on one
     * server; on a cluster, where a script touches one hash slot only, one call per slot.
     */
    private List<List<CacheKey>> groups(Collection<CacheKey> keys) {
        if (cluster) {
            return new ArrayList<>(bySlot(keys).values());
        }
        List<CacheKey> all = new ArrayList<>(keys);
        List<List<CacheKey>> groups = new ArrayList<>();
        for (int from = 0; from < all.size(); from += KEYS_PER_CALL) {
            groups.add(all.subList(from, Math.min(all.size(), from + KEYS_PER_CALL)));
        }
        return groups;
    }

    /** A value loaded from the database, with its JSON encoded once when first asked for. */
    private final class Loaded<T> {

        private final T value;
        private String encoded;

        Loaded(T value) {
            this.value = value;
        }

        T value() {
            return value;
        }

        String json() {
            if (encoded == null) {
                try {
                    encoded = json.writeValueAsString(value);
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException("cannot encode " + value.getClass().getSimpleName(), e);
                }
            }
            return encoded;
        }
    }

    private <T> T decode(CacheKey key, JavaType type, String text) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException garbage) {
            LOG.debugf("cache entry %s is not a %s: %s", key.name(), type, garbage.getOriginalMessage());
            return null;
        }
    }

    /** The entry's signature when it matches the JSON after it, else null. */
    private String signature(CacheKey key, String stamped, String value) {
        int start = stamped.length() + 1;
        int newline = start + EntrySigner.LENGTH;
        if (value.length() <= newline || value.charAt(newline) != '\n') {
            return null;
        }
        String signature = value.substring(start, newline);
        return signer.verifies(signature, key.name(), stamped, value.substring(newline + 1)) ? signature : null;
    }

    /** One load per entry, epoch and generation at a time; later misses of the same join it. */
    @SuppressWarnings("unchecked")
    private <T> Uni<Loaded<T>> loadOnce(CacheKey key, String stamp, String generation, Supplier<Uni<T>> load) {
        String flightKey = key.name() + '\n' + stamp + '\n' + generation;
        Uni<?>[] flight = new Uni<?>[1];
        flight[0] = Uni.createFrom().deferred(() -> {
            count("video.cache.loads", key);
            return load.get();
        })
                .map(value -> value == null ? null : new Loaded<>(value))
                .call(loaded -> loaded == null ? Uni.createFrom().voidItem() : fill(key, stamp, generation, loaded.json()))
                .onTermination().invoke(() -> flights.remove(flightKey, flight[0]))
                .memoize().indefinitely();
        Uni<?> existing = flights.putIfAbsent(flightKey, flight[0]);
        if (existing != null) {
            count("video.cache.coalesced", key);
            return (Uni<Loaded<T>>) existing;
        }
        return (Uni<Loaded<T>>) flight[0];
    }

    private Uni<Void> fill(CacheKey key, String stamp, String generation, String encoded) {
        return hooks.beforeFill(key)
                .chain(() -> redis.eval(FILL, List.of(key.name(), key.generation()),
                        stamp, generation, signer.sign(key.name(), stamp + "/" + generation, encoded) + "\n" + encoded,
                        Long.toString(key.ttl().toMillis())))
                .invoke(filled -> {
                    if (filled.toInteger() == 1) {
                        count("video.cache.fills", key);
                    }
                })
                .replaceWithVoid()
                .onFailure().recoverWithNull();
    }

    private static Map<String, List<CacheKey>> bySlot(Collection<CacheKey> keys) {
        Map<String, List<CacheKey>> slots = new LinkedHashMap<>();
        for (CacheKey key : keys) {
            slots.computeIfAbsent(key.slotTag(), tag -> new ArrayList<>()).add(key);
        }
        return slots;
    }

    private void count(String metric, CacheKey key) {
        counters.computeIfAbsent(metric + ' ' + key.family(), name -> metrics.counter(metric, "family", key.family()))
                .increment();
    }
}
