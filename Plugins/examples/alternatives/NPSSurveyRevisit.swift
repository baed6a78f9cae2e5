#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit

/// Another implementation of the `revisit` slot, `nps-survey`: instead of a cadence by tier, customers
/// are surveyed, and their score decides when they are asked again: a detractor (0 to 6) in 14 days, a
/// passive (7 or 8) in 60, a promoter (9 or 10) in 90, 30 without a score. `revisit survey` logs the
/// revisit and schedules the next in one step; `revisit plan` schedules one by hand. Both write through
/// StageKit's `RevisitLog` and `RevisitSchedule`, so `revisit list`, `customer health` and the repeat
/// deals a need opens are the same as the built-in `cadence`'s.
public struct NPSSurveyRevisit: Stage {
    public init() {}

    public var descriptor: StageDescriptor {
        StageDescriptor(slot: .revisit, implementation: "nps-survey",
                        summary: "Survey customers; their NPS sets when they are asked again, and a need found opens a repeat deal.",
                        version: "0.1.0", follows: .service)
    }

    public var commands: [Command] { [NPSSurveyCommand.command, NPSPlanCommand.command] }

    /// Days until the next survey after a score: 14 for a detractor (0–6), 60 for a passive (7–8), 90
    /// for a promoter (9–10), 30 without a score.
    static func daysUntilNext(after nps: Int64?) -> Int64 {
        guard let nps else { return 30 }
        switch nps {
        case ...6: return 14
        case 7...8: return 60
        default: return 90
        }
    }

    /// What a score makes the customer: detractor, passive or promoter.
    static func group(_ nps: Int64) -> String {
        nps <= 6 ? "detractor" : nps <= 8 ? "passive" : "promoter"
    }
}
