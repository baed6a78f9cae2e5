import Foundation
import FunnelModel
import FunnelStore
import FunnelTestSupport
import ShellEngine
import StageHost
import StageKit
import Testing

@Suite struct ServiceTests {
    static let signed = """
    lead add "宁波港务"; lead qualify L-1 --force
    product add P Pee --price 100
    quote add D-1 --line 'P x 1' --override; quote send Q-1; quote accept Q-1
    contract sign Q-1 --delivery 2026-03-01 --service gold --signatory 王经理
    """

    @Test func ticketsAreDueWithinTheContractsServiceLevel() throws {
        let shell = try TestShell()
        try shell.run(Self.signed)
        #expect(try shell.run("ticket open C-1 installation \"install 20 units\"") == "T-1 opened for C-1: installation, due 2026-01-31T04:00:00Z (gold, 4h)\n")
        #expect(try shell.run("ticket open C-1 issue \"line down\" --priority urgent") == "T-2 opened for C-1: issue, due 2026-01-31T02:00:00Z (gold, 2h)\n")
        try shell.run("lead add Other; lead qualify L-2 --force")
        #expect(try shell.run("ticket open C-2 support") == "T-3 opened for C-2: support, due 2026-02-05T00:00:00Z (standard, 120h)\n")
        #expect(shell.failure(of: "ticket open C-2 support --contract K-1")?.description.contains("K-1 is not C-2's contract") == true)
    }

    @Test func theStatusFlowResolutionAndSatisfaction() throws {
        let shell = try TestShell()
        try shell.run(Self.signed + "\nticket open C-1 support")
        #expect(shell.failure(of: "ticket resolve T-1 --resolution x")?.description.contains("only a ticket that is in-progress can be resolved") == true)
        try shell.run("ticket start T-1")
        #expect(shell.failure(of: "ticket resolve T-1")?.description.contains("say how it was resolved") == true)
        try shell.run("ticket resolve T-1 --resolution \"replaced the sensor\"")
        #expect(shell.failure(of: "ticket close T-1 --satisfaction 9")?.description.contains("from 1 to 5") == true)
        try shell.run("ticket close T-1 --satisfaction 5")
        let ticket = try #require(try shell.rows("ticket list").first)
        #expect(ticket["status"] == .string("closed"))
        #expect(ticket["satisfaction"] == .int(5))
        let types = try shell.query("SELECT type FROM events WHERE subject = 'T-1' ORDER BY id").map { $0.text("type") ?? "" }
        #expect(types == ["ticket.opened", "ticket.in-progress", "ticket.resolved", "ticket.closed"])
    }

    @Test func overdueAndBreachedTicketsAreListed() throws {
        let shell = try TestShell()
        try shell.run(Self.signed + "\nticket open C-1 support; ticket open C-1 training")
        try shell.store.transaction { try $0.execute("UPDATE tickets SET due_at = '2026-01-30T00:00:00Z'") }
        #expect(try shell.rows("ticket list --overdue").count == 2)
        try shell.run("ticket start T-1")
        #expect(try shell.run("ticket resolve T-1 --resolution late") == "T-1 resolved (after its due time: service level breached)\n")
        #expect(try shell.rows("ticket list --breached").map { $0["id"]?.plainText } == ["T-1"])
        #expect(try shell.rows("ticket list --overdue").map { $0["id"]?.plainText } == ["T-2"])
    }

    /// The built-in writes through StageKit's `ServiceTicket` and `TicketStep`, the types any other
    /// implementation uses: a ticket another implementation opens is due by the same rule, the
    /// built-in's steps move it, and the built-in's dry runs refuse what the types refuse.
    @Test func theBuiltInAndAnotherImplementationShareOneRule() throws {
        let shell = try TestShell()
        try shell.run(Self.signed)
        #expect(try shell.run("ticket open C-1 training --priority low") == "T-1 opened for C-1: training, due 2026-01-31T08:00:00Z (gold, 8h)\n")
        let other = StageDescriptor(slot: .service, implementation: "other-desk", summary: "Another service.", version: "1", follows: .payment)
        let revisits = StageDescriptor(slot: .revisit, implementation: "other-revisits", summary: "Another revisit.", version: "1", follows: .service)
        try shell.store.transaction { db in
            let clock = FixedClock(try Day.parse("2026-01-31"))
            let context = StageContext(database: db, clock: clock, output: shell.output, actor: "t", stage: other)
            let (id, opening) = try ServiceTicket(customer: EntityID(.customer, 1), kind: "training", priority: "low").open(in: context)
            #expect(id == EntityID(.ticket, 2))
            #expect(opening.contract == EntityID(.contract, 1))
            #expect(opening.level == "gold")
            #expect(opening.hours == 8)
            // Only the service slot opens tickets.
            let wrongSlot = StageContext(database: db, clock: clock, output: shell.output, actor: "t", stage: revisits)
            #expect(throws: CommandError.self) { try ServiceTicket(customer: EntityID(.customer, 1), kind: "support").open(in: wrongSlot) }
        }
        #expect(try shell.query("SELECT due_at FROM tickets ORDER BY id").map { $0.text("due_at") ?? "" } == ["2026-01-31T08:00:00Z", "2026-01-31T08:00:00Z"])
        try shell.run("ticket start T-2; ticket resolve T-2 --resolution done; ticket close T-2 --satisfaction 4")
        let journal = try shell.query("SELECT type, implementation FROM events WHERE subject = 'T-2' ORDER BY id")
        #expect(journal.map { $0.text("implementation") ?? "" } == ["other-desk", "tickets", "tickets", "tickets"])
        // Dry runs check through the types and keep nothing.
        let events = try shell.query("SELECT count(*) AS n FROM events").first?.integer("n")
        #expect(shell.failure(of: "ticket open C-1 support --contract K-9 --dry-run")?.description.contains("no contract K-9") == true)
        #expect(shell.failure(of: "ticket start T-2 --dry-run")?.description.contains("T-2 is closed; only a ticket that is open can be in-progress") == true)
        #expect(try shell.run("ticket start T-1 --dry-run") == "would mark T-1 in-progress\n")
        #expect(try shell.query("SELECT status FROM tickets WHERE id = 1").first?.text("status") == "open")
        #expect(try shell.query("SELECT count(*) AS n FROM events").first?.integer("n") == events)
    }
}
