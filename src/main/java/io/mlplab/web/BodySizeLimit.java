package io.mlplab.web;

import io.mlplab.config.LimitsProperties;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

/**
 * Refuses request bodies over {@code mlp.limits.max-body-size}: at once when {@code Content-Length} says so,
 * otherwise (a chunked body) as soon as the reader has read one byte too many. Either way the JSON reader
 * never sees more than the limit, and the error handler answers 413.
 *
 * <p>JSON is UTF-8 (RFC 8259): a body declared in another charset is a 415, and a body that is not strictly
 * valid UTF-8 (an overlong form such as {@code C0 AF} for "/", an encoded surrogate, a truncated sequence) is a
 * 400 on the body, where the JSON reader would otherwise decode some of them leniently.
 */
@ControllerAdvice
class BodySizeLimit extends RequestBodyAdviceAdapter {

    private final long maxBytes;

    BodySizeLimit(LimitsProperties limits) {
        this.maxBytes = limits.maxBodySize().toBytes();
    }

    @Override
    public boolean supports(MethodParameter parameter, Type targetType,
                            Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public HttpInputMessage beforeBodyRead(HttpInputMessage message, MethodParameter parameter, Type targetType,
                                           Class<? extends HttpMessageConverter<?>> converterType) throws IOException {
        if (message.getHeaders().getContentLength() > maxBytes) {
            throw BodyTooLargeException.overLimit(maxBytes);
        }
        MediaType contentType = message.getHeaders().getContentType();
        if (contentType != null && contentType.getCharset() != null
                && !StandardCharsets.UTF_8.equals(contentType.getCharset())) {
            throw new NotUtf8Charset(contentType.getCharset().name());
        }
        byte[] body;
        try (InputStream in = new LimitedInputStream(message.getBody(), maxBytes)) {
            body = in.readAllBytes();
        }
        requireUtf8(body);
        InputStream limited = new ByteArrayInputStream(body);
        HttpHeaders headers = message.getHeaders();
        return new HttpInputMessage() {
            @Override
            public InputStream getBody() {
                return limited;
            }

            @Override
            public HttpHeaders getHeaders() {
                return headers;
            }
        };
    }

    /**
     * @throws NotUtf8 at the first byte that does not continue a valid UTF-8 sequence, or at a NUL byte: JSON
     *                 text never holds one, and the JSON reader would take a body with NULs for UTF-16 or UTF-32
     */
    static void requireUtf8(byte[] body) throws NotUtf8 {
        for (int i = 0; i < body.length; i++) {
            if (body[i] == 0) {
                throw new NotUtf8("holds a NUL byte (at byte " + i + "); JSON must be sent as UTF-8");
            }
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(body);
        CharBuffer out = CharBuffer.allocate(Math.max(16, body.length));
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            throw new NotUtf8("is not valid UTF-8 (at byte " + in.position()
                    + "); JSON must be sent as UTF-8");
        }
    }

    /** A body that is not valid UTF-8; an {@link IOException} as it is thrown while the body is read. */
    public static final class NotUtf8 extends IOException {
        NotUtf8(String message) {
            super(message);
        }
    }

    /** A body declared in a charset other than UTF-8. */
    static final class NotUtf8Charset extends ApiException {
        NotUtf8Charset(String charset) {
            super("Send the request body as application/json in UTF-8, not " + charset + ".");
        }

        @Override
        public ProblemType type() {
            return ProblemType.UNSUPPORTED_MEDIA_TYPE;
        }
    }

    /** Passes at most {@code max} bytes through and fails on the next one. */
    private static final class LimitedInputStream extends FilterInputStream {
        private final long max;
        private long count;

        LimitedInputStream(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws IOException {
            count += n;
            if (count > max) {
                throw BodyTooLargeException.overLimit(max);
            }
        }
    }
}
