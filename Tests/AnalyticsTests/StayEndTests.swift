import Foundation
import FunnelModel
import FunnelStore
import FunnelTestSupport
import StageHost
import StageKit
import Testing

/// `deal_stages` keeps when each stay ended (`left_at`: the deal's next stage entry), whatever order
/// the stage entries are journaled in.
@Suite struct StayEndTests {
    func stays(_ shell: TestShell, deal: Int) throws -> [String] {
        try shell.query("SELECT stage, entered_at, left_at FROM deal_stages WHERE deal_id = \(deal) ORDER BY entered_at, event_id").map {
            "\($0.text("stage") ?? "?") \($0.text("entered_at")?.prefix(10) ?? "?") → \($0.text("left_at")?.prefix(10) ?? "now")"
        }
    }

    @Test func eachStayEndsWhereTheNextBegins() throws {
        let shell = try TestShell(now: "2026-02-20")
        _ = try shell.run("lead add Acme; lead qualify L-1 --force; lead add Beta; lead qualify L-2 --force")
        try shell.store.transaction { db in
            let context = StageContext(database: db, clock: FixedClock(try Day.parse("2026-02-20")), output: shell.output, actor: "t", stage: nil)
            func enter(_ deal: Int64, _ stage: String, _ day: String) throws {
                try context.journal("deal.advanced", subject: EntityID(.deal, deal), details: Record([("to", .string(stage))]), at: try Day.parse(day))
            }
            // D-1 in order; D-2's middle stage journaled last (history brought in afterwards).
            try enter(1, "recommend", "2026-03-01")
            try enter(1, "negotiate", "2026-03-10")
            try enter(2, "negotiate", "2026-03-20")
            try enter(2, "recommend", "2026-03-05")
            // An event of another kind, and one for a lead, leave the stays alone.
            try context.journal("deal.noted", subject: EntityID(.deal, 1), at: try Day.parse("2026-03-15"))
            try context.journal("deal.advanced", subject: EntityID(.lead, 1), details: Record([("to", .string("sign"))]))
        }
        #expect(try stays(shell, deal: 1) == ["discover 2026-02-20 → 2026-03-01", "recommend 2026-03-01 → 2026-03-10", "negotiate 2026-03-10 → now"])
        #expect(try stays(shell, deal: 2) == ["discover 2026-02-20 → 2026-03-05", "recommend 2026-03-05 → 2026-03-20", "negotiate 2026-03-20 → now"])
        // Rebuilt from the journal, the projection is the same.
        let before = try stays(shell, deal: 2)
        try shell.execute(DealStageProjection.rebuild(for: shell.dialect).joined(separator: ";\n"))
        #expect(try stays(shell, deal: 2) == before)
    }
}
