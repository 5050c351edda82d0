package io.mlplab.training.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The one vector width every vector kernel uses: the CPU's widest, 8 doubles with AVX-512 and 4 with AVX2
 * ({@code DoubleVector.SPECIES_PREFERRED}; 4 on anything narrower). One width for the whole process, not
 * the widest per kernel: C2 compiles the Vector API's shared methods on their type profiles, and once
 * both 256- and 512-bit vectors have passed through them, it merges the two kinds and boxes every vector
 * (measured: a 512-bit tile fell from 108 to 1 GFLOP/s after a 256-bit one had run). The width never
 * changes a result: every kernel vectorizes across independent sums, each in its fixed order.
 */
final class VectorShape {

    static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED.length() >= 8
            ? DoubleVector.SPECIES_512 : DoubleVector.SPECIES_256;

    /** Longs in vectors of the same bits, for the sigmoid's exponent arithmetic. */
    static final VectorSpecies<Long> LONGS = DOUBLES.length() == 8 ? LongVector.SPECIES_512 : LongVector.SPECIES_256;

    private VectorShape() {
    }
}
