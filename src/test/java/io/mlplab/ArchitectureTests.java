package io.mlplab;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The package boundaries: the engine ({@code training}, {@code data}) knows nothing of Spring, the packages
 * form no cycle and depend one way ({@code study -> plot -> inspect -> job -> spec -> training -> data},
 * {@code live -> job} for the event streams, everyone may use
 * {@code web} and {@code config}, and {@code config} wires the engine's compute from {@code training}), the
 * layer kinds in {@code training.layer} depend on no other engine type than the activations, and no package
 * grows past about twenty source files.
 */
class ArchitectureTests {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.mlplab");

    /** The most top-level types (files) a package may hold. */
    static final int MAX_FILES = 20;

    @Test
    void theEngineAndTheDataImportNoSpring() {
        noClasses().that().resideInAnyPackage("io.mlplab.training..", "io.mlplab.data..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "io.swagger..",
                        "jakarta..", "com.fasterxml..", "tools.jackson..")
                .because("the engine is plain Java: its tests need no context and it could run anywhere")
                .check(MAIN);
    }

    @Test
    void packagesFormNoCycle() {
        slices().matching("io.mlplab.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @ParameterizedTest(name = "{0} uses none of {1}")
    @CsvSource(delimiter = '|', textBlock = """
            io.mlplab.data..     | io.mlplab.training.., io.mlplab.spec.., io.mlplab.job.., io.mlplab.web.., io.mlplab.config.., io.mlplab.plot.., io.mlplab.live.., io.mlplab.inspect.., io.mlplab.study..
            io.mlplab.training.. | io.mlplab.spec.., io.mlplab.job.., io.mlplab.web.., io.mlplab.config.., io.mlplab.plot.., io.mlplab.live.., io.mlplab.inspect.., io.mlplab.study..
            io.mlplab.spec..     | io.mlplab.job.., io.mlplab.plot.., io.mlplab.live.., io.mlplab.inspect.., io.mlplab.study..
            io.mlplab.job..      | io.mlplab.plot.., io.mlplab.live.., io.mlplab.inspect.., io.mlplab.study..
            io.mlplab.live..     | io.mlplab.plot.., io.mlplab.spec.., io.mlplab.training.., io.mlplab.data.., io.mlplab.inspect.., io.mlplab.study..
            io.mlplab.inspect..  | io.mlplab.plot.., io.mlplab.live.., io.mlplab.study..
            io.mlplab.plot..     | io.mlplab.live.., io.mlplab.study..
            io.mlplab.web..      | io.mlplab.job.., io.mlplab.spec.., io.mlplab.training.., io.mlplab.data.., io.mlplab.plot.., io.mlplab.live.., io.mlplab.inspect.., io.mlplab.study..
            io.mlplab.config..   | io.mlplab.job.., io.mlplab.spec.., io.mlplab.data.., io.mlplab.plot.., io.mlplab.web.., io.mlplab.live.., io.mlplab.inspect.., io.mlplab.study..
            """)
    void dependenciesRunOneWay(String from, String forbidden) {
        noClasses().that().resideInAPackage(from)
                .should().dependOnClassesThat().resideInAnyPackage(forbidden.split(",\\s*"))
                .check(MAIN);
    }

    /**
     * The layer kinds ({@code training.layer}) are leaves of the engine: they know the activations, the kernels
     * and the random stream, never the network, the trainer or the optimizers that use them.
     */
    @Test
    void theLayerKindsKnowNothingOfTheNetworkThatHoldsThem() {
        noClasses().that().resideInAPackage("io.mlplab.training.layer..")
                .should().dependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.describe(
                        "engine classes other than Activation",
                        (JavaClass c) -> c.getPackageName().equals("io.mlplab.training")
                                && !c.getName().startsWith("io.mlplab.training.Activation")))
                .check(MAIN);
    }

    @Test
    void noPackageHoldsMoreThanAboutTwentyFiles() {
        Map<String, Long> files = MAIN.stream()
                .filter(JavaClass::isTopLevelClass)
                .collect(Collectors.groupingBy(JavaClass::getPackageName, TreeMap::new, Collectors.counting()));
        assertThat(files).allSatisfy((name, count) -> assertThat(count).as(name).isLessThanOrEqualTo(MAX_FILES));
    }
}
