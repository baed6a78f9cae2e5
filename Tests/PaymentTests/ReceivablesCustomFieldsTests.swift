import Foundation
import FunnelStore
import FunnelTestSupport
import ShellEngine
import StageHost
import StageKit
import Testing

/// Custom fields of invoices, payments and customers as an accounts-receivable export brings them
/// (Fixtures/custom-*.csv, figures worked out in Fixtures/README.md): kept on import, shown, filtered
/// as SQL with the same rows as in memory, exported, and used by `report receivables --by`; and
/// `payment list`, read from a real SQLite file.
@Suite struct ReceivablesCustomFieldsTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").path
    static let invoices = fixtures + "/custom-invoices.csv"
    static let payments = fixtures + "/custom-payments.csv"

    func temporary(_ ext: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("funnel-receivables-custom-\(UUID().uuidString).\(ext)").path
    }

    func file(_ content: String) throws -> String {
        let path = temporary("csv")
        try Data(content.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// The fixture's invoices and payments in a database file, with one declared field and three kept.
    func shell(path: String = ":memory:") throws -> TestShell {
        let shell = try TestShell(path: path, now: "2026-04-01")
        try shell.run("field add invoice priority int")
        try shell.run("invoice import \(Self.invoices) --map 'Sales Region=custom.region' --keep-extra --yes")
        try shell.run("payment import \(Self.payments) --keep-extra --yes")
        return shell
    }

    @Test func importsKeepTheExportsOwnColumnsTyped() throws {
        let shell = try shell()
        #expect(shell.output.notes.contains("new custom fields: region (string), po_number (string)"))
        #expect(shell.output.notes.contains("new custom fields: channel (string)"))
        let fields = try shell.rows("field list")
        #expect(fields.map { "\($0["entity"]?.plainText ?? "") \($0["name"]?.plainText ?? "") \($0["type"]?.plainText ?? "")" }
            == ["invoice priority int", "invoice region string", "invoice po_number string", "payment channel string"])
        #expect(fields.map { $0["values"] } == [.int(3), .int(4), .int(3), .int(2)])
        let listed = try shell.rows("invoice list")
        #expect(listed.first?.names.suffix(3) == ["priority", "region", "po_number"])
        #expect(listed.map { $0["priority"] } == [.int(1), .int(2), .int(3), .null])
        #expect(listed.map { $0["region"]?.plainText } == ["North", "South", "North", "North"])
        #expect(listed.map { $0["po_number"]?.plainText } == ["PO-11", "", "PO-13", "PO-14"])
        #expect(try shell.rows("payment list").map { $0["channel"]?.plainText } == ["", "bank", "", "card"])
        // Without --keep-extra the columns no field takes are named, and nothing is kept of them.
        let other = try TestShell(now: "2026-04-01")
        try other.run("invoice import \(Self.invoices) --yes")
        #expect(other.output.notes.contains("ignored columns: Sales Region, Priority, PO Number (map them with --map 'Column=field', or keep them with --keep-extra)"))
        #expect(try other.rows("field list").isEmpty)
    }

    @Test func aValueOfTheWrongTypeNamesItsLineAndColumnAndImportsNothing() throws {
        let shell = try TestShell(now: "2026-04-01")
        try shell.run("field add invoice priority int")
        let invoices = try file("number,customer,amount,issued,due,Priority,Region\n001,Acme,100,2026-01-05,2026-02-04,1,North\n002,Beta,200,2026-01-06,2026-02-05,high,South\n")
        let failure = try #require(shell.failure(of: "invoice import \(invoices) --keep-extra --yes"))
        #expect(failure.description.contains("nothing imported: 1 of 2 rows rejected"))
        #expect(shell.printed.contains("rejected line 3, column \"Priority\": \"high\" is not a whole number (priority is int)"))
        #expect(try shell.query("SELECT count(*) AS n FROM invoices").first?.integer("n") == 0)
        #expect(try shell.query("SELECT count(*) AS n FROM customers").first?.integer("n") == 0)
        #expect(try shell.query("SELECT count(*) AS n FROM custom_values").first?.integer("n") == 0)
        #expect(try shell.rows("field list").map { $0["name"]?.plainText } == ["priority"], "the region field --keep-extra would make is not kept")

        try shell.run("invoice import \(try file("number,customer,amount,issued,due\n001,Acme,100,2026-01-05,2026-02-04\n")) --yes")
        try shell.run("field add payment fee money")
        let payments = try file("invoice,amount,paid,Fee\n001,40,2026-02-01,1.50\n001,60,2026-02-02,lots\n")
        #expect(shell.failure(of: "payment import \(payments) --yes")?.description.contains("nothing imported: 1 of 2 rows rejected") == true)
        #expect(shell.printed.contains("rejected line 3, column \"Fee\": \"lots\" is not an amount (e.g. 1,200.50 USD) (fee is money)"))
        #expect(try shell.query("SELECT count(*) AS n FROM payments").first?.integer("n") == 0)
        // A money field's plain amount is in the payment's currency; a mapped column the file lacks is refused.
        try shell.run("payment import \(try file("invoice,amount,paid,Fee\n001,40,2026-02-01,1.50\n")) --yes")
        #expect(try shell.rows("payment list").map { $0["fee"]?.plainText } == ["1.50 CNY"])
        let missing = try #require(shell.failure(of: "payment import \(payments) --map 'Bank Fee=custom.fee'"))
        #expect(missing.description.contains("has no column \"Bank Fee\""))
        #expect(shell.failure(of: "invoice import \(invoices) --map 'Region=custom.amount'")?.description.contains("\"Region=custom.amount\": amount is a built-in field") == true)
    }

    @Test(arguments: [
        "region == North", "region != North", "region =~ th", "priority >= 2", "priority == null", "priority != 1",
        "po_number == null", "po_number != null", "region == North and priority < 3", "priority > 2 or region == South",
    ])
    func invoiceFiltersAgreeInSQLAndInMemory(condition: String) throws {
        let shell = try shell()
        let pushed = try shell.rows("invoice list | where \(condition) | select id")
        let inMemory = try shell.rows("invoice list | each { |i| $i } | where \(condition) | select id")
        #expect(pushed == inMemory, "where \(condition)")
        #expect(try shell.rows("invoice list | where \(condition) | explain").first?["reads"] == .string("sql"), "where \(condition) was not pushed down")
    }

    @Test func filtersSortsAndExportsCarryTheFields() throws {
        let shell = try shell()
        #expect(try shell.rows("invoice list | where region == North | select number").map { $0["number"]?.plainText } == ["INV-1", "INV-3", "INV-4"])
        #expect(try shell.run("invoice list | where priority >= 2 | count") == "2\n")
        let sql = try shell.rows("invoice list | where region == North | explain").first?["sql"]?.plainText ?? ""
        #expect(sql.contains("invoices.id IN (SELECT record FROM custom_values WHERE entity = 'invoice' AND field = 'region' AND value = ?)"))
        for keys in ["region", "priority", "po_number region"] {
            for reverse in ["", " --reverse"] {
                #expect(try shell.rows("invoice list | sort-by \(keys)\(reverse) | select id")
                    == (try shell.rows("invoice list | each { |i| $i } | sort-by \(keys)\(reverse) | select id")), "sort-by \(keys)\(reverse)")
            }
        }
        let csv = try shell.run("invoice list | select number amount region priority | to csv")
        #expect(csv == "number,amount,amount_currency,region,priority\nINV-1,1000.00,CNY,North,1\nINV-2,500.00,CNY,South,2\nINV-3,200.00,USD,North,3\nINV-4,800.00,CNY,North,\n")
        let json = try shell.run("payment list | where channel == bank | select id channel | to json")
        #expect(json.filter { !$0.isWhitespace } == "[{\"id\":3,\"channel\":\"bank\"}]")
        // What --csv saved reads back with its fields, the types by the declared ones.
        let saved = temporary("csv")
        try shell.run("invoice list | select number customer.name amount issued due region priority | save \(saved)")
        let copy = try TestShell(now: "2026-04-01")
        try copy.run("field add invoice priority int")
        try copy.run("invoice import \(saved) --keep-extra --yes")
        #expect(try copy.rows("invoice list | select number amount region priority") == (try shell.rows("invoice list | select number amount region priority")))
    }

    @Test func customerFieldsAreSetShownFilteredAndReportedBy() throws {
        let shell = try shell()
        try shell.run("field add customer segment string")
        #expect(try shell.run("customer edit C-1 --set segment=enterprise") == "C-1 changed: segment: enterprise\n")
        try shell.run("customer edit C-2 --set segment=smb; customer edit C-3 --set segment=smb")
        #expect(try shell.rows("customer list | where segment == smb | select name").map { $0["name"]?.plainText } == ["Beta", "Gamma"])
        #expect(try shell.rows("customer list | where segment == smb | explain").first?["reads"] == .string("sql"))
        #expect(try shell.rows("customer show C-1").first?["segment"] == .string("enterprise"))
        #expect(shell.failure(of: "customer edit C-1 --set colour=red")?.description.contains("customer has no custom field \"colour\"") == true)
        let journal = try shell.rows("journal list C-1")
        #expect(journal.contains { $0["type"]?.plainText == "customer.edited" })
        #expect(try shell.rows("invoice list | where customer.segment == smb | select number").map { $0["number"]?.plainText } == ["INV-2", "INV-4"])

        let bySegment = try shell.rows("report receivables --by segment")
        #expect(bySegment.map { "\($0["segment"]?.plainText ?? "") \($0["currency"]?.plainText ?? "") \($0["invoiced"]?.plainText ?? "")" }
            == ["enterprise CNY 1,000.00 CNY", "enterprise USD 200.00 USD", "smb CNY 1,300.00 CNY"])
        #expect(try shell.run("invoice edit I-4 --set region=West") == "I-4 changed: region: West\n")
        #expect(try shell.run("invoice list | where region == West | count") == "1\n")
        // Deleting a customer's, invoice's or payment's row takes its values with it (core v24).
        try shell.execute("DELETE FROM payments WHERE id = 3")
        #expect(try shell.query("SELECT count(*) AS n FROM custom_values WHERE entity = 'payment' AND record = 3").first?.integer("n") == 0)
        #expect(try shell.query("SELECT count(*) AS n FROM custom_values WHERE entity = 'payment'").first?.integer("n") == 1)
    }

    @Test func receivablesBreakDownByAnInvoiceField() throws {
        let shell = try shell()
        let table = try shell.rows("report receivables --by region")
        #expect(table.first?.names.prefix(3) == ["region", "currency", "invoices"])
        func line(_ row: Record, _ names: [String]) -> String { names.map { row[$0]?.plainText ?? "" }.joined(separator: " | ") }
        let names = ["region", "currency", "invoices", "invoiced", "collected", "paid late", "mean days late", "overdue", "overdue balance", "dso days"]
        #expect(table.map { line($0, names) } == [
            "North | CNY | 2 | 1,800.00 CNY | 1,800.00 CNY | 100 | 8 | 0 | 0.00 CNY | 0",
            "North | USD | 1 | 200.00 USD | 200.00 USD | 0 |  | 0 | 0.00 USD | 0",
            "South | CNY | 1 | 500.00 CNY | 200.00 CNY |  |  | 1 | 300.00 CNY | 51.6",
        ])
        let paid = try shell.rows("report receivables --paid --by region")
        #expect(paid.map { line($0, ["region", "currency", "settled", "on time", "1-15", "paid late", "mean days late", "mean days late (all settled)"]) } == [
            "North | CNY | 2 | 0 | 2 | 100 | 8 | 8",
            "North | USD | 1 | 1 | 0 | 0 |  | 0",
        ])
        #expect(try shell.rows("report receivables --by priority").map { $0["priority"]?.plainText } == ["(none)", "1", "2", "3"])
        #expect(try shell.rows("report receivables --by customer").map { "\($0["customer"]?.plainText ?? "") \($0["currency"]?.plainText ?? "")" }
            == ["Acme CNY", "Acme USD", "Beta CNY", "Gamma CNY"])
        // Without --by, one row per currency as before.
        #expect(try shell.rows("report receivables").map { $0["invoices"] } == [.int(3), .int(1)])
        let refused = try #require(shell.failure(of: "report receivables --by colour"))
        #expect(refused.description.contains("\"colour\" is not a segment of receivables (segments: customer, tier; custom fields: priority, region, po_number)"))
        try shell.run("field add invoice discount money")
        #expect(shell.failure(of: "report receivables --by discount")?.description.contains("discount is money: a report is broken down by a field of kinds") == true)
    }

    @Test func paymentListReadsAStoredFileWithItsFiltersInSQL() throws {
        let path = temporary("db")
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        _ = try shell(path: path)
        // A new session on the same file, as a user's next command would be.
        let shell = try TestShell(path: path, now: "2026-04-01")
        let listed = try shell.rows("payment list")
        #expect(listed.map { $0["id"] } == [.int(1), .int(3), .int(2), .int(4)])
        #expect(listed.map { $0["invoice"]?.plainText } == ["I-1", "I-2", "I-3", "I-4"])
        #expect(listed.map { $0["number"]?.plainText } == ["INV-1", "INV-2", "INV-3", "INV-4"])
        #expect(listed.map { $0["amount"]?.plainText } == ["1,000.00 CNY", "200.00 CNY", "200.00 USD", "800.00 CNY"])
        #expect(listed.map { $0["paid"]?.plainText } == ["2026-02-10", "2026-02-20", "2026-03-01", "2026-03-27"])
        #expect(listed.map { $0["method"]?.plainText } == ["other", "transfer", "other", "transfer"])
        #expect(listed.map { $0["days_late"] } == [.int(6), .int(11), .int(0), .int(10)])
        func ids(_ script: String) throws -> [String] { try shell.rows(script + " | get id | each { |i| {id: $i} }").map { $0["id"]?.plainText ?? "" } }
        #expect(try ids("payment list --since 2026-02-15 --until 2026-03-01") == ["3", "2"])
        #expect(try ids("payment list --customer C-1") == ["1", "2"])
        #expect(try ids("payment list --invoice I-2") == ["3"])
        #expect(try shell.run("payment list --until 2026-02-20 | count") == "2\n")
        #expect(shell.failure(of: "payment list --since 2026-03-01 --until 2026-02-01")?.description.contains("--until 2026-02-01 is before --since 2026-03-01") == true)
        let late = try shell.rows("payment list | where days_late > 0 | select invoice invoice.customer.name amount days_late")
        #expect(late.map { $0["invoice.customer.name"]?.plainText } == ["Acme", "Beta", "Gamma"])
        for script in ["payment list | where days_late > 0", "payment list | where invoice.customer.name == Acme",
                       "payment list --since 2026-02-15 | where channel != null", "payment list | sort-by amount | first 2"] {
            #expect(try shell.rows(script + " | explain").first?["reads"] == .string("sql"), "\(script)")
        }
        #expect(try shell.rows("payment list | where days_late > 0 | sort-by days_late --reverse | select id")
            == (try shell.rows("payment list | each { |p| $p } | where days_late > 0 | sort-by days_late --reverse | select id")))
        let csv = try shell.run("payment list --invoice I-4 | select number amount paid days_late channel | to csv")
        #expect(csv == "number,amount,amount_currency,paid,days_late,channel\nINV-4,800.00,CNY,2026-03-27,10,card\n")
    }

    @Test func tabCompletesReceivablesSegmentsWithInvoiceAndCustomerFields() throws {
        let shell = try TestShell()
        try shell.run("field add invoice region string; field add customer segment string; field add deal region_code string")
        let completer = Completer(session: shell.session)
        #expect(completer.complete("report receivables --by ").candidates.map(\.word) == ["customer", "tier", "region", "segment"])
        #expect(completer.complete("report receivables --paid --by reg").candidates.map(\.word) == ["region"])
    }

    @Test func paymentAddSetsThePaymentsCustomFields() throws {
        let shell = try shell()
        try shell.run("field add payment fee money")
        #expect(try shell.run("payment add I-2 100 --method cash --on 2026-03-30 --set channel=counter --set fee=2.50 --yes")
                == "received 100.00 CNY on I-2 · 200.00 CNY remaining\n")
        let added = try #require(try shell.rows("payment list --invoice I-2 | where paid == 2026-03-30").first)
        #expect(added["channel"] == .string("counter"))
        #expect(added["fee"]?.plainText == "2.50 CNY")
        #expect(try shell.rows("let p = (payment add I-2 50 --set channel=app --yes); [$p]").first?["channel"] == .string("app"))
        // A value of the wrong type, or a field payments do not have, records nothing.
        let count = "payment list | count"
        #expect(try shell.run(count) == "6\n")
        #expect(shell.failure(of: "payment add I-2 10 --set fee=lots --yes")?.description.contains("fee: \"lots\" is not an amount") == true)
        #expect(shell.failure(of: "payment add I-2 10 --set colour=red --yes")?.description.contains("payment has no custom field \"colour\"") == true)
        #expect(try shell.run(count) == "6\n")
        #expect(try shell.rows("invoice list | where number == INV-2").first?["balance"]?.plainText == "150.00 CNY")
    }

    /// A database made before core v24 (customers, invoices and payments had no custom fields, nor
    /// triggers) opened by this Funnel: the triggers are made, and a deleted row's values go with it.
    @Test func aDatabaseFromBeforeV24GetsTheDeleteTriggers() throws {
        let path = temporary("db")
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let v24 = "core/v24-custom-fields-on-receivables"
        let migrations = try TestShell().session.registry.migrations
        let before = migrations.filter { $0.identifier != v24 }
        #expect(before.count == migrations.count - 1)
        try SQLiteStore(path: path).migrate(before)
        let shell = try TestShell(path: path, now: "2026-04-01")
        #expect(try shell.query("SELECT identifier FROM grdb_migrations WHERE identifier = '\(v24)'").count == 1)
        let triggers = try shell.query("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%custom_values' ORDER BY name")
        #expect(triggers.map { $0.text("name") } == ["customers_custom_values", "deals_custom_values", "invoices_custom_values", "leads_custom_values",
                                                    "payments_custom_values", "products_custom_values"])
        try shell.run("invoice import \(Self.invoices) --map 'Sales Region=custom.region' --yes")
        try shell.execute("DELETE FROM payments; DELETE FROM invoices WHERE id = 2")
        #expect(try shell.query("SELECT record FROM custom_values WHERE entity = 'invoice' ORDER BY record").map { $0.integer("record") } == [1, 3, 4])
    }
}
