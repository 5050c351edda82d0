package io.mlplab.job;

/** No job has this id: it never existed, was deleted, or was forgotten after it finished. */
public class JobNotFoundException extends RuntimeException {

    private JobNotFoundException(String message) {
        super(message);
    }

    public static JobNotFoundException forId(String id) {
        return new JobNotFoundException("No job with id '" + id + "' is known here; it may have been deleted or "
                + "forgotten after it finished.");
    }
}
