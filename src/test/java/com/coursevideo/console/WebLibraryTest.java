package com.coursevideo.console;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.coursevideo.Commands;

/**
 * The browser code's own logic that needs no browser (src/test/webui, Node's test runner): what the
 * player's heartbeats carry, and that a failed one loses nothing.
 */
class WebLibraryTest {

    @Test
    void theWebLibrariesPassTheirTests() throws Exception {
        String report = Commands.run(List.of("node", "--test", "--test-reporter=tap", "src/test/webui/"), Path.of("."), 120);
        assertTrue(report.contains("# fail 0") && !report.contains("# pass 0"), report);
    }
}
