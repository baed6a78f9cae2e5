import Foundation
import FunnelModel
import FunnelTestSupport
import ShellEngine
import StageHost
import StageKit
import Testing

@Suite struct RevisitTests {
    static let customer = """
    lead add "宁波港务"; lead qualify L-1 --force
    product add P Pee --price 1000
    quote add D-1 --line 'P x 10' --override; quote send Q-1; quote accept Q-1
    contract sign Q-1 --delivery 2026-03-01 --payment 'net 30' --signatory 王经理
    invoice generate K-1; payment add I-1 4000 --ref A
    """

    @Test func revisitsFollowTheTierCadenceAndNewNeedsOpenARepeatDeal() throws {
        let shell = try TestShell()
        try shell.run(Self.customer)
        #expect(try shell.run("revisit schedule C-1 --tier gold") == "C-1 revisit due 2026-03-02 (every 30 days)\n")
        #expect(try shell.rows("revisit list --due").isEmpty)
        #expect(try shell.run("revisit log C-1 --outcome \"happy, expanding\" --nps 9 --need \"second site\" --priority high")
                == "revisit of C-1 logged · repeat deal D-2 opened in discover · next due 2026-03-02\n")
        let deal = try #require(try shell.query("SELECT customer_id, stage, status FROM deals WHERE id = 2").first)
        #expect(deal.integer("customer_id") == 1)
        #expect(deal.text("stage") == "discover")
        #expect(try shell.rows("need list D-2").first?["description"] == .string("second site"))
        #expect(try shell.rows("revisit list").map { $0["nps"] } == [.int(9), .null])
        #expect(shell.failure(of: "revisit log C-1 --outcome x --nps 11")?.description.contains("NPS is 0 to 10") == true)
    }

    @Test func healthAddsPaidReceivableAndExpectedValue() throws {
        let shell = try TestShell()
        try shell.run(Self.customer + "\nrevisit log C-1 --outcome ok --nps 8 --need upgrade\ndeal edit D-2 --value 20000")
        let health = try #require(try shell.rows("customer health C-1").first)
        #expect(health["paid to date"]?.plainText == "4,000.00 CNY")
        #expect(health["receivable"]?.plainText == "6,000.00 CNY")
        #expect(health["expected from open deals"]?.plainText == "4,000.00 CNY")   // 20% of 20,000 in discover
        #expect(health["lifetime value"]?.plainText == "8,000.00 CNY")
        #expect(health["average nps"]?.plainText == "8")
        #expect(health["lapsed"] == .bool(false))
    }

    @Test func customersAndTheirContactsAreListedAndShown() throws {
        let shell = try TestShell()
        try shell.run(Self.customer + "\nlead add Other --email o@x.cn --authority yes; lead qualify L-2 --force; deal lose D-2 --reason price")
        let customers = try shell.rows("customer list")
        #expect(customers.map { $0["name"]?.plainText } == ["宁波港务", "Other"])
        #expect(customers.map { $0["won"] } == [.int(1), .int(0)])
        #expect(customers.map { $0["lost"] } == [.int(0), .int(1)])
        #expect(try shell.run("customer list | where won > 0 | count") == "1\n")
        let shown = try #require(try shell.rows("customer show C-2").first)
        #expect(shown["contacts"] == .list([.string("Other, decision maker, o@x.cn")]))
        #expect(shown["deals"] == .list([.string("D-2 lost (discover)")]))
        #expect(shown["lead"] == .id(.init(.lead, 2)))
        #expect(try shell.rows("contact list C-2").map { $0["email"]?.plainText } == ["o@x.cn"])
        #expect(try shell.rows("contact list").count == 2)
        #expect(shell.failure(of: "customer show C-9")?.description.contains("no customer C-9") == true)
    }

    @Test func customersWithoutContactLapse() throws {
        let shell = try TestShell()
        try shell.run("lead add Quiet; lead qualify L-1 --force")
        #expect(try shell.rows("customer lapsed").map { $0["name"]?.plainText } == ["Quiet"])
        try shell.run("revisit log C-1 --outcome \"caught up\"")
        #expect(try shell.rows("customer lapsed").isEmpty)
    }

    /// The built-in writes through StageKit's `RevisitSchedule` and `RevisitLog`, the types any other
    /// implementation uses: a log another implementation records marks the built-in's scheduled
    /// revisit done and opens the repeat deal the same way; refusals are the types'.
    @Test func theBuiltInAndAnotherImplementationShareOneRule() throws {
        let shell = try TestShell()
        try shell.run(Self.customer + "\nrevisit schedule C-1 --every 14day")
        let other = StageDescriptor(slot: .revisit, implementation: "other-revisits", summary: "Another revisit.", version: "1", follows: .service)
        let service = StageDescriptor(slot: .service, implementation: "other-desk", summary: "Another service.", version: "1", follows: .payment)
        try shell.store.transaction { db in
            let clock = FixedClock(try Day.parse("2026-01-31"))
            let context = StageContext(database: db, clock: clock, output: shell.output, actor: "t", stage: other)
            let customer = EntityID(.customer, 1)
            #expect(throws: CommandError.self) { try RevisitLog(customer: customer, outcome: "ok", nps: -1).record(in: context) }
            #expect(throws: CommandError.self) { try RevisitLog(customer: customer, outcome: " ").record(in: context) }
            #expect(throws: CommandError.self) { try RevisitSchedule(customer: customer, due: try Day.parse("2026-01-30")).record(in: context) }
            let serviceContext = StageContext(database: db, clock: clock, output: shell.output, actor: "t", stage: service)
            #expect(throws: CommandError.self) { try RevisitLog(customer: customer, outcome: "ok").record(in: serviceContext) }
            let logged = try RevisitLog(customer: customer, outcome: "upsell", nps: 7, need: "spares", needPriority: "high").record(in: context)
            #expect(logged.deal == EntityID(.deal, 2))
        }
        // The pending revisit the built-in scheduled is the one marked done; no next one was asked for.
        let revisits = try shell.rows("revisit list")
        #expect(revisits.map { $0["due"]?.plainText ?? "" } == ["2026-02-14"])
        #expect(revisits.map { $0["done"]?.plainText ?? "" } == ["2026-01-31"])
        #expect(try shell.rows("deal list | where id == D-2").first?["title"]?.plainText == "宁波港务: spares")
        #expect(try shell.rows("need list D-2").first?["priority"] == .string("high"))
        #expect(try shell.query("SELECT implementation FROM events WHERE type = 'revisit.done'").map { $0.text("implementation") ?? "" } == ["other-revisits"])
        // The built-in's refusals and dry runs go through the same checks.
        #expect(shell.failure(of: "revisit log C-1 --outcome x --nps 11 --dry-run")?.description.contains("NPS is 0 to 10, not 11") == true)
        #expect(shell.failure(of: "revisit schedule C-1 --every 12hour --dry-run")?.description.contains("revisit at most daily") == true)
        #expect(try shell.run("revisit log C-1 --outcome fine --dry-run") == "would log a revisit of C-1\n")
        #expect(try shell.rows("revisit list").count == 1)
    }
}
