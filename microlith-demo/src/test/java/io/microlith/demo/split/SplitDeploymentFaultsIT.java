package io.microlith.demo.split;

import io.microlith.demo.DemoSettings;
import io.microlith.demo.DemoTesting;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

/**
 * Faults in the split deployment: a process killed with SIGKILL while orders and registrations pour in, then started
 * again. Every acknowledged command is carried out once ({@link FaultRun}); the restarted consumers catch up from their
 * stored positions.
 */
class SplitDeploymentFaultsIT {

    @Test
    void killing_the_components_then_the_aggregators_loses_no_acknowledged_command_and_duplicates_no_effect() throws Exception {
        // a generous deadline: the first requests meet cold JVMs, on a machine the build shares (504s are tested apart)
        DemoSettings settings = DemoTesting.settings().withDeadline(Duration.ofSeconds(20));
        FaultRun.exercise(settings, List.of(
                split -> split.components().kill(), // accepted and stored while nobody handles them
                split -> split.components().restart(),
                split -> split.views().kill(),
                split -> split.views().restart()));
    }
}
