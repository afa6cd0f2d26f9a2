package com.coursevideo.database;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import jakarta.inject.Singleton;

import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.core.Future;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlConnectOptions;

/**
 * The serving pool, with bounds a stuck query or a held lock cannot get past: every statement ends
 * within {@link PoolConfig#statementTimeout()} (PostgreSQL cancels it), and a request waits at
 * most {@link PoolConfig#connectionWait()} for a connection, in a queue of at most
 * {@link PoolConfig#maxWaiting()}. Each ends as {@code 503 DATABASE_ERROR} with
 * {@code Retry-After} (see {@link PgFailures}) instead of holding the request, and through single
 * flight every reader of the same cache entry, for as long as the lock lasts.
 */
@Singleton
public class BoundedPool implements PgPoolCreator {

    private final PoolConfig config;

    BoundedPool(PoolConfig config) {
        this.config = config;
    }

    @Override
    public Pool create(Input input) {
        PoolOptions options = input.poolOptions()
                .setConnectionTimeout((int) config.connectionWait().toMillis())
                .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS)
                .setMaxWaitQueueSize(config.maxWaiting());
        String timeout = Long.toString(config.statementTimeout().toMillis());
        List<PgConnectOptions> servers = input.pgConnectOptionsList();
        for (PgConnectOptions server : servers) {
            // run-time parameters in the startup message: set for the session, no extra round trip
            server.addProperty("statement_timeout", timeout).addProperty("lock_timeout", timeout);
        }
        // several hosts in the URL: connections go to each in turn, as Quarkus's own pool does
        AtomicInteger next = new AtomicInteger();
        Supplier<Future<SqlConnectOptions>> server = () -> Future.succeededFuture(
                servers.get(Math.floorMod(next.getAndIncrement(), servers.size())));
        return PgBuilder.pool().with(options).connectingTo(server).using(input.vertx()).build();
    }
}
