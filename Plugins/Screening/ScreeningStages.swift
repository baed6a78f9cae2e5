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

    public var commands: [Command] { [LeadScreenCommand.make(BANTScorer()), LeadQualifyCommand.command] }
}

/// The `screen` slot's fit implementation: target industry, budget against a typical deal, need.
public struct FitScreeningStage: Stage {
    public init() {}

    public var descriptor: StageDescriptor {
        StageDescriptor(slot: .screen, implementation: "fit",
                        summary: "Score how well a lead fits the ideal customer: industry, deal size, need.",
                        version: "0.1.0", follows: .capture)
    }

    public var commands: [Command] { [LeadScreenCommand.make(FitScorer()), LeadQualifyCommand.command] }
}
