import FunnelModel
import StageKit


/// The `analyze` slot: reports over the journal and the stage tables — funnel and conversion, time
/// in stage and bottlenecks, win/loss and lost reasons, forecast, cohorts, purchase paths and
/// receivables — each a table for the pipeline, several drawn as charts with `--chart`.
public struct AnalyzeStage: Stage {
    public init() {}

    public var descriptor: StageDescriptor {
        StageDescriptor(slot: .analyze, implementation: "journal",
                        summary: "Measure the process: funnel, time in stage, win/loss, forecast, cohorts, paths, receivables.",
                        version: "0.1.0", follows: .revisit)
    }

    public var commands: [Command] { commandEntries.map { $0.make() } }

    public var commandEntries: [CommandEntry] {
        [
            CommandEntry("report funnel") { FunnelReport.command },
            CommandEntry("report stages") { StageTimeReport.command },
            CommandEntry("report winloss") { WinLossReport.command },
            CommandEntry("report lost") { LostReasonsReport.command },
            CommandEntry("report forecast") { ForecastReport.command },
            CommandEntry("report cohorts") { CohortReport.command },
            CommandEntry("report paths") { PathReport.command },
            CommandEntry("report receivables") { ReceivablesReport.command },
            CommandEntry("report coaching") { CoachingReport.command },
        ]
    }

    public var settings: [Setting] {
        [.percentage("forecast.probability.*", "The chance (percent) a deal in a stage is won, for the forecast, e.g. forecast.probability.negotiate 60 "
                        + "(unset: learned from history).", default: nil, suffix: .stage)]
    }
}

/// The `review` slot: periodic process reviews built from the analyze reports, for people to read.
public struct ReviewStage: Stage {
    public init() {}

    public var descriptor: StageDescriptor {
        StageDescriptor(slot: .review, implementation: "periodic",
                        summary: "Review a period against the last: findings, bottlenecks, weak segments; Markdown and HTML.",
                        version: "0.1.0", follows: .analyze)
    }

    public var commands: [Command] { commandEntries.map { $0.make() } }

    public var commandEntries: [CommandEntry] {
        [
            CommandEntry("review run") { ReviewRunCommand.command },
            CommandEntry("action add") { ActionAddCommand.command },
            CommandEntry("action list") { ActionListCommand.command },
            CommandEntry("action done") { ActionDoneCommand.command },
        ]
    }

    public var migrations: [Migration] { ReviewAction.migrations }
}
