package com.coursevideo.report;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import com.coursevideo.database.PgFailures;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * A query's rows as CSV records ({@link Csv}: RFC 4180, formulas neutralised), streamed: read
 * through a cursor a batch at a time and written as they come, so a report of any size is never
 * held in memory whole, and a slow client slows the cursor instead of filling the heap.
 */
@ApplicationScoped
public class CsvCursor {

    /** Rows fetched from the cursor at a time. */
    private static final int FETCH = 500;

    private final Pool pool;
    /** Read-only, and ended by PostgreSQL when a stalled client leaves it idle (ReportConfig). */
    private final String transactionSettings;

    CsvCursor(Pool pool, ReportConfig config) {
        this.pool = pool;
        this.transactionSettings = "SET TRANSACTION READ ONLY; SET LOCAL idle_in_transaction_session_timeout = "
                + Math.max(1, config.idleInTransactionTimeout().toMillis());
    }

    /** The header record. */
    public static String header(List<String> names) {
        return Csv.record(names);
    }

    /** A timestamp as a report shows it: ISO-8601 in UTC; empty for null. */
    public static String utc(OffsetDateTime time) {
        return time == null ? null : time.withOffsetSameInstant(ZoneOffset.UTC).toString();
    }

    /**
     * The rows of {@code sql} as CSV records, each row's fields as {@code fields} reads them,
     * through a cursor in a read-only transaction of their own. The transaction is begun through
     * the client (not as a {@code BEGIN} statement), so that it is ended whatever happens, before
     * the connection goes back to the pool. A client that stops reading pauses the cursor and leaves
     * the transaction idle: PostgreSQL ends it after {@link ReportConfig#idleInTransactionTimeout()},
     * and the download fails.
     */
    public Multi<String> records(String sql, Tuple arguments, Function<Row, List<?>> fields) {
        return Multi.createFrom().resourceFromUni(
                () -> pool.getConnection().chain(connection -> connection.begin()
                        .call(transaction -> connection.query(transactionSettings).execute())
                        .map(transaction -> new Session(connection, transaction))
                        .onFailure().call(connection::close)),
                session -> session.connection().prepare(sql)
                        .onItem().transformToMulti(statement -> statement.createStream(FETCH, arguments).toMulti())
                        .map(row -> Csv.record(fields.apply(row))))
                .withFinalizer((Function<Session, Uni<Void>>) session -> session.transaction().rollback()
                        .onFailure().recoverWithNull()
                        .eventually(() -> session.connection().close()))
                .onFailure().transform(PgFailures::translate);
    }

    private record Session(SqlConnection connection, Transaction transaction) {
    }
}
