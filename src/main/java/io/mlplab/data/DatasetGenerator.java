package io.mlplab.data;

/** Makes a labelled dataset from the job's random stream. */
@FunctionalInterface
public interface DatasetGenerator {

    Dataset generate(NumpyRandom random);
}
