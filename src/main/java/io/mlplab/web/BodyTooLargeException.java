package io.mlplab.web;

import java.io.IOException;

/**
 * A request body over {@code mlp.limits.max-body-size}. An {@link IOException} because it is thrown from the
 * body's stream while the JSON is read.
 */
public class BodyTooLargeException extends IOException {

    private BodyTooLargeException(String message) {
        super(message);
    }

    public static BodyTooLargeException overLimit(long limitBytes) {
        return new BodyTooLargeException("The request body is larger than the limit of " + limitBytes + " bytes.");
    }
}
