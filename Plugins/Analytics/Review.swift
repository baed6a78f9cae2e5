#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit
import StageSupport

/// A process review of one period: its figures against the previous period, the funnel, the
/// bottleneck stages, the worst-converting segments, receivables and service breaches, and findings
/// in plain language. Built from the same reports `report ...` returns, so both always agree.
struct Review {
    struct Figure {
        let name: String
        let current: Value
        let previous: Value
    }

    /// A segment converting worse than the team.
    struct WeakSegment {
        let kind: String
        let name: String
        let winRate: Value
        let closed: Int64
    }

    struct AgingBucket {
        let name: String
        let amounts: Value
        let minor: Int64
    }

    let period: ReportPeriod
    let previous: ReportPeriod?
    let generated: Date
    var figures: [Figure] = []
    var funnel = Table(columns: [], rows: [])
    var stages = Table(columns: [], rows: [])
    var winByOwner = Table(columns: [], rows: [])
    var teamWinRate: Value = .null
    var worstSegments: [WeakSegment] = []
    var receivables = Table(columns: [], rows: [])
    /// The period's settled invoices by days late at settlement (`report receivables --paid`).
    var paidHistory = Table(columns: [], rows: [])
    var aging: [AgingBucket] = []
    var ticketsOpened: Int64 = 0
    var resolvedLate: Int64 = 0
    var overdueTickets: Int64 = 0
    /// Won deals of the period left out of the sales cycle: imported without a creation day.
    var undatedWon: Int64 = 0
    /// Lost deals of the period imported without the stage they reached: in no stage of the funnel.
    var unknownStageLost: Int64 = 0
    /// Leads imported without a creation day: in no period's "leads captured" (only all time counts them).
    var undatedLeads: Int64 = 0
    /// The improvement actions recorded up to the period's end, each with its figure before (in the
    /// period it came out of) and in this period, its target and whether it was met.
    var actions = Table(columns: [], rows: [])
    /// The lifecycle as a flowchart with the period's counts on its arrows.
    var diagram: LifecycleDiagram?
    var findings: [(section: String, text: String)] = []
}

extension Value {
    /// The text a review prints for a figure: empty for null.
    var reviewText: String {
        switch self {
        case .null: return "–"
        case .list(let items): return items.map(\.plainText).joined(separator: " + ")
        default: return plainText
        }
    }
}
