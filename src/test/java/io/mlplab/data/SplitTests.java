package io.mlplab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class SplitTests {

    @Test
    void trainAndTestRowsAreThoseOfSklearnsTrainTestSplitInTheSameOrder() {
        for (JsonNode c : Golden.get("split")) {
            Dataset data = indexed(c.required("n").intValue());
            Split split = Split.trainTest(data, c.required("testFraction").doubleValue(), c.required("seed").longValue());
            assertArrayEquals(Golden.ints(c.required("train")), indicesOf(split.train()), "train " + c);
            assertArrayEquals(Golden.ints(c.required("test")), indicesOf(split.test()), "test " + c);
        }
    }

    @Test
    void testSizeIsTheCeilingOfTheRoundedDoubleProduct() {
        // 0.07 * 100 is 7.000000000000001 in doubles, so sklearn holds out 8, not 7
        Split split = Split.trainTest(indexed(100), 0.07, 11);
        assertEquals(8, split.test().size());
        assertEquals(92, split.train().size());
    }

    @Test
    void labelsTravelWithTheirRowsAndClassesAreKept() {
        Split split = Split.trainTest(indexed(50), 0.2, 1);
        for (Dataset part : new Dataset[] {split.train(), split.test()}) {
            assertEquals(3, part.classes());
            for (int r = 0; r < part.size(); r++) {
                int i = (int) part.x().get(r, 0);
                assertEquals(i % 3, part.y().get(r, 0));
                assertEquals(-2.0 * i, part.x().get(r, 1));
            }
        }
    }

    @Test
    void theSameSeedGivesTheSameSplit() {
        Dataset data = indexed(100);
        assertArrayEquals(indicesOf(Split.trainTest(data, 0.3, 5).test()), indicesOf(Split.trainTest(data, 0.3, 5).test()));
    }

    @Test
    void fractionsOutsideTheOpenUnitIntervalAreRejected() {
        Dataset data = indexed(10);
        for (double f : new double[] {0.0, 1.0, -0.1, 1.5, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Split.trainTest(data, f, 0));
            assertTrue(e.getMessage().contains("testFraction"), e.getMessage());
        }
    }

    @Test
    void splitsThatWouldLeaveNoTrainingRowsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Split.trainTest(indexed(1), 0.5, 0));
        assertThrows(IllegalArgumentException.class, () -> Split.trainTest(indexed(0), 0.5, 0));
        assertThrows(IllegalArgumentException.class, () -> Split.trainTest(indexed(10), 0.95, 0));
    }

    @Test
    void aSeedNumpyWouldRejectIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Split.trainTest(indexed(10), 0.2, -1));
    }

    /** Row i holds (i, -2i) with label i % 3, so a row's origin can be read back from it. */
    private static Dataset indexed(int n) {
        DMatrixRMaj x = new DMatrixRMaj(n, 2);
        DMatrixRMaj y = new DMatrixRMaj(n, 1);
        for (int i = 0; i < n; i++) {
            x.set(i, 0, i);
            x.set(i, 1, -2.0 * i);
            y.set(i, 0, i % 3);
        }
        return new Dataset(x, y, 3);
    }

    private static int[] indicesOf(Dataset d) {
        int[] idx = new int[d.size()];
        for (int r = 0; r < idx.length; r++) {
            idx[r] = (int) d.x().get(r, 0);
        }
        return idx;
    }
}
