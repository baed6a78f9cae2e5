import Analytics
import Capture
import Discovery
import Negotiation
import Payment
import Recommendation
import Revisit
import Screening
import Service
import Signing
import StageHost
import StageKit

/// Every built-in stage, in lifecycle order: the one place stages are registered.
/// To add or replace a stage, add it here (and its target to Package.swift).
public enum StageCatalog {
    public static var builtIn: [any Stage] {
        [
            CaptureStage(),
            BANTScreeningStage(),
            FitScreeningStage(),
            PredictiveScreeningStage(),
            DiscoveryStage(),
            RecommendationStage(),
            NegotiationStage(),
            SigningStage(),
            PaymentStage(),
            ServiceStage(),
            RevisitStage(),
            AnalyzeStage(),
            ReviewStage(),
        ]
    }

    /// A registry holding every built-in stage; the first implementation of each slot is active.
    public static func makeRegistry() throws -> StageRegistry {
        let registry = StageRegistry()
        for stage in builtIn { try registry.register(stage) }
        return registry
    }
}
