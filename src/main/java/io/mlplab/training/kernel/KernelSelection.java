package io.mlplab.training.kernel;

/**
 * Finds the Vector API kernels without linking to them: {@code VectorMatrixKernels} and
 * {@code VectorElementwiseKernels} import {@code jdk.incubator.vector}, so they are loaded by name and only
 * when asked for, and everything else here loads and runs on a JVM started without that module.
 */
final class KernelSelection {

    static final String VECTOR_MODULE = "jdk.incubator.vector";

    private KernelSelection() {
    }

    static boolean vectorModulePresent() {
        return ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent();
    }

    static MatrixKernels vectorMatrixKernels() {
        requireVectorModule();
        return VectorMatrix.INSTANCE;
    }

    static ElementwiseKernels vectorElementwiseKernels() {
        requireVectorModule();
        return VectorElementwise.INSTANCE;
    }

    // before the holder is touched: an exception in its initializer would poison the class for good
    private static void requireVectorModule() {
        if (!vectorModulePresent()) {
            throw new IllegalStateException("the vector kernels need the module " + VECTOR_MODULE
                    + ", which this JVM was started without: add --add-modules " + VECTOR_MODULE
                    + " to the java command (or select auto or scalar)");
        }
    }

    /** Instantiated on first use (the holder idiom), so the reflective load happens at most once. */
    private static final class VectorMatrix {
        static final MatrixKernels INSTANCE = load(MatrixKernels.class, "io.mlplab.training.kernel.VectorMatrixKernels");
    }

    private static final class VectorElementwise {
        static final ElementwiseKernels INSTANCE = load(ElementwiseKernels.class,
                "io.mlplab.training.kernel.VectorElementwiseKernels");
    }

    private static <T> T load(Class<T> type, String className) {
        try {
            return type.cast(Class.forName(className).getDeclaredConstructor().newInstance());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot load " + className, e);
        }
    }
}
