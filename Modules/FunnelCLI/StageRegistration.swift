import Capture
import Screening
import StageKit

/// Every built-in stage, registered once, in lifecycle order. To add or replace a stage, add it here.
enum StageRegistration {
    static func makeRegistry() throws -> StageRegistry {
        let registry = StageRegistry()
        try registry.register(CaptureStage())
        try registry.register(BANTScreeningStage())
        try registry.register(FitScreeningStage())
        return registry
    }
}
