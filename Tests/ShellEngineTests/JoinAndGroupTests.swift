import FunnelModel
import FunnelTestSupport
import ShellEngine
import ShellSyntax
import StageKit
import Testing

/// `join`, related fields (`customer.name`) and `group-by --aggregate` on stored rows run as SQL, and
/// give exactly what the same commands give on the rows read into memory (`each { |r| $r }` reads them first).
@Suite struct JoinAndGroupTests {
    static let data = """
    lead add Acme --budget 50000 --industry retail --need 3
    lead add "杭州 客户" --budget "120,000.00 CNY" --industry retail --need 1
    lead add Beta --budget 800 --industry energy
    lead add Delta --budget "999.99 USD" --industry retail --need 2
    lead add Gamma
    lead add Unqualified --budget 10
    lead qualify L-1 --owner alice --force
    lead qualify L-2 --owner bob --force
    lead qualify L-4 --owner alice --force
    lead qualify L-5 --owner bob --force
    lead qualify L-3 --force
    """

    static func shell() throws -> TestShell {
        let shell = try TestShell()
        try shell.run(data)
        return shell
    }

    /// A list command's rows read into memory, so nothing after it can be SQL.
    static func inMemory(_ pipeline: String) -> String { pipeline + " | each { |r| $r }" }

    @Test(arguments: [
        ("deal list", "customer list", "customer id"),
        ("lead list", "customer list", "id lead"),
        ("lead list", "customer list", "id lead --left"),
        ("customer list", "deal list", "id customer"),
        ("deal list | where value > 1000 | sort-by value --reverse", "customer list | where name != Beta", "customer id --left"),
        ("deal list | sort-by owner | skip 1 | first 3", "customer list | sort-by name --reverse", "customer id"),
        ("lead list", "lead list | select industry name", "industry"),
    ])
    func joinsAgree(left: String, right: String, keys: String) throws {
        let shell = try Self.shell()
        let pushed = try shell.rows("\(left) | join (\(right)) \(keys)")
        let memory = try shell.rows(Self.inMemory(left) + " | join (\(Self.inMemory(right))) \(keys)")
        #expect(pushed == memory, "join \(keys)")
        #expect(!pushed.isEmpty)
        #expect(try shell.rows("\(left) | join (\(right)) \(keys) | explain").first?["reads"] == .string("sql"))
        // What follows a stored join stays SQL, and agrees too.
        let after = " | where name != Acme | sort-by name | select name"
        let pushedAfter = try shell.rows("\(left) | join (\(right)) \(keys)" + after)
        #expect(pushedAfter == (try shell.rows(Self.inMemory(left) + " | join (\(Self.inMemory(right))) \(keys)" + after)))
    }

