package com.coursevideo.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.coursevideo.TestData;
import com.coursevideo.cache.CacheMetrics;
import com.coursevideo.error.VideoError;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Writes of one statement that come together are committed together, and one that fails fails
 * alone. The first write waits on a row lock held by another session, so the others gather behind
 * it, as they do behind a commit under way when many jobs end at once.
 */
@QuarkusTest
class GroupedWritesTest {

    /** Renames a video; a divisor of 0 makes the write fail. */
    private static final String RENAME = "UPDATE course_videos SET title = 'grouped ' || (10 / $2) WHERE id = $1::uuid";

    @Inject
    GroupedWrites writes;

    @Test
    void writesThatComeWhileOneIsUnderWayAreCommittedTogether() throws Exception {
        List<String> videos = videos(8);
        List<CompletableFuture<Void>> done = writeBehindALock(videos, -1);
        for (CompletableFuture<Void> write : done) {
            write.get(20, TimeUnit.SECONDS);
        }
        assertEquals(List.of("grouped 10"), distinct("title", videos));
        // the first made on its own, the 7 that gathered behind it in one transaction
        assertEquals(1, distinct("xmin::text", videos.subList(1, videos.size())).size());
        assertNotEquals(distinct("xmin::text", videos.subList(0, 1)), distinct("xmin::text", videos.subList(1, 2)));
    }

    @Test
    void aWriteThatFailsFailsOnlyItsOwnCaller() throws Exception {
        List<String> videos = videos(6);
        List<CompletableFuture<Void>> done = writeBehindALock(videos, 3);
        CompletionException failed = assertThrows(CompletionException.class, () -> done.get(3).join());
        // division by zero: SQLSTATE 22012, a value the database refuses
        assertInstanceOf(VideoError.class, failed.getCause());
        for (int i = 0; i < videos.size(); i++) {
            if (i != 3) {
                done.get(i).get(20, TimeUnit.SECONDS);
            }
        }
        List<String> written = new ArrayList<>(videos);
        String failedVideo = written.remove(3);
        assertEquals(List.of("grouped 10"), distinct("title", written));
        assertEquals(List.of("Failing"), distinct("title", List.of(failedVideo)));
    }

    private static List<String> videos(int count) {
        String course = TestData.newCourse();
        List<String> videos = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            videos.add(TestData.readyVideo(course, "grouped-" + i, Map.of("title", i == 3 ? "Failing" : "Video " + i)));
        }
        return videos;
    }

    /** Renames the videos, the first while another session holds its row, the rest meanwhile; {@code failing}'s write fails. */
    private List<CompletableFuture<Void>> writeBehindALock(List<String> videos, int failing) throws SQLException {
        List<CompletableFuture<Void>> done = new ArrayList<>();
        try (Connection lock = TestDatabase.lockVideo(videos.get(0))) {
            done.add(rename(videos.get(0), 1));
            CacheMetrics.awaitTrue("the first write waits on the row lock", Duration.ofSeconds(20),
                    TestDatabase::someoneWaitsOnALock);
            for (int i = 1; i < videos.size(); i++) {
                done.add(rename(videos.get(i), i == failing ? 0 : 1));
            }
        }
        return done;
    }

    private CompletableFuture<Void> rename(String video, int divisor) {
        return writes.execute(RENAME, Tuple.of(video, divisor)).subscribeAsCompletionStage();
    }

    private static List<String> distinct(String column, List<String> videos) throws SQLException {
        try (Connection db = TestDatabase.connect();
                PreparedStatement query = db.prepareStatement("SELECT DISTINCT " + column + " FROM course_videos"
                        + " WHERE id = ANY(?::uuid[])")) {
            query.setArray(1, db.createArrayOf("text", videos.toArray()));
            List<String> values = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    values.add(rows.getString(1));
                }
            }
            return values;
        }
    }
}
