package com.coursevideo.report;

import java.util.List;

/**
 * RFC 4180 records: fields separated by commas, records ended by CRLF, a field holding a comma,
 * a quote, CR or LF quoted with its quotes doubled. A field that begins with {@code =}, {@code +},
 * {@code -}, {@code @}, a TAB or a CR gets a leading {@code '}, so that a spreadsheet shows it as
 * text instead of running it as a formula (CSV injection: spreadsheets skip a leading TAB or CR
 * and read the formula after it).
 */
final class Csv {

    /** The first characters that make a spreadsheet read a cell as a formula. */
    private static final String FORMULA_TRIGGERS = "=+-@\t\r";

    private Csv() {
    }

    /** One record, CRLF included; a null field is empty. */
    static String record(List<?> fields) {
        StringBuilder line = new StringBuilder(128);
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                line.append(',');
            }
            Object field = fields.get(i);
            if (field != null) {
                appendField(line, field.toString());
            }
        }
        return line.append("\r\n").toString();
    }

    private static void appendField(StringBuilder line, String value) {
        String text = !value.isEmpty() && FORMULA_TRIGGERS.indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        boolean quoted = text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0;
        if (!quoted) {
            line.append(text);
            return;
        }
        line.append('"').append(text.replace("\"", "\"\"")).append('"');
    }
}
