import FunnelModel
import FunnelTestSupport
import ShellEngine
import StageCatalog
import StageHost
import StageKit
import Testing

/// A team's own `recommend` with one verb of its own and no catalog.
struct PinnedRecommendation: Stage {
    var descriptor: StageDescriptor {
        StageDescriptor(slot: .recommend, implementation: "pinned", summary: "Always the same product.", version: "1", follows: .discover)
    }

    var commands: [Command] {
        [Command(CommandSignature("deal pin", summary: "Pin the first product to a deal.", positionals: [Positional("deal", .id(.deal), "The deal.")],
                                  flags: [Flag("record", .bool, "Hand the proposal on to negotiation.")],
                                  output: .nothing, impact: .low)) { invocation, context in
            if invocation.flag("record"), let deal = invocation.id("deal") {
                try Proposal.record([Proposal(deal: deal, product: EntityID(.product, 1), rank: 1, reason: "pinned")], in: context)
            }
            context.output.line("pinned")
            return .null
        }]
    }
}

/// Replacing a slot replaces its verbs; its catalog commands (shared data: products, evidence, leads,
/// deals …) stay, served by the implementation that has them.
@Suite struct CatalogCommandTests {
    @Test func replacingRecommendKeepsTheProductCatalog() throws {
        let shell = try TestShell(stages: StageCatalog.builtIn + [PinnedRecommendation()])
        _ = try shell.run("stage use recommend pinned")
        _ = try shell.run("product add GT-1 Reports --price 40000; evidence add case-study 'Ningbo port' --products GT-1")
        #expect(try shell.rows("product list").map { $0["sku"]?.plainText ?? "" } == ["GT-1"])
        #expect(try shell.rows("evidence list").count == 1)
        #expect(try shell.run("lead add Acme; lead qualify L-1 --force; deal pin D-1").hasSuffix("pinned\n"))
        // The replaced implementation's own verbs are gone with it.
        let failure = try #require(shell.failure(of: "deal recommend D-1"))
        #expect(failure.description.contains("which is not the active implementation"), "\(failure.description)")
        // Help and completion list what runs: the catalog, not the replaced verbs.
        let names = shell.session.table.all.map(\.signature.name)
        #expect(names.contains("product list") && names.contains("deal pin") && !names.contains("deal recommend"))
    }

    /// The gate out of recommend belongs to the slot: it asks for the hand-off (a proposal), so a
    /// replacement that proposes nothing cannot wave deals through.
    @Test func theRecommendGateHoldsWhicheverImplementationIsActive() throws {
        let shell = try TestShell(stages: StageCatalog.builtIn + [PinnedRecommendation()])
        _ = try shell.run("lead add Acme; lead qualify L-1 --force; need add D-1 reporting; deal edit D-1 --budget-confirmed yes; deal advance D-1")
        _ = try shell.run("product add GT-1 Reports --price 40000; stage use recommend pinned; deal pin D-1")
        let refused = try #require(shell.failure(of: "deal advance D-1"))
        #expect(refused.description.contains("cannot leave recommend: no product recommended yet"), "\(refused.description)")
        _ = try shell.run("deal pin D-1 --record")
        _ = try shell.run("deal advance D-1")
        #expect(try shell.query("SELECT stage FROM deals").first?.text("stage") == "negotiate")
        // What it proposed is visible to the built-in reports of proposals.
        #expect(try shell.rows("proposal list D-1").map { $0["sku"]?.plainText ?? "" } == ["GT-1"])
        #expect(try shell.query("SELECT implementation FROM events WHERE type = 'deal.recommended'").first?.text("implementation") == "pinned")
    }

    @Test func everyWellKnownSlotsCatalogIsListAndShowOfSharedData() throws {
        let registry = try StageCatalog.makeRegistry()
        let catalog = Set(registry.allCommands.filter(\.0.isCatalog).map(\.0.name))
        #expect(catalog == ["lead list", "lead show", "lead edit", "lead assign", "lead rm", "lead export", "deal list", "deal show", "deal edit", "deal assign", "deal lose",
                            "need list", "proposal list", "product add", "product edit", "product list", "product import", "product alias", "evidence add", "evidence list",
                            "customer list", "customer show", "customer edit", "customer health", "contact list", "contract show", "contract list", "invoice list", "invoice edit", "payment list",
                            "ticket list", "revisit list", "lead qualify", "report aging", "field add", "field list", "field rm"])
    }
}

/// A `recommend` that always proposes the cheapest product, to replay against the built-in one.
struct CheapestRecommendation: Stage {
    var descriptor: StageDescriptor {
        StageDescriptor(slot: .recommend, implementation: "cheapest", summary: "The cheapest product.", version: "1", follows: .discover)
    }

    var commands: [Command] {
        [Command(CommandSignature("deal recommend", summary: "Propose the cheapest product.", positionals: [Positional("deal", .id(.deal), "The deal.")],
                                  flags: [Flag("limit", .int, "How many.")], output: .table, impact: .low)) { invocation, context in
            guard let deal = invocation.id("deal"),
                  let row = try context.database.query("SELECT id, sku FROM products ORDER BY price_minor, id LIMIT 1").first else {
                throw CommandError("no product to propose")
            }
            if !invocation.isDryRun {
                try Proposal.record([Proposal(deal: deal, product: EntityID(.product, row.integer("id") ?? 0), rank: 1, reason: "cheapest")], in: context)
            }
            return .table(Table(rows: [Record([("rank", .int(1)), ("sku", .string(row.text("sku") ?? "")), ("fits", .string("cheapest"))])]))
        }]
    }
}

@Suite struct RecommendReplayTests {
    @Test func anotherRecommendIsReplayedOverTheProposalsMade() throws {
        let shell = try TestShell(stages: StageCatalog.builtIn + [CheapestRecommendation()])
        _ = try shell.run("""
            product add BIG Big --price 90000 --addresses reporting; product add SMALL Small --price 100 --addresses billing
            lead add Acme; lead qualify L-1 --force; need add D-1 reporting --priority high; deal recommend D-1
            lead add Beta; lead qualify L-2 --force; need add D-2 billing --priority high; deal recommend D-2
            deal lose D-1 --reason 'price: too dear'
            """)
        let recorded = try shell.store.transaction { try Decision.recorded(in: .recommend, database: $0) }
        #expect(recorded.map(\.decision) == ["BIG", "SMALL"])
        #expect(recorded.map(\.implementation) == ["needs-match", "needs-match"])
        let replayed = try shell.rows("review replay recommend cheapest")
        #expect(replayed.map { "\($0["deal"]?.plainText ?? "") \($0["happened"]?.plainText ?? "") \($0["would"]?.plainText ?? "") \($0["outcome"]?.plainText ?? "")" }
                == ["D-1 BIG SMALL lost", "D-2 SMALL SMALL open"])
        #expect(shell.output.notes.last == "recommend cheapest proposes the same first product for 1 of 2 deals (0 of the 0 won); nothing was changed")
        #expect(try shell.rows("review replay recommend cheapest --differences").count == 1)
        // Nothing was proposed by the replay.
        #expect(try shell.query("SELECT count(*) AS n FROM proposed_products").first?.integer("n") == 2)
        #expect(shell.failure(of: "review replay service tickets")?.description.contains("service cannot be replayed") == true)
    }
}
