import FunnelTestSupport
import ShellEngine
import StageKit
import Testing

/// Filters, sorts and cuts on stored rows run as SQL, and give exactly what the same commands give
/// on the rows read into memory (`each { |l| $l }` reads them first).
@Suite struct PushdownTests {
    static let data = """
    lead add Acme --budget 50000 --industry retail --source web --need 3
    lead add "杭州 客户" --budget "120,000.00 CNY" --industry manufacturing --authority yes
    lead add Beta --budget 800 --industry retail
    lead add Gamma
    lead add Delta --budget "2,000,000 JPY" --industry energy --source referral --need 1
    lead add Epsilon --budget "999.99 USD" --source web --authority no
    lead add acme-two --budget 1000 --industry Retail --need 0
    """

    @Test(arguments: [
        "budget > 1000", "budget >= 1000", "budget < 1000", "budget == 800", "budget != 800", "budget <= 0",
        "budget > 1000CNY", "budget == 999.99USD", "budget != null", "budget == null",
        "industry == retail", "industry != retail", "name =~ acme", "name !~ acme", "source == web or need > 1",
        "need >= 1 and industry == retail", "authority == true", "authority != false", "id > L-3", "id == L-2",
        "status == new and budget > 100", "created == 2026-01-31", "score == null",
    ])
    func sqlAndMemoryAgree(condition: String) throws {
        let shell = try TestShell()
        try shell.run(Self.data)
        let pushed = try shell.rows("lead list | where \(condition) | get id | each { |i| {id: $i} }")
        let inMemory = try shell.rows("lead list | each { |l| $l } | where \(condition) | get id | each { |i| {id: $i} }")
        #expect(pushed == inMemory, "where \(condition)")
        let explained = try shell.rows("lead list | where \(condition) | explain").first
        #expect(explained?["reads"] == .string("sql"), "where \(condition) was not pushed down")
    }

    @Test(arguments: [["budget"], ["industry", "name"], ["need", "budget"], ["created", "id"]])
    func sortsAgree(columns: [String]) throws {
        let shell = try TestShell()
        try shell.run(Self.data)
        for reverse in ["", " --reverse"] {
            let keys = columns.joined(separator: " ")
            let pushed = try shell.rows("lead list | sort-by \(keys)\(reverse) | select id")
            let inMemory = try shell.rows("lead list | each { |l| $l } | sort-by \(keys)\(reverse) | select id")
            #expect(pushed == inMemory, "sort-by \(keys)\(reverse)")
        }
    }

    @Test func wholePipelinesBecomeOneQuery() throws {
        let shell = try TestShell()
        try shell.run(Self.data)
        let plan = try #require(try shell.rows("lead list | where budget > 1000 and industry == retail | sort-by name | skip 1 | first 2 | select id name | explain").first)
        let sql = plan["sql"]?.plainText ?? ""
        #expect(sql.hasPrefix("SELECT id, name FROM leads WHERE "))
        #expect(sql.contains("ORDER BY name IS NULL, name, id LIMIT 2 OFFSET 1"))
        #expect(try shell.run("lead list | where budget > 1000 | count") == "3\n")
        #expect(try shell.rows("lead list | where { |l| $l.need > 1 } | explain").first?["reads"] == .string("in memory"))
    }

    /// Whole units compare in each row's own currency: the currencies present are found through the
    /// budget index (one seek each), and past eight of them one comparison scales every row.
    @Test(arguments: [3, 9]) func wholeUnitsAgreeAcrossCurrencies(currencies: Int) throws {
        let shell = try TestShell()
        let codes = ["CNY", "JPY", "USD", "EUR", "GBP", "KRW", "HKD", "SGD", "CHF"].prefix(currencies)
        for (index, code) in codes.enumerated() {
            try shell.run("lead add \"\(code) low\" --budget \"\(500 + index) \(code)\"; lead add \"\(code) high\" --budget \"\(1500 + index) \(code)\"")
        }
        for condition in ["budget > 1000", "budget <= 1001", "budget == 1502"] {
            let pushed = try shell.rows("lead list | where \(condition) | get name | each { |n| {name: $n} }")
            let inMemory = try shell.rows("lead list | each { |l| $l } | where \(condition) | get name | each { |n| {name: $n} }")
            #expect(pushed == inMemory, "where \(condition)")
        }
        #expect(try shell.run("lead list | where budget > 1000 | count") == "\(currencies)\n")
        #expect(try shell.run("lead list | where budget < 1000 | count") == "\(currencies)\n")
    }

    @Test func cutsAgree() throws {
        let shell = try TestShell()
        try shell.run(Self.data)
        for pipeline in ["skip 2 | first 3", "first 5 | skip 1", "first 3 | first 10", "skip 10", "first 0"] {
            let pushed = try shell.rows("lead list | \(pipeline) | select id")
            let inMemory = try shell.rows("lead list | each { |l| $l } | \(pipeline) | select id")
            #expect(pushed == inMemory, "\(pipeline)")
            #expect(try shell.run("lead list | \(pipeline) | count") == "\(pushed.count)\n")
        }
    }
}
