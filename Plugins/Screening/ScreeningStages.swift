import FunnelModel
import StageKit

/// The `screen` slot's rule-based BANT implementation (the default).
public struct BANTScreeningStage: Stage {
    public init() {}

    public var descriptor: StageDescriptor {
        StageDescriptor(slot: .screen, implementation: "bant",
                        summary: "Score budget, authority, need and timeline with configurable weights.",
                        version: "0.1.0", follows: .capture)
    }

    public var commands: [Command] { commandEntries.map { $0.make() } }

    public var commandEntries: [CommandEntry] {
        [CommandEntry("lead screen") { LeadScreenCommand.make(BANTScorer()) },
         CommandEntry("lead qualify") { LeadQualifyCommand.command }]
    }

    public var settings: [Setting] { BANTScorer.settings + OwnerAssignment.settings }
}

/// The `screen` slot's fit implementation: target industry, budget against a typical deal, need.
public struct FitScreeningStage: Stage {
    public init() {}

    public var descriptor: StageDescriptor {
        StageDescriptor(slot: .screen, implementation: "fit",
                        summary: "Score how well a lead fits the ideal customer: industry, deal size, need.",
                        version: "0.1.0", follows: .capture)
    }

    public var commands: [Command] { commandEntries.map { $0.make() } }

    public var commandEntries: [CommandEntry] {
        [CommandEntry("lead screen") { LeadScreenCommand.make(FitScorer()) },
         CommandEntry("lead qualify") { LeadQualifyCommand.command }]
    }

    public var settings: [Setting] { FitScorer.settings + OwnerAssignment.settings }
}

/// The `screen` slot's learned implementation: a logistic regression trained on leads whose outcome
/// is known (`screen train --fields ...`), scoring each lead with its chance of converting.
public struct PredictiveScreeningStage: Stage {
    public init() {}

    public var descriptor: StageDescriptor {
        StageDescriptor(slot: .screen, implementation: "predictive",
                        summary: "Score the chance a lead converts, learned from leads whose outcome is known.",
                        version: "0.1.0", follows: .capture)
    }

    public var commands: [Command] { commandEntries.map { $0.make() } }

    public var commandEntries: [CommandEntry] {
        [CommandEntry("lead screen") {
            LeadScreenCommand.make(PredictiveScorer(), examples: [
                Example("lead screen L-5", "Screen a new lead with the trained model.", setup: ScreenTrainCommand.exampleHistory
                    + "; screen train; lead add E --source referral --need 3"),
            ])
         },
         CommandEntry("lead qualify") { LeadQualifyCommand.command },
         CommandEntry("screen train") { ScreenTrainCommand.command }]
    }

    public var migrations: [Migration] { PredictiveModelStore.migrations }

    public var settings: [Setting] { PredictiveScorer.settings + OwnerAssignment.settings }
}
