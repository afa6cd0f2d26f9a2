package com.coursevideo;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * How the packages stand to each other: feature packages above shared infrastructure, no import
 * running back up, no cycle anywhere. Every package is one or the other, so a new one has to be
 * placed (src/dev, which the product never holds, sits above all).
 */
class ArchitectureTest {

    /** Shared by the features, and knowing none of them. */
    static final Set<String> INFRASTRUCTURE = Set.of("error", "http", "database", "redis", "cache", "work",
            "cloudflare", "access");
    /** What the service does: each may use the infrastructure and the features below it. */
    static final Set<String> FEATURES = Set.of("course", "video", "caption", "sync", "library", "report", "console",
            "events", "progress");
    /** Dev mode's and the tests' (src/dev): never in the product. */
    static final Set<String> DEV = Set.of("dev");

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(new ImportOption.DoNotIncludeTests()).importPackages("com.coursevideo");
    }

    @Test
    void noPackageCycles() {
        slices().matching("com.coursevideo.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void infrastructureKnowsNoFeature() {
        noClasses().that().resideInAnyPackage(packages(INFRASTRUCTURE))
                .should().dependOnClassesThat().resideInAnyPackage(packages(FEATURES))
                .because("shared infrastructure never imports a feature")
                .check(classes);
    }

    @Test
    void nothingOfTheProductUsesDevCode() {
        noClasses().that().resideOutsideOfPackage("com.coursevideo.dev..")
                .should().dependOnClassesThat().resideInAPackage("com.coursevideo.dev..")
                .because("src/dev is left out of the product")
                .check(classes);
    }

    @Test
    void everyPackageIsPlaced() {
        Set<String> found = classes.stream()
                .map(type -> type.getPackageName())
                .filter(name -> name.startsWith("com.coursevideo."))
                .map(name -> name.substring("com.coursevideo.".length()).split("\\.")[0])
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> placed = new TreeSet<>(INFRASTRUCTURE);
        placed.addAll(FEATURES);
        placed.addAll(DEV);
        assertEquals(placed, found, "each package of src/main is either infrastructure or a feature");
    }

    private static String[] packages(Set<String> names) {
        return names.stream().map(name -> "com.coursevideo." + name + "..").toArray(String[]::new);
    }
}
