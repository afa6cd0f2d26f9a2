package com.coursevideo.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

/**
 * The body limit for a body that does not declare its length (chunked): {@link BodyLimit} refuses
 * a declared length over the limit before the body is read; this one counts the bytes as the body
 * is read and refuses it, as {@code 413 PAYLOAD_TOO_LARGE}, at the first byte over. A WebVTT body
 * (a caption file) has the caption limit, every other body {@code video.limits.body}.
 */
@Provider
public class UndeclaredBodyLimit implements ReaderInterceptor {

    private final BodyLimit limits;

    UndeclaredBodyLimit(BodyLimit limits) {
        this.limits = limits;
    }

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        boolean captionFile = context.getMediaType() != null
                && BodyLimit.isWebVtt(context.getMediaType().getType() + "/" + context.getMediaType().getSubtype());
        context.setInputStream(new Bounded(context.getInputStream(), limits.of(captionFile)));
        return context.proceed();
    }

    /** The body's stream, failing once more than {@code limit} bytes have been read from it. */
    private static final class Bounded extends FilterInputStream {

        private final long limit;
        private long read;

        Bounded(InputStream body, long limit) {
            super(body);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int next = super.read();
            if (next >= 0) {
                counted(1);
            }
            return next;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int count = super.read(buffer, offset, length);
            if (count > 0) {
                counted(count);
            }
            return count;
        }

        @Override
        public long skip(long count) throws IOException {
            long skipped = super.skip(count);
            counted(skipped);
            return skipped;
        }

        private void counted(long bytes) {
            read += bytes;
            if (read > limit) {
                throw BodyLimit.tooLarge(limit);
            }
        }
    }
}
