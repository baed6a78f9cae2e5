import Foundation
import FunnelTestSupport
import ShellEngine
import StageKit
import Testing

/// Deal exports of other CRMs as they come: dates missing, outcome and stage in one column, other
/// currencies, product names spelt their own way. Expected figures are computed by hand in comments.
@Suite struct DealExportImportTests {
    func file(_ content: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("funnel-deals-\(UUID().uuidString).csv").path
        try Data(content.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// The issue's example: a won deal without a creation column had "created = import time", after its
    /// close, and `report winloss` showed a cycle of about -3,565 days.
    @Test func aClosedDealWithoutACreationDayHasNoCycleAndIsCountedAsLeftOut() throws {
        let shell = try TestShell(now: "2026-12-04")
        let path = try file("customer,status,closed,value\nAcme,won,2017-03-01,100\n")
        #expect(try shell.run("deal import \(path)") == "imported 1 deal · 1 new customer\n")
        #expect(try shell.query("SELECT created_at IS NULL AS unknown FROM deals").first?.integer("unknown") == 1)
        // Unknown is not "long ago": no date filter holds it, and it reads as null.
        #expect(try shell.rows("deal list | where created < 2020-01-01").isEmpty)
        #expect(try shell.rows("deal list | where created == null").count == 1)
        let alone = try #require(try shell.rows("report winloss").first)
        #expect(alone["won"] == .int(1))
        #expect(alone["cycle days"] == .null)
        #expect(shell.output.notes.contains("1 won deal without a known creation day is left out of cycle days"))
        // Time in stage has nothing to measure it by, and says so.
        #expect(try shell.rows("report stages").isEmpty)
        #expect(shell.output.notes.contains("1 deal imported without stage dates has no stays and is left out"))
        // With a dated deal beside it, the cycle is that deal's alone: 2017-01-01 to 2017-01-31 = 30 days.
        let dated = try file("customer,status,created,closed,value\nBeta,won,2017-01-01,2017-01-31,50\n")
        try shell.run("deal import \(dated)")
        let both = try #require(try shell.rows("report winloss").first)
        #expect(both["won"] == .int(2))
        #expect(both["cycle days"]?.plainText == "30")
        // A close before the creation is refused with its line, and nothing is imported.
        let backwards = try file("customer,status,created,closed\nGamma,won,2017-05-01,2017-04-01\n")
        let failure = try #require(shell.failure(of: "deal import \(backwards)"))
        #expect(failure.description.contains("nothing imported: 1 of 1 rows rejected"))
        #expect(shell.printed.contains("rejected line 2: closed 2017-04-01 before it was created 2017-05-01"))
        #expect(try shell.query("SELECT count(*) AS n FROM deals").first?.integer("n") == 2)
    }

    /// Open deals without a date were dated at import time, counted as opened today, and a second
    /// `--partial` import of the same file duplicated exactly those rows.
    @Test func openDealsWithoutADateAreUndatedAndNotImportedTwice() throws {
        let shell = try TestShell(now: "2026-06-30")
        let path = try file("customer,status,value\nAcme,open,100\nBeta,open,200\n")
        #expect(try shell.run("deal import \(path)") == "imported 2 deals · 2 new customers\n")
        #expect(try shell.query("SELECT created_at FROM deals").map { $0.text("created_at") } == [nil, nil])
        #expect(try shell.run("deal import \(path) --partial") == """
            rejected line 2: the same deal is already D-1 (was this file imported before?)
            rejected line 3: the same deal is already D-2 (was this file imported before?)
            imported 0 deals · 0 new customers · 2 rejected

            """)
        #expect(try shell.query("SELECT count(*) AS n FROM deals").first?.integer("n") == 2)
        // Not opened in the current quarter (nor any period), but there over all history.
        let quarter = try shell.rows("report funnel --period 2026-Q2")
        #expect(quarter.first { $0["stage"] == .string("discover") }?["count"] == .int(0))
        #expect(shell.output.notes.contains("2 deals imported without an opening day are in no period's funnel"))
        #expect(try shell.rows("report funnel").first { $0["stage"] == .string("discover") }?["count"] == .int(2))
        #expect(try shell.rows("report winloss --period 2026-Q2").first?["open"] == .int(0))
        #expect(try shell.rows("report winloss").first?["open"] == .int(2))
        // The forecast cannot date them: their month is unknown, and it says so.
        let forecast = try shell.rows("report forecast")
        #expect(forecast.map { $0["month"]?.plainText ?? "" } == ["unknown"])
        #expect(shell.output.notes.contains("2 open deals without an opening day or expected close are under month unknown"))
    }

    @Test func everyImportRefusesAnUnknownFieldAndNamesTheColumnsItDidNotUse() throws {
        let shell = try TestShell()
        let deals = try file("customer,status,value,Colour\nAcme,open,100,red\n")
        let bogus = try #require(shell.failure(of: "deal import \(deals) --map 'status=bogus'"))
        #expect(bogus.description.contains("\"status=bogus\": bogus is not a deal field (fields: customer, title, owner, product, stage, status, created, closed, value, currency, lost_reason, entered STAGE)"))
        let missing = try #require(shell.failure(of: "deal import \(deals) --map 'nonexistent=customer'"))
        #expect(missing.description.contains("has no column \"nonexistent\" (columns: customer, status, value, Colour)"))
        #expect(try shell.query("SELECT count(*) AS n FROM deals").first?.integer("n") == 0)
        try shell.run("deal import \(deals)")
        #expect(shell.output.notes.contains("ignored columns: Colour (map them with --map 'Column=field', or keep them with --keep-extra)"))

        let leads = try file("name,Colour\nAcme,red\n")
        let leadField = try #require(shell.failure(of: "lead import \(leads) --map 'Colour=bogus'"))
        #expect(leadField.description.contains("bogus is not a lead field"))
        let leadColumn = try #require(shell.failure(of: "lead import \(leads) --map 'nonexistent=name'"))
        #expect(leadColumn.description.contains("has no column \"nonexistent\""))
        try shell.run("lead import \(leads)")
        #expect(shell.output.notes.contains("ignored columns: Colour (map them with --map 'Column=field', or keep them with --keep-extra)"))

        let products = try file("sku,name,price,Colour\nA-1,Alpha,100,red\n")
        let productField = try #require(shell.failure(of: "product import \(products) --map 'Colour=bogus'"))
        #expect(productField.description.contains("bogus is not a product field"))
        let productColumn = try #require(shell.failure(of: "product import \(products) --map 'nonexistent=sku'"))
        #expect(productColumn.description.contains("has no column \"nonexistent\""))
        try shell.run("product import \(products)")
        #expect(shell.output.notes.contains("ignored columns: Colour (map them with --map 'Column=field', or keep them with --keep-extra)"))
    }

    /// An export mixing outcome and stage in one column imports in one command.
    @Test func mappedValuesOfOneColumnFeedBothStatusAndStage() throws {
        let shell = try TestShell(now: "2026-06-30")
        let path = try file("""
            Company,Deal Stage,Created,Closed,Amount
            Acme,Won,2026-01-01,2026-02-01,100
            Beta,Engaging,2026-01-05,,50
            Gamma,Prospecting,2026-01-06,,20
            Delta,Lost,2026-01-07,2026-01-20,30
            Eps,Negotiate,2026-01-08,,10

            """)
        let values = "'Deal Stage:Engaging=discover,Prospecting=discover,Won=won,Lost=lost'"
        #expect(try shell.run("deal import \(path) --map 'Deal Stage=stage' --map-values \(values)") == "imported 5 deals · 5 new customers\n")
        let deals = try shell.query("SELECT stage, status FROM deals ORDER BY id")
        // Won: through sign. Lost without a stage: unknown (NULL). Negotiate is a stage as it is.
        #expect(deals.map { "\($0.text("stage") ?? "?")/\($0.text("status") ?? "")" }
            == ["sign/won", "discover/open", "discover/open", "?/lost", "negotiate/open"])
        #expect(try shell.rows("deal list | where stage == null").map { $0["customer"]?.plainText ?? "" } == ["C-4"])
        // A value neither mapped nor a stage or outcome is refused with its line and the accepted values.
        let odd = try file("Company,Deal Stage\nZeta,Dormant\n")
        let failure = try #require(shell.failure(of: "deal import \(odd) --map 'Deal Stage=stage' --map-values \(values)"))
        #expect(failure.description.contains("nothing imported: 1 of 1 rows rejected"))
        #expect(shell.printed.contains("rejected line 2: column \"Deal Stage\": \"Dormant\" is not mapped (--map-values gives Engaging, Prospecting, Won, Lost)"))
        let wrongColumn = try #require(shell.failure(of: "deal import \(odd) --map-values 'Stage:x=won'"))
        #expect(wrongColumn.description.contains("has no column \"Stage\""))
        let malformed = try #require(shell.failure(of: "deal import \(odd) --map-values 'Deal Stage'"))
        #expect(malformed.description.contains("\"Deal Stage\" is not COLUMN:value=meaning"))
    }

    /// A value map need not name the outcomes: `Won` and `Lost` beside `Engaging=recommend` set the
    /// outcome as they are (they were refused as "not a stage").
    @Test func outcomesInAValueMappedStageColumnNeedNoMapping() throws {
        let shell = try TestShell(now: "2017-07-20")
        let path = try file("""
            account,deal_stage,engage_date,close_date,close_value
            Acme,Won,2017-01-02,2017-02-01,100
            Beta,Lost,2017-01-03,2017-02-02,0
            Gamma,Engaging,2017-01-04,,
            Delta,Prospecting,,,

            """)
        #expect(try shell.run("deal import \(path) --map 'deal_stage=stage,engage_date=created,close_value=value' "
                              + "--map-values 'deal_stage:Engaging=recommend,Prospecting=discover'") == "imported 4 deals · 4 new customers\n")
        #expect(try shell.query("SELECT stage, status FROM deals ORDER BY id").map { "\($0.text("stage") ?? "")/\($0.text("status") ?? "")" }
            == ["sign/won", "/lost", "recommend/open", "discover/open"])
    }

    @Test func currenciesComeFromTheFlagOrTheColumnAndAreNeverAdded() throws {
        let shell = try TestShell(now: "2026-06-30")
        let path = try file("""
            customer,status,created,closed,value,currency
            A,won,2026-01-01,2026-01-11,100,
            B,won,2026-01-01,2026-01-21,200,EUR
            D,open,2026-01-01,,70,
            E,open,2026-01-01,,30,eur
            G,lost,2026-01-01,2026-01-05,5 EUR,USD

            """)
        let failure = try #require(shell.failure(of: "deal import \(path) --currency USD"))
        #expect(failure.description.contains("nothing imported: 1 of 5 rows rejected"))
        #expect(shell.printed.contains("rejected line 6: column \"value\": 5 EUR is in EUR where the currency column says USD"))
        let bad = try #require(shell.failure(of: "deal import \(path) --currency XYZ"))
        #expect(bad.description.contains("\"XYZ\" is not a currency code"))
        try shell.run("deal import \(path) --currency USD --partial")
        #expect(try shell.query("SELECT value_currency FROM deals ORDER BY id").map { $0.text("value_currency") } == ["USD", "EUR", "USD", "EUR"])
        // Won: 100 USD (A) and 200 EUR (B), one amount per currency; cycles 10 and 20 days: mean 15.
        let winloss = try #require(try shell.rows("report winloss").first)
        #expect(winloss["won value"]?.plainText == "200.00 EUR, 100.00 USD")
        #expect(winloss["cycle days"]?.plainText == "15")
        #expect(shell.output.notes.contains { $0.contains("the deals are in 2 currencies (EUR, USD), never added together: report winloss --by currency") })
        // One row per currency, each with its own counts: EUR won B and lost G; USD won A.
        let byCurrency = try shell.rows("report winloss --by currency")
        #expect(byCurrency.map { "\($0["currency"]?.plainText ?? "") \($0["won"]?.plainText ?? "") \($0["lost"]?.plainText ?? "") \($0["won value"]?.plainText ?? "")" }
                == ["EUR 1 0 200.00 EUR", "USD 1 0 100.00 USD"], "\(byCurrency)")
        // Open deals dated by the median cycle (the upper of 10 and 20 days): 2026-01-21, one row per currency;
        // every closed deal reaching discover was won, so weighted = pipeline.
        let forecast = try shell.rows("report forecast")
        #expect(forecast.map { "\($0["month"]?.plainText ?? "") \($0["pipeline"]?.plainText ?? "") \($0["weighted"]?.plainText ?? "")" }
            == ["2026-01 30.00 EUR 30.00 EUR", "2026-01 70.00 USD 70.00 USD"])
        // Nothing won in a period of USD deals alone is zero dollars, not yuan.
        let other = try TestShell(now: "2026-06-30")
        let open = try file("customer,status,value\nAcme,open,100\n")
        try other.run("deal import \(open) --currency USD")
        #expect(try other.rows("report winloss").first?["won value"]?.plainText == "0.00 USD")
    }

    @Test func productNamesAreCheckedAgainstTheCatalogAndAliasesKeepTheRevenue() throws {
        let shell = try TestShell(now: "2026-06-30")
        // A catalog of names alone: SKUs are made from the names, prices are 0 until set.
        let catalog = try file("name\nPro X\nBasic\nPro X\n")
        #expect(try shell.run("product import \(catalog)") == "imported 3 products · SKUs made from the names · priced 0 until set (product edit SKU --price)\n")
        #expect(try shell.query("SELECT sku FROM products ORDER BY id").map { $0.text("sku") } == ["PRO-X", "BASIC", "PRO-X-2"])
        let path = try file("""
            customer,product,status,created,closed,value
            Acme,ProX,won,2026-01-01,2026-02-01,100
            Beta,basic,won,2026-01-01,2026-02-01,50
            Gamma,Zeta,lost,2026-01-01,2026-02-01,5

            """)
        #expect(try shell.run("deal import \(path) --dry-run") == "would import 3 deals · 0 rejected\n")
        #expect(shell.output.notes.contains("product \"ProX\" (1 deal) is not in the catalog; nearest: \"Pro X\" (product alias \"ProX\" \"Pro X\" files such deals under it)"))
        #expect(shell.output.notes.contains("product \"Zeta\" (1 deal) is not in the catalog"))
        #expect(try shell.run("product alias ProX pro-x") == "\"ProX\" is now an alias of PRO-X Pro X\n")
        let taken = try #require(shell.failure(of: "product alias Basic PRO-X"))
        #expect(taken.description.contains("\"Basic\" is already the catalog's BASIC Basic"))
        let unknown = try #require(shell.failure(of: "product alias PX \"Pro Y\""))
        #expect(unknown.description.contains("no product Pro Y in the catalog"))
        try shell.run("deal import \(path)")
        // ProX is filed under Pro X, basic under Basic (letter case aside); Zeta stays as the file says.
        let byProduct = try shell.rows("report winloss --by product")
        #expect(byProduct.map { "\($0["product"]?.plainText ?? "") \($0["won value"]?.plainText ?? "")" }
            == ["Basic 50.00 CNY", "Pro X 100.00 CNY", "Zeta 0.00 CNY"])
    }
    @Test func leadBudgetsTakeTheDefaultCurrencyUnlessTheyNameOne() throws {
        let shell = try TestShell()
        let path = try file("name,budget\nAcme,1000\nBeta,500 EUR\n")
        try shell.run("lead import \(path) --currency usd")
        #expect(try shell.query("SELECT budget_minor, budget_currency FROM leads ORDER BY id").map {
            "\($0.integer("budget_minor") ?? 0) \($0.text("budget_currency") ?? "")"
        } == ["100000 USD", "50000 EUR"])
        let bad = try #require(shell.failure(of: "lead import \(path) --currency dollars"))
        #expect(bad.description.contains("\"dollars\" is not a currency code"))
    }
}
