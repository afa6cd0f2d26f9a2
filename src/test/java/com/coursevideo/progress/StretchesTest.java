package com.coursevideo.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.coursevideo.error.VideoError;

/** The arithmetic of watched stretches and the crediting cap, without a service. */
class StretchesTest {

    @Test
    void aUnionMergesOverlapsAndTouchingStretchesAndDropsEmptyOnes() {
        Stretches union = Stretches.union(new long[] { 5_000, 9_000, 0, 2_000, 2_000, 3_000, 8_000, 12_000, 20_000, 20_000 });
        assertEquals("{[0,3),[5,12)}", union.multirange());
        assertEquals(10_000, union.millis());
    }

    @Test
    void theAllowanceIsTakenFromTheEarliestStretchOn() {
        Stretches watched = Stretches.union(new long[] { 0, 8_000, 20_000, 40_000 });
        assertEquals("{[0,8),[20,22.5)}", watched.atMost(10_500).multirange());
        assertEquals(watched, watched.atMost(1_000_000));
        assertEquals("{}", watched.atMost(0).multirange());
    }

    @Test
    void aHeartbeatCreditsTwiceItsElapsedTimePlusTenSeconds() {
        Stretches claimed = Stretches.union(new long[] { 0, 600_000 });
        UUID video = UUID.randomUUID();
        assertEquals(30_000, new BufferedHeartbeat(1_000_000, -1, video, 0, claimed, "a").credited().millis(),
                "a first heartbeat counts as 10 s after the one before");
        assertEquals(16_000, new BufferedHeartbeat(1_003_000, 1_000_000, video, 0, claimed, "a").credited().millis());
        assertEquals(10_000, new BufferedHeartbeat(1_000_000, 1_000_000, video, 0, claimed, "a").credited().millis());
    }

    @Test
    void theSameHeartbeatsInAnyOrderMakeTheSameCoverage() {
        Random random = new Random(24);
        List<Stretches> credited = new ArrayList<>();
        long previous = -1;
        long at = 1_000_000;
        for (int i = 0; i < 200; i++) {
            long from = random.nextInt(3_600_000);
            Stretches watched = Stretches.union(new long[] { from, from + random.nextInt(60_000) + 1,
                from + 90_000, from + 90_000 + random.nextInt(5_000) + 1 });
            credited.add(new BufferedHeartbeat(at, previous, UUID.randomUUID(), 0, watched, "a").credited());
            previous = at;
            at += random.nextInt(20_000);
        }
        Stretches inOrder = Stretches.union(credited);
        for (int shuffle = 0; shuffle < 20; shuffle++) {
            List<Stretches> order = new ArrayList<>(credited);
            Collections.shuffle(order, random);
            // merged in batches of various sizes, each batch's union merged into the coverage so far
            Stretches coverage = Stretches.NONE;
            int i = 0;
            while (i < order.size()) {
                int size = 1 + random.nextInt(30);
                List<Stretches> batch = new ArrayList<>(order.subList(i, Math.min(order.size(), i + size)));
                batch.add(coverage);
                coverage = Stretches.union(batch);
                i += size;
            }
            assertEquals(inOrder, coverage);
            assertEquals(inOrder, Stretches.union(List.of(coverage, coverage)), "merging again changes nothing");
        }
    }

    @Test
    void aBufferedHeartbeatReadsBackAsItWasWritten() {
        UUID video = UUID.randomUUID();
        Stretches watched = Stretches.union(new long[] { 1_250, 4_000, 10_000, 12_500 });
        String payload = BufferedHeartbeat.payload(video, 12.5, watched, "auth0|user|with bars");
        BufferedHeartbeat read = BufferedHeartbeat.parse(payload, 1_700_000_000_123L);
        assertEquals(new BufferedHeartbeat(1_700_000_000_123L, -1, video, 12.5, watched, "auth0|user|with bars"), read);
        assertEquals(1_700_000_000_000L, read.after(1_700_000_000_000L).previousAt());
        assertThrows(IllegalArgumentException.class, () -> BufferedHeartbeat.parse("garbage", 5));
        assertThrows(IllegalArgumentException.class, () -> BufferedHeartbeat.parse("not-a-uuid|1|x|b", 5));
    }

    @Test
    void boundsPastTheDurationAreRefusedBeyondASecondsSlack() {
        Heartbeat late = new Heartbeat(10.5, List.of(List.of(0.0, 10.6)));
        assertEquals("{[0,10)}", Stretches.read(late, 10.0).multirange());
        assertEquals(10.0, Stretches.position(late, 10.0));
        assertThrows(VideoError.class, () -> Stretches.read(new Heartbeat(11.5, List.of()), 10.0));
        assertThrows(VideoError.class, () -> Stretches.read(new Heartbeat(1.0, List.of(List.of(0.0, 11.5))), 10.0));
        assertEquals("{[0,11.5)}", Stretches.read(new Heartbeat(1.0, List.of(List.of(0.0, 11.5))), null).multirange(),
                "a video of unknown duration takes any bound");
    }
}
