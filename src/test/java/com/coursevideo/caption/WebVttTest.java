package com.coursevideo.caption;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.coursevideo.error.VideoError;

class WebVttTest {

    private static final String CUE = "00:00:01.000 --> 00:00:04.000\nHello, world.\n";

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            plain                  | WEBVTT\\n\\n00:01.000 --> 00:04.000\\nHello\\n
            hours and settings     | WEBVTT\\n\\n01:00:01.000 --> 01:00:04.000 align:start line:0\\nHello\\n
            header text, metadata  | WEBVTT - Lecture 1\\nKind: captions\\nLanguage: en\\n\\n00:01.000 --> 00:04.000\\nHello\\n
            identifier and note    | WEBVTT\\n\\nNOTE written by hand\\n\\nintro\\n00:01.000 --> 00:04.000\\nHello\\nsecond line\\n\\n2\\n00:04.000 --> 00:05.000\\n<v Ana>Bye\\n
            style before cues      | WEBVTT\\n\\nSTYLE\\n::cue { color: yellow }\\n\\n00:01.000 --> 00:04.000\\nHello\\n
            CRLF line breaks       | WEBVTT\\r\\n\\r\\n00:01.000 --> 00:04.000\\r\\nHello\\r\\n
            byte order mark        | \\uFEFFWEBVTT\\n\\n00:01.000 --> 00:04.000\\nHello\\n
            same start twice       | WEBVTT\\n\\n00:01.000 --> 00:04.000\\nA\\n\\n00:01.000 --> 00:02.000\\nB\\n
            99 hours               | WEBVTT\\n\\n99:00:01.000 --> 99:00:04.000\\nHello\\n
            hours with zeros       | WEBVTT\\n\\n0000000000000000000001:00:01.000 --> 001:00:04.000\\nHello\\n
            """)
    void acceptsWebVtt(String name, String file) {
        String text = unescape(file);
        assertEquals(text.replace("\uFEFF", ""), WebVtt.check(text.getBytes(StandardCharsets.UTF_8)), name);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            no signature             | 00:01.000 --> 00:04.000\\nHello\\n                                     | first line must be WEBVTT
            signature glued on       | WEBVTTX\\n\\n00:01.000 --> 00:04.000\\nHello\\n                       | first line must be WEBVTT
            SRT commas               | WEBVTT\\n\\n00:00:01,000 --> 00:00:04,000\\nHello\\n                  | line 3
            minutes over 59          | WEBVTT\\n\\n00:61.000 --> 01:04.000\\nHello\\n                        | line 3
            two-digit millis         | WEBVTT\\n\\n00:01.00 --> 00:04.000\\nHello\\n                         | line 3
            ends before it starts    | WEBVTT\\n\\n00:05.000 --> 00:04.000\\nHello\\n                        | ends before it starts
            out of order             | WEBVTT\\n\\n00:05.000 --> 00:06.000\\nA\\n\\n00:01.000 --> 00:02.000\\nB\\n | in order
            no text                  | WEBVTT\\n\\n00:01.000 --> 00:04.000\\n                                | no text
            no blank after header    | WEBVTT\\n00:01.000 --> 00:04.000\\nHello\\n                           | line 2
            identifier only          | WEBVTT\\n\\nintro\\n                                                    | timing line
            arrow in text            | WEBVTT\\n\\n00:01.000 --> 00:02.000\\nA\\n00:02.000 --> 00:03.000\\nB\\n | line 5
            style after a cue        | WEBVTT\\n\\n00:01.000 --> 00:04.000\\nA\\n\\nSTYLE\\n::cue {}\\n         | before the first cue
            header only              | WEBVTT\\n                                                                 | no cue
            NUL                      | WEBVTT\\n\\n00:01.000 --> 00:04.000\\nA\\u0000\\n                     | (line 4): it contains a NUL
            100 hours                | WEBVTT\\n\\n100:00:01.000 --> 100:00:04.000\\nHello\\n                | (line 3): timestamp hours must be at most 99
            19 digits of hours       | WEBVTT\\n\\n9223372036854775807:00:01.000 --> 9223372036854775807:00:04.000\\nHello\\n | (line 3): timestamp hours must be at most 99
            20 digits of hours       | WEBVTT\\n\\nNOTE x\\n\\n00:01.000 --> 99999999999999999999:00:04.000\\nHello\\n | (line 5): timestamp hours must be at most 99
            """)
    void refusesWhatIsNot(String name, String file, String problem) {
        VideoError error = assertThrows(VideoError.class, () -> WebVtt.check(unescape(file).getBytes(StandardCharsets.UTF_8)), name);
        assertThat(name, error.getMessage(), containsString(problem));
    }

    @Test
    void refusesEmptyAndNonUtf8Bodies() {
        assertThat(assertThrows(VideoError.class, () -> WebVtt.check(new byte[0])).getMessage(), containsString("empty"));
        byte[] latin1 = ("WEBVTT\n\n" + CUE.replace("Hello", "Olá")).getBytes(StandardCharsets.ISO_8859_1);
        assertThat(assertThrows(VideoError.class, () -> WebVtt.check(latin1)).getMessage(), containsString("not UTF-8"));
    }

    private static String unescape(String text) {
        return text.replace("\\r", "\r").replace("\\n", "\n").replace("\\uFEFF", "\uFEFF").replace("\\u0000", "\0");
    }
}
