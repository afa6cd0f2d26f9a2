package com.coursevideo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The README stays true to the code: its code map names every package of src/main and no other,
 * its two commands are on the first screen and the test command is what CI runs, and every relative
 * link in it and in docs/ leads to a file of this repository (and to a section the page has, when it
 * names one). Plain files, no service started.
 */
class ReadmeCodeMapTest {

    private static final Path README = Path.of("README.md");
    private static final Path SOURCES = Path.of("src", "main", "java", "com", "coursevideo");
    /** A row of the code map's table: {@code | `cloudflare/budget/` | ... |}. */
    private static final Pattern MAP_ROW = Pattern.compile("^\\|\\s*`([a-z0-9_/]+?)/?`\\s*\\|");
    /** An inline link or image, {@code [text](target)}, or a reference definition, {@code [label]: target}. */
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)|^\\s*\\[[^\\]]+\\]:\\s*(\\S+)");
    private static final Pattern INLINE_CODE = Pattern.compile("`[^`]*`");
    /** How many lines a first screen shows. */
    private static final int FIRST_SCREEN = 40;
    private static final String RUN = "./mvnw quarkus:dev";
    private static final String TEST = "./mvnw verify";

    @Test
    void everyPackageHasALineInTheCodeMap() throws IOException {
        Set<String> missing = new TreeSet<>(packages());
        missing.removeAll(codeMap());
        assertEquals(Set.of(), missing, "packages under " + SOURCES + " without a line in the README's code map");
    }

    @Test
    void everyPackageInTheCodeMapExists() throws IOException {
        Set<String> unknown = new TreeSet<>(codeMap());
        assertFalse(unknown.isEmpty(), "the README has a code map (a table under \"## Code map\")");
        unknown.removeAll(packages());
        assertEquals(Set.of(), unknown, "packages in the README's code map that " + SOURCES + " does not have");
    }

    @Test
    void theTwoCommandsAreOnTheFirstScreen() throws IOException {
        List<String> firstScreen = Files.readAllLines(README).stream().limit(FIRST_SCREEN).toList();
        assertTrue(firstScreen.stream().anyMatch(line -> line.strip().equals(RUN)), RUN + " on a line of its own in the first "
                + FIRST_SCREEN + " lines");
        assertTrue(firstScreen.stream().anyMatch(line -> line.strip().equals(TEST)), TEST + " on a line of its own in the first "
                + FIRST_SCREEN + " lines");
    }

    @Test
    void ciRunsTheReadmesTestCommand() throws IOException {
        List<String> commands = Files.readAllLines(Path.of(".ci", "run")).stream().map(String::strip)
                .filter(line -> line.startsWith("./mvnw")).toList();
        assertEquals(TEST, commands.isEmpty() ? null : commands.get(0),
                ".ci/run's first Maven command is the README's test command, exactly");
    }

    @Test
    void everyRelativeLinkLeadsToAFile() throws IOException {
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path page : pages()) {
            for (String target : relativeLinks(page)) {
                checked++;
                String file = target.replaceFirst("[#?].*$", "");
                if (!file.isEmpty() && !Files.exists(page.toAbsolutePath().getParent().resolve(file).normalize())) {
                    broken.add(page + " -> " + target);
                }
            }
        }
        assertTrue(checked > 0, "the pages link to each other");
        assertEquals(List.of(), broken, "relative links to files that do not exist");
    }

    @Test
    void everyLinkToASectionOfAPageFindsIt() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path page : pages()) {
            for (String target : relativeLinks(page)) {
                int hash = target.indexOf('#');
                String file = hash < 0 ? target : target.substring(0, hash);
                Path linked = file.isEmpty() ? page : page.toAbsolutePath().getParent().resolve(file).normalize();
                if (hash < 0 || !linked.toString().endsWith(".md") || !Files.exists(linked)) {
                    continue; // no section named, or not a page (the test above judges the file)
                }
                if (!anchors(linked).contains(target.substring(hash + 1))) {
                    broken.add(page + " -> " + target);
                }
            }
        }
        assertEquals(List.of(), broken, "links to sections (#anchor) that the page does not have");
    }

    /** The package directories under src/main/java/com/coursevideo, as paths relative to it ({@code cloudflare/budget}). */
    private static Set<String> packages() throws IOException {
        try (Stream<Path> tree = Files.walk(SOURCES)) {
            return tree.filter(Files::isDirectory)
                    .filter(directory -> !directory.equals(SOURCES))
                    .map(directory -> SOURCES.relativize(directory).toString().replace('\\', '/'))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    /** The packages the README's code map names: the first cell of each row of the table under "## Code map". */
    private static Set<String> codeMap() throws IOException {
        Set<String> named = new TreeSet<>();
        boolean inMap = false;
        for (String line : Files.readAllLines(README)) {
            if (line.startsWith("## ")) {
                inMap = line.strip().equalsIgnoreCase("## Code map");
                continue;
            }
            Matcher row = MAP_ROW.matcher(line);
            if (inMap && row.find()) {
                named.add(row.group(1));
            }
        }
        return named;
    }

    /** README.md and every page of docs/. */
    private static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(README));
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            docs.filter(file -> file.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    /** The anchors GitHub gives the page's headings: lower case, punctuation dropped, spaces to dashes. */
    private static Set<String> anchors(Path page) throws IOException {
        Set<String> anchors = new TreeSet<>();
        boolean inFence = false;
        for (String line : Files.readAllLines(page)) {
            if (line.strip().startsWith("```")) {
                inFence = !inFence;
            } else if (!inFence && line.matches("^#{1,6} .*")) {
                anchors.add(line.replaceFirst("^#+ ", "").strip().toLowerCase(Locale.ROOT)
                        .replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
            }
        }
        return anchors;
    }

    /** The page's links that lead into this repository (no scheme): a file, a file's section, or a section of the page. */
    private static List<String> relativeLinks(Path page) throws IOException {
        List<String> targets = new ArrayList<>();
        boolean inFence = false;
        for (String line : Files.readAllLines(page)) {
            if (line.strip().startsWith("```")) {
                inFence = !inFence;
                continue;
            }
            if (inFence) {
                continue; // code, not links
            }
            Matcher link = LINK.matcher(INLINE_CODE.matcher(line).replaceAll(""));
            while (link.find()) {
                String target = link.group(1) != null ? link.group(1) : link.group(2);
                if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
                    continue; // https:, mailto:
                }
                targets.add(target);
            }
        }
        return targets;
    }
}
