package io.mlplab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

class DatasetTests {

    private final Dataset data = new Dataset(
            new DMatrixRMaj(3, 2, true, 1, 2, 3, 4, 5, 6),
            new DMatrixRMaj(3, 1, true, 0, 1, 0),
            2);

    @Test
    void rowsCopiesTheRequestedRowsInTheRequestedOrder() {
        Dataset picked = data.rows(new int[] {2, 0, 2});
        assertEquals(3, picked.size());
        assertEquals(2, picked.classes());
        assertArrayEquals(new double[] {5, 6, 1, 2, 5, 6}, picked.x().getData());
        assertArrayEquals(new double[] {0, 0, 0}, picked.y().getData());
    }

    @Test
    void rowsDoesNotShareStorageWithTheOriginal() {
        Dataset picked = data.rows(new int[] {0});
        picked.x().set(0, 0, 99);
        picked.y().set(0, 0, 1);
        assertEquals(1, data.x().get(0, 0));
        assertEquals(0, data.y().get(0, 0));
    }

    @Test
    void rowsRejectsIndicesOutsideTheDataSet() {
        assertThrows(IndexOutOfBoundsException.class, () -> data.rows(new int[] {3}));
        assertThrows(IndexOutOfBoundsException.class, () -> data.rows(new int[] {-1}));
    }

    @Test
    void mismatchedShapesAndMissingClassesAreRejected() {
        DMatrixRMaj x = new DMatrixRMaj(3, 2);
        assertThrows(IllegalArgumentException.class, () -> new Dataset(x, new DMatrixRMaj(2, 1), 2));
        assertThrows(IllegalArgumentException.class, () -> new Dataset(x, new DMatrixRMaj(3, 2), 2));
        assertThrows(IllegalArgumentException.class, () -> new Dataset(x, new DMatrixRMaj(3, 1), 0));
    }
}
