package com.coursevideo.caption;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.coursevideo.error.VideoError;

/**
 * A strict check that a body is a WebVTT file as the W3C WebVTT spec defines one for authors: UTF-8,
 * the {@code WEBVTT} signature line, an optional header, then blocks separated by blank lines:
 * {@code NOTE} comments, {@code STYLE} and {@code REGION} blocks before the first cue, and cues,
 * each an optional identifier, a timing line {@code start --> end [settings]} with valid
 * timestamps, end after start and starts in order, and at least one line of text. A file without
 * a cue is refused too: it would caption nothing. Errors name the line, for the admin to fix.
 */
final class WebVtt {

    private static final String TIMESTAMP = "(?:(\\d{2,}):)?([0-5]\\d):([0-5]\\d)\\.(\\d{3})";
    private static final Pattern TIMING = Pattern.compile(
            TIMESTAMP + "[ \\t]+-->[ \\t]+" + TIMESTAMP + "(?:[ \\t]+([^\\n]*))?");
    private static final Pattern LINE_BREAK = Pattern.compile("\\r\\n|\\r|\\n");
    /**
     * The most hours a timestamp may have: far past any lesson (a direct upload allows at most
     * 6 h), and small enough that no arithmetic on a timestamp can overflow.
     */
    private static final int MAX_HOURS = 99;

    private WebVtt() {
    }

    /** The file's text when {@code body} is a WebVTT file with at least one cue; {@code INVALID_INPUT} otherwise. */
    static String check(byte[] body) {
        if (body == null || body.length == 0) {
            throw VideoError.invalidInput("the body is empty: send the captions as a WebVTT file");
        }
        String text = utf8(body);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<String> lines = List.of(LINE_BREAK.split(text, -1));
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).indexOf('\0') >= 0) {
                throw invalid(i + 1, "it contains a NUL character");
            }
        }
        String signature = lines.get(0);
        if (!(signature.equals("WEBVTT") || signature.startsWith("WEBVTT ") || signature.startsWith("WEBVTT\t"))) {
            throw invalid(1, "the first line must be WEBVTT");
        }
        int line = 1;
        // the header: lines up to the first blank one, none of them a timing line
        while (line < lines.size() && !lines.get(line).isEmpty()) {
            if (lines.get(line).contains("-->")) {
                throw invalid(line + 1, "a blank line must separate the header from the first cue");
            }
            line++;
        }
        int cues = 0;
        long lastStart = -1;
        while (line < lines.size()) {
            if (lines.get(line).isEmpty()) {
                line++;
                continue;
            }
            int start = line;
            while (line < lines.size() && !lines.get(line).isEmpty()) {
                line++;
            }
            List<String> block = lines.subList(start, line);
            String first = block.get(0);
            if (isKeyword(first, "NOTE")) {
                requireNoArrow(block, start, "a NOTE");
            } else if (isKeyword(first, "STYLE") || isKeyword(first, "REGION")) {
                if (cues > 0) {
                    throw invalid(start + 1, first.strip() + " blocks must come before the first cue");
                }
                requireNoArrow(block, start, "a " + first.strip() + " block");
            } else {
                lastStart = cue(block, start, lastStart);
                cues++;
            }
        }
        if (cues == 0) {
            throw VideoError.invalidInput("the body is not WebVTT captions: it has no cue");
        }
        return text;
    }

    /** Checks one cue block (first line at index {@code start}); returns its start time in ms. */
    private static long cue(List<String> block, int start, long lastStart) {
        int timingIndex = block.get(0).contains("-->") ? 0 : 1;
        if (timingIndex >= block.size()) {
            throw invalid(start + 1, "a cue identifier must be followed by a timing line (00:00:01.000 --> 00:00:02.000)");
        }
        String timingLine = block.get(timingIndex);
        Matcher timing = TIMING.matcher(timingLine);
        if (!timing.matches()) {
            throw invalid(start + timingIndex + 1, "expected a cue timing such as 00:00:01.000 --> 00:00:02.000, found \""
                    + shortened(timingLine) + "\"");
        }
        int lineNumber = start + timingIndex + 1;
        long from = millis(timing, 1, lineNumber);
        long to = millis(timing, 5, lineNumber);
        if (to <= from) {
            throw invalid(lineNumber, "the cue ends before it starts");
        }
        if (from < lastStart) {
            throw invalid(lineNumber, "cues must be in order of their start times");
        }
        if (timingIndex + 1 >= block.size()) {
            throw invalid(start + timingIndex + 1, "the cue has no text");
        }
        requireNoArrow(block.subList(timingIndex + 1, block.size()), start + timingIndex + 1, "cue text");
        return from;
    }

    private static long millis(Matcher timing, int group, int lineNumber) {
        long hours = timing.group(group) == null ? 0 : hours(timing.group(group), lineNumber);
        return ((hours * 60 + Long.parseLong(timing.group(group + 1))) * 60 + Long.parseLong(timing.group(group + 2))) * 1000
                + Long.parseLong(timing.group(group + 3));
    }

    /** A timestamp's hours (two digits or more, leading zeros allowed), at most {@link #MAX_HOURS}. */
    private static int hours(String digits, int lineNumber) {
        int first = 0;
        while (first < digits.length() - 1 && digits.charAt(first) == '0') {
            first++;
        }
        String significant = digits.substring(first);
        int hours = significant.length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(significant);
        if (hours > MAX_HOURS) {
            throw invalid(lineNumber, "timestamp hours must be at most " + MAX_HOURS + ", found \""
                    + shortened(digits) + "\"");
        }
        return hours;
    }

    private static void requireNoArrow(List<String> lines, int start, String what) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("-->")) {
                throw invalid(start + i + 1, what + " must not contain \"-->\" (a blank line missing before a cue?)");
            }
        }
    }

    private static boolean isKeyword(String line, String keyword) {
        return line.equals(keyword) || line.startsWith(keyword + " ") || line.startsWith(keyword + "\t");
    }

    private static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw VideoError.invalidInput("the body is not WebVTT captions: it is not UTF-8 text");
        }
    }

    private static String shortened(String line) {
        return line.length() > 60 ? line.substring(0, 60) + "…" : line;
    }

    private static VideoError invalid(int line, String problem) {
        return VideoError.invalidInput("the body is not WebVTT captions" + (line > 0 ? " (line " + line + ")" : "") + ": " + problem);
    }
}
