import AlternativeStages
import Foundation
import FunnelModel
import FunnelStore
import FunnelTestSupport
import ShellEngine
import StageCatalog
import StageHost
import StageKit
import Testing

/// The in-process alternatives of capture, discover, recommend and sign: what they refuse, and that
/// the slots' gates and hand-offs hold for them as for the built-in stages.
@Suite struct AlternativeStagesTests {
    func shell() throws -> TestShell { try TestShell(stages: StageCatalog.builtIn + AlternativeStages.all) }

    @Test func aWebFormsSubmissionIsCheckedFieldByField() throws {
        let shell = try shell()
        _ = try shell.run("stage use capture web-form")
        #expect(shell.failure(of: "lead form 'name=Acme&colour=red'")?.description.contains("the form has no field \"colour\"") == true)
        #expect(shell.failure(of: "lead form 'name=Acme&name=Beta'")?.description.contains("the field \"name\" is given twice") == true)
        #expect(shell.failure(of: "lead form 'name=%E6%9D'")?.description.contains("is not URL-encoded text") == true)
        #expect(shell.failure(of: "lead form 'name=Acme&authority=maybe'")?.description.contains("authority is yes or no") == true)
        #expect(shell.failure(of: "lead form 'company=Acme'")?.description.contains("the form has no name") == true)
        #expect(try shell.query("SELECT count(*) AS n FROM leads").first?.integer("n") == 0)
        _ = try shell.run("lead form 'name=Jane+Doe&company=Acme%20%26%20Sons&budget=50000&authority=yes&need=2'")
        let lead = try #require(try shell.rows("lead show L-1").first)
        #expect(lead["name"]?.plainText == "Jane Doe" && lead["company"]?.plainText == "Acme & Sons")
        #expect(try shell.query("SELECT implementation FROM events WHERE type = 'lead.added'").first?.text("implementation") == "web-form")
    }