    @Test func aJoinKeepsRowsInOrderAndNamesClashingColumnsAfterTheKey() throws {
        let shell = try Self.shell()
        let rows = try shell.rows("deal list | join (customer list) customer id --left")
        #expect(rows.map { $0["id"]?.plainText } == ["D-1", "D-2", "D-3", "D-4", "D-5"])
        #expect(rows.first?.names == ["id", "title", "customer", "stage", "status", "value", "owner", "lead", "created",
                                      "name", "tier", "customer.lead", "open", "won", "lost", "customer.created"])
        #expect(rows.map { $0["name"]?.plainText } == ["Acme", "杭州 客户", "Delta", "Gamma", "Beta"])
        // A row matching several: one row for each match, in the right table's order.
        let industries = try shell.rows("lead list | select id industry | join (lead list | select industry name) industry | first 3")
        #expect(industries.map { $0["id"]?.plainText } == ["L-1", "L-1", "L-1"])
        #expect(industries.map { $0["name"]?.plainText } == ["Acme", "杭州 客户", "Delta"])
    }

    @Test func keysOfDifferentKindsNeverMatch() throws {
        let shell = try Self.shell()
        // A deal's lead (L-1) is not customer C-1 although both are row 1.
        #expect(try shell.rows("deal list | join (customer list) lead id").isEmpty)
        #expect(try shell.rows("deal list | join (customer list) lead id | explain").first?["reads"] != .string("sql"))
        #expect(try shell.rows("deal list | join (customer list) lead id --left").count == 5)
    }

    @Test func joinRefusesUnknownColumns() throws {
        let shell = try Self.shell()
        let left = try #require(shell.failure(of: "deal list | join (customer list) custmer id"))
        #expect(left.description.contains("no column \"custmer\""))
        #expect(left.description.contains("did you mean \"customer\"?"))
        let right = try #require(shell.failure(of: "deal list | join (customer list) customer idd"))
        #expect(right.description.contains("no column \"idd\" in the table to join"))
    }

    @Test(arguments: [
        "where customer.name =~ a", "where customer.tier == null and customer.name != Beta", "sort-by customer.name",
        "sort-by customer.name --reverse", "select id customer.name customer.won value",
    ])
    func relatedFieldsAgreeWithAnExplicitJoin(step: String) throws {
        let shell = try Self.shell()
        let related = try shell.rows("deal list | \(step)")
        let viaJoin = try shell.rows(Self.inMemory("deal list") + " | \(step)")
        #expect(related == viaJoin, "\(step)")
        #expect(!related.isEmpty)
        #expect(try shell.rows("deal list | \(step) | explain").first?["reads"] == .string("sql"))
    }

    @Test func relatedFieldsFollowIdsAndLeaveTheRowsAsTheyWere() throws {
        let shell = try Self.shell()
        // A filter on a related field keeps the list's own columns.
        let kept = try shell.rows("deal list | where customer.name =~ acme")
        #expect(kept.map { $0["id"]?.plainText } == ["D-1"])
        #expect(kept.first?.names == ["id", "title", "customer", "stage", "status", "value", "owner", "lead", "created"])
        // Paths go on through ids: the customer's lead's industry.
        #expect(try shell.rows("deal list | select id customer.lead.industry").map { $0["customer.lead.industry"]?.plainText }
                == ["retail", "retail", "retail", "", "energy"])
        let unknown = try #require(shell.failure(of: "deal list | where customer.nmae == Acme"))
        #expect(unknown.description.contains("no column \"customer.nmae\""))
    }

    static let aggregates = "{total: 'sum value', deals: count, valued: 'count value', mean: 'avg value', low: 'min value', high: 'max value', first: 'min id', last: 'max title'}"

    @Test(arguments: [
        ("deal list", "owner", aggregates),
        ("deal list | where status == open", "customer", aggregates),
        ("lead list", "industry", "{budget: 'sum budget', need: 'avg need', most: 'max need', leads: count, named: 'min name'}"),
        ("lead list | sort-by name --reverse", "source", "{budget: 'sum budget', leads: count}"),
        ("deal list", "customer.tier", "{total: 'sum value', n: count}"),
    ])
    func groupsAgree(rows: String, key: String, spec: String) throws {
        let shell = try Self.shell()
        // Stored rows are grouped by SQL, with --aggregate or piped into aggregate: none is read whole.
        let before = shell.session.storedRowsRead
        let pushed = try shell.rows("\(rows) | group-by \(key) --aggregate \(spec)")
        let piped = try shell.rows("\(rows) | group-by \(key) | aggregate \(spec)")
        #expect(shell.session.storedRowsRead == before, "group-by \(key) read the rows")
        let memory = try shell.rows(Self.inMemory(rows) + " | group-by \(key) --aggregate \(spec)")
        let pipedInMemory = try shell.rows(Self.inMemory(rows) + " | group-by \(key) | aggregate \(spec)")
        #expect(shell.session.storedRowsRead > before)
        #expect(pushed == memory, "group-by \(key)")
        #expect(pushed == piped, "group-by \(key) | aggregate")
        #expect(piped == pipedInMemory, "group-by \(key) | aggregate in memory")
        #expect(!pushed.isEmpty)
    }

    @Test func moneyIsNeverAddedAcrossCurrencies() throws {
        let shell = try Self.shell()
        let groups = try shell.rows("deal list | group-by owner --aggregate {total: 'sum value', mean: 'avg value', n: count}")
        #expect(groups.map { $0["owner"]?.plainText } == ["alice", "bob", ""])
        #expect(groups[0]["total"]?.plainText == "50,000.00 CNY, 999.99 USD")
        #expect(groups[0]["mean"]?.plainText == "50,000.00 CNY, 999.99 USD")
        #expect(groups[1]["total"] == .money(Money(minorUnits: 12_000_000, currency: .cny)))
        #expect(groups[1]["mean"]?.plainText == "120,000.00 CNY")
        #expect(groups[2]["n"] == .int(1))
        let whole = try shell.rows("lead list | aggregate {budget: 'sum budget', leads: count, need: 'avg need'}")
        #expect(whole.first?["leads"] == .int(6))
        #expect(whole.first?["need"] == .int(2))
        #expect(whole.first?["budget"]?.plainText == "170,810.00 CNY, 999.99 USD")
    }

    @Test func aPipedAggregateStillSaysWhatIsWrongAtItsWords() throws {
        let shell = try Self.shell()
        let script = "deal list | group-by owner | aggregate {won: 'sum valeu'}"
        let column = try #require(shell.failure(of: script))
        #expect(column.diagnostic.message == "no column \"valeu\"")
        #expect(column.diagnostic.span.start == script.utf8.count - "{won: 'sum valeu'}".utf8.count, "\(column.description)")
        // A plain group-by still gives its count and rows; a closure in between reads them in memory.
        #expect(try shell.rows("deal list | group-by owner | select owner count").map { $0["count"] } == [.int(2), .int(2), .int(1)])
    }

    @Test func csvAndJSONGiveAGroupOfSeveralCurrenciesARowPerCurrency() throws {
        let shell = try Self.shell()
        let spec = "{total: 'sum value', deals: count}"
        #expect(try shell.run("deal list | group-by owner --aggregate \(spec) | to csv") == """
            owner,total,total_currency,deals
            alice,50000.00,CNY,2
            alice,999.99,USD,2
            bob,120000.00,CNY,2
            ,800.00,CNY,1

            """)
        #expect(try shell.run("deal list | group-by owner | aggregate \(spec) | where owner == alice | to json") == """
            [{"owner":"alice","total":{"amount":"50000.00","currency":"CNY"},"deals":2},\
            {"owner":"alice","total":{"amount":"999.99","currency":"USD"},"deals":2}]

            """)
        // --csv on the piped aggregate: the same text, still from one GROUP BY.
        let before = shell.session.storedRowsRead
        #expect(try shell.run("deal list | group-by owner | aggregate \(spec) --csv")
                == shell.run("deal list | group-by owner --aggregate \(spec) | to csv"))
        #expect(shell.session.storedRowsRead == before)
        // At the terminal and in the value the group stays one row, its amounts a list.
        let groups = try shell.rows("deal list | group-by owner --aggregate \(spec)")
        #expect(groups.count == 3 && groups[0]["total"]?.plainText == "50,000.00 CNY, 999.99 USD")
        // Read back, every CSV row is one currency's amount.
        let back = try shell.rows("deal list | group-by owner --aggregate \(spec) | to csv | from csv")
        #expect(back.map { $0["total"]?.plainText } == ["50,000.00 CNY", "999.99 USD", "120,000.00 CNY", "800.00 CNY"])
    }

    @Test func badAggregatesSayWhatIsWrong() throws {
        let shell = try Self.shell()
        let unknown = try #require(shell.failure(of: "deal list | group-by owner --aggregate {won: 'total value'}"))
        #expect(unknown.description.contains("won: \"total value\" is not an aggregate"))
        #expect(unknown.description.contains("sum, count, avg, min, max"))
        let bare = try #require(shell.failure(of: "deal list | group-by owner --aggregate {won: sum}"))
        #expect(bare.description.contains("won: sum needs one column"))
        let column = try #require(shell.failure(of: "deal list | group-by owner | aggregate {won: 'sum valeu'}"))
        #expect(column.description.contains("no column \"valeu\""))
        #expect(column.description.contains("did you mean \"value\"?"))
        let text = try #require(shell.failure(of: "deal list | group-by owner --aggregate {t: 'avg title'}"))
        #expect(text.diagnostic.message.hasPrefix("avg adds numbers, amounts and durations, not string"), "\(text.description)")
    }
}