    /// The discover slot's gate asks for the hand-offs (needs, a confirmed budget) whichever
    /// implementation is active; meddic adds its own rule (a champion).
    @Test func theDiscoverGateHoldsForAnotherDiscovery() throws {
        let shell = try shell()
        _ = try shell.run("stage use discover meddic; lead add Acme; lead qualify L-1 --force")
        let bare = try #require(shell.failure(of: "deal advance D-1"))
        #expect(bare.description.contains("no need recorded") && bare.description.contains("budget not confirmed")
                && bare.description.contains("no champion named"), "\(bare.description)")
        #expect(shell.failure(of: "discovery call D-1 --pain ''")?.description.contains("a need needs a description") == true)
        _ = try shell.run("discovery call D-1 --pain 'month-end close takes 9 days' --priority high --budget confirmed")
        #expect(shell.failure(of: "deal advance D-1")?.description.contains("no champion named") == true)
        _ = try shell.run("discovery call D-1 --champion 王伟")
        _ = try shell.run("deal advance D-1")
        #expect(try shell.rows("need list D-1").map { $0["kind"]?.plainText ?? "" } == ["pain"])
        #expect(try shell.rows("deal show D-1").first?["budget confirmed"] == .bool(true))
        // The slot's gate settings hold for it too.
        _ = try shell.run("lead add Beta; lead qualify L-2 --force; config set discover.gate.budget-confirmed false; config set discover.gate.min-needs 0")
        _ = try shell.run("discovery call D-2 --champion Li; deal advance D-2")
        #expect(try shell.query("SELECT stage FROM deals WHERE id = 2").first?.text("stage") == "recommend")
    }

    @Test func bestSellerRanksByWhatWonDealsBought() throws {
        let shell = try shell()
        _ = try shell.run("""
            product add A Alpha --price 100 --stock 5; product add B Beta --price 100 --stock 9
            lead add X; lead qualify L-1 --force; quote add D-1 --line 'A x 3' --override; quote send Q-1; quote accept Q-1
            contract sign Q-1 --delivery 2026-03-01 --signatory x --yes
            lead add Y; lead qualify L-2 --force; stage use recommend best-seller
            """)
        #expect(try shell.rows("deal propose D-2 --limit 2").map { $0["sku"]?.plainText ?? "" } == ["A", "B"])
        #expect(try shell.rows("proposal list D-2").map { $0["sku"]?.plainText ?? "" } == ["A", "B"])
        #expect(shell.failure(of: "deal propose D-2 --limit 0")?.description.contains("--limit must be at least 1") == true)
    }

    /// e-sign records its contract through `SignedContract`: the same checks as `contract sign`.
    @Test func anESignedContractMeetsTheBuiltInRules() throws {
        let shell = try shell()
        _ = try shell.run("""
            product add A Alpha --price 100; lead add X; lead qualify L-1 --force; quote add D-1 --line 'A x 3' --override
            stage use sign e-sign
            """)
        #expect(shell.failure(of: "envelope send Q-1 --to Li --delivery 2026-03-01")?.description.contains("Q-1 is not an accepted quote") == true)
        _ = try shell.run("quote send Q-1; quote accept Q-1")
        #expect(shell.failure(of: "envelope send Q-1 --to Li --delivery 2026-03-01 --payment 'pay whenever'")?.description
                    .contains("\"pay whenever\" in the payment terms is not understood") == true)
        #expect(shell.failure(of: "envelope send Q-1 --to '' --delivery 2026-03-01")?.description.contains("say who signed") == true)
        #expect(shell.failure(of: "envelope complete Q-1")?.description.contains("no envelope of Q-1 is out for signature") == true)
        _ = try shell.run("envelope send Q-1 --to Li --delivery 2026-03-01 --payment 'net 45'; envelope complete Q-1")
        let contract = try #require(try shell.rows("contract show K-1").first)
        #expect(contract["total"] == .money(Money(minorUnits: 30_000, currency: .cny)) && contract["signatory"]?.plainText == "Li")
        #expect(try shell.query("SELECT status FROM deals").first?.text("status") == "won")
        #expect(try shell.query("SELECT implementation FROM events WHERE type = 'contract.signed'").first?.text("implementation") == "e-sign")
        #expect(shell.failure(of: "envelope send Q-1 --to Li --delivery 2026-03-01")?.description.contains("already signed") == true)
    }

    /// A confirmed budget kept in the built-in discovery's own table is handed off to the core deals
    /// row by its migration, so deals confirmed before keep passing the gate.
    @Test func budgetsConfirmedBeforeTheHandOffAreHandedOff() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("funnel-budget-\(UUID().uuidString).db").path
        do {
            let store = try SQLiteStore(path: path)
            // A database from before the hand-off predates v22 too, which rebuilds deals with the column.
            try store.migrate(try StageCatalog.makeRegistry().migrations.filter {
                !["core/v17-budget-confirmed", "discovery/v2-budget-confirmed-handed-off",
                  "core/v22-unknown-deal-dates-and-stages"].contains($0.identifier)
            })
            try store.transaction { db in
                for sql in [
                    "INSERT INTO customers (name, created_at) VALUES ('Acme', '2026-01-01T00:00:00Z')",
                    "INSERT INTO deals (customer_id, title, stage, status, created_at) VALUES (1, 'Acme', 'discover', 'open', '2026-01-01T00:00:00Z')",
                    "INSERT INTO deals (customer_id, title, stage, status, created_at) VALUES (1, 'Acme 2', 'discover', 'open', '2026-01-01T00:00:00Z')",
                    "INSERT INTO needs (deal_id, kind, description, priority) VALUES (1, 'pain', 'x', 'high'), (2, 'pain', 'y', 'high')",
                    "INSERT INTO deal_discovery VALUES (1, 1), (2, 0)",
                ] { try db.execute(sql) }
            }
        }
        let shell = try TestShell(path: path)
        _ = try shell.run("deal advance D-1")
        #expect(shell.failure(of: "deal advance D-2")?.description.contains("budget not confirmed") == true)
        #expect(try shell.query("SELECT count(*) AS n FROM sqlite_master WHERE name = 'deal_discovery'").first?.integer("n") == 0)
    }
}
